package main

import (
	"flag"
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"

	"regula/anndata"
	"regula/pp"
)

// ppStep is one preprocessing step of `regula pp`, as given on the command
// line: the flag that asked for it and its parsed KEY=VALUE parameters.
type ppStep struct {
	kind   *ppStepKind
	params ppParams
}

// ppStepKind describes one step flag of `regula pp`.
type ppStepKind struct {
	// flag is the flag name without dashes.
	flag string
	// arg is the placeholder shown in the help ("" for a switch).
	arg string
	// usage is the one-line help.
	usage string
	// keys are the accepted parameter names.
	keys []string
	// bare, if set, names the key that a value without '=' stands for,
	// e.g. --normalize-total 1e4 means target_sum=1e4.
	bare string
	// run applies the step; it returns the (possibly new) AnnData and a
	// short description of what it did for the log.
	run func(env *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error)
}

// ppParams holds a step's KEY=VALUE parameters with typed accessors whose
// errors name the step and key.
type ppParams struct {
	step   string
	values map[string]string
	order  []string
}

// parseParams parses "k=v,k=v" (or a bare value, or "defaults") for kind.
func parseParams(kind *ppStepKind, text string) (ppParams, error) {
	p := ppParams{step: "--" + kind.flag, values: map[string]string{}}
	text = strings.TrimSpace(text)
	if text == "" || text == "defaults" || (kind.arg == "" && text == "true") {
		return p, nil
	}
	for _, item := range strings.Split(text, ",") {
		key, value, ok := strings.Cut(strings.TrimSpace(item), "=")
		if !ok {
			if kind.bare == "" {
				return p, fmt.Errorf("%s: %q is not KEY=VALUE (keys: %s)", p.step, item, strings.Join(kind.keys, ", "))
			}
			key, value = kind.bare, item
		}
		key = strings.TrimSpace(key)
		if !slices.Contains(kind.keys, key) {
			return p, fmt.Errorf("%s: unknown key %q (keys: %s)", p.step, key, strings.Join(kind.keys, ", "))
		}
		if _, dup := p.values[key]; dup {
			return p, fmt.Errorf("%s: key %q given twice", p.step, key)
		}
		p.values[key] = strings.TrimSpace(value)
		p.order = append(p.order, key)
	}
	return p, nil
}

func (p ppParams) has(key string) bool { _, ok := p.values[key]; return ok }

func (p ppParams) float(key string, def float64) (float64, error) {
	s, ok := p.values[key]
	if !ok {
		return def, nil
	}
	v, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsNaN(v) {
		return 0, fmt.Errorf("%s: %s=%q is not a number", p.step, key, s)
	}
	return v, nil
}

func (p ppParams) int(key string, def int) (int, error) {
	s, ok := p.values[key]
	if !ok {
		return def, nil
	}
	v, err := strconv.Atoi(s)
	if err != nil {
		return 0, fmt.Errorf("%s: %s=%q is not an integer", p.step, key, s)
	}
	return v, nil
}

func (p ppParams) bool(key string, def bool) (bool, error) {
	s, ok := p.values[key]
	if !ok {
		return def, nil
	}
	v, err := strconv.ParseBool(s)
	if err != nil {
		return false, fmt.Errorf("%s: %s=%q is not true or false", p.step, key, s)
	}
	return v, nil
}

func (p ppParams) string(key, def string) string {
	if s, ok := p.values[key]; ok {
		return s
	}
	return def
}

// String renders the parameters as given, for logs.
func (p ppParams) String() string {
	parts := make([]string, len(p.order))
	for i, k := range p.order {
		parts[i] = k + "=" + p.values[k]
	}
	return strings.Join(parts, ",")
}

// ppStepFlag is the flag.Value of one step flag: each occurrence appends a
// step to the shared list, so steps keep their command-line order.
type ppStepFlag struct {
	kind  *ppStepKind
	steps *[]ppStep
}

func (f *ppStepFlag) String() string { return "" }

func (f *ppStepFlag) Set(v string) error {
	p, err := parseParams(f.kind, v)
	if err != nil {
		return err
	}
	*f.steps = append(*f.steps, ppStep{kind: f.kind, params: p})
	return nil
}

// IsBoolFlag lets switches (--log1p, --qc) stand alone.
func (f *ppStepFlag) IsBoolFlag() bool { return f.kind.arg == "" }

// ppStepKinds lists the steps in the order the help presents them.
var ppStepKinds = []*ppStepKind{
	{
		flag: "qc", usage: "add QC metrics (calculate_qc_metrics); --qc=mt_prefix=P sets the mitochondrial prefix (default MT-)",
		keys: []string{"mt_prefix"},
		run: func(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
			err := pp.CalculateQCMetrics(a, p.string("mt_prefix", ""))
			return a, "added total_counts, n_genes_by_counts, pct_counts_mt, …", err
		},
	},
	{
		flag: "filter-cells", arg: "KEY=N[,…]", usage: "keep cells with min_counts, min_genes, max_counts, max_genes (filter_cells)",
		keys: []string{"min_counts", "min_genes", "max_counts", "max_genes"},
		run: func(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
			return applyFilters(a, p, pp.FilterCells, func(x *anndata.AnnData) int { return x.NObs() }, "cells")
		},
	},
	{
		flag: "filter-genes", arg: "KEY=N[,…]", usage: "keep genes with min_counts, min_cells, max_counts, max_cells (filter_genes)",
		keys: []string{"min_counts", "min_cells", "max_counts", "max_cells"},
		run: func(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
			return applyFilters(a, p, pp.FilterGenes, func(x *anndata.AnnData) int { return x.NVars() }, "genes")
		},
	},
	{
		flag: "save-layer", arg: "NAME", usage: "copy X to layers[NAME] (e.g. keep the counts for --hvg flavor=seurat_v3,layer=counts)",
		keys: []string{"name"}, bare: "name",
		run: func(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
			name := p.string("name", "")
			if name == "" {
				return nil, "", fmt.Errorf("--save-layer: a layer name is required")
			}
			a.Layers[name] = a.X.Clone()
			return a, "layers[" + name + "] = X", nil
		},
	},
	{
		flag: "normalize-total", arg: "T|median|KEY=V[,…]", usage: "scale each cell to total T (normalize_total); keys target_sum, exclude_highly_expressed, max_fraction, key_added",
		keys: []string{"target_sum", "exclude_highly_expressed", "max_fraction", "key_added"}, bare: "target_sum",
		run: func(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
			var opt pp.NormalizeOptions
			var err error
			if t := p.string("target_sum", "median"); t != "median" {
				if opt.TargetSum, err = p.float("target_sum", 0); err != nil {
					return nil, "", err
				}
				if opt.TargetSum <= 0 {
					return nil, "", fmt.Errorf("--normalize-total: target_sum=%v must be > 0 (or median)", opt.TargetSum)
				}
			}
			if opt.ExcludeHighlyExpressed, err = p.bool("exclude_highly_expressed", false); err != nil {
				return nil, "", err
			}
			if opt.MaxFraction, err = p.float("max_fraction", 0); err != nil {
				return nil, "", err
			}
			opt.KeyAdded = p.string("key_added", "")
			return a, "", pp.NormalizeTotal(a, opt)
		},
	},
	{
		flag: "log1p", usage: "X = log(1 + X) (log1p); --log1p=base=B for another base",
		keys: []string{"base"},
		run: func(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
			base, err := p.float("base", 0)
			if err != nil {
				return nil, "", err
			}
			return a, "", pp.Log1p(a, base)
		},
	},
	{
		flag: "hvg", arg: "KEY=V[,…]", usage: "mark highly variable genes (highly_variable_genes); keys flavor, n_top_genes, min_mean, max_mean, min_disp, max_disp, n_bins, span, layer, subset",
		keys: []string{"flavor", "n_top_genes", "min_mean", "max_mean", "min_disp", "max_disp", "n_bins", "span", "layer", "subset"},
		run:  runHVG,
	},
	{
		flag: "scale", arg: "KEY=V[,…]|defaults", usage: "scale genes to unit variance (scale); keys zero_center, max_value",
		keys: []string{"zero_center", "max_value"},
		run: func(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
			opt := pp.DefaultScaleOptions()
			var err error
			if opt.ZeroCenter, err = p.bool("zero_center", true); err != nil {
				return nil, "", err
			}
			if opt.MaxValue, err = p.float("max_value", 0); err != nil {
				return nil, "", err
			}
			return a, "", pp.Scale(a, opt)
		},
	},
	{
		flag: "pca", arg: "KEY=V[,…]|defaults", usage: "principal components into obsm X_pca (pca); keys n_comps, solver, n_iter, n_oversamples, mask_var",
		keys: []string{"n_comps", "solver", "n_iter", "n_oversamples", "mask_var"},
		run:  runPCA,
	},
	{
		flag: "split", arg: "KEY=V[,…]", usage: "add an obs column of train/test labels; keys test_frac, stratify (an obs column), key (default split)",
		keys: []string{"test_frac", "stratify", "key"}, bare: "test_frac",
		run: runSplit,
	},
}

// applyFilters applies each KEY=N of p as one scanpy filter call, in order.
func applyFilters(a *anndata.AnnData, p ppParams,
	filter func(*anndata.AnnData, pp.Criterion, float64) (*anndata.AnnData, error),
	count func(*anndata.AnnData) int, what string) (*anndata.AnnData, string, error) {
	if len(p.order) == 0 {
		return nil, "", fmt.Errorf("%s: give at least one KEY=N", p.step)
	}
	before := count(a)
	for _, key := range p.order {
		v, err := p.float(key, 0)
		if err != nil {
			return nil, "", err
		}
		if a, err = filter(a, pp.Criterion(key), v); err != nil {
			return nil, "", err
		}
	}
	return a, fmt.Sprintf("%d → %d %s", before, count(a), what), nil
}

func runHVG(_ *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
	opt := pp.DefaultHVGOptions()
	opt.Flavor = p.string("flavor", opt.Flavor)
	if opt.Flavor == pp.FlavorSeuratV3 && !p.has("n_top_genes") {
		opt.NTopGenes = 2000 // scanpy's default for seurat_v3
	}
	var err error
	ints := []struct {
		key string
		dst *int
	}{{"n_top_genes", &opt.NTopGenes}, {"n_bins", &opt.NBins}}
	for _, f := range ints {
		if *f.dst, err = p.int(f.key, *f.dst); err != nil {
			return nil, "", err
		}
	}
	floats := []struct {
		key string
		dst *float64
	}{{"min_mean", &opt.MinMean}, {"max_mean", &opt.MaxMean}, {"min_disp", &opt.MinDisp}, {"max_disp", &opt.MaxDisp}, {"span", &opt.Span}}
	for _, f := range floats {
		if *f.dst, err = p.float(f.key, *f.dst); err != nil {
			return nil, "", err
		}
	}
	if opt.Subset, err = p.bool("subset", false); err != nil {
		return nil, "", err
	}
	opt.Layer = p.string("layer", "")
	out, err := pp.HighlyVariableGenes(a, opt)
	if err != nil {
		return nil, "", err
	}
	n := 0
	for _, v := range a.Var.Col("highly_variable").(*anndata.BoolColumn).Values {
		if v {
			n++
		}
	}
	msg := fmt.Sprintf("%d of %d genes highly variable (%s)", n, a.NVars(), opt.Flavor)
	if opt.Subset {
		msg += ", kept only those"
	}
	return out, msg, nil
}

func runPCA(env *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
	opt := pp.PCAOptions{Seed: uint64(env.Seed), Solver: p.string("solver", pp.SolverAuto), MaskVar: p.string("mask_var", "")}
	var err error
	if opt.NComps, err = p.int("n_comps", 0); err != nil {
		return nil, "", err
	}
	if opt.NIter, err = p.int("n_iter", 0); err != nil {
		return nil, "", err
	}
	if opt.NOversamples, err = p.int("n_oversamples", 0); err != nil {
		return nil, "", err
	}
	if err := pp.PCA(a, opt); err != nil {
		return nil, "", err
	}
	ratio := a.Uns["pca"].(anndata.Uns)["variance_ratio"].([]float64)
	sum := 0.0
	for _, r := range ratio {
		sum += r
	}
	return a, fmt.Sprintf("%d components, PC1 %.2f%%, all %.1f%% of the variance", len(ratio), 100*ratio[0], 100*sum), nil
}

func runSplit(env *Env, a *anndata.AnnData, p ppParams) (*anndata.AnnData, string, error) {
	frac, err := p.float("test_frac", 0.2)
	if err != nil {
		return nil, "", err
	}
	var train, test []int
	if col := p.string("stratify", ""); col != "" {
		labels, err := a.Obs.Strings(col)
		if err != nil {
			return nil, "", fmt.Errorf("--split stratify=%s: %w", col, err)
		}
		train, test, err = pp.StratifiedSplit(labels, frac, uint64(env.Seed))
		if err != nil {
			return nil, "", err
		}
	} else if train, test, err = pp.TrainTestSplit(a.NObs(), frac, uint64(env.Seed)); err != nil {
		return nil, "", err
	}
	labels := make([]string, a.NObs())
	for _, i := range train {
		labels[i] = "train"
	}
	for _, i := range test {
		labels[i] = "test"
	}
	key := p.string("key", "split")
	if err := a.Obs.Set(key, anndata.NewCategorical(labels)); err != nil {
		return nil, "", err
	}
	return a, fmt.Sprintf("obs[%q]: %d train, %d test", key, len(train), len(test)), nil
}

func init() {
	var (
		rf    readFlags
		steps []ppStep
	)
	register(&command{
		name:    "pp",
		summary: "preprocess a dataset with scanpy's steps (filter, normalise, log, HVG, scale, PCA)",
		usage:   "regula pp IN --out OUT.h5ad [STEP ...] [input flags]",
		help: `Reads IN (any format 'regula info' reads), applies the preprocessing STEPs
in the order they are given, and writes the result to OUT (normally .h5ad,
which keeps obs, var, obsm, varm and uns; a .csv/.tsv name writes X only).
OUT may also be the second positional argument. Each step reproduces the
scanpy function named in brackets, with scanpy's defaults, formulas and
output names, so the file can be used as if scanpy had made it.

STEPS (each may be repeated; order matters)
  --qc[=mt_prefix=P]            calculate_qc_metrics: obs total_counts,
                                n_genes_by_counts, pct_counts_mt (genes whose
                                name starts with P, default MT-), var
                                n_cells_by_counts, mean_counts, …
  --filter-cells KEY=N[,…]      filter_cells, one call per KEY: min_counts,
                                min_genes, max_counts, max_genes (inclusive).
                                Records obs n_counts / n_genes.
  --filter-genes KEY=N[,…]      filter_genes: min_counts, min_cells,
                                max_counts, max_cells. Records var n_counts /
                                n_cells.
  --save-layer NAME             copy X into layers[NAME] (e.g. raw counts).
  --normalize-total T           normalize_total to total T per cell; T may be
                                "median" (scanpy's target_sum=None) or a list
                                of target_sum=T, exclude_highly_expressed=
                                true|false, max_fraction=F (0.05),
                                key_added=NAME.
  --log1p[=base=B]              log1p: natural log unless base=B; records
                                uns log1p.
  --hvg KEY=V[,…]               highly_variable_genes: flavor=seurat (default;
                                expects log data) or seurat_v3 (expects counts;
                                use layer=NAME after --save-layer), n_top_genes
                                (seurat_v3 default 2000; seurat default: use
                                the cutoffs min_mean=0.0125, max_mean=3,
                                min_disp=0.5, max_disp=inf), n_bins=20,
                                span=0.3, subset=true|false. Adds var
                                highly_variable, means, dispersions(_norm) or
                                variances(_norm), highly_variable_rank.
  --scale KEY=V[,…]|defaults    scale: zero_center=true|false, max_value=M
                                (clip; none by default). Adds var mean, std.
  --pca KEY=V[,…]|defaults      pca: n_comps (default min(50, min(n,p)−1)),
                                solver=auto|exact|randomized, n_iter,
                                n_oversamples, mask_var=COLUMN|none (default
                                highly_variable when present). Adds obsm
                                X_pca, varm PCs, uns pca (variance,
                                variance_ratio). --seed seeds the randomised
                                solver.
  --split KEY=V[,…]             obs column (key=split) of "train"/"test":
                                test_frac=F (0.2), stratify=OBS_COLUMN keeps
                                each label's share; reproducible with --seed.

A switch's parameters follow '=' (--log1p=base=2). "defaults" runs a step
with no parameter changed (--scale defaults). Unknown keys and malformed
KEY=VALUE lists are reported before IN is read; a bad value (max_value=ten)
when its step runs.

EXAMPLES
  regula pp data.mtx --out pp.h5ad --filter-cells min_genes=200 \
      --filter-genes min_cells=3 --normalize-total 1e4 --log1p \
      --hvg n_top_genes=2000,flavor=seurat --scale max_value=10 --pca n_comps=50
  regula pp counts.h5ad --out hvg.h5ad --save-layer counts --normalize-total 1e4 \
      --log1p --hvg flavor=seurat_v3,n_top_genes=1000,layer=counts,subset=true
  regula pp pbmc.h5ad --out split.h5ad --split test_frac=0.1,stratify=cell_type --seed 7`,
		flags: func(fs *flag.FlagSet) {
			steps = nil // a fresh command line (Main may run several times in tests)
			rf.register(fs)
			for _, k := range ppStepKinds {
				fs.Var(&ppStepFlag{kind: k, steps: &steps}, k.flag, k.usage)
			}
		},
		run: func(env *Env, args []string) error {
			out := env.Out
			switch {
			case len(args) == 2 && out == "":
				out = args[1]
			case len(args) == 1 && out != "":
			default:
				return usagef("expected an input file and --out OUT, got %d arguments", len(args))
			}
			if anndata.FormatOf(out) != anndata.FormatH5AD && anndata.FormatOf(out) != anndata.FormatDelimited {
				return usagef("%s: output must be .h5ad (or .csv/.tsv/.txt[.gz] for X only)", out)
			}
			if len(steps) == 0 {
				env.Logf("note: no steps given; the data are copied unchanged")
			}
			a, err := rf.read(args[0])
			if err != nil {
				return err
			}
			env.Logf("read %s: %d cells × %d genes", args[0], a.NObs(), a.NVars())
			for _, s := range steps {
				var msg string
				if a, msg, err = s.kind.run(env, a, s.params); err != nil {
					return err
				}
				label := "--" + s.kind.flag
				if ps := s.params.String(); ps != "" {
					label += " " + ps
				}
				if msg != "" {
					label += ": " + msg
				}
				env.Logf("%s (%d cells × %d genes)", label, a.NObs(), a.NVars())
			}
			if err := anndata.Write(out, a, anndata.WriteOptions{}); err != nil {
				return err
			}
			env.Logf("wrote %s", out)
			return nil
		},
	})
}
