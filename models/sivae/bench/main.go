// Command bench runs the siVAE evaluations of issue 7 that are too slow for
// the test suite: k-NN cross-validation on pbmc3k, the synthetic
// co-expression network, the interpretation check, batch correction, and
// training time / peak memory. Run from the repository root, e.g.
//
//	GOEXPERIMENT=simd go run ./models/sivae/bench -task cv
//
// Data are read from ../shared/data (or -data). Every task prints its
// settings and results; all runs are seeded.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regula/internal/procstat"
	"slices"
	"sort"
	"strconv"
	"strings"
	"time"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
	"regula/eval"
	"regula/models/sivae"
	"regula/plot"
	"regula/tl"
)

var (
	task       = flag.String("task", "cv", "cv | network | batch | time")
	dataDir    = flag.String("data", "../shared/data", "shared data folder")
	outDir     = flag.String("outdir", "/tmp/sivae-bench", "where plots and score tables are written")
	seed       = flag.Uint64("seed", 1, "seed")
	folds      = flag.Int("folds", 5, "cross-validation folds")
	runFolds   = flag.Int("run-folds", 0, "evaluate only the first N folds (0 = all)")
	onlyFold   = flag.Int("fold", 0, "evaluate only this fold, 1-based (0 = all; overrides -run-folds)")
	verbose    = flag.Bool("v", false, "print per-epoch losses to stderr")
	cellEp     = flag.Int("cell-epochs", 20, "cell-wise epochs")
	featEp     = flag.Int("feature-epochs", 60, "feature-wise epochs")
	jointEp    = flag.Int("joint-epochs", 10, "joint epochs")
	warmup     = flag.Int("kl-warmup", 160, "KL warm-up steps")
	clipNorm   = flag.Float64("clip-norm", sivae.DefaultConfig(sivae.Interpretable, 2).ClipNorm, "global gradient-norm clip of each optimiser (0 = none)")
	gWarmup    = flag.Float64("gamma-warmup", 0, "fraction of the joint step over which γ rises from 0")
	alignLoad  = flag.Bool("align-loadings", true, "fit the interpretability term in the feature-wise pre-training too (false = the paper's pre-training)")
	reduced    = flag.Int("reduced-cells", 500, "C_red")
	latent     = flag.Int("latent", 2, "K")
	variants   = flag.String("variants", "sivae,vae,linear", "variants for -task cv / time")
	dataset    = flag.String("dataset", "pbmc3k", "pbmc3k | 10k (for -task time)")
	featBatch  = flag.Int("feature-batch", 256, "genes per feature-wise pre-training step")
	jointGenes = flag.Int("joint-gene-batch", 256, "genes per joint step (0 = all)")
	batchVar   = flag.String("batch-variant", "sivae", "variant of -task batch")
	gamma      = flag.Float64("gamma", 0.05, "interpretability weight γ")
	loadNoise  = flag.Float64("loading-noise", 0, "scale of the loadings' sampling noise in the joint step (1 = the paper's ELBO)")
	l2         = flag.Float64("l2", 1e-3, "L2 weight decay")
	batchRuns  = flag.String("batch-runs", "clean,nokey,key", "runs of -task batch: clean (no shift), nokey (shift, no key), key (shift, batch key)")
	batchOut   = flag.Bool("batch-output", true, "batch through per-gene output weights, batch-centred encoder inputs (false = the paper's architecture)")
	shiftSize  = flag.Float64("shift", 1.0, "s.d. of the gene-wise batch shift (in units of each gene's s.d.)")
	leidenRuns = flag.Int("leiden-seeds", 1, "cell-type ARI of -task batch: mean over this many Leiden seeds (seed, seed+1, …)")
)

func main() {
	flag.Parse()
	if err := os.MkdirAll(*outDir, 0o755); err != nil {
		fail(err)
	}
	var err error
	switch *task {
	case "cv":
		err = runCV()
	case "network":
		err = runNetwork()
	case "batch":
		err = runBatch()
	case "time":
		err = runTime()
	default:
		err = fmt.Errorf("unknown -task %q", *task)
	}
	if err != nil {
		fail(err)
	}
}

func fail(err error) {
	fmt.Fprintln(os.Stderr, "bench:", err)
	os.Exit(1)
}

// config is the evaluation configuration of a variant (flags applied).
func config(v sivae.Variant, k int) sivae.Config {
	c := sivae.DefaultConfig(v, k)
	c.CellEpochs, c.FeatureEpochs, c.JointEpochs = *cellEp, *featEp, *jointEp
	c.KLWarmup, c.ReducedCells, c.Seed, c.Gamma = *warmup, *reduced, *seed, *gamma
	c.FeatureBatchSize, c.JointGeneBatchSize, c.LoadingNoise, c.L2 = *featBatch, *jointGenes, *loadNoise, *l2
	c.BatchOutput, c.GammaWarmup, c.AlignLoadings = *batchOut, *gWarmup, *alignLoad
	c.ClipNorm = *clipNorm
	return c
}

// pbmc3k reads the pbmc3k counts with their cell-type labels.
func pbmc3k() (*anndata.AnnData, []string, error) {
	dir := filepath.Join(*dataDir, "pbmc3k_clustifyr")
	a, err := anndata.Read(filepath.Join(dir, "counts_recovered_genes_x_cells.mtx.gz"), anndata.ReadOptions{})
	if err != nil {
		return nil, nil, err
	}
	if err := anndata.ReadObsTable(a, filepath.Join(dir, "meta.tsv")); err != nil {
		return nil, nil, err
	}
	labels, err := a.Obs.Strings("classified")
	return a, labels, err
}

// toMat converts a row-major float32 matrix.
func toMat(v []float32, rows, cols int) *mat.Dense {
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
	}
	return mat.NewDense(rows, cols, f)
}

// runCV is the 5-fold stratified k-NN (k = 80) balanced accuracy on
// held-out cells, each variant trained on the training folds only.
func runCV() error {
	a, labels, err := pbmc3k()
	if err != nil {
		return err
	}
	d, _, err := sivae.FromAnnData(a, sivae.PrepareOptions{})
	if err != nil {
		return err
	}
	if err := d.SetStrata(labels); err != nil {
		return err
	}
	foldOf, err := eval.StratifiedFolds(labels, *folds, *seed)
	if err != nil {
		return err
	}
	fmt.Printf("pbmc3k %d cells × %d genes, K=%d, %d folds, k-NN k=80; config %+v\n", d.Cells, d.Genes, *latent, *folds, config(sivae.Interpretable, *latent))
	for _, vs := range strings.Split(*variants, ",") {
		v, err := sivae.ParseVariant(vs)
		if err != nil {
			return err
		}
		var accs, bals []float64
		start := time.Now()
		first, last := 0, *folds
		if *runFolds > 0 {
			last = min(last, *runFolds)
		}
		if *onlyFold > 0 {
			if *onlyFold > *folds {
				return fmt.Errorf("-fold %d > -folds %d", *onlyFold, *folds)
			}
			first, last = *onlyFold-1, *onlyFold
		}
		for f := first; f < last; f++ {
			var trainIdx []int
			isTrain := make([]bool, d.Cells)
			for c, fo := range foldOf {
				if fo != f {
					trainIdx = append(trainIdx, c)
					isTrain[c] = true
				}
			}
			mdl, err := sivae.Train(context.Background(), d.Subset(trainIdx), config(v, *latent), trainOptions())
			if err != nil {
				return err
			}
			z, err := mdl.Scores(d)
			if err == nil && *verbose && v != sivae.PlainVAE {
				err = printScales(mdl, d, z)
			}
			mdl.Close()
			if err != nil {
				return err
			}
			res, err := eval.KNNAccuracy(toMat(z, d.Cells, *latent), labels, isTrain, 80, 2)
			if err != nil {
				return err
			}
			accs, bals = append(accs, res.Accuracy), append(bals, res.BalancedAccuracy)
			fmt.Printf("  %-6s fold %d: accuracy %.4f balanced %.4f\n", v, f+1, res.Accuracy, res.BalancedAccuracy)
			if f == first && *latent == 2 {
				if err := scoresPlot(z, labels, fmt.Sprintf("%s pbmc3k scores (fold 1 model)", v), filepath.Join(*outDir, fmt.Sprintf("pbmc3k_%s_scores.png", v))); err != nil {
					return err
				}
			}
		}
		fmt.Printf("%-6s mean accuracy %.4f ± %.4f, balanced %.4f ± %.4f (%.0f s)\n", v, mean(accs), sd(accs), mean(bals), sd(bals), time.Since(start).Seconds())
	}
	return nil
}

// printScales prints the scale of the scores and loadings and how much of
// the data their product explains (interpretability diagnostics, -v).
func printScales(mdl *sivae.Model, d *sivae.Data, z []float32) error {
	v, err := mdl.Loadings()
	if err != nil {
		return err
	}
	k := *latent
	zs, vs := make([]float64, k), make([]float64, k)
	for c := 0; c < d.Cells; c++ {
		for j := 0; j < k; j++ {
			zs[j] += float64(z[c*k+j]) * float64(z[c*k+j]) / float64(d.Cells)
		}
	}
	for g := 0; g < d.Genes; g++ {
		for j := 0; j < k; j++ {
			vs[j] += float64(v[g*k+j]) * float64(v[g*k+j])
		}
	}
	var sse, sst float64
	for c := 0; c < d.Cells; c++ {
		for g := 0; g < d.Genes; g++ {
			var p float64
			for j := 0; j < k; j++ {
				p += float64(z[c*k+j]) * float64(v[g*k+j])
			}
			x := float64(d.X[c*d.Genes+g])
			sse += (x - p) * (x - p)
			sst += x * x
		}
	}
	fmt.Fprintf(os.Stderr, "    mean z² per dim %v; Σ_f v² per dim %v; linear R² of z·v %.3f\n", fmtFloats(zs), fmtFloats(vs), 1-sse/sst)
	last := mdl.Losses()
	if n := len(last); n > 0 {
		fmt.Fprintf(os.Stderr, "    last epoch %+v\n", last[n-1])
	}
	return nil
}

// trainOptions prints progress lines to stderr with -v.
func trainOptions() sivae.TrainOptions {
	if *verbose {
		return sivae.TrainOptions{Progress: os.Stderr}
	}
	return sivae.TrainOptions{}
}

// scoresPlot draws 2-D scores coloured by label.
func scoresPlot(z []float32, labels []string, title, path string) error {
	n := len(labels)
	x, y := make([]float64, n), make([]float64, n)
	for i := 0; i < n; i++ {
		x[i], y[i] = float64(z[2*i]), float64(z[2*i+1])
	}
	fig, err := plot.Embedding(x, y, plot.EmbeddingOptions{Title: title, Categories: labels, ColorLabel: "cell type"})
	if err != nil {
		return err
	}
	return fig.Save(path)
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

func sd(v []float64) float64 {
	m := mean(v)
	var s float64
	for _, x := range v {
		s += (x - m) * (x - m)
	}
	return math.Sqrt(s / float64(max(1, len(v)-1)))
}

// runNetwork trains siVAE (K = 64 by default for this task) on the
// synthetic network and scores loadings and centrality, then runs the
// interpretation check on the same model.
func runNetwork() error {
	nc := sivae.DefaultNetworkConfig()
	nc.Seed = *seed
	net, err := sivae.Simulate(nc)
	if err != nil {
		return err
	}
	d, err := sivae.NewData(net.X, net.Cells, len(net.Genes))
	if err != nil {
		return err
	}
	cfg := config(sivae.Interpretable, *latent)
	fmt.Printf("network %d cells × %d genes; config %+v\n", net.Cells, len(net.Genes), cfg)
	mdl, err := sivae.Train(context.Background(), d, cfg, sivae.TrainOptions{Progress: os.Stderr})
	if err != nil {
		return err
	}
	defer mdl.Close()
	v, err := mdl.Loadings()
	if err != nil {
		return err
	}
	c, err := mdl.Centrality(d)
	if err != nil {
		return err
	}
	s, err := sivae.ScoreNetwork(net, v, cfg.Latent, c)
	if err != nil {
		return err
	}
	fmt.Printf("silhouette by community %.3f; mean loading norm isolated %.3f vs community %.3f; hub ranks by centrality %v (trained %.0f s)\n",
		s.Silhouette, s.IsolatedNorm, s.CommunityNorm, s.HubRanks, mdl.Duration().Seconds())
	cells := make([]int, 500)
	for i := range cells {
		cells[i] = i * (net.Cells / 500)
	}
	per, med, err := mdl.InterpretationAgreement(d, cells)
	if err != nil {
		return err
	}
	fmt.Printf("interpretation: Spearman(loadings, decoder grad×input) median |ρ| %.3f over %d dims (min ρ %.3f)\n", med, len(per), minOf(per))
	if *verbose {
		z, err := mdl.Scores(d)
		if err != nil {
			return err
		}
		return printLeastSquaresAgreement(mdl, d, z, cells)
	}
	return nil
}

func minOf(v []float64) float64 {
	m := math.Inf(1)
	for _, x := range v {
		m = min(m, x)
	}
	return m
}

// runBatch splits pbmc3k into two seeded batches, shifts every gene of
// batch "b" by shift·N(0,1) of its s.d. (on the log-normalised scale), and
// compares iLISI over batches and cell-type ARI (Leiden with 9 clusters on
// the scores) for: clean data without key, shifted without key, shifted
// with the batch key. Also runs the interpretation check on the clean model.
func runBatch() error {
	a, labels, err := pbmc3k()
	if err != nil {
		return err
	}
	clean, _, err := sivae.FromAnnData(a, sivae.PrepareOptions{})
	if err != nil {
		return err
	}
	rng := rand.New(rand.NewPCG(*seed, 0xba7c4))
	batch := make([]string, clean.Cells)
	for i := range batch {
		batch[i] = "a"
		if rng.IntN(2) == 1 {
			batch[i] = "b"
		}
	}
	shifted := &sivae.Data{Cells: clean.Cells, Genes: clean.Genes, X: append([]float32(nil), clean.X...)}
	shift := make([]float32, clean.Genes)
	for g := range shift {
		shift[g] = float32(*shiftSize * rng.NormFloat64())
	}
	for c := 0; c < clean.Cells; c++ {
		if batch[c] == "b" {
			for g := 0; g < clean.Genes; g++ {
				shifted.X[c*clean.Genes+g] += shift[g]
			}
		}
	}
	withKey := &sivae.Data{Cells: shifted.Cells, Genes: shifted.Genes, X: shifted.X}
	if err := withKey.SetBatch(batch); err != nil {
		return err
	}
	bv, err := sivae.ParseVariant(*batchVar)
	if err != nil {
		return err
	}
	cfg := config(bv, *latent)
	fmt.Printf("batch correction on pbmc3k, shift s.d. %.2f, config %+v\n", *shiftSize, cfg)
	runs := []struct {
		id, name string
		d        *sivae.Data
	}{{"clean", "clean, no key", clean}, {"nokey", "shifted, no key", shifted}, {"key", "shifted, batch key", withKey}}
	for _, r := range runs {
		if !slices.Contains(strings.Split(*batchRuns, ","), r.id) {
			continue
		}
		mdl, err := sivae.Train(context.Background(), r.d, cfg, trainOptions())
		if err != nil {
			return err
		}
		z, err := mdl.Scores(r.d)
		if err != nil {
			return err
		}
		zm := toMat(z, r.d.Cells, cfg.Latent)
		lisi, err := eval.LISI(zm, batch, 30, 2)
		if err != nil {
			return err
		}
		ari, err := clusterARI(z, r.d.Cells, cfg.Latent, labels)
		if err != nil {
			return err
		}
		fmt.Printf("  %-20s iLISI(batch) %.3f  cell-type ARI %.3f  (%.0f s)\n", r.name, mean(lisi), ari, mdl.Duration().Seconds())
		name := strings.NewReplacer(" ", "_", ",", "").Replace(r.name)
		if err := writeScores(z, r.d.Cells, cfg.Latent, filepath.Join(*outDir, "batch_"+name+".scores.tsv")); err != nil {
			return err
		}
		if cfg.Latent == 2 {
			if err := scoresPlot(z, labels, string(bv)+" scores: "+r.name, filepath.Join(*outDir, "batch_"+name+".png")); err != nil {
				return err
			}
		}
		if r.id == "clean" && bv != sivae.PlainVAE {
			cells := make([]int, 500)
			for j := range cells {
				cells[j] = j * (r.d.Cells / 500)
			}
			per, med, err := mdl.InterpretationAgreement(r.d, cells)
			if err != nil {
				return err
			}
			fmt.Printf("  interpretation (clean model): Spearman per dim %v, median |ρ| %.3f\n", fmtFloats(per), med)
			if *verbose {
				if err := printLeastSquaresAgreement(mdl, r.d, z, cells); err != nil {
					return err
				}
			}
		}
		mdl.Close()
	}
	return nil
}

// writeScores writes the n × k scores as a headerless TSV, one cell a line
// (for analyses outside the bench).
func writeScores(z []float32, n, k int, path string) error {
	var b strings.Builder
	for c := range n {
		for j := range k {
			if j > 0 {
				b.WriteByte('\t')
			}
			b.WriteString(strconv.FormatFloat(float64(z[c*k+j]), 'g', 7, 32))
		}
		b.WriteByte('\n')
	}
	return os.WriteFile(path, []byte(b.String()), 0o644)
}

func fmtFloats(v []float64) string {
	s := make([]string, len(v))
	for i, x := range v {
		s[i] = fmt.Sprintf("%.3f", x)
	}
	return "[" + strings.Join(s, " ") + "]"
}

// clusterARI clusters the scores (15-NN graph, Leiden searched to as many
// clusters as labels) and returns the ARI with the labels, averaged over
// -leiden-seeds clusterings.
func clusterARI(z []float32, n, k int, labels []string) (float64, error) {
	cells := make([]string, n)
	for i := range cells {
		cells[i] = fmt.Sprint(i)
	}
	genes := make([]string, k)
	for i := range genes {
		genes[i] = fmt.Sprint("d", i)
	}
	a, err := anndata.New(&anndata.Dense{Rows: n, Cols: k, Data: z}, cells, genes)
	if err != nil {
		return 0, err
	}
	if err := tl.Neighbors(a, tl.NeighborsOptions{UseRep: "X", KNNOptions: tl.KNNOptions{K: 15, Seed: *seed}}); err != nil {
		return 0, err
	}
	distinct := map[string]bool{}
	for _, l := range labels {
		distinct[l] = true
	}
	var sum float64
	runs := max(1, *leidenRuns)
	for r := range runs {
		res, err := tl.ResolutionForClusters(tl.AlgLeiden, a.Obsp["connectivities"], len(distinct), 0, 0, 0, tl.ClusterOptions{Seed: *seed + uint64(r)})
		if res == nil {
			return 0, err
		}
		pred := make([]string, len(res.Labels))
		for i, l := range res.Labels {
			pred[i] = fmt.Sprint(l)
		}
		ari, err := eval.AdjustedRandIndex(labels, pred)
		if err != nil {
			return 0, err
		}
		sum += ari
	}
	return sum / float64(runs), nil
}

// runTime trains each variant once on the dataset and reports wall time
// and the process's peak resident memory (run one variant per process for
// a clean peak: -variants sivae).
func runTime() error {
	var d *sivae.Data
	switch *dataset {
	case "pbmc3k":
		a, _, err := pbmc3k()
		if err != nil {
			return err
		}
		if d, _, err = sivae.FromAnnData(a, sivae.PrepareOptions{}); err != nil {
			return err
		}
	case "10k":
		a, err := anndata.Read(filepath.Join(*dataDir, "scanpy_tests", "10x-10k-subset.counts_cells_x_genes.mtx.gz"), anndata.ReadOptions{MakeUnique: true})
		if err != nil {
			return err
		}
		if d, _, err = sivae.FromAnnData(a, sivae.PrepareOptions{}); err != nil {
			return err
		}
	default:
		return fmt.Errorf("unknown -dataset %q", *dataset)
	}
	for _, vs := range strings.Split(*variants, ",") {
		v, err := sivae.ParseVariant(vs)
		if err != nil {
			return err
		}
		cfg := config(v, *latent)
		mdl, err := sivae.Train(context.Background(), d, cfg, sivae.TrainOptions{})
		if err != nil {
			return err
		}
		var perEpoch = map[sivae.Phase][]float64{}
		for _, l := range mdl.Losses() {
			perEpoch[l.Phase] = append(perEpoch[l.Phase], l.Seconds)
		}
		var parts []string
		phases := make([]string, 0, len(perEpoch))
		for p := range perEpoch {
			phases = append(phases, string(p))
		}
		sort.Strings(phases)
		for _, p := range phases {
			parts = append(parts, fmt.Sprintf("%s %d epochs × %.2f s", p, len(perEpoch[sivae.Phase(p)]), mean(perEpoch[sivae.Phase(p)])))
		}
		mdl.Close()
		fmt.Printf("%s %d×%d K=%d %-6s: %.1f s (%s); peak RSS %s\n", *dataset, d.Cells, d.Genes, cfg.Latent, v,
			mdl.Duration().Seconds(), strings.Join(parts, ", "), procstat.PeakRSS())
	}
	return nil
}

// printLeastSquaresAgreement prints, per dimension, the Spearman
// correlations between the loadings V, the least-squares coefficients B of
// the data on the scores (B = (ZᵀZ)⁻¹ZᵀX) and the decoder's attribution
// loadings U on the given cells (-v): which of the two links of the
// interpretation check holds.
func printLeastSquaresAgreement(mdl *sivae.Model, d *sivae.Data, z []float32, cells []int) error {
	k, g := *latent, d.Genes
	zm := toMat(z, d.Cells, k)
	xm := toMat(d.X, d.Cells, g)
	var b mat.Dense
	if err := b.Solve(zm, xm); err != nil {
		return err
	}
	v, err := mdl.Loadings()
	if err != nil {
		return err
	}
	u, err := mdl.AttributionLoadings(d, cells)
	if err != nil {
		return err
	}
	ig, err := mdl.IntegratedGradientsLoadings(d, cells, 16)
	if err != nil {
		return err
	}
	var vbs, bus, vis []float64
	for dim := 0; dim < k; dim++ {
		vs, bs, us, is := make([]float64, g), make([]float64, g), make([]float64, g), make([]float64, g)
		for f := 0; f < g; f++ {
			vs[f], bs[f], us[f], is[f] = float64(v[f*k+dim]), b.At(dim, f), u[f*k+dim], ig[f*k+dim]
		}
		vb, err1 := eval.Spearman(vs, bs)
		bu, err2 := eval.Spearman(bs, us)
		vi, err3 := eval.Spearman(vs, is)
		if err := errors.Join(err1, err2, err3); err != nil {
			return err
		}
		fmt.Fprintf(os.Stderr, "    dim %d: Spearman(V, least-squares B) %.3f, Spearman(B, attribution U) %.3f, Spearman(V, integrated-gradients U) %.3f\n", dim+1, vb.R, bu.R, vi.R)
		vbs, bus, vis = append(vbs, vb.R), append(bus, bu.R), append(vis, vi.R)
	}
	fmt.Printf("medians over %d dims: Spearman(V, B) %.3f, Spearman(B, grad×input U) %.3f, Spearman(V, integrated-gradients U) %.3f\n",
		k, eval.Median(vbs), eval.Median(bus), eval.Median(vis))
	return nil
}
