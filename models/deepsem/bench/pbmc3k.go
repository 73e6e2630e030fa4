package main

import (
	"context"
	"fmt"
	"math"
	"os"
	"path/filepath"
	"regula/internal/procstat"
	"slices"
	"time"

	"regula/anndata"
	"regula/models/deepsem"
	"regula/pp"
)

// pbmc3kData is pbmc3k after the paper's embedding preprocessing.
type pbmc3kData struct {
	// logX is cells × genes, log-normalised, highly variable genes only.
	logX         *anndata.Dense
	cells, genes []string
	labels       []string
	// train and test are the stratified split (increasing cell indices).
	train, test []int
}

// loadPBMC3k reads pbmc3k and preprocesses it as the paper's "Datasets used
// to evaluate cell embeddings": genes expressed in ≥ 1 % of cells,
// normalised to 10⁴ counts per cell, log1p, top -hvg genes (scanpy's seurat
// flavour); every cell has a label and every type has ≥ 10 cells.
func loadPBMC3k() (*pbmc3kData, error) {
	dir := filepath.Join(*dataDir, "pbmc3k_clustifyr")
	a, err := anndata.Read(filepath.Join(dir, "counts_recovered_genes_x_cells.mtx.gz"), anndata.ReadOptions{
		CellsFile: filepath.Join(dir, "barcodes.tsv"), GenesFile: filepath.Join(dir, "genes.tsv")})
	if err != nil {
		return nil, err
	}
	if err := anndata.ReadObsTable(a, filepath.Join(dir, "meta.tsv")); err != nil {
		return nil, err
	}
	minCells := math.Ceil(0.01 * float64(a.NObs()))
	if a, err = pp.FilterGenes(a, pp.MinCells, minCells); err != nil {
		return nil, err
	}
	expressed := a.NVars()
	if err := pp.NormalizeTotal(a, pp.NormalizeOptions{TargetSum: 1e4}); err != nil {
		return nil, err
	}
	if err := pp.Log1p(a, 0); err != nil {
		return nil, err
	}
	opt := pp.DefaultHVGOptions()
	opt.NTopGenes, opt.Subset = *hvgGenes, true
	if a, err = pp.HighlyVariableGenes(a, opt); err != nil {
		return nil, err
	}
	labels, err := a.Obs.Strings("classified")
	if err != nil {
		return nil, err
	}
	d := &pbmc3kData{logX: a.X.ToDense(), cells: a.CellNames(), genes: a.GeneNames(), labels: labels}
	if d.train, d.test, err = pp.StratifiedSplit(labels, *testFrac, *seed); err != nil {
		return nil, err
	}
	logf("pbmc3k: %d cells × %d genes (%d expressed in ≥ %.0f cells, top %d HVG kept), %d train / %d test cells, %d types",
		a.NObs(), a.NVars(), expressed, minCells, *hvgGenes, len(d.train), len(d.test), len(distinct(labels)))
	return d, nil
}

// subsetData returns the rows cells of data as a Data of its own, with the
// same per-gene statistics.
func subsetData(data *deepsem.Data, cells []int) *deepsem.Data {
	x, nonZero := data.Rows(cells)
	return &deepsem.Data{Cells: len(cells), Genes: data.Genes, X: x, NonZero: nonZero, Mean: data.Mean, Std: data.Std}
}

// runPBMC3k trains one cell-type-mode DeepSEM model on the training cells
// and evaluates its embedding of all cells and its simulation of the test
// cells.
func runPBMC3k() error {
	start := time.Now()
	d, err := loadPBMC3k()
	if err != nil {
		return err
	}
	cfg := deepsem.DefaultConfig(deepsem.CellType)
	cfg.Seed = *seed
	if *epochs > 0 {
		cfg.Epochs = *epochs
	}
	// The z-score statistics come from all cells (label-free); the model
	// only sees the training cells.
	data, err := deepsem.Preprocess(d.logX, cfg.Mode, cfg.Clip)
	if err != nil {
		return err
	}
	trainData := subsetData(data, d.train)
	logf("training DeepSEM (%s, %d epochs, α=%g, β=%g) on %d cells × %d genes", cfg.Mode, cfg.Epochs, cfg.Alpha, cfg.Beta, trainData.Cells, trainData.Genes)
	trainStart := time.Now()
	mdl, err := deepsem.Train(context.Background(), trainData, d.genes, cfg, deepsem.TrainOptions{Progress: os.Stderr})
	if err != nil {
		return err
	}
	defer mdl.Close()
	trainTime := time.Since(trainStart)
	res := mdl.Result()
	last := res.Losses[len(res.Losses)-1]
	fmt.Printf("## pbmc3k, DeepSEM cell-type mode\n\n")
	fmt.Printf("%d cells × %d genes (≥ 1 %% of cells, log-normalised 1e4, top %d HVG, seurat flavour); "+
		"stratified split %d train / %d test (seed %d). One model, %d epochs (α = %g, β = %g, batch %d), trained on the training cells "+
		"in %.0f s (%.1f s/epoch); final loss %.4g (reconstruction %.4g, KL %.4g, sparsity %.4g); %d conditioning recoveries.\n\n",
		len(d.labels), len(d.genes), *hvgGenes, len(d.train), len(d.test), *seed, cfg.Epochs, cfg.Alpha, cfg.Beta, cfg.BatchSize,
		trainTime.Seconds(), trainTime.Seconds()/float64(cfg.Epochs), last.Total, last.Reconstruction, last.KL, last.Sparsity, len(res.Recoveries))
	if err := writeLossCurve(res); err != nil {
		return err
	}
	if err := reportEmbedding(d, data, mdl); err != nil {
		return err
	}
	if *simulate {
		if err := reportSimulation(d, trainData, mdl); err != nil {
			return err
		}
	}
	fmt.Printf("\nTotal %.0f s, peak RSS %s.\n", time.Since(start).Seconds(), procstat.PeakRSS())
	return nil
}

// writeLossCurve saves the per-epoch losses next to the plots.
func writeLossCurve(res *deepsem.Result) error {
	f, err := os.Create(filepath.Join(*outDir, "pbmc3k_losses.tsv"))
	if err != nil {
		return err
	}
	if err := deepsem.WriteLosses(f, []*deepsem.Result{res}); err != nil {
		f.Close()
		return err
	}
	return f.Close()
}

// reportEmbedding prints the clustering table of DeepSEM's posterior means
// (and of μ₀, before the GRN layer) against PCA baselines of the same
// matrix, and writes UMAP plots.
func reportEmbedding(d *pbmc3kData, data *deepsem.Data, mdl *deepsem.Model) error {
	n, m := len(d.labels), len(d.genes)
	mu, err := mdl.Embed(data, false)
	if err != nil {
		return err
	}
	mu0, err := mdl.Embed(data, true)
	if err != nil {
		return err
	}
	scaled, err := scaledLogX(d)
	if err != nil {
		return err
	}
	reps := []struct {
		name string
		x    []float32
	}{
		{"DeepSEM posterior mean μ (paper)", mu},
		{"DeepSEM μ₀ (encoder output, before the GRN layer)", mu0},
		{"PCA of log-normalised HVG", d.logX.Data},
		{"PCA of scaled log-normalised HVG (scanpy standard, clip 10)", scaled},
		{"PCA of DeepSEM's input (non-zero z-scores, clip 10)", data.X},
	}
	fmt.Printf("### Embedding: clusters vs the 9 `classified` labels (all %d cells)\n\n", n)
	fmt.Printf("50 PCs of each %d-dimensional representation → %d-NN graph (exact, UMAP connectivities) → resolution binary-searched for 9 clusters (seed %d).\n\n", m, embeddingNeighbors, *seed)
	fmt.Println("| representation | Louvain ARI | Louvain NMI | resolution | Leiden ARI | Leiden NMI | resolution |")
	fmt.Println("|---|---|---|---|---|---|---|")
	var results []*embeddingResult
	for _, r := range reps {
		res, err := evaluateEmbedding(r.name, toMat(r.x, n, m), d.labels)
		if err != nil {
			return err
		}
		results = append(results, res)
		fmt.Printf("| %s | %.3f | %.3f | %.3g (%d) | %.3f | %.3f | %.3g (%d) |\n", r.name,
			res.louvain.ARI, res.louvain.NMI, res.louvain.Resolution, res.louvain.Clusters,
			res.leiden.ARI, res.leiden.NMI, res.leiden.Resolution, res.leiden.Clusters)
	}
	fmt.Println()
	plots := []struct {
		i           int
		title, file string
	}{
		{0, "pbmc3k, DeepSEM posterior means", "pbmc3k_deepsem_umap.png"},
		{3, "pbmc3k, PCA of scaled log-normalised HVG", "pbmc3k_pca_umap.png"},
	}
	for _, p := range plots {
		path := filepath.Join(*outDir, p.file)
		if err := saveUMAP(results[p.i], d.labels, p.title, path); err != nil {
			return err
		}
		logf("wrote %s", path)
	}
	return nil
}

// scaledLogX returns the log-normalised matrix scaled as scanpy's standard
// pipeline does (zero mean, unit variance with ddof 1, clipped to ±10).
func scaledLogX(d *pbmc3kData) ([]float32, error) {
	x := &anndata.Dense{Rows: d.logX.Rows, Cols: d.logX.Cols, Data: slices.Clone(d.logX.Data)}
	a, err := anndata.New(x, d.cells, d.genes)
	if err != nil {
		return nil, fmt.Errorf("scaling: %w", err)
	}
	if err := pp.Scale(a, pp.ScaleOptions{ZeroCenter: true, MaxValue: 10}); err != nil {
		return nil, err
	}
	return a.X.ToDense().Data, nil
}
