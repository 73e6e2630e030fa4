// Command bench runs the DeepSEM evaluations of issue 5 that are too slow
// for the test suite. Run from the repository root:
//
//	GOEXPERIMENT=simd go run ./models/deepsem/bench -task pbmc3k   # embedding + simulation
//	GOEXPERIMENT=simd go run ./models/deepsem/bench -task sergio   # non-specific GRN on SERGIO DS4–DS7
//
// -task pbmc3k follows the paper's protocols on pbmc3k (2638 cells, 9 cell
// types): genes expressed in ≥ 1 % of cells, log-normalised, top -hvg
// highly variable genes; cells split 80/20 stratified by cell type; one
// cell-type-mode DeepSEM model trained on the training cells. Embedding:
// the posterior means of ALL cells → 50 PCs → 30-NN graph → Louvain (and
// Leiden) with the resolution searched for 9 clusters → ARI/NMI against the
// labels, next to 50 PCs of the same matrix. Simulation: as many cells as
// the test set, random-forest AUROC real-test vs simulated on 50 PCs
// (5-fold) and GRN consistency of GENIE3 networks inferred on real-test and
// simulated cells, next to a positive control (training cells) and a
// per-gene independent baseline.
//
// -task sergio scores DeepSEM (non-specific mode) and the |Pearson|,
// |Spearman| and GENIE3 baselines on SERGIO's clean DS4–DS7 data.
//
// Data are read from ../shared/data (or -data); plots and edge lists go to
// -outdir. Every task prints Markdown tables with its settings; all runs are
// seeded.
package main

import (
	"flag"
	"fmt"
	"os"

	"gonum.org/v1/gonum/mat"
)

var (
	task        = flag.String("task", "pbmc3k", "pbmc3k | sergio")
	dataDir     = flag.String("data", "../shared/data", "shared data folder")
	outDir      = flag.String("outdir", "/tmp/deepsem-bench", "where plots and edge lists are written")
	seed        = flag.Uint64("seed", 0, "seed of the split, the models, the forests and the clusterings")
	epochs      = flag.Int("epochs", 0, "DeepSEM epochs (0 = the mode's paper default: 150 cell-type, 90 non-specific)")
	hvgGenes    = flag.Int("hvg", 1000, "pbmc3k: highly variable genes kept")
	testFrac    = flag.Float64("test-frac", 0.2, "pbmc3k: fraction of cells held out (stratified by cell type)")
	rfTrees     = flag.Int("rf-trees", 1000, "pbmc3k: trees of the real-vs-simulated random forest")
	genie3Trees = flag.Int("genie3-trees", 300, "trees per target of GENIE3")
	regulators  = flag.Int("regulators", 100, "pbmc3k: GRN consistency regulators = this many highest-variance genes (0 = all genes)")
	threads     = flag.Int("threads", 2, "goroutines of the forests and the neighbour search")
	simulate    = flag.Bool("simulate", true, "pbmc3k: also run the simulation evaluation (false: embedding only)")
	datasets    = flag.String("datasets", "DS4,DS5,DS6,DS7", "sergio: datasets to score")
	methods     = flag.String("methods", "deepsem,pearson,spearman,genie3", "sergio: methods to run")
	positiveDet = flag.Bool("positive-det", false, "sergio: DeepSEM with Config.PositiveDeterminant")
)

func main() {
	flag.Parse()
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fail(err)
	}
	var err error
	switch *task {
	case "pbmc3k":
		err = runPBMC3k()
	case "sergio":
		err = runSERGIO()
	default:
		err = fmt.Errorf("unknown -task %q (want pbmc3k or sergio)", *task)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// logf writes a progress line to stderr (stdout holds the tables).
func logf(format string, args ...any) {
	fmt.Fprintf(os.Stderr, format+"\n", args...)
}

// toMat converts a row-major float32 matrix.
func toMat(v []float32, rows, cols int) *mat.Dense {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return mat.NewDense(rows, cols, f)
}
