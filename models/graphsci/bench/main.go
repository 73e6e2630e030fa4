// Command bench evaluates GraphSCI imputation against baselines on data
// with an exact truth (issue 6):
//
//	go run ./models/graphsci/bench -dataset sergio   # SERGIO DS1: dropped entries
//	go run ./models/graphsci/bench -dataset pbmc3k   # 10% of non-zeros hidden + clustering
//	go run ./models/graphsci/bench -dataset tenx     # per-epoch time on 10k cells
//
// It prints a Markdown table per dataset. Data are read from ../shared/data
// (the REGULA_DATA environment variable overrides it).
package main

import (
	"bufio"
	"context"
	"flag"
	"fmt"
	"log"
	"math"
	"os"
	"path/filepath"
	"strings"
	"time"

	"regula/anndata"
	"regula/eval"
	"regula/models/graphsci"
	"regula/pp"
	"regula/tl"
)

func main() {
	dataset := flag.String("dataset", "sergio", "sergio, pbmc3k or tenx")
	epochs := flag.Int("epochs", 100, "maximum epochs")
	seed := flag.Uint64("seed", 1, "seed")
	nb := flag.Bool("nb", false, "NB likelihood instead of ZINB")
	threshold := flag.Float64("threshold", 0.3, "|r| threshold of the gene graph")
	batch := flag.Int("batch", 256, "cells per minibatch")
	lr := flag.Float64("lr", 0.01, "initial learning rate")
	verbose := flag.Bool("v", false, "print training progress")
	adjWeight := flag.Float64("adj-weight", 1, "adjacency loss weight")
	flag.Parse()
	cfg := graphsci.DefaultConfig()
	cfg.Epochs, cfg.Seed, cfg.Threshold, cfg.BatchSize, cfg.LearningRate = *epochs, *seed, *threshold, *batch, *lr
	cfg.AdjacencyWeight = *adjWeight
	if *nb {
		cfg.Likelihood = graphsci.NB
	}
	b := &bench{cfg: cfg, verbose: *verbose}
	var err error
	switch *dataset {
	case "sergio":
		err = b.sergio()
	case "pbmc3k":
		err = b.pbmc3k()
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
	cfg     graphsci.Config
	verbose bool
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
	seconds float64
	epochs  string
}

// runAll imputes input with the baselines and GraphSCI (correlation and
// empty graph) and returns the results in table order.
func (b *bench) runAll(input *anndata.AnnData) ([]method, error) {
	data, err := graphsci.Prepare(input.X, input.GeneNames(), graphsci.PrepareOptions{})
	if err != nil {
		return nil, err
	}
	for _, n := range data.Notes {
		fmt.Fprintln(os.Stderr, "note:", n)
	}
	orig := input.X.ToDense().Data
	methods := []method{{name: "no imputation", imputed: orig}}
	start := time.Now()
	knn, err := graphsci.KNNSmooth(data, 15, 50, b.cfg.Seed)
	if err != nil {
		return nil, err
	}
	full, err := data.ExpandToInput(knn, input.X)
	if err != nil {
		return nil, err
	}
	methods = append(methods, method{name: "kNN smoothing (k=15, 50 PCs)", imputed: full.Data, seconds: time.Since(start).Seconds()})
	graph, err := graphsci.CorrelationGraph(data.X, data.Cells, data.Genes, b.cfg.Threshold)
	if err != nil {
		return nil, err
	}
	deg := graph.Degrees()
	var meanDeg float64
	for _, d := range deg {
		meanDeg += float64(d)
	}
	fmt.Fprintf(os.Stderr, "gene graph: %d genes, %d edges, mean degree %.1f, density(A+I) %.4f\n", graph.N, graph.NumEdges(), meanDeg/float64(graph.N), graph.Density())
	empty := &graphsci.GeneGraph{N: data.Genes}
	for _, v := range []struct {
		name  string
		graph *graphsci.GeneGraph
	}{{fmt.Sprintf("GraphSCI (|r| > %.2g graph, %d edges)", b.cfg.Threshold, graph.NumEdges()), graph}, {"GraphSCI, empty gene graph", empty}} {
		start := time.Now()
		opts := graphsci.TrainOptions{}
		if b.verbose {
			opts.Progress = os.Stderr
		}
		m, err := graphsci.Train(context.Background(), data, v.graph, b.cfg, opts)
		if err != nil {
			return nil, err
		}
		imp, err := m.Impute()
		if err != nil {
			return nil, err
		}
		full, err := data.ExpandToInput(imp, input.X)
		if err != nil {
			return nil, err
		}
		h := m.History()
		for _, n := range m.Notes() {
			fmt.Fprintln(os.Stderr, "note:", n)
		}
		fmt.Fprintf(os.Stderr, "%s: %d epochs, best %d, %.1f s/epoch, sparse=%v pairs=%d\n", v.name, len(h), m.BestEpoch(),
			m.Duration().Seconds()/float64(len(h)), m.Sparse(), m.AdjacencyPairs())
		methods = append(methods, method{name: v.name, imputed: full.Data, seconds: time.Since(start).Seconds(),
			epochs: fmt.Sprintf("%d (best %d)", len(h), m.BestEpoch())})
		m.Close()
	}
	return methods, nil
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
	truth := truthAD.X.ToDense().Data
	obs := noisy.X.ToDense().Data
	var dropped []int
	for k := range truth {
		if truth[k] > 0 && obs[k] == 0 {
			dropped = append(dropped, k)
		}
	}
	fmt.Fprintf(os.Stderr, "SERGIO DS1: %d cells × %d genes, %d dropped entries\n", noisy.NObs(), noisy.NVars(), len(dropped))
	methods, err := b.runAll(noisy)
	if err != nil {
		return err
	}
	return b.printScores(fmt.Sprintf("SERGIO DS1_regenerated (%d cells × %d genes), truth = simulated_counts_predropout", noisy.NObs(), noisy.NVars()),
		methods, truth, []subset{{"dropped", dropped}, {"all", nil}})
}

func (b *bench) pbmc3k() error {
	dir := filepath.Join(dataDir(), "pbmc3k_clustifyr")
	a, err := anndata.Read(filepath.Join(dir, "counts_recovered_genes_x_cells.mtx.gz"), anndata.ReadOptions{
		CellsFile: filepath.Join(dir, "barcodes.tsv"), GenesFile: filepath.Join(dir, "genes.tsv")})
	if err != nil {
		return err
	}
	if err := anndata.ReadObsTable(a, filepath.Join(dir, "meta.tsv")); err != nil {
		return err
	}
	labels, err := a.Obs.Strings("classified")
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
	fmt.Fprintf(os.Stderr, "pbmc3k total %.1f s, peak RSS %s\n", time.Since(start).Seconds(), peakRSS())
	if err := b.printScores(fmt.Sprintf("pbmc3k (%d cells × %d genes), 10%% of non-zeros hidden (seed %d)", a.NObs(), a.NVars(), b.cfg.Seed+1000),
		methods, truth, []subset{{"hidden", hidden}}); err != nil {
		return err
	}
	fmt.Printf("\n### pbmc3k clustering (Leiden on 50 PCs of log-normalised values, k = 15; silhouette of the `classified` labels on the PCs)\n\n")
	fmt.Println("| data | clusters | ARI | clustering accuracy | silhouette |")
	fmt.Println("|---|---|---|---|---|")
	all := append([]method{{name: "original counts (no entries hidden)", imputed: truth}}, methods...)
	for _, m := range all {
		name := m.name
		if name == "no imputation" {
			name = "no imputation (10% hidden)"
		}
		k, ari, ca, sil, err := clusterScores(m.imputed, a, labels, b.cfg.Seed)
		if err != nil {
			return err
		}
		fmt.Printf("| %s | %d | %.4f | %.4f | %.4f |\n", name, k, ari, ca, sil)
	}
	return nil
}

// clusterScores log-normalises a cells × genes matrix, runs PCA, kNN and
// Leiden, and scores the clusters against the labels.
func clusterScores(x []float32, ref *anndata.AnnData, labels []string, seed uint64) (int, float64, float64, float64, error) {
	d := &anndata.Dense{Rows: ref.NObs(), Cols: ref.NVars(), Data: append([]float32(nil), x...)}
	a, err := anndata.New(d, ref.CellNames(), ref.GeneNames())
	if err != nil {
		return 0, 0, 0, 0, err
	}
	if err := pp.NormalizeTotal(a, pp.NormalizeOptions{TargetSum: 1e4}); err != nil {
		return 0, 0, 0, 0, err
	}
	if err := pp.Log1p(a, 0); err != nil {
		return 0, 0, 0, 0, err
	}
	if err := pp.PCA(a, pp.PCAOptions{NComps: 50, MaskVar: "none", Seed: seed}); err != nil {
		return 0, 0, 0, 0, err
	}
	if err := tl.Neighbors(a, tl.NeighborsOptions{KNNOptions: tl.KNNOptions{K: 15, Seed: seed}}); err != nil {
		return 0, 0, 0, 0, err
	}
	if err := tl.Leiden(a, tl.ClusterObsOptions{ClusterOptions: tl.ClusterOptions{Seed: seed}}); err != nil {
		return 0, 0, 0, 0, err
	}
	clusters, err := a.Obs.Strings("leiden")
	if err != nil {
		return 0, 0, 0, 0, err
	}
	ari, err := eval.AdjustedRandIndex(labels, clusters)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	ca, err := eval.ClusteringAccuracy(labels, clusters)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	rep, err := tl.Representation(a, "X_pca", 0)
	if err != nil {
		return 0, 0, 0, 0, err
	}
	sil, err := eval.Silhouette(rep, labels, eval.SilhouetteOptions{Threads: 2})
	if err != nil {
		return 0, 0, 0, 0, err
	}
	distinct := map[string]bool{}
	for _, c := range clusters {
		distinct[c] = true
	}
	return len(distinct), ari, ca, sil, nil
}

func (b *bench) tenx() error {
	dir := filepath.Join(dataDir(), "scanpy_tests")
	a, err := anndata.Read(filepath.Join(dir, "10x-10k-subset.counts_cells_x_genes.mtx.gz"), anndata.ReadOptions{
		CellsFile: filepath.Join(dir, "10x-10k-subset.barcodes.tsv"), GenesFile: filepath.Join(dir, "10x-10k-subset.genes.tsv")})
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
	fmt.Printf("per-epoch seconds (incl. validation pass): %s; peak RSS %s\n", strings.Join(secs, ", "), peakRSS())
	return nil
}

// peakRSS reads the process's peak resident set size (Linux VmHWM).
func peakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb float64
			fmt.Sscan(strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "kB")), &kb)
			return fmt.Sprintf("%.0f MiB", math.Round(kb/1024))
		}
	}
	return "n/a"
}
