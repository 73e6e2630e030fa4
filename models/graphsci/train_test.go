package graphsci

import (
	"context"
	"math"
	"slices"
	"testing"
)

func smallConfig() Config {
	cfg := DefaultConfig()
	cfg.Epochs = 3
	cfg.BatchSize = 32
	cfg.Latent = 4
	cfg.GeneHidden = 4
	cfg.DecoderHidden = 8
	return cfg
}

func trainSmall(t *testing.T, cfg Config, sparse bool) (*Model, *Data) {
	t.Helper()
	counts, genes := syntheticCounts(80, 24, 3)
	data, err := Prepare(counts, genes, PrepareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	graph, err := CorrelationGraph(data.X, data.Cells, data.Genes, 0.2)
	if err != nil {
		t.Fatal(err)
	}
	if graph.NumEdges() == 0 {
		t.Fatal("synthetic data gave an empty correlation graph")
	}
	if sparse {
		cfg.SparseDensity = 1
		cfg.AdjacencyPairs = 200
	} else {
		cfg.SparseDensity = 0
	}
	m, err := Train(context.Background(), data, graph, cfg, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m, data
}

func TestTrainShapesAndReproducibility(t *testing.T) {
	for _, sparse := range []bool{false, true} {
		m1, data := trainSmall(t, smallConfig(), sparse)
		if m1.Sparse() != sparse {
			t.Fatalf("sparse=%v: model chose sparse=%v", sparse, m1.Sparse())
		}
		imp1, err := m1.Impute()
		if err != nil {
			t.Fatal(err)
		}
		if len(imp1) != data.Cells*data.Genes {
			t.Fatalf("imputed %d values, want %d", len(imp1), data.Cells*data.Genes)
		}
		for k, v := range imp1 {
			if !(v >= 0) {
				t.Fatalf("imputed value %d = %g", k, v)
			}
		}
		if h := m1.History(); len(h) == 0 || h[0].Epoch != 1 {
			t.Fatalf("history %+v", h)
		}
		m2, _ := trainSmall(t, smallConfig(), sparse)
		imp2, err := m2.Impute()
		if err != nil {
			t.Fatal(err)
		}
		if !slices.Equal(imp1, imp2) {
			t.Fatalf("sparse=%v: same seed gave different imputations", sparse)
		}
		cfg := smallConfig()
		cfg.Seed = 99
		m3, _ := trainSmall(t, cfg, sparse)
		imp3, _ := m3.Impute()
		if slices.Equal(imp1, imp3) {
			t.Fatalf("sparse=%v: different seeds gave identical imputations", sparse)
		}
		edges, err := m1.RefinedNetwork(0, 5)
		if err != nil || len(edges) != 5 {
			t.Fatalf("refined network: %v, %d edges", err, len(edges))
		}
		for k := 1; k < len(edges); k++ {
			if edges[k].Weight > edges[k-1].Weight {
				t.Fatal("refined edges not sorted by probability")
			}
		}
	}
}

// TestTrainingOptionsChangeImputation checks that each opt-in training
// option (Config.LatentMask, Config.CellLatent, Config.GeneLatentMean) trains a different
// model from the default and still imputes finite, non-negative counts.
func TestTrainingOptionsChangeImputation(t *testing.T) {
	base, data := trainSmall(t, smallConfig(), false)
	a, err := base.Impute()
	if err != nil {
		t.Fatal(err)
	}
	for _, opt := range []struct {
		name string
		set  func(*Config)
	}{
		{"LatentMask", func(c *Config) { c.LatentMask = true }},
		{"CellLatent", func(c *Config) { c.CellLatent = true }},
		{"CellLatent+GeneLatentMean", func(c *Config) { c.CellLatent, c.GeneLatentMean = true, true }},
		{"LatentMask+GeneLatentMean", func(c *Config) { c.LatentMask, c.GeneLatentMean = true, true }},
	} {
		cfg := smallConfig()
		opt.set(&cfg)
		m, _ := trainSmall(t, cfg, false)
		b, err := m.Impute()
		if err != nil {
			t.Fatal(err)
		}
		if len(b) != data.Cells*data.Genes {
			t.Fatalf("%s: imputed %d values, want %d", opt.name, len(b), data.Cells*data.Genes)
		}
		for k, v := range b {
			if !(v >= 0) || math.IsInf(float64(v), 0) {
				t.Fatalf("%s: imputed value %d = %g", opt.name, k, v)
			}
		}
		if slices.Equal(a, b) {
			t.Errorf("%s had no effect on the imputation", opt.name)
		}
	}
}

// groupSeparation is the fraction of cells of the synthetic data whose
// imputed counts put them in the right group: group 0 triples the genes
// with j%3 == 0, group 1 those with (j+1)%3 == 0.
func groupSeparation(data *Data, imputed []float32) float64 {
	right := 0
	for c := range data.Cells {
		var up, down float64
		for j := range data.Genes {
			v := math.Log(float64(imputed[c*data.Genes+j])/data.SizeFactors[c] + 1)
			switch {
			case j%3 == 0:
				up += v
			case (j+1)%3 == 0:
				down += v
			}
		}
		if (up > down) == (c%2 == 0) {
			right++
		}
	}
	return float64(right) / float64(data.Cells)
}

// TestDefaultCellBranchKeepsCellGroups checks that the default cell branch
// (paper eqs. 5–6) imputes counts that still tell the two synthetic cell
// groups apart. The Config.CellLatent branch collapses towards per-gene
// constants here, as on real data; its figure is logged, not required.
func TestDefaultCellBranchKeepsCellGroups(t *testing.T) {
	cfg := smallConfig()
	cfg.Epochs, cfg.ValidationFraction = 300, 0
	separation := func(m *Model, data *Data) float64 {
		imp, err := m.Impute()
		if err != nil {
			t.Fatal(err)
		}
		return groupSeparation(data, imp)
	}
	dense, data := trainSmall(t, cfg, false)
	cfg.CellLatent = true
	coupled, _ := trainSmall(t, cfg, false)
	got := separation(dense, data)
	t.Logf("cells in the right group: observed counts %.2f, default %.2f, cell latent %.2f",
		groupSeparation(data, data.Counts), got, separation(coupled, data))
	if got < 0.8 {
		t.Fatalf("default cell branch separates %.2f of the cells, want ≥ 0.8 (a per-gene constant gives 0.5)", got)
	}
}

func TestGeneLatentMeanNeedsAReader(t *testing.T) {
	cfg := DefaultConfig()
	cfg.GeneLatentMean = true
	if err := cfg.Validate(); err == nil {
		t.Fatal("gene-latent mean accepted without the cell latent or the latent mask (it would be silently ignored)")
	}
	cfg.CellLatent = true
	if err := cfg.Validate(); err != nil {
		t.Fatal(err)
	}
}
