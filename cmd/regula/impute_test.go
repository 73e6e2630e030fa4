package main

import (
	"bytes"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/anndata"
	"regula/grn"
	"regula/report"
)

// writeCountsCSV writes a small cells × genes count table with two
// co-expressed gene modules.
func writeCountsCSV(t *testing.T, dir string, nonInteger bool) string {
	t.Helper()
	var b strings.Builder
	genes := 10
	b.WriteString("cell")
	for j := range genes {
		fmt.Fprintf(&b, ",GENE%d", j)
	}
	b.WriteString("\n")
	for i := range 40 {
		fmt.Fprintf(&b, "cell%d", i)
		level := i % 5
		for j := range genes {
			v := (level*(j%2) + (i*7+j*3)%4)
			if j == genes-1 {
				v = 0 // a gene with no reads
			}
			if nonInteger && i == 3 && j == 2 {
				fmt.Fprintf(&b, ",%g", float64(v)+0.5)
				continue
			}
			fmt.Fprintf(&b, ",%d", v)
		}
		b.WriteString("\n")
	}
	path := filepath.Join(dir, "counts.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func runRegula(args ...string) (int, string, string) {
	var out, errb bytes.Buffer
	code := Main(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestImputeH5ADAndGraphOut(t *testing.T) {
	dir := t.TempDir()
	in := writeCountsCSV(t, dir, false)
	out := filepath.Join(dir, "imputed.h5ad")
	edges := filepath.Join(dir, "edges.tsv")
	code, _, stderr := runRegula("impute", "--input", in, "--out", out, "--graph-out", edges, "--epochs", "2", "--batch-size", "16", "--min-prob", "0", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := anndata.Read(out, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.NObs() != 40 || a.NVars() != 10 {
		t.Fatalf("imputed shape %d × %d, want 40 × 10", a.NObs(), a.NVars())
	}
	counts, ok := a.Layers["counts"]
	if !ok {
		t.Fatal("layers[\"counts\"] missing")
	}
	if counts.At(1, 1) != 1+(1*7+3)%4 {
		t.Fatalf("layers[counts][1,1] = %g, want the input value", counts.At(1, 1))
	}
	for i := range 40 {
		if a.X.At(i, 9) != 0 {
			t.Fatalf("gene without reads imputed as %g, want 0", a.X.At(i, 9))
		}
	}
	e, err := grn.ReadRankedEdges(edges)
	if err != nil {
		t.Fatal(err)
	}
	if want := 9 * 8 / 2; len(e) != want {
		t.Fatalf("%d refined edges with --min-prob 0, want all %d pairs of modelled genes", len(e), want)
	}
	run, err := report.Load(out + ".run.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(run.Curves) == 0 || len(run.Curves[0].Series) == 0 || len(run.Curves[0].Series[0].Y) != 2 {
		t.Fatalf("run record lacks the 2-epoch training curves: %+v", run.Curves)
	}
	if !strings.Contains(strings.Join(run.Notes, "\n"), "no reads") {
		t.Fatalf("run notes do not mention the removed gene: %q", run.Notes)
	}
}

func TestImputeReplaceZerosKeepsObservedCounts(t *testing.T) {
	dir := t.TempDir()
	in := writeCountsCSV(t, dir, false)
	out := filepath.Join(dir, "zeros.h5ad")
	if code, _, stderr := runRegula("impute", "--input", in, "--out", out, "--replace", "zeros", "--epochs", "1", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := anndata.Read(out, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	counts := a.Layers["counts"]
	imputedZeros := 0
	for i := range 40 {
		for j := range 9 {
			c, x := counts.At(i, j), a.X.At(i, j)
			if c != 0 && x != c {
				t.Fatalf("cell %d gene %d: observed %g replaced by %g with --replace zeros", i, j, c, x)
			}
			if c == 0 && x > 0 {
				imputedZeros++
			}
		}
	}
	if imputedZeros == 0 {
		t.Fatal("--replace zeros imputed no zero entry")
	}
}

func TestImputeCSVOrientationAndErrors(t *testing.T) {
	dir := t.TempDir()
	in := writeCountsCSV(t, dir, false)
	out := filepath.Join(dir, "imputed.csv")
	if code, _, stderr := runRegula("impute", "--input", in, "--out", out, "--epochs", "1", "--quiet"); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	a, err := anndata.Read(out, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.NObs() != 40 || a.NVars() != 10 || a.CellNames()[0] != "cell0" {
		t.Fatalf("csv output %d × %d (first cell %q), want the input's 40 cells × 10 genes", a.NObs(), a.NVars(), a.CellNames()[0])
	}

	bad := writeCountsCSV(t, t.TempDir(), true)
	code, _, stderr := runRegula("impute", "--input", bad, "--out", filepath.Join(dir, "x.h5ad"), "--epochs", "1", "--quiet")
	if code == 0 || !strings.Contains(stderr, "non-integer") {
		t.Fatalf("non-integer counts: exit %d, stderr %q; want an error naming them", code, stderr)
	}
	code, _, stderr = runRegula("impute", "--input", bad, "--out", filepath.Join(dir, "y.h5ad"), "--epochs", "1", "--allow-noninteger")
	if code != 0 || !strings.Contains(stderr, "warning") {
		t.Fatalf("--allow-noninteger: exit %d, stderr %q; want success with a warning", code, stderr)
	}

	net := filepath.Join(dir, "net.tsv")
	if err := os.WriteFile(net, []byte("Gene1\tGene2\nNOPE1\tNOPE2\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runRegula("impute", "--input", in, "--out", filepath.Join(dir, "z.h5ad"), "--graph", net, "--quiet")
	if code == 0 || !strings.Contains(stderr, "NOPE1") {
		t.Fatalf("network of unknown genes: exit %d, stderr %q; want an error naming them", code, stderr)
	}
	selfLoop := filepath.Join(dir, "self.tsv")
	if err := os.WriteFile(selfLoop, []byte("GENE0\tGENE0\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	code, _, stderr = runRegula("impute", "--input", in, "--out", filepath.Join(dir, "z.h5ad"), "--graph", selfLoop, "--epochs", "1")
	if code != 0 || !strings.Contains(stderr, "gene graph is empty") {
		t.Fatalf("empty graph: exit %d, stderr %q; want a warning", code, stderr)
	}
	if code, _, stderr := runRegula("impute", "--input", in, "--out", filepath.Join(dir, "r.h5ad"), "--replace", "some"); code != 2 || !strings.Contains(stderr, "replace") {
		t.Fatalf("--replace some: exit %d, stderr %q; want a usage error naming --replace", code, stderr)
	}
	if code, _, _ := runRegula("impute", "--input", in); code != 2 {
		t.Fatalf("missing --out: exit %d, want 2", code)
	}
}
