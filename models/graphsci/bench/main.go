// Command bench evaluates GraphSCI imputation against baselines on data
// with an exact truth (issue 6):
//
//	go run ./models/graphsci/bench -dataset sergio   # SERGIO DS1: dropped entries
//	go run ./models/graphsci/bench -dataset pbmc3k   # 10% of non-zeros hidden + clustering
//	go run ./models/graphsci/bench -dataset pbmc68k  # clustering vs labels not made by clustering
//	go run ./models/graphsci/bench -dataset tenx     # per-epoch time on 10k cells
//
// -graphs picks the GraphSCI variants (corr: |r| > -threshold, empty: no
// edges, true: SERGIO's gt_GRN.csv; "" for the baselines only);
// -adj-weight, -kl-weight, -weight-decay, -dropout, -latent-mask,
// -cell-latent and -gene-latent-mean change the model, -cells subsamples SERGIO,
// -cluster=false and -baselines=false skip parts, -v adds diagnostics of
// the imputed matrix and -dump writes it. The baselines are no imputation,
// kNN smoothing and the gene's mean × size factor (no cell information).
// It prints a Markdown table per dataset. Data are read from
// ../shared/data (the REGULA_DATA environment variable overrides it).
package main

import (
	"context"
	"encoding/binary"
	"encoding/csv"
	"flag"
	"fmt"
	"log"
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

	"regula/anndata"
	"regula/eval"
	"regula/grn"
	"regula/models/graphsci"
	"regula/pp"
	"regula/tl"

	"gonum.org/v1/gonum/mat"
)

func main() {
	dataset := flag.String("dataset", "sergio", "sergio, pbmc3k, pbmc68k or tenx")
	epochs := flag.Int("epochs", 100, "maximum epochs")
	seed := flag.Uint64("seed", 1, "seed")
	nb := flag.Bool("nb", false, "NB likelihood instead of ZINB")
	threshold := flag.Float64("threshold", 0.3, "|r| threshold of the gene graph")
	batch := flag.Int("batch", 256, "cells per minibatch")
	lr := flag.Float64("lr", 0.01, "initial learning rate")
	verbose := flag.Bool("v", false, "print training progress")
	adjWeight := flag.Float64("adj-weight", 1, "adjacency loss weight")
	graphs := flag.String("graphs", "corr,empty", "GraphSCI variants, comma-separated: corr (|r| > threshold), empty, true (SERGIO's gt_GRN.csv); \"\" for the baselines only")
	baselines := flag.Bool("baselines", true, "also run no imputation and kNN smoothing")
	cluster := flag.Bool("cluster", true, "pbmc3k: also score clustering after imputation")
	latentMask := flag.Bool("latent-mask", false, "mask the first cell layer with sigmoid(Z_N Z_Nᵀ) instead of A+I")
	cells := flag.Int("cells", 0, "sergio: use a seeded random subset of this many cells (0: all)")
	validation := flag.Float64("val", 0.1, "fraction of non-zero entries held out for early stopping (0: none, train every epoch)")
	patience := flag.Int("patience", 10, "early-stopping patience in epochs")
	geneMean := flag.Bool("gene-latent-mean", false, "decode the expression in training from the mean of Z_N instead of a sample (the paper's ELBO)")
	weightDecay := flag.Float64("weight-decay", graphsci.DefaultConfig().WeightDecay, "L2 weight decay")
	klWeight := flag.Float64("kl-weight", graphsci.DefaultConfig().KLWeight, "weight of the KL terms")
	dropout := flag.Float64("dropout", graphsci.DefaultConfig().Dropout, "dropout rate of the masked cell layer")
	cellLatent := flag.Bool("cell-latent", false, "Gaussian cell latent decoded through the gene latent instead of the paper's eqs. 5–6 cell branch")
	dump := flag.String("dump", "", "write the input (none.f32), kNN smoothing (knn.f32) and each GraphSCI variant's imputed matrix (all entries replaced; cells × genes float32, little-endian) to this folder")
	flag.Parse()
	cfg := graphsci.DefaultConfig()
	cfg.WeightDecay, cfg.KLWeight, cfg.Dropout = *weightDecay, *klWeight, *dropout
	cfg.CellLatent = *cellLatent
	cfg.Epochs, cfg.Seed, cfg.Threshold, cfg.BatchSize, cfg.LearningRate = *epochs, *seed, *threshold, *batch, *lr
	cfg.AdjacencyWeight, cfg.LatentMask = *adjWeight, *latentMask
	cfg.ValidationFraction, cfg.Patience, cfg.GeneLatentMean = *validation, *patience, *geneMean
	if *nb {
		cfg.Likelihood = graphsci.NB
	}
	var variants []string
	if *graphs != "" {
		variants = strings.Split(*graphs, ",")
	}
	b := &bench{cfg: cfg, verbose: *verbose, graphs: variants, baselines: *baselines, cluster: *cluster, cells: *cells, dumpDir: *dump}
	var err error
	switch *dataset {
	case "sergio":
		err = b.sergio()
	case "pbmc3k":
		err = b.pbmc3k()
	case "pbmc68k":
		err = b.pbmc68k()
	case "tenx":
		err = b.tenx()
	default:
		err = fmt.Errorf("unknown dataset %q", *dataset)
	}
	if err != nil {
		log.Fatal(err)
	}
}

type bench struct {
	cfg       graphsci.Config
	verbose   bool
	graphs    []string
	baselines bool
	cluster   bool
	cells     int
	// trueNetwork is the known regulatory network file (SERGIO), "" if none.
	trueNetwork string
	// dumpDir is the -dump folder ("" = none).
	dumpDir string
}

func dataDir() string {
	if d := os.Getenv("REGULA_DATA"); d != "" {
		return d
	}
	return "../shared/data"
}

// method is one imputation: its name and its imputed full matrix.
type method struct {
	name    string
	imputed []float32
	// zerosOnly is the imputation with every observed non-zero count kept
	// (graphsci.ReplaceZeros); nil for no imputation.
	zerosOnly []float32
	seconds   float64
	epochs    string
}

// runAll imputes input with the baselines and the requested GraphSCI
// variants and returns the results in table order.
func (b *bench) runAll(input *anndata.AnnData) ([]method, error) {
	data, err := graphsci.Prepare(input.X, input.GeneNames(), graphsci.PrepareOptions{})
	if err != nil {
		return nil, err
	}
	for _, n := range data.Notes {
		fmt.Fprintln(os.Stderr, "note:", n)
	}
	var methods []method
	if b.baselines {
		methods = append(methods, method{name: "no imputation", imputed: input.X.ToDense().Data})
		if err := b.dumpMatrix("none", methods[0].imputed); err != nil {
			return nil, err
		}
		start := time.Now()
		knn, err := graphsci.KNNSmooth(data, 15, 50, b.cfg.Seed)
		if err != nil {
			return nil, err
		}
		full, zeros, err := expandBoth(data, knn, input)
		if err != nil {
			return nil, err
		}
		methods = append(methods, method{name: "kNN smoothing (k=15, 50 PCs)", imputed: full, zerosOnly: zeros, seconds: time.Since(start).Seconds()})
		if err := b.dumpMatrix("knn", full); err != nil {
			return nil, err
		}
		full, zeros, err = expandBoth(data, geneMeanTimesSize(data), input)
		if err != nil {
			return nil, err
		}
		methods = append(methods, method{name: "gene mean × size factor (no cell information)", imputed: full, zerosOnly: zeros})
	}
	for _, variant := range b.graphs {
		name, graph, err := b.geneGraph(variant, data, input.GeneNames())
		if err != nil {
			return nil, err
		}
		start := time.Now()
		opts := graphsci.TrainOptions{}
		if b.verbose {
			opts.Progress = os.Stderr
		}
		m, err := graphsci.Train(context.Background(), data, graph, b.cfg, opts)
		if err != nil {
			return nil, err
		}
		imp, err := m.Impute()
		if err != nil {
			return nil, err
		}
		full, zeros, err := expandBoth(data, imp, input)
		if err != nil {
			return nil, err
		}
		if b.verbose {
			if err := describeImputation(m, data, imp); err != nil {
				return nil, err
			}
		}
		h := m.History()
		for _, n := range m.Notes() {
			fmt.Fprintln(os.Stderr, "note:", n)
		}
		fmt.Fprintf(os.Stderr, "%s: %d epochs, best %d, %.2f s/epoch, sparse=%v pairs=%d\n", name, len(h), m.BestEpoch(),
			m.Duration().Seconds()/float64(len(h)), m.Sparse(), m.AdjacencyPairs())
		if err := b.dumpMatrix(variant, full); err != nil {
			return nil, err
		}
		methods = append(methods, method{name: name, imputed: full, zerosOnly: zeros, seconds: time.Since(start).Seconds(),
			epochs: fmt.Sprintf("%d (best %d)", len(h), m.BestEpoch())})
		m.Close()
	}
	return methods, nil
}

// geneMeanTimesSize imputes every entry by the gene's mean size-normalised
// count times the cell's size factor: the output of a model that ignores
// which cell it decodes.
func geneMeanTimesSize(data *graphsci.Data) []float32 {
	means := make([]float64, data.Genes)
	for c := range data.Cells {
		if data.SizeFactors[c] <= 0 {
			continue // an empty cell adds nothing
		}
		for g := range data.Genes {
			means[g] += float64(data.Counts[c*data.Genes+g]) / data.SizeFactors[c]
		}
	}
	out := make([]float32, data.Cells*data.Genes)
	for c := range data.Cells {
		for g := range data.Genes {
			out[c*data.Genes+g] = float32(means[g] / float64(data.Cells) * data.SizeFactors[c])
		}
	}
	return out
}

// dumpMatrix writes x as raw little-endian float32 to dumpDir/name.f32.
func (b *bench) dumpMatrix(name string, x []float32) error {
	if b.dumpDir == "" {
		return nil
	}
	buf := make([]byte, 4*len(x))
	for i, v := range x {
		binary.LittleEndian.PutUint32(buf[4*i:], math.Float32bits(v))
	}
	return os.WriteFile(filepath.Join(b.dumpDir, name+".f32"), buf, 0o644)
}

// expandBoth returns the imputed matrix over all input genes with every
// entry replaced and with only the zeros replaced.
func expandBoth(data *graphsci.Data, imputed []float32, input *anndata.AnnData) (all, zeros []float32, err error) {
	for _, r := range []graphsci.Replace{graphsci.ReplaceAll, graphsci.ReplaceZeros} {
		merged, err := data.Merge(imputed, r)
		if err != nil {
			return nil, nil, err
		}
		full, err := data.ExpandToInput(merged, input.X)
		if err != nil {
			return nil, nil, err
		}
		if r == graphsci.ReplaceAll {
			all = full.Data
		} else {
			zeros = full.Data
		}
	}
	return all, zeros, nil
}

// geneGraph builds the gene graph of a GraphSCI variant: "corr", "empty" or
// "true" (SERGIO's indices refer to the input's genes, inputGenes).
func (b *bench) geneGraph(variant string, data *graphsci.Data, inputGenes []string) (string, *graphsci.GeneGraph, error) {
	switch variant {
	case "corr":
		g, err := graphsci.CorrelationGraph(data.X, data.Cells, data.Genes, b.cfg.Threshold)
		if err != nil {
			return "", nil, err
		}
		describeGraph(g)
		return fmt.Sprintf("GraphSCI (|r| > %.2g graph, %d edges)", b.cfg.Threshold, g.NumEdges()), g, nil
	case "empty":
		return "GraphSCI, empty gene graph", &graphsci.GeneGraph{N: data.Genes}, nil
	case "true":
		if b.trueNetwork == "" {
			return "", nil, fmt.Errorf("graph variant \"true\": this dataset has no known network")
		}
		edges, err := grn.ReadSERGIONetwork(b.trueNetwork, inputGenes)
		if err != nil {
			return "", nil, err
		}
		g, unknown, err := graphsci.GraphFromNetwork(edges, data.GeneNames)
		if err != nil {
			return "", nil, err
		}
		if len(unknown) > 0 {
			fmt.Fprintf(os.Stderr, "note: %d network genes not modelled\n", len(unknown))
		}
		describeGraph(g)
		return fmt.Sprintf("GraphSCI (true GRN, %d edges)", g.NumEdges()), g, nil
	}
	return "", nil, fmt.Errorf("unknown graph variant %q (want corr, empty or true)", variant)
}

func describeGraph(g *graphsci.GeneGraph) {
	var meanDeg float64
	for _, d := range g.Degrees() {
		meanDeg += float64(d)
	}
	fmt.Fprintf(os.Stderr, "gene graph: %d genes, %d edges, mean degree %.1f, density(A+I) %.4f\n", g.N, g.NumEdges(), meanDeg/float64(g.N), g.Density())
}

func (b *bench) printScores(title string, methods []method, truth []float32, subsets []subset) error {
	fmt.Printf("\n### %s\n\n", title)
	header := "| method |"
	sep := "|---|"
	for _, s := range subsets {
		header += fmt.Sprintf(" MAE log1p (%s) | r log1p (%s) | MAE counts (%s) | r counts (%s) |", s.name, s.name, s.name, s.name)
		sep += "---|---|---|---|"
	}
	fmt.Println(header + " time (s) | epochs |")
	fmt.Println(sep + "---|---|")
	for _, m := range methods {
		row := "| " + m.name + " |"
		for _, s := range subsets {
			sc, err := graphsci.ScoreImputation(m.imputed, truth, s.entries)
			if err != nil {
				return err
			}
			row += fmt.Sprintf(" %.4f | %.4f | %.4f | %.4f |", sc.MAELog1p, sc.PearsonLog1p, sc.MAECounts, sc.PearsonCounts)
		}
		fmt.Println(row + fmt.Sprintf(" %.1f | %s |", m.seconds, m.epochs))
	}
	return nil
}

type subset struct {
	name    string
	entries []int
}

func (b *bench) sergio() error {
	dir := filepath.Join(dataDir(), "sergio", "DS1_regenerated")
	ro := anndata.ReadOptions{GenesInRows: true, SkipOrientationCheck: true}
	noisy, err := anndata.Read(filepath.Join(dir, "simulated_counts_noisy_seed0.csv.gz"), ro)
	if err != nil {
		return err
	}
	truthAD, err := anndata.Read(filepath.Join(dir, "simulated_counts_predropout_seed0.csv.gz"), ro)
	if err != nil {
		return err
	}
	if b.cells > 0 && b.cells < noisy.NObs() {
		rows := rand.New(rand.NewPCG(b.cfg.Seed, 0xCE11)).Perm(noisy.NObs())[:b.cells]
		slices.Sort(rows)
		if noisy, err = subsetCells(noisy, rows); err != nil {
			return err
		}
		if truthAD, err = subsetCells(truthAD, rows); err != nil {
			return err
		}
	}
	truth := truthAD.X.ToDense().Data
	obs := noisy.X.ToDense().Data
	var dropped []int
	for k := range truth {
		if truth[k] > 0 && obs[k] == 0 {
			dropped = append(dropped, k)
		}
	}
	fmt.Fprintf(os.Stderr, "SERGIO DS1: %d cells × %d genes, %d dropped entries\n", noisy.NObs(), noisy.NVars(), len(dropped))
	b.trueNetwork = filepath.Join(dataDir(), "sergio", "De-noised_100G_9T_300cPerT_4_DS1", "gt_GRN.csv")
	methods, err := b.runAll(noisy)
	if err != nil {
		return err
	}
	types, err := readCellTypes(filepath.Join(dir, "cell_types.csv"), noisy.CellNames())
	if err != nil {
		return err
	}
	methods = append(methods, method{name: "reference ceiling: true per-cell-type mean of the pre-dropout counts (uses the truth)",
		imputed: groupMeans(truth, noisy.NVars(), types)})
	return b.printScores(fmt.Sprintf("SERGIO DS1_regenerated (%d cells × %d genes), truth = simulated_counts_predropout", noisy.NObs(), noisy.NVars()),
		methods, truth, []subset{{"dropped", dropped}, {"all", nil}})
}

// readCellTypes reads SERGIO's cell_types.csv (header, then cell,type) and
// returns the type of each named cell.
func readCellTypes(path string, cells []string) ([]string, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	rows, err := csv.NewReader(f).ReadAll()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	byCell := map[string]string{}
	for _, r := range rows[min(1, len(rows)):] {
		if len(r) < 2 {
			return nil, fmt.Errorf("%s: want cell,cell_type rows, got %q", path, r)
		}
		byCell[r[0]] = r[1]
	}
	out := make([]string, len(cells))
	for i, c := range cells {
		t, ok := byCell[c]
		if !ok {
			return nil, fmt.Errorf("%s: no type for cell %q", path, c)
		}
		out[i] = t
	}
	return out, nil
}

// groupMeans replaces each row of x (cells × genes) by the mean row of its
// group.
func groupMeans(x []float32, genes int, groups []string) []float32 {
	sums := map[string][]float64{}
	counts := map[string]int{}
	for i, g := range groups {
		if sums[g] == nil {
			sums[g] = make([]float64, genes)
		}
		for j := range genes {
			sums[g][j] += float64(x[i*genes+j])
		}
		counts[g]++
	}
	out := make([]float32, len(x))
	for i, g := range groups {
		for j := range genes {
			out[i*genes+j] = float32(sums[g][j] / float64(counts[g]))
		}
	}
	return out
}

// subsetCells returns the given cells (rows) of a.
func subsetCells(a *anndata.AnnData, rows []int) (*anndata.AnnData, error) {
	x := a.X.ToDense()
	d := anndata.NewDense(len(rows), x.Cols)
	names := make([]string, len(rows))
	for k, i := range rows {
		copy(d.Row(k), x.Row(i))
		names[k] = a.CellNames()[i]
	}
	return anndata.New(d, names, a.GeneNames())
}

func (b *bench) pbmc3k() error {
	a, labels, err := readLabelled("pbmc3k_clustifyr", "counts_recovered_genes_x_cells.mtx.gz", "meta.tsv", "classified")
	if err != nil {
		return err
	}
	truth := a.X.ToDense().Data
	hidden, err := graphsci.HideEntries(truth, 0.1, b.cfg.Seed+1000)
	if err != nil {
		return err
	}
	masked := &anndata.Dense{Rows: a.NObs(), Cols: a.NVars(), Data: graphsci.ZeroEntries(truth, hidden)}
	input, err := anndata.New(masked, a.CellNames(), a.GeneNames())
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "pbmc3k: %d cells × %d genes, %d hidden entries\n", a.NObs(), a.NVars(), len(hidden))
	start := time.Now()
	methods, err := b.runAll(input)
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "pbmc3k total %.1f s, peak RSS %s\n", time.Since(start).Seconds(), procstat.PeakRSS())
	if err := b.printScores(fmt.Sprintf("pbmc3k (%d cells × %d genes), 10%% of non-zeros hidden (seed %d)", a.NObs(), a.NVars(), b.cfg.Seed+1000),
		methods, truth, []subset{{"hidden", hidden}}); err != nil {
		return err
	}
	if !b.cluster {
		return nil
	}
	if ari, err := labelsVsColumn(a, labels, "seurat_clusters"); err == nil {
		fmt.Fprintf(os.Stderr, "note: ARI between `classified` and the Seurat clusters of the unimputed data: %.4f\n", ari)
	}
	all := append([]method{{name: "original counts (no entries hidden)", imputed: truth}}, methods...)
	return b.clusterTable("pbmc3k", all, a, labels)
}

// clusterTable prints the clustering scores of every method's imputed
// matrices (all entries replaced, and zeros only) against the labels.
func (b *bench) clusterTable(dataset string, all []method, a *anndata.AnnData, labels []string) error {
	k := countDistinct(labels)
	fmt.Printf("\n### %s clustering (normalize_total 1e4 + log1p, 50 PCs; 15-NN graph + Leiden, k-means with k = %d on the PCs and on their t-SNE map; scores vs %d labels; silhouette of the labels on the PCs)\n\n", dataset, k, k)
	fmt.Println("| data | replaced | silhouette | Leiden res 1: clusters | ARI | CA | res searched to k clusters: res | clusters | ARI | CA | k-means ARI | CA | t-SNE + k-means ARI | CA |")
	fmt.Println("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|")
	for _, m := range all {
		name := m.name
		if name == "no imputation" && dataset == "pbmc3k" {
			name = "no imputation (10% hidden)"
		}
		for _, v := range []struct {
			replaced string
			x        []float32
		}{{"all", m.imputed}, {"zeros", m.zerosOnly}} {
			if v.x == nil {
				continue
			}
			replaced := v.replaced
			if m.zerosOnly == nil {
				replaced = "–"
			}
			c, err := clusterScores(v.x, a, labels, k, b.cfg.Seed)
			if err != nil {
				return err
			}
			fmt.Printf("| %s | %s | %.4f | %d | %.4f | %.4f | %.3g | %d | %.4f | %.4f | %.4f | %.4f | %.4f | %.4f |\n", name, replaced, c.silhouette,
				c.fixed.clusters, c.fixed.ari, c.fixed.ca, c.searchedRes, c.searched.clusters, c.searched.ari, c.searched.ca,
				c.kmeans.ari, c.kmeans.ca, c.tsne.ari, c.tsne.ca)
		}
	}
	return nil
}

// labelsVsColumn is the adjusted Rand index between labels and another
// categorical column of a's obs.
func labelsVsColumn(a *anndata.AnnData, labels []string, column string) (float64, error) {
	other, err := a.Obs.Strings(column)
	if err != nil {
		return 0, err
	}
	return eval.AdjustedRandIndex(labels, other)
}

func countDistinct(labels []string) int {
	distinct := map[string]bool{}
	for _, l := range labels {
		distinct[l] = true
	}
	return len(distinct)
}

// partitionScore scores one clustering against the labels.
type partitionScore struct {
	clusters int
	ari, ca  float64
}

// clusterResult holds the clustering scores of one matrix.
type clusterResult struct {
	silhouette      float64
	fixed, searched partitionScore
	searchedRes     float64
	// kmeans is k-means with k = the number of labels on the PCs; tsne is
	// k-means on a t-SNE map of the PCs (the paper's protocol).
	kmeans, tsne partitionScore
}

// clusterScores log-normalises a cells × genes matrix, runs PCA and the
// kNN graph, clusters with Leiden at resolution 1 and at the resolution
// that gives target clusters, with k-means (k = target, 10 starts) on the
// PCs and on a t-SNE map of them (the paper's protocol), and scores all four
// against the labels.
func clusterScores(x []float32, ref *anndata.AnnData, labels []string, target int, seed uint64) (clusterResult, error) {
	var res clusterResult
	d := &anndata.Dense{Rows: ref.NObs(), Cols: ref.NVars(), Data: append([]float32(nil), x...)}
	a, err := anndata.New(d, ref.CellNames(), ref.GeneNames())
	if err != nil {
		return res, err
	}
	if err := pp.NormalizeTotal(a, pp.NormalizeOptions{TargetSum: 1e4}); err != nil {
		return res, err
	}
	if err := pp.Log1p(a, 0); err != nil {
		return res, err
	}
	if err := pp.PCA(a, pp.PCAOptions{NComps: 50, MaskVar: "none", Seed: seed}); err != nil {
		return res, err
	}
	if err := tl.Neighbors(a, tl.NeighborsOptions{KNNOptions: tl.KNNOptions{K: 15, Seed: seed}}); err != nil {
		return res, err
	}
	opt := tl.ClusterOptions{Seed: seed, Resolution: 1}
	fixed, err := tl.Partition(tl.AlgLeiden, a.Obsp["connectivities"], opt)
	if err != nil {
		return res, err
	}
	if res.fixed, err = scorePartition(labels, fixed); err != nil {
		return res, err
	}
	search, err := tl.ResolutionForClusters(tl.AlgLeiden, a.Obsp["connectivities"], target, 0, 0, 0, opt)
	if search == nil {
		return res, err
	}
	if err != nil {
		fmt.Fprintln(os.Stderr, "note:", err)
	}
	res.searchedRes = search.Resolution
	if res.searched, err = scorePartition(labels, search.Labels); err != nil {
		return res, err
	}
	rep, err := tl.Representation(a, "X_pca", 0)
	if err != nil {
		return res, err
	}
	if res.kmeans, err = kmeansScore(rep, labels, target, seed); err != nil {
		return res, err
	}
	emb, err := tl.TSNEEmbed(rep, tl.TSNEOptions{Seed: seed})
	if err != nil {
		return res, err
	}
	if res.tsne, err = kmeansScore(emb, labels, target, seed); err != nil {
		return res, err
	}
	res.silhouette, err = eval.Silhouette(rep, labels, eval.SilhouetteOptions{Threads: 2})
	return res, err
}

// kmeansScore clusters the rows of x with k-means (k clusters) and scores
// the partition against the labels.
func kmeansScore(x *mat.Dense, labels []string, k int, seed uint64) (partitionScore, error) {
	km, err := tl.KMeans(x, k, tl.KMeansOptions{Seed: seed})
	if err != nil {
		return partitionScore{}, err
	}
	return scorePartition(labels, km.Labels)
}

func scorePartition(labels []string, partition []int) (partitionScore, error) {
	clusters := make([]string, len(partition))
	k := 0
	for i, p := range partition {
		clusters[i] = strconv.Itoa(p)
		k = max(k, p+1)
	}
	ari, err := eval.AdjustedRandIndex(labels, clusters)
	if err != nil {
		return partitionScore{}, err
	}
	ca, err := eval.ClusteringAccuracy(labels, clusters)
	return partitionScore{clusters: k, ari: ari, ca: ca}, err
}

// readLabelled reads a Matrix Market dataset of the data folder (with
// barcodes.tsv and genes.tsv beside it), its obs table and one label column.
func readLabelled(folder, matrix, obsFile, column string) (*anndata.AnnData, []string, error) {
	dir := filepath.Join(dataDir(), folder)
	a, err := anndata.Read(filepath.Join(dir, matrix), anndata.ReadOptions{
		CellsFile: filepath.Join(dir, "barcodes.tsv"), GenesFile: filepath.Join(dir, "genes.tsv")})
	if err != nil {
		return nil, nil, err
	}
	if err := anndata.ReadObsTable(a, filepath.Join(dir, obsFile)); err != nil {
		return nil, nil, err
	}
	labels, err := a.Obs.Strings(column)
	return a, labels, err
}

// pbmc68k imputes scanpy's pbmc68k_reduced counts (nothing hidden) and
// scores clustering against its bulk_labels, which come from correlation
// with sorted bulk populations rather than from clustering these cells (the
// pbmc3k labels are the Seurat clusters of the unimputed data).
func (b *bench) pbmc68k() error {
	a, labels, err := readLabelled("pbmc68k_reduced", "counts_cells_x_genes.mtx.gz", "obs.tsv", "bulk_labels")
	if err != nil {
		return err
	}
	fmt.Fprintf(os.Stderr, "pbmc68k_reduced: %d cells × %d genes\n", a.NObs(), a.NVars())
	methods, err := b.runAll(a)
	if err != nil {
		return err
	}
	for _, m := range methods {
		fmt.Fprintf(os.Stderr, "%s: %.1f s, epochs %s\n", m.name, m.seconds, m.epochs)
	}
	return b.clusterTable("pbmc68k_reduced (bulk_labels)", methods, a, labels)
}

func (b *bench) tenx() error {
	dir := filepath.Join(dataDir(), "scanpy_tests")
	a, err := anndata.Read(filepath.Join(dir, "10x-10k-subset.counts_cells_x_genes.mtx.gz"), anndata.ReadOptions{
		CellsFile: filepath.Join(dir, "10x-10k-subset.barcodes.tsv"), GenesFile: filepath.Join(dir, "10x-10k-subset.genes.tsv"), MakeUnique: true})
	if err != nil {
		return err
	}
	start := time.Now()
	data, err := graphsci.Prepare(a.X, a.GeneNames(), graphsci.PrepareOptions{AllowNonInteger: true})
	if err != nil {
		return err
	}
	graph, err := graphsci.CorrelationGraph(data.X, data.Cells, data.Genes, b.cfg.Threshold)
	if err != nil {
		return err
	}
	prep := time.Since(start)
	m, err := graphsci.Train(context.Background(), data, graph, b.cfg, graphsci.TrainOptions{})
	if err != nil {
		return err
	}
	defer m.Close()
	h := m.History()
	fmt.Printf("\n### 10x 10k subset (%d cells × %d genes, %d graph edges, sparse=%v, adjacency pairs/step %d)\n\n", data.Cells, data.Genes, graph.NumEdges(), m.Sparse(), m.AdjacencyPairs())
	fmt.Printf("preparation + correlation graph %.1f s; ", prep.Seconds())
	var secs []string
	for _, e := range h {
		secs = append(secs, fmt.Sprintf("%.1f", e.Seconds))
	}
	fmt.Printf("per-epoch seconds (incl. validation pass): %s; peak RSS %s\n", strings.Join(secs, ", "), procstat.PeakRSS())
	return nil
}

// describeImputation prints diagnostics of a trained model (-v): the norms
// of the gene latent means and how far the imputed values go beyond each
// gene's largest observed size-normalised count.
func describeImputation(m *graphsci.Model, data *graphsci.Data, imp []float32) error {
	z, err := m.GeneEmbedding()
	if err != nil {
		return err
	}
	d := len(z) / data.Genes
	norms := make([]float64, data.Genes)
	for g := range data.Genes {
		var s float64
		for k := range d {
			s += float64(z[g*d+k]) * float64(z[g*d+k])
		}
		norms[g] = math.Sqrt(s)
	}
	sort.Float64s(norms)
	q := func(v []float64, p float64) float64 { return v[int(p*float64(len(v)-1))] }
	fmt.Fprintf(os.Stderr, "gene latent mean norm: min %.3g median %.3g p99 %.3g max %.3g\n", norms[0], q(norms, 0.5), q(norms, 0.99), norms[len(norms)-1])
	geneMax := make([]float64, data.Genes)
	for c := range data.Cells {
		for g := range data.Genes {
			geneMax[g] = math.Max(geneMax[g], float64(data.Counts[c*data.Genes+g]))
		}
	}
	ratios := make([]float64, 0, len(imp))
	over, worst, worstGene := 0, 0.0, 0
	for c := range data.Cells {
		for g := range data.Genes {
			r := float64(imp[c*data.Genes+g]) / math.Max(geneMax[g], 1)
			ratios = append(ratios, r)
			if r > 10 {
				over++
			}
			if r > worst {
				worst, worstGene = r, g
			}
		}
	}
	sort.Float64s(ratios)
	fmt.Fprintf(os.Stderr, "imputed / gene's max count: median %.3g p99 %.3g p99.99 %.3g max %.3g (gene %s, max count %.0f); %d entries > 10×\n",
		q(ratios, 0.5), q(ratios, 0.99), q(ratios, 0.9999), worst, data.GeneNames[worstGene], geneMax[worstGene], over)
	in, out := cellVariation(data, data.Counts), cellVariation(data, imp)
	fmt.Fprintf(os.Stderr, "cell-to-cell variation, mean over genes of the s.d. across cells of log(x/s + 1): input %.3g, imputed %.3g\n", in, out)
	return nil
}

// cellVariation is the mean over genes of the standard deviation across
// cells of log(x/s + 1), x cells × genes counts and s the size factors: 0
// when every cell gets the gene's mean scaled by its size factor.
func cellVariation(data *graphsci.Data, x []float32) float64 {
	var total float64
	for g := range data.Genes {
		var sum, sumSq float64
		for c := range data.Cells {
			v := math.Log(float64(x[c*data.Genes+g])/data.SizeFactors[c] + 1)
			sum += v
			sumSq += v * v
		}
		mean := sum / float64(data.Cells)
		total += math.Sqrt(math.Max(sumSq/float64(data.Cells)-mean*mean, 0))
	}
	return total / float64(data.Genes)
}
