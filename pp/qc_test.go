package pp

import (
	"slices"
	"testing"

	"regula/anndata"
)

func TestCalculateQCMetrics(t *testing.T) {
	rows := [][]float64{{1, 0, 3}, {0, 0, 0}, {2, 5, 0}}
	bothKinds(t, rows, func(t *testing.T, a *anndata.AnnData) {
		a.Var.Index = []string{"CD3E", "MT-CO1", "MT-ND1"}
		if err := CalculateQCMetrics(a, ""); err != nil {
			t.Fatal(err)
		}
		checkVector(t, "total_counts", floatCol(t, a.Obs, "total_counts"), []float64{4, 0, 7}, 1e-12)
		checkVector(t, "pct_counts_mt", floatCol(t, a.Obs, "pct_counts_mt"), []float64{75, 0, 500.0 / 7}, 1e-12)
		if got := a.Obs.Col("n_genes_by_counts").(*anndata.IntColumn).Values; !slices.Equal(got, []int64{2, 0, 2}) {
			t.Fatalf("n_genes_by_counts = %v", got)
		}
		if got := boolCol(t, a.Var, "mt"); !slices.Equal(got, []bool{false, true, true}) {
			t.Fatalf("mt = %v", got)
		}
		checkVector(t, "mean_counts", floatCol(t, a.Var, "mean_counts"), []float64{1, 5.0 / 3, 1}, 1e-12)
		checkVector(t, "pct_dropout_by_counts", floatCol(t, a.Var, "pct_dropout_by_counts"), []float64{100.0 / 3, 200.0 / 3, 200.0 / 3}, 1e-12)
	})
}
