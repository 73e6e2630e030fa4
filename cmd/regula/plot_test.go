package main

import (
	"bytes"
	"image/png"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/anndata"
)

func TestPlotEmbedding(t *testing.T) {
	dir := t.TempDir()
	x := anndata.NewDense(4, 2)
	copy(x.Data, []float32{1, 0, 0, 2, 3, 1, 0, 0})
	a, err := anndata.New(x, []string{"c1", "c2", "c3", "c4"}, []string{"GeneA", "GeneB"})
	if err != nil {
		t.Fatal(err)
	}
	emb := anndata.NewDense(4, 2)
	copy(emb.Data, []float32{0, 0, 1, 1, 5, 5, 6, 6})
	a.Obsm["X_umap"] = emb
	a.Obs.Set("cell_type", anndata.NewCategorical([]string{"T", "T", "B", "B"}))
	in := filepath.Join(dir, "a.h5ad")
	if err := anndata.WriteH5AD(in, a); err != nil {
		t.Fatal(err)
	}
	for _, color := range []string{"cell_type", "GeneA", ""} {
		out := filepath.Join(dir, "fig"+color+".png")
		args := []string{"plot", "embedding", in, "--basis", "umap", "--out", out, "--quiet"}
		if color != "" {
			args = append(args, "--color", color)
		}
		var so, se bytes.Buffer
		if code := Main(args, &so, &se); code != 0 {
			t.Fatalf("color %q: exit %d: %s", color, code, se.String())
		}
		f, err := os.Open(out)
		if err != nil {
			t.Fatal(err)
		}
		if _, err := png.Decode(f); err != nil {
			t.Errorf("color %q: not a PNG: %v", color, err)
		}
		f.Close()
	}
	var so, se bytes.Buffer
	code := Main([]string{"plot", "embedding", in, "--basis", "tsne", "--out", filepath.Join(dir, "x.png")}, &so, &se)
	if code != 1 || !strings.Contains(se.String(), `no obsm["X_tsne"]`) {
		t.Errorf("missing basis: exit %d, %q", code, se.String())
	}
	se.Reset()
	code = Main([]string{"plot", "embedding", in, "--color", "CD3E", "--out", filepath.Join(dir, "y.png")}, &so, &se)
	if code != 1 || !strings.Contains(se.String(), `"CD3E" is neither an obs column`) {
		t.Errorf("unknown colour: exit %d, %q", code, se.String())
	}
}
