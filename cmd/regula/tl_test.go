package main

import (
	"fmt"
	"math/rand/v2"
	"path/filepath"
	"strings"
	"testing"

	"regula/anndata"
)

// writeBlobsH5AD writes 3 well-separated clusters of 40 cells with an
// obsm["X_pca"] to an .h5ad file.
func writeBlobsH5AD(t *testing.T, path string) {
	t.Helper()
	const n, d = 120, 5
	rng := rand.New(rand.NewPCG(1, 2))
	cells := make([]string, n)
	genes := make([]string, d)
	for j := range genes {
		genes[j] = fmt.Sprintf("g%d", j)
	}
	pca := anndata.NewDense(n, d)
	for i := range n {
		cells[i] = fmt.Sprintf("cell%03d", i)
		for j := range d {
			centre := 0.0
			if j == i%3 {
				centre = 10
			}
			pca.Set(i, j, float32(centre+rng.NormFloat64()))
		}
	}
	a, err := anndata.New(pca.Clone(), cells, genes)
	if err != nil {
		t.Fatal(err)
	}
	a.Obsm["X_pca"] = pca
	if err := anndata.WriteH5AD(path, a); err != nil {
		t.Fatal(err)
	}
}

func TestTLPipeline(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.h5ad")
	writeBlobsH5AD(t, in)
	steps := [][]string{
		{"tl", "neighbors", in, "--out", filepath.Join(dir, "nn.h5ad"), "--n-neighbors", "10"},
		// Small blobs split at resolution 1 (modularity's preference), so ask
		// for the number of clusters.
		{"tl", "cluster", filepath.Join(dir, "nn.h5ad"), "--out", filepath.Join(dir, "cl.h5ad"), "--n-clusters", "3"},
		{"tl", "umap", filepath.Join(dir, "cl.h5ad"), "--out", filepath.Join(dir, "umap.h5ad"), "--n-epochs", "50", "--seed", "3"},
		{"tl", "tsne", filepath.Join(dir, "umap.h5ad"), "--out", filepath.Join(dir, "out.h5ad"), "--perplexity", "10", "--iterations", "300"},
	}
	for _, args := range steps {
		if code, _, errOut := runMain(args...); code != 0 {
			t.Fatalf("%v: exit %d: %s", args, code, errOut)
		}
	}
	a, err := anndata.ReadH5AD(filepath.Join(dir, "out.h5ad"))
	if err != nil {
		t.Fatal(err)
	}
	for _, key := range []string{"connectivities", "distances"} {
		if _, ok := a.Obsp[key]; !ok {
			t.Errorf("obsp[%q] missing", key)
		}
	}
	for _, key := range []string{"X_umap", "X_tsne"} {
		if m, ok := a.Obsm[key]; !ok || m.Cols != 2 {
			t.Errorf("obsm[%q] missing or not 2-D", key)
		}
	}
	col, ok := a.Obs.Col("leiden").(*anndata.Categorical)
	if !ok || len(col.Categories) != 3 {
		t.Fatalf("obs[leiden] = %v, want 3 categories", a.Obs.Col("leiden"))
	}
	groupOf := map[int]int32{}
	for i, c := range col.Codes {
		if g, seen := groupOf[i%3]; seen && g != c {
			t.Fatalf("cell %d in cluster %d, its blob is in cluster %d", i, c, g)
		}
		groupOf[i%3] = c
	}
}

func TestTLUsageErrors(t *testing.T) {
	dir := t.TempDir()
	in := filepath.Join(dir, "in.h5ad")
	writeBlobsH5AD(t, in)
	for _, tc := range []struct {
		args []string
		code int
		want string
	}{
		{[]string{"tl", "dance", in, "--out", filepath.Join(dir, "o.h5ad")}, 2, "unknown action"},
		{[]string{"tl", "neighbors", in}, 2, "--out"},
		{[]string{"tl", "umap", in, "--out", filepath.Join(dir, "o.h5ad")}, 1, "tl neighbors"},
		{[]string{"tl", "neighbors", in, "--out", filepath.Join(dir, "o.h5ad"), "--use-rep", "X_scvi"}, 1, "X_scvi"},
		{[]string{"tl", "cluster", in, "--out", filepath.Join(dir, "o.h5ad"), "--method", "kmeans"}, 2, "kmeans"},
	} {
		code, _, errOut := runMain(tc.args...)
		if code != tc.code || !strings.Contains(errOut, tc.want) {
			t.Errorf("%v: exit %d (want %d), stderr %q (want %q)", tc.args[1:], code, tc.code, errOut, tc.want)
		}
	}
}
