package main

import (
	"context"
	"embed"
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"text/tabwriter"
	"time"

	"regula/anndata"
	"regula/eval"
	"regula/grn"
	"regula/models/deepsem"
)

// demoData is the BEELINE synthetic dataset dyn-BFC-500-1 (see
// demodata/README.md for its provenance).
//
//go:embed demodata/ExpressionData.csv demodata/refNetwork.csv
var demoData embed.FS

var demoEnsemble int

func init() {
	register(&command{
		name:    "demo",
		summary: "infer the network of the embedded demo data with DeepSEM and score it",
		usage:   "regula demo [--ensemble N] [--seed S] [--threads T]",
		help: `Runs DeepSEM GRN inference (the paper's cell-type setting: α=1, β=0.01,
150 epochs) on the embedded BEELINE synthetic dataset dyn-BFC-500-1 (10 genes ×
500 cells, 15 known edges), averages --ensemble models, and prints the early
precision ratio (EPR), AUPRC ratio and AUROC against the known network next to
the |Pearson| baseline. A ratio of 1 is a random predictor.`,
		flags: func(fs *flag.FlagSet) {
			fs.IntVar(&demoEnsemble, "ensemble", 3, "DeepSEM models averaged")
		},
		run: runDemo,
	})
}

func runDemo(env *Env, args []string) error {
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if demoEnsemble < 1 {
		return usagef("--ensemble must be ≥ 1, got %d", demoEnsemble)
	}
	start := time.Now()
	dir, err := os.MkdirTemp("", "regula-demo-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(dir)
	for _, name := range []string{"ExpressionData.csv", "refNetwork.csv"} {
		b, err := demoData.ReadFile("demodata/" + name)
		if err != nil {
			return err
		}
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			return err
		}
	}
	data, err := anndata.Read(filepath.Join(dir, "ExpressionData.csv"), anndata.ReadOptions{GenesInRows: true})
	if err != nil {
		return err
	}
	truth, err := grn.ReadNetwork(filepath.Join(dir, "refNetwork.csv"))
	if err != nil {
		return err
	}
	genes := data.GeneNames()
	var tfs []string
	for _, e := range truth {
		tfs = append(tfs, e.From)
	}
	env.Logf("regula demo: BEELINE dyn-BFC-500-1, %d cells × %d genes, %d true edges; DeepSEM ensemble of %d",
		data.NObs(), data.NVars(), len(truth), demoEnsemble)

	cfg := deepsem.DefaultConfig(deepsem.CellType)
	cfg.Seed = uint64(env.Seed)
	prepared, err := deepsem.Preprocess(data.X, cfg.Mode, cfg.Clip)
	if err != nil {
		return err
	}
	ens, err := deepsem.Ensemble(context.Background(), prepared, genes, cfg, deepsem.EnsembleOptions{
		Members: demoEnsemble, Threads: env.Threads, Progress: env.Progress(),
	})
	if err != nil {
		return err
	}
	deepEdges, err := deepsem.RankedEdges(ens.MeanAbsW, genes, tfs)
	if err != nil {
		return err
	}
	pearsonEdges, err := grn.Pearson(data.X, genes, tfs)
	if err != nil {
		return err
	}
	tw := tabwriter.NewWriter(env.Stdout, 0, 0, 2, ' ', tabwriter.AlignRight)
	fmt.Fprintln(tw, "method\tEPR\tAUPRC ratio\tAUROC\t")
	var scores eval.GRNMetrics
	for _, m := range []struct {
		name  string
		edges []grn.Edge
	}{{fmt.Sprintf("DeepSEM (%d models)", demoEnsemble), deepEdges}, {"|Pearson|", pearsonEdges}} {
		if scores, err = eval.EvaluateGRN(m.edges, truth, genes); err != nil {
			return err
		}
		fmt.Fprintf(tw, "%s\t%.2f\t%.2f\t%.2f\t\n", m.name, scores.EPR, scores.AUPRCRatio, scores.AUROC)
	}
	if err := tw.Flush(); err != nil {
		return err
	}
	fmt.Fprintf(env.Stdout, "EPR and AUPRC ratio: 1 = random predictor. %d of %d candidate edges are true. Time %.1f s.\n",
		scores.TrueEdges, scores.Candidates, time.Since(start).Seconds())
	return nil
}
