package main

import (
	"context"
	"encoding/json"
	"flag"
	"io"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"regula/anndata"
	"regula/grn"
	"regula/internal/atomicfile"
	"regula/models/deepsem"
)

// grnFlags are the options of `regula grn`. The DeepSEM hyperparameter
// flags are optional values: only the ones given on the command line
// override the mode's paper defaults.
type grnFlags struct {
	input, tfs, method string
	genesInRows        bool
	ensemble, trees    int
	deepsem            deepsemFlags
}

var grnOpts grnFlags

func init() {
	register(&command{
		name:    "grn",
		summary: "infer a gene regulatory network (DeepSEM or a baseline)",
		usage:   "regula grn --input EXPR [--genes-in-rows] [--tfs TF_LIST] --out edges.tsv [--method deepsem|pearson|spearman|genie3] [--mode celltype|nonspecific] [--ensemble N] [--epochs N] [--alpha A] [--beta B] ...",
		help: `Infers a gene regulatory network from log-normalised expression and writes
BEELINE ranked edges (Gene1<TAB>Gene2<TAB>EdgeWeight, by decreasing weight) to --out.
With --tfs only edges out of the listed transcription factors are written.

--method deepsem (default) trains DeepSEM (Shu et al. 2021) in the paper's
cell-type-specific (--mode celltype: α=1, β=0.01, 150 epochs) or non-specific
(--mode nonspecific: α=100, β=1, 90 epochs) setting; a hyperparameter flag
overrides the mode's value only when given. --ensemble N averages |W| over N
models with seeds --seed, --seed+1, ...; --threads of them train at a time.
Beside --out it writes STEM.W.tsv (the learned W, or mean |W| of the ensemble;
row = regulator, column = target), STEM.losses.tsv (loss terms per epoch and
member) and STEM.params.json (the run's parameters, timings and any damping of
an ill-conditioned I − W), and OUT.run.json, a run record (strongest edges,
training curves) that 'regula report' renders as HTML.

--method pearson|spearman score pairs by absolute correlation; --method genie3
fits a random forest per target (--trees, max_features √p) and uses its
importances. They write STEM.params.json and OUT.run.json too.`,
		flags: func(fs *flag.FlagSet) {
			o := &grnOpts
			*o = grnFlags{}
			fs.StringVar(&o.input, "input", "", "expression file (csv/tsv/mtx/h5ad/10x), log-normalised")
			fs.BoolVar(&o.genesInRows, "genes-in-rows", false, "delimited input has genes in rows (BEELINE)")
			fs.StringVar(&o.tfs, "tfs", "", "file listing the candidate regulators (transcription factors)")
			fs.StringVar(&o.method, "method", "deepsem", "deepsem, pearson, spearman or genie3")
			fs.IntVar(&o.ensemble, "ensemble", deepsem.DefaultEnsembleSize, "DeepSEM models averaged (paper: 10)")
			fs.IntVar(&o.trees, "trees", grn.DefaultGENIE3Trees, "GENIE3 trees per target")
			o.deepsem.register(fs, "")
		},
		run: runGRN,
	})
}

// grnRun is what STEM.params.json records.
type grnRun struct {
	Method      string          `json:"method"`
	Input       string          `json:"input"`
	GenesInRows bool            `json:"genes_in_rows"`
	TFs         string          `json:"tfs,omitempty"`
	Cells       int             `json:"cells"`
	Genes       int             `json:"genes"`
	Regulators  int             `json:"regulators"`
	Edges       int             `json:"edges"`
	Seed        int64           `json:"seed"`
	Threads     int             `json:"threads"`
	Trees       int             `json:"trees,omitempty"`
	Ensemble    int             `json:"ensemble,omitempty"`
	Config      *deepsem.Config `json:"config,omitempty"`
	Members     []grnMember     `json:"members,omitempty"`
	WallSeconds float64         `json:"wall_seconds"`
	Version     string          `json:"regula_version"`
	Started     time.Time       `json:"started"`
}

// grnMember summarises one ensemble member.
type grnMember struct {
	Seed       uint64             `json:"seed"`
	Seconds    float64            `json:"seconds"`
	FinalLoss  deepsem.EpochLoss  `json:"final_loss"`
	Recoveries []deepsem.Recovery `json:"recoveries"`
}

func runGRN(env *Env, args []string) error {
	o := &grnOpts
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if o.input == "" || env.Out == "" {
		return usagef("--input and --out are required")
	}
	start := time.Now()
	data, err := anndata.Read(o.input, anndata.ReadOptions{GenesInRows: o.genesInRows})
	if err != nil {
		return err
	}
	var tfs []string
	if o.tfs != "" {
		if tfs, err = grn.ReadGeneList(o.tfs); err != nil {
			return err
		}
	}
	genes := data.GeneNames()
	regs, err := grn.RegulatorIndices(genes, tfs)
	if err != nil {
		return err
	}
	run := grnRun{
		Method: o.method, Input: o.input, GenesInRows: o.genesInRows, TFs: o.tfs,
		Cells: data.NObs(), Genes: data.NVars(), Regulators: len(regs),
		Seed: env.Seed, Threads: env.Threads, Version: version, Started: start.UTC(),
	}
	env.Logf("regula grn: %s on %d cells × %d genes, %d candidate regulators", o.method, run.Cells, run.Genes, run.Regulators)
	stem := outputStem(env.Out)
	var edges []grn.Edge
	var members []*deepsem.Result
	switch o.method {
	case "pearson":
		edges, err = grn.Pearson(data.X, genes, tfs)
	case "spearman":
		edges, err = grn.Spearman(data.X, genes, tfs)
	case "genie3":
		run.Trees = o.trees
		edges, err = grn.GENIE3(data.X, genes, grn.GENIE3Config{Regulators: tfs, Trees: o.trees, Seed: uint64(env.Seed), Threads: env.Threads})
	case "deepsem":
		edges, members, err = runDeepSEM(env, o, data, tfs, stem, &run)
	default:
		return usagef("unknown --method %q (want deepsem, pearson, spearman or genie3)", o.method)
	}
	if err != nil {
		return err
	}
	run.Edges = len(edges)
	if err := grn.WriteRankedEdges(env.Out, edges); err != nil {
		return err
	}
	run.WallSeconds = time.Since(start).Seconds()
	if err := writeJSON(stem+".params.json", run); err != nil {
		return err
	}
	if err := grnReport(env, &run, stem, edges, members).Save(env.Out + ".run.json"); err != nil {
		return err
	}
	env.Logf("regula grn: wrote %d edges to %s and its run record %s (%.1f s)", len(edges), env.Out, env.Out+".run.json", run.WallSeconds)
	return nil
}

// runDeepSEM trains the DeepSEM ensemble, writes W and the losses, and
// returns the ranked edges and the members' results.
func runDeepSEM(env *Env, o *grnFlags, data *anndata.AnnData, tfs []string, stem string, run *grnRun) ([]grn.Edge, []*deepsem.Result, error) {
	cfg, err := o.deepsem.config(uint64(env.Seed))
	if err != nil {
		return nil, nil, err
	}
	if o.ensemble < 1 {
		return nil, nil, usagef("--ensemble must be ≥ 1, got %d", o.ensemble)
	}
	prepared, err := deepsem.Preprocess(data.X, cfg.Mode, cfg.Clip)
	if err != nil {
		return nil, nil, err
	}
	run.Config, run.Ensemble = &cfg, o.ensemble
	ens, err := deepsem.Ensemble(context.Background(), prepared, data.GeneNames(), cfg, deepsem.EnsembleOptions{
		Members: o.ensemble, Threads: env.Threads, Progress: env.Progress(),
	})
	if err != nil {
		return nil, nil, err
	}
	for _, m := range ens.Members {
		gm := grnMember{Seed: m.Config.Seed, Seconds: m.Duration.Seconds(), Recoveries: m.Recoveries}
		if len(m.Losses) > 0 {
			gm.FinalLoss = m.Losses[len(m.Losses)-1]
		}
		if len(m.Recoveries) > 0 {
			env.Logf("regula grn: member seed %d: I − W was damped %d time(s)", m.Config.Seed, len(m.Recoveries))
		}
		run.Members = append(run.Members, gm)
	}
	if err := atomicfile.Write(stem+".W.tsv", func(w io.Writer) error {
		return deepsem.WriteMatrix(w, ens.Genes, ens.MeanAbsW)
	}); err != nil {
		return nil, nil, err
	}
	if err := atomicfile.Write(stem+".losses.tsv", func(w io.Writer) error {
		return deepsem.WriteLosses(w, ens.Members)
	}); err != nil {
		return nil, nil, err
	}
	edges, err := deepsem.RankedEdges(ens.MeanAbsW, ens.Genes, tfs)
	return edges, ens.Members, err
}

// outputStem strips the extension (and a trailing .gz) from the edge file
// name: the companion files are STEM.W.tsv, STEM.losses.tsv, STEM.params.json.
func outputStem(out string) string {
	s := strings.TrimSuffix(out, ".gz")
	return strings.TrimSuffix(s, filepath.Ext(s))
}

// writeJSON writes v, indented, atomically.
func writeJSON(path string, v any) error {
	return atomicfile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(v)
	})
}

// optionalInt, optionalFloat, optionalString and optionalBool are flag values that
// remember whether the command line set them, so that a command can tell an
// explicit value from the default and never overwrite a setting silently.
type (
	optionalInt struct {
		v   int
		set bool
	}
	optionalFloat struct {
		v   float64
		set bool
	}
	optionalString struct {
		v   string
		set bool
	}
	optionalBool struct {
		v   bool
		set bool
	}
)

func (o *optionalBool) String() string { return strconv.FormatBool(o.v) }

// Set implements flag.Value.
func (o *optionalBool) Set(s string) error {
	v, err := strconv.ParseBool(s)
	if err != nil {
		return err
	}
	o.v, o.set = v, true
	return nil
}

// IsBoolFlag lets the flag be given without a value (--flag means true).
func (o *optionalBool) IsBoolFlag() bool { return true }

// apply stores the value in dst if the flag was given.
func (o *optionalBool) apply(dst *bool) {
	if o.set {
		*dst = o.v
	}
}

func (o *optionalInt) String() string { return strconv.Itoa(o.v) }

// Set implements flag.Value.
func (o *optionalInt) Set(s string) error {
	v, err := strconv.Atoi(s)
	if err != nil {
		return err
	}
	o.v, o.set = v, true
	return nil
}

// apply stores the value in dst if the flag was given.
func (o *optionalInt) apply(dst *int) {
	if o.set {
		*dst = o.v
	}
}

func (o *optionalFloat) String() string { return strconv.FormatFloat(o.v, 'g', -1, 64) }

// Set implements flag.Value.
func (o *optionalFloat) Set(s string) error {
	v, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return err
	}
	o.v, o.set = v, true
	return nil
}

// apply stores the value in dst if the flag was given.
func (o *optionalFloat) apply(dst *float64) {
	if o.set {
		*dst = o.v
	}
}

func (o *optionalString) String() string { return o.v }

// Set implements flag.Value.
func (o *optionalString) Set(s string) error {
	o.v, o.set = s, true
	return nil
}
