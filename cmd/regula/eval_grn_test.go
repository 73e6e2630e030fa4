package main

import (
	"bytes"
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestEvalGRNOnHandMadeNetwork checks the numbers of `regula eval grn` on a
// network small enough to score by hand.
func TestEvalGRNOnHandMadeNetwork(t *testing.T) {
	dir := t.TempDir()
	// Regulators A, B; genes A B C D → candidates: A→{B,C,D}, B→{A,C,D} = 6.
	truth := writeText(t, dir, "truth.csv", "Gene1,Gene2\nA,B\nB,C\n")
	genes := writeText(t, dir, "genes.txt", "A\nB\nC\nD\n")
	// Ranked: A→B (true), A→C, B→C (true), B→D; k = 2 → top-2 has 1 hit.
	pred := writeText(t, dir, "pred.tsv", "Gene1\tGene2\tEdgeWeight\nA\tB\t0.9\nA\tC\t0.8\nB\tC\t0.7\nB\tD\t0.1\n")
	var out, errb bytes.Buffer
	code := Main([]string{"eval", "grn", "--pred", pred, "--truth", truth, "--gene-list", genes, "--json", "--precision-at", "3"}, &out, &errb)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errb.String())
	}
	var m map[string]float64
	if err := json.Unmarshal(out.Bytes(), &m); err != nil {
		t.Fatalf("%v: %s", err, out.String())
	}
	density := 2.0 / 6
	want := map[string]float64{
		"candidates": 6, "true_edges": 2, "density": density,
		"early_precision": 0.5, "epr": 0.5 / density,
		// AP: hits at ranks 1 and 3 → (1/1 + 2/3)/2.
		"auprc": (1 + 2.0/3) / 2, "precision_at_3": 2.0 / 3,
	}
	for k, v := range want {
		if math.Abs(m[k]-v) > 1e-12 {
			t.Errorf("%s = %v, want %v", k, m[k], v)
		}
	}

	// Consistency of a list with itself is 1.
	out.Reset()
	if code := Main([]string{"eval", "grn", "--pred", pred, "--compare", pred, "--json"}, &out, &errb); code != 0 {
		t.Fatalf("compare exit %d: %s", code, errb.String())
	}
	if !strings.Contains(out.String(), `"consistency": 1`) {
		t.Errorf("self-consistency: %s", out.String())
	}

	// Missing gene source is a usage error naming the flags.
	errb.Reset()
	if code := Main([]string{"eval", "grn", "--pred", pred, "--truth", truth}, &out, &errb); code != 2 || !strings.Contains(errb.String(), "--expr or --gene-list") {
		t.Errorf("missing genes: exit %d, %s", code, errb.String())
	}
}

// writeText writes text to dir/name and returns the path.
func writeText(t *testing.T, dir, name, text string) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(text), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}
