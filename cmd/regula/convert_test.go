package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/anndata"
	"regula/internal/testdata"
)

func TestConvertBEELINEToCellsByGenes(t *testing.T) {
	in := testdata.Path(t, "beeline", "scRNA-Seq", "mESC", "500nTF", "ExpressionData.csv.gz")
	out := filepath.Join(t.TempDir(), "cells.tsv.gz")
	code, _, errOut := runMain("convert", in, out, "--genes-in-rows")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "500 genes") || !strings.Contains(errOut, "wrote "+out) {
		t.Errorf("log %q", errOut)
	}
	want, err := anndata.Read(in, anndata.ReadOptions{GenesInRows: true})
	if err != nil {
		t.Fatal(err)
	}
	got, err := anndata.Read(out, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, got, want)
}

func TestConvertTransposeOut(t *testing.T) {
	in := testdata.Path(t, "pbmc_small", "counts_genes_x_cells.mtx.gz")
	out := filepath.Join(t.TempDir(), "genes.csv")
	code, _, errOut := runMain("convert", in, "--out", out, "--transpose-out",
		"--obs-table", testdata.Path(t, "pbmc_small", "meta.tsv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(errOut, "obs and var columns are not written") {
		t.Errorf("no note about dropped annotations: %q", errOut)
	}
	b, err := os.ReadFile(out)
	if err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(string(b), ",ATGCCAGAACGACT,") || !strings.Contains(string(b), "\nMS4A1,") {
		t.Errorf("not genes × cells: %.80q", b)
	}
	want, err := anndata.Read(in, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	got, err := anndata.Read(out, anndata.ReadOptions{GenesInRows: true})
	if err != nil {
		t.Fatal(err)
	}
	sameData(t, got, want)
}

func TestConvertErrors(t *testing.T) {
	code, _, errOut := runMain("convert", "only-one.csv")
	if code != 2 || !strings.Contains(errOut, "expected an input and an output file") {
		t.Errorf("one argument: exit %d, stderr %q", code, errOut)
	}
	in := testdata.Path(t, "pbmc_small", "counts_genes_x_cells.mtx.gz")
	code, _, errOut = runMain("convert", in, filepath.Join(t.TempDir(), "x.xlsx"))
	if code != 1 || !strings.Contains(errOut, "cannot tell the output format") {
		t.Errorf("bad output name: exit %d, stderr %q", code, errOut)
	}
	meta := filepath.Join(t.TempDir(), "meta.tsv")
	if err := os.WriteFile(meta, []byte("\tgroup\nATGCCAGAACGACT\ta\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, errOut = runMain("convert", in, filepath.Join(t.TempDir(), "x.csv"), "--obs-table", meta)
	if code != 1 || !strings.Contains(errOut, "meta.tsv: 79 of 80 cells have no row") {
		t.Errorf("wrong obs table: exit %d, stderr %q", code, errOut)
	}
}

// sameData fails unless a and b have the same names and X values.
func sameData(t *testing.T, a, b *anndata.AnnData) {
	t.Helper()
	if strings.Join(a.CellNames(), ",") != strings.Join(b.CellNames(), ",") ||
		strings.Join(a.GeneNames(), ",") != strings.Join(b.GeneNames(), ",") {
		t.Fatalf("names differ: %d×%d vs %d×%d", a.NObs(), a.NVars(), b.NObs(), b.NVars())
	}
	x, y := a.X.ToDense().Data, b.X.ToDense().Data
	for i := range x {
		if x[i] != y[i] {
			t.Fatalf("X differs at %d: %v vs %v", i, x[i], y[i])
		}
	}
}
