package main

import (
	"math"
	"path/filepath"
	"strings"
	"testing"

	"regula/anndata"
	"regula/internal/testdata"
)

func TestPPPipelineWritesScanpyFields(t *testing.T) {
	in := testdata.Path(t, "pbmc_small", "counts_genes_x_cells.mtx.gz")
	out := filepath.Join(t.TempDir(), "pp.h5ad")
	code, _, errOut := runMain("pp", in, "--out", out,
		"--qc", "--filter-cells", "min_genes=20", "--filter-genes", "min_cells=3",
		"--save-layer", "counts", "--normalize-total", "1e4", "--log1p",
		"--hvg", "n_top_genes=50,flavor=seurat", "--scale", "max_value=10",
		"--pca", "n_comps=10", "--split", "test_frac=0.25", "--seed", "3")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"--filter-genes min_cells=3: 230 →", "--pca n_comps=10: 10 components", "wrote " + out} {
		if !strings.Contains(errOut, want) {
			t.Errorf("log lacks %q:\n%s", want, errOut)
		}
	}
	a, err := anndata.Read(out, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if x := a.Obsm["X_pca"]; x == nil || x.Rows != a.NObs() || x.Cols != 10 {
		t.Fatalf("obsm X_pca = %v", x)
	}
	if pcs := a.Varm["PCs"]; pcs == nil || pcs.Rows != a.NVars() {
		t.Fatalf("varm PCs = %v", pcs)
	}
	nHV := 0
	for _, v := range a.Var.Col("highly_variable").(*anndata.BoolColumn).Values {
		if v {
			nHV++
		}
	}
	if nHV < 50 || nHV > 55 { // ties at the cut may add a few
		t.Errorf("%d highly variable genes, want about 50", nHV)
	}
	if _, ok := a.Layers["counts"]; !ok {
		t.Error("layer counts missing")
	}
	for _, c := range []string{"total_counts", "pct_counts_mt", "n_genes", "split"} {
		if a.Obs.Col(c) == nil {
			t.Errorf("obs column %q missing (have %v)", c, a.Obs.Names())
		}
	}
	pca, ok := a.Uns["pca"].(anndata.Uns)
	if !ok {
		t.Fatalf("uns pca = %#v", a.Uns["pca"])
	}
	if r, ok := pca["variance_ratio"].([]float64); !ok || len(r) != 10 || r[0] < r[9] {
		t.Errorf("uns pca variance_ratio = %v", pca["variance_ratio"])
	}
	// Scaled, clipped X: each gene has mean ≈ 0 and |x| ≤ 10.
	d := a.X.ToDense()
	for j := range d.Cols {
		s := 0.0
		for i := range d.Rows {
			v := float64(d.At(i, j))
			if math.Abs(v) > 10 {
				t.Fatalf("X[%d,%d] = %v beyond max_value", i, j, v)
			}
			s += v
		}
		if math.Abs(s/float64(d.Rows)) > 0.2 {
			t.Fatalf("gene %d mean %v after scaling", j, s/float64(d.Rows))
		}
	}
}

func TestPPStepsRunInGivenOrder(t *testing.T) {
	in := testdata.Path(t, "pbmc_small", "counts_genes_x_cells.mtx.gz")
	dir := t.TempDir()
	logThenNorm := filepath.Join(dir, "a.tsv")
	if code, _, errOut := runMain("pp", in, logThenNorm, "--log1p", "--normalize-total", "100"); code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	a, err := anndata.Read(logThenNorm, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Normalising last leaves every non-empty cell with total 100.
	for i, s := range rowSums(a.X) {
		if s != 0 && math.Abs(s-100) > 1e-3 {
			t.Fatalf("cell %d total %v, want 100 (normalize-total ran last)", i, s)
		}
	}
}

func rowSums(m anndata.Matrix) []float64 {
	d := m.ToDense()
	out := make([]float64, d.Rows)
	for i := range d.Rows {
		for _, v := range d.Row(i) {
			out[i] += float64(v)
		}
	}
	return out
}

func TestPPParameterErrors(t *testing.T) {
	cases := []struct {
		args []string
		code int
		want string
	}{
		{[]string{"pp", "missing.mtx", "--out", "x.h5ad", "--hvg", "n_top=5"}, 2, `unknown key "n_top"`},
		{[]string{"pp", "missing.mtx", "--out", "x.h5ad", "--filter-cells", "200"}, 2, `"200" is not KEY=VALUE`},
		{[]string{"pp", "missing.mtx", "--out", "x.h5ad", "--filter-cells", "min_cells=3"}, 2, `unknown key "min_cells"`},
		{[]string{"pp", "missing.mtx", "--out", "x.png"}, 2, "output must be .h5ad"},
		{[]string{"pp", "missing.mtx"}, 2, "expected an input file and --out OUT"},
	}
	for _, c := range cases {
		code, _, errOut := runMain(c.args...)
		if code != c.code || !strings.Contains(errOut, c.want) {
			t.Errorf("%v: exit %d, stderr %q; want exit %d and %q", c.args, code, errOut, c.code, c.want)
		}
	}
	in := testdata.Path(t, "pbmc_small", "counts_genes_x_cells.mtx.gz")
	code, _, errOut := runMain("pp", in, "--out", filepath.Join(t.TempDir(), "x.h5ad"), "--scale", "max_value=ten")
	if code != 1 || !strings.Contains(errOut, `--scale: max_value="ten" is not a number`) {
		t.Errorf("bad number: exit %d, stderr %q", code, errOut)
	}
}
