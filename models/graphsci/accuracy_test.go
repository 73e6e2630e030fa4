package graphsci

import (
	"context"
	"testing"

	"regula/anndata"
	"regula/internal/testdata"
)

// TestSERGIODroppedEntries imputes SERGIO DS1 (noisy counts) and checks
// that GraphSCI recovers the dropped entries better than no imputation and
// than kNN smoothing (MAE on the log1p scale, the paper's measure).
func TestSERGIODroppedEntries(t *testing.T) {
	if testing.Short() {
		t.Skip("trains GraphSCI on 2700 cells (about 20 s)")
	}
	ro := anndata.ReadOptions{GenesInRows: true, SkipOrientationCheck: true}
	noisy, err := anndata.Read(testdata.Path(t, "sergio", "DS1_regenerated", "simulated_counts_noisy_seed0.csv.gz"), ro)
	if err != nil {
		t.Fatal(err)
	}
	truthAD, err := anndata.Read(testdata.Path(t, "sergio", "DS1_regenerated", "simulated_counts_predropout_seed0.csv.gz"), ro)
	if err != nil {
		t.Fatal(err)
	}
	truth, observed := truthAD.X.ToDense().Data, noisy.X.ToDense().Data
	var dropped []int
	for k := range truth {
		if truth[k] > 0 && observed[k] == 0 {
			dropped = append(dropped, k)
		}
	}
	data, err := Prepare(noisy.X, noisy.GeneNames(), PrepareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	graph, err := CorrelationGraph(data.X, data.Cells, data.Genes, 0.1)
	if err != nil {
		t.Fatal(err)
	}
	cfg := DefaultConfig()
	cfg.Epochs = 30
	m, err := Train(context.Background(), data, graph, cfg, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	imputed, err := m.Impute()
	if err != nil {
		t.Fatal(err)
	}
	full, err := data.ExpandToInput(imputed, noisy.X)
	if err != nil {
		t.Fatal(err)
	}
	knn, err := KNNSmooth(data, 15, 50, 1)
	if err != nil {
		t.Fatal(err)
	}
	knnFull, err := data.ExpandToInput(knn, noisy.X)
	if err != nil {
		t.Fatal(err)
	}
	score := func(x []float32) ImputationScore {
		s, err := ScoreImputation(x, truth, dropped)
		if err != nil {
			t.Fatal(err)
		}
		return s
	}
	g, k, none := score(full.Data), score(knnFull.Data), score(observed)
	t.Logf("dropped entries MAE log1p: GraphSCI %.4f, kNN %.4f, none %.4f (graph %d edges)", g.MAELog1p, k.MAELog1p, none.MAELog1p, graph.NumEdges())
	if !(g.MAELog1p < k.MAELog1p && g.MAELog1p < none.MAELog1p) {
		t.Fatalf("GraphSCI MAE %.4f does not beat kNN %.4f and no imputation %.4f", g.MAELog1p, k.MAELog1p, none.MAELog1p)
	}
}
