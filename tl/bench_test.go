package tl

import (
	"testing"
	"time"

	"regula/anndata"
	"regula/internal/testdata"
	"regula/pp"
)

// BenchmarkNeighborsLeidenUMAP10k times neighbours (NN-descent), Leiden and
// UMAP on scanpy's 10k-cell test subset after normalize_total, log1p and
// PCA(50) (not timed). Run with
//
//	go test ./tl -run '^$' -bench 10k -benchtime 1x
func BenchmarkNeighborsLeidenUMAP10k(b *testing.B) {
	a, err := anndata.Read(testdata.Path(b, "scanpy_tests", "10x-10k-subset.counts_cells_x_genes.mtx.gz"), anndata.ReadOptions{MakeUnique: true})
	if err != nil {
		b.Fatal(err)
	}
	if err := pp.NormalizeTotal(a, pp.NormalizeOptions{TargetSum: 1e4}); err != nil {
		b.Fatal(err)
	}
	if err := pp.Log1p(a, 0); err != nil {
		b.Fatal(err)
	}
	if err := pp.PCA(a, pp.PCAOptions{NComps: 50}); err != nil {
		b.Fatal(err)
	}
	b.ResetTimer()
	for range b.N {
		t0 := time.Now()
		if err := Neighbors(a, NeighborsOptions{}); err != nil {
			b.Fatal(err)
		}
		t1 := time.Now()
		if err := Leiden(a, ClusterObsOptions{}); err != nil {
			b.Fatal(err)
		}
		t2 := time.Now()
		if err := UMAP(a, UMAPObsOptions{}); err != nil {
			b.Fatal(err)
		}
		t3 := time.Now()
		k := len(a.Obs.Col("leiden").(*anndata.Categorical).Categories)
		b.Logf("%d cells: neighbors %v, leiden %v (%d clusters), umap %v", a.NObs(), t1.Sub(t0), t2.Sub(t1), k, t3.Sub(t2))
	}
}
