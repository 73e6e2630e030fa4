package main

import (
	"bytes"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"regula/anndata"
	"regula/internal/testdata"
)

// pythonSummary is what testdata/summarize_for_test.py prints for an h5ad.
type pythonSummary struct {
	Shape      [2]int         `json:"shape"`
	NNZ        int            `json:"nnz"`
	Sum        float64        `json:"sum"`
	Checksum   float64        `json:"checksum"`
	ObsNames   []string       `json:"obs_names"`
	VarNames   []string       `json:"var_names"`
	Categories []string       `json:"categories"`
	Counts     map[string]int `json:"counts"`
}

// requirePythonAnndata returns /usr/bin/python3 if it can import anndata;
// otherwise the test is skipped, except in CI (CI=true), which installs it.
func requirePythonAnndata(t *testing.T) string {
	t.Helper()
	py := "/usr/bin/python3"
	if err := exec.Command(py, "-c", "import anndata").Run(); err != nil {
		if os.Getenv("CI") != "" {
			t.Fatalf("CI must have python3-anndata (scripts/install-deps.sh installs it): %v", err)
		}
		t.Skipf("python3 with anndata not available: %v", err)
	}
	return py
}

// TestConvertPBMC3kToH5ADOpensInAnndata is the acceptance check:
// pbmc3k (Matrix Market, genes in rows) → regula convert → h5ad → anndata in
// Python → the same matrix, names and `classified` categories.
func TestConvertPBMC3kToH5ADOpensInAnndata(t *testing.T) {
	py := requirePythonAnndata(t)
	mtx := testdata.Path(t, "pbmc3k_clustifyr", "counts_recovered_genes_x_cells.mtx.gz")
	meta := testdata.Path(t, "pbmc3k_clustifyr", "meta.tsv")
	out := filepath.Join(t.TempDir(), "pbmc3k.h5ad")
	var so, se bytes.Buffer
	if code := Main([]string{"convert", mtx, out, "--obs-table", meta, "--quiet"}, &so, &se); code != 0 {
		t.Fatalf("convert exited %d: %s", code, se.String())
	}

	cmd := exec.Command(py, filepath.Join("testdata", "summarize_for_test.py"), out, "classified")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	raw, err := cmd.Output()
	if err != nil {
		t.Fatalf("python could not read the h5ad: %v\n%s", err, stderr.String())
	}
	var got pythonSummary
	if err := json.Unmarshal(raw, &got); err != nil {
		t.Fatalf("python summary: %v\n%s", err, raw)
	}

	// The expectation comes from reading the original files in Go.
	want, err := anndata.Read(mtx, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := want.JoinObs(mustTable(t, meta)); err != nil {
		t.Fatal(err)
	}
	r, c := want.X.Dims()
	if got.Shape != [2]int{r, c} || r != 2638 || c != 2000 {
		t.Fatalf("shape: python %v, original %d×%d (want 2638×2000)", got.Shape, r, c)
	}
	x := want.X.ToCSR()
	sum, check := 0.0, 0.0
	for i := 0; i < r; i++ {
		cols, vals := x.RowView(i)
		for k, j := range cols {
			v := float64(vals[k])
			sum += v
			check += v * float64((i*7+int(j)*13)%101)
		}
	}
	if got.NNZ != x.NNZ() || got.Sum != sum || got.Checksum != check {
		t.Errorf("matrix differs: python nnz %d sum %v checksum %v; original %d %v %v", got.NNZ, got.Sum, got.Checksum, x.NNZ(), sum, check)
	}
	if !equalStrings(got.ObsNames, want.CellNames()) || !equalStrings(got.VarNames, want.GeneNames()) {
		t.Error("cell or gene names differ after the round trip")
	}
	cat, ok := want.Obs.Col("classified").(*anndata.Categorical)
	if !ok {
		t.Fatalf("classified is %T, want a Categorical", want.Obs.Col("classified"))
	}
	if !equalStrings(got.Categories, cat.Categories) || len(got.Categories) != 9 {
		t.Errorf("categories: python %v, original %v", got.Categories, cat.Categories)
	}
	wantCounts := map[string]int{}
	for i := range cat.Codes {
		wantCounts[cat.String(i)]++
	}
	if len(got.Counts) != len(wantCounts) || got.Counts["Naive CD4 T"] != 697 || got.Counts["Platelet"] != 14 {
		t.Errorf("category counts: python %v, original %v", got.Counts, wantCounts)
	}
	for k, v := range wantCounts {
		if got.Counts[k] != v {
			t.Errorf("category %q: python %d cells, original %d", k, got.Counts[k], v)
		}
	}
}

func mustTable(t *testing.T, path string) *anndata.Frame {
	t.Helper()
	f, err := anndata.ReadTable(path)
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func equalStrings(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
