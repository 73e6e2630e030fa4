package main

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"regula/anndata"
	"regula/report"
)

// demoExpression is the embedded BEELINE demo (10 genes in rows × 500
// cells, log-normalised).
const demoExpression = "demodata/ExpressionData.csv"

// mustRegula runs regula with args and fails the test unless it exits 0;
// it returns stderr.
func mustRegula(t *testing.T, args ...string) string {
	t.Helper()
	var stdout, stderr bytes.Buffer
	if code := Main(args, &stdout, &stderr); code != 0 {
		t.Fatalf("regula %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
	}
	return stderr.String()
}

// expectUsageError runs regula with args and checks that it exits 2 with a
// message containing want.
func expectUsageError(t *testing.T, want string, args ...string) {
	t.Helper()
	var stdout, stderr bytes.Buffer
	code := Main(args, &stdout, &stderr)
	if code != 2 || !strings.Contains(stderr.String(), want) {
		t.Errorf("regula %s: exit %d, stderr %q; want exit 2 naming %q", strings.Join(args, " "), code, stderr.String(), want)
	}
}

// writeRandomCountsCSV writes a cells × genes table of small random integer
// counts (about a third zeros) and returns its path.
func writeRandomCountsCSV(t *testing.T, dir string, cells, genes int) string {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 11))
	var b strings.Builder
	for g := range genes {
		fmt.Fprintf(&b, ",Gene%d", g+1)
	}
	b.WriteByte('\n')
	for c := range cells {
		fmt.Fprintf(&b, "cell%d", c+1)
		for g := range genes {
			v := 0
			if rng.IntN(3) > 0 {
				v = 1 + rng.IntN(4+g)
			}
			fmt.Fprintf(&b, ",%d", v)
		}
		b.WriteByte('\n')
	}
	path := filepath.Join(dir, "counts.csv")
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestEmbedDeepSEM(t *testing.T) {
	dir := t.TempDir()
	embed := func(out string, seed string) *anndata.AnnData {
		t.Helper()
		mustRegula(t, "embed", "--method", "deepsem", "--input", demoExpression, "--genes-in-rows", "--out", out,
			"--deepsem-epochs", "3", "--deepsem-hidden", "16", "--seed", seed, "--quiet")
		a, err := anndata.ReadH5AD(out)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	first := embed(filepath.Join(dir, "a.h5ad"), "3")
	z := first.Obsm["X_deepsem"]
	if z == nil || z.Rows != 500 || z.Cols != 10 {
		t.Fatalf("obsm X_deepsem: %+v, want 500 × 10", z)
	}
	if w := first.Varm["deepsem_W"]; w == nil || w.Rows != 10 || w.Cols != 10 {
		t.Fatalf("varm deepsem_W: %+v, want 10 × 10", w)
	}
	uns, ok := first.Uns["deepsem"].(anndata.Uns)
	if !ok {
		t.Fatalf("uns[deepsem] missing: %v", first.Uns)
	}
	for _, key := range []string{"params", "final_loss", "losses"} {
		if _, ok := uns[key].(anndata.Uns); !ok {
			t.Errorf("uns[deepsem][%s] missing: %v", key, uns)
		}
	}
	if p := uns["params"].(anndata.Uns); p["epochs"] != int64(3) || p["hidden"] != int64(16) || p["input_raw_counts"] != false {
		t.Errorf("uns[deepsem][params] = %v, want epochs 3, hidden 16, input_raw_counts false", p)
	}
	rec, err := report.Load(filepath.Join(dir, "a.h5ad.run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Curves) != 1 || rec.Curves[0].Kind != "training" || len(rec.Curves[0].Series) != 4 {
		t.Fatalf("run record curves: %+v, want one training curve with 4 loss terms", rec.Curves)
	}
	for _, s := range rec.Curves[0].Series {
		if len(s.X) != 3 || len(s.Y) != 3 {
			t.Errorf("series %s has %d points, want 3 (one per epoch)", s.Name, len(s.X))
		}
	}

	again := embed(filepath.Join(dir, "b.h5ad"), "3")
	if !slices.Equal(z.Data, again.Obsm["X_deepsem"].Data) {
		t.Error("same --seed gave different embeddings")
	}
	other := embed(filepath.Join(dir, "c.h5ad"), "4")
	if slices.Equal(z.Data, other.Obsm["X_deepsem"].Data) {
		t.Error("--seed 3 and --seed 4 gave identical embeddings")
	}
}

func TestEmbedDeepSEMNormalisesRawCounts(t *testing.T) {
	dir := t.TempDir()
	in := writeRandomCountsCSV(t, dir, 40, 6)
	out := filepath.Join(dir, "counts.h5ad")
	log := mustRegula(t, "embed", "--method", "deepsem", "--input", in, "--out", out, "--deepsem-epochs", "2", "--deepsem-hidden", "8")
	if !strings.Contains(log, "raw integer counts") {
		t.Errorf("no log line about normalising raw counts in %q", log)
	}
	a, err := anndata.ReadH5AD(out)
	if err != nil {
		t.Fatal(err)
	}
	if z := a.Obsm["X_deepsem"]; z == nil || z.Rows != 40 || z.Cols != 6 {
		t.Fatalf("obsm X_deepsem: %+v, want 40 × 6", z)
	}
	p := a.Uns["deepsem"].(anndata.Uns)["params"].(anndata.Uns)
	if p["input_raw_counts"] != true || p["target_sum"] != 1e4 {
		t.Errorf("params %v: want input_raw_counts true, target_sum 1e4", p)
	}
	if !isRawCounts(a.X) {
		t.Error("X of the output no longer holds the input counts")
	}
}

func TestEmbedDeepSEMBadFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "bad.h5ad")
	base := []string{"embed", "--method", "deepsem", "--input", demoExpression, "--genes-in-rows", "--out", out, "--quiet"}
	cases := []struct {
		flags []string
		want  string
	}{
		{[]string{"--deepsem-mode", "bogus"}, "--deepsem-mode"},
		{[]string{"--deepsem-epochs", "0"}, "--deepsem-epochs"},
		{[]string{"--deepsem-beta", "-1"}, "--deepsem-beta"},
		{[]string{"--deepsem-lr-decay", "2"}, "--deepsem-lr-decay"},
		{[]string{"--deepsem-init", "zeros"}, "--deepsem-init"},
		{[]string{"--deepsem-epochs", "many"}, "deepsem-epochs"},
		{[]string{"--batch-key", "batch"}, "--batch-key"},
	}
	for _, c := range cases {
		expectUsageError(t, c.want, append(slices.Clone(base), c.flags...)...)
	}
	if _, err := os.Stat(out); err == nil {
		t.Error("a failed run wrote its output")
	}
	// regula grn shares the flags without the prefix.
	expectUsageError(t, "--epochs", "grn", "--input", demoExpression, "--genes-in-rows", "--out", filepath.Join(t.TempDir(), "e.tsv"), "--epochs", "0", "--quiet")
}
