package main

import (
	"bytes"
	"strings"
	"testing"

	"regula/internal/testdata"
)

// runMain runs regula with args and returns its exit status and outputs.
func runMain(args ...string) (int, string, string) {
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	return code, stdout.String(), stderr.String()
}

func TestInfoMTXWithObsTable(t *testing.T) {
	code, out, errOut := runMain("info",
		testdata.Path(t, "pbmc3k_clustifyr", "counts_recovered_genes_x_cells.mtx.gz"),
		"--obs-table", testdata.Path(t, "pbmc3k_clustifyr", "meta.tsv"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{
		"(Matrix Market)",
		"shape     2638 cells × 2000 genes",
		"CSR float32, 2638×2000, 514442 stored entries",
		"sparsity  90.25% zeros",
		"obs       9 columns",
		"classified       categorical (9 categories)",
		"nCount_RNA       int",
		"percent.mt       float",
		"layers    (none)",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestInfo10xDirectory(t *testing.T) {
	code, out, errOut := runMain("info", testdata.Path(t, "scanpy_tests", "10x_data", "3.0.0", "filtered_feature_bc_matrix"))
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"(10x directory)", "1107 cells × 507 genes", "gene_ids       string", "feature_types  categorical (1 category)"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestInfoGenesInRows(t *testing.T) {
	path := testdata.Path(t, "beeline", "scRNA-Seq", "mESC", "500nTF", "ExpressionData.csv.gz")
	code, out, errOut := runMain("info", path, "--genes-in-rows")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if !strings.Contains(out, "421 cells × 500 genes") || !strings.Contains(out, "dense float32") {
		t.Errorf("output:\n%s", out)
	}
}

func TestInfoErrors(t *testing.T) {
	code, _, errOut := runMain("info")
	if code != 2 || !strings.Contains(errOut, "expected one input file") || !strings.Contains(errOut, "usage: regula info FILE") {
		t.Errorf("no argument: exit %d, stderr %q", code, errOut)
	}
	code, _, errOut = runMain("info", "/nonexistent/x.csv")
	if code != 1 || !strings.Contains(errOut, "/nonexistent/x.csv") {
		t.Errorf("missing file: exit %d, stderr %q", code, errOut)
	}
	// Duplicate gene symbols in the 10k subset: the error points at --make-unique.
	path := testdata.Path(t, "scanpy_tests", "10x-10k-subset.counts_cells_x_genes.mtx.gz")
	code, _, errOut = runMain("info", path)
	if code != 1 || !strings.Contains(errOut, `duplicate gene name "Rp1"`) {
		t.Errorf("duplicates: exit %d, stderr %q", code, errOut)
	}
	code, out, errOut := runMain("info", path, "--make-unique")
	if code != 0 || !strings.Contains(out, "10000 cells × 1000 genes") {
		t.Errorf("--make-unique: exit %d, stderr %q, stdout %q", code, errOut, out)
	}
}

func TestInfoHelp(t *testing.T) {
	code, out, _ := runMain("info", "--help")
	if code != 0 {
		t.Fatalf("exit %d", code)
	}
	for _, want := range []string{"SYNOPSIS", "DESCRIPTION", "--genes-in-rows", "--obs-table", "10x Cell Ranger"} {
		if !strings.Contains(out, want) {
			t.Errorf("help lacks %q", want)
		}
	}
}
