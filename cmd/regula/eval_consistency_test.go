package main

import (
	"bytes"
	"encoding/json"
	"math"
	"strings"
	"testing"
)

// TestEvalConsistencyOnHandMadeLists checks `regula eval consistency`
// against overlaps counted by hand.
func TestEvalConsistencyOnHandMadeLists(t *testing.T) {
	dir := t.TempDir()
	// 10 real edges, ranked A→B, A→C, A→D, B→C, B→D, …
	real := writeText(t, dir, "real.tsv", "Gene1\tGene2\tEdgeWeight\n"+
		"A\tB\t0.9\nA\tC\t0.8\nA\tD\t0.7\nB\tC\t0.6\nB\tD\t0.5\nC\tD\t0.4\nC\tA\t0.3\nD\tA\t0.2\nD\tB\t0.1\nB\tA\t0.05\n")
	// Simulated ranking A→B, C→D, A→C, D→B, B→C, …, A→D last (listed out of order).
	sim := writeText(t, dir, "sim.tsv", "Gene1\tGene2\tEdgeWeight\n"+
		"A\tD\t0.1\nC\tD\t0.9\nA\tB\t1.0\nA\tC\t0.8\nD\tB\t0.7\nB\tC\t0.6\n")
	run := func(args ...string) (map[string]float64, int, string) {
		var out, errb bytes.Buffer
		code := Main(append([]string{"eval", "consistency", "--json"}, args...), &out, &errb)
		if code != 0 {
			return nil, code, errb.String()
		}
		var m map[string]float64
		if err := json.Unmarshal(out.Bytes(), &m); err != nil {
			t.Fatalf("%v: %s", err, out.String())
		}
		return m, 0, ""
	}
	m, code, msg := run("--real", real, "--sim", sim, "--fractions", "0.1,0.2,0.5")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, msg)
	}
	// N = 1: {A→B} both → 1. N = 2: {A→B, A→C} vs {A→B, C→D} → 1/2.
	// N = 5: {AB, AC, AD, BC, BD} vs {AB, CD, AC, DB, BC} → 3/5.
	want := map[string]float64{
		"consistency_0.1": 1, "consistency_0.2": 0.5, "consistency_0.5": 0.6,
		"mean_consistency": (1 + 0.5 + 0.6) / 3, "edges_real": 10, "edges_sim": 6,
	}
	for k, v := range want {
		if got, ok := m[k]; !ok || math.Abs(got-v) > 1e-12 {
			t.Errorf("%s = %v (present %v), want %v", k, got, ok, v)
		}
	}

	// Only edges out of A: real A→B, A→C, A→D; N = round(0.5·3) = 2 → {AB, AC} in both.
	tfs := writeText(t, dir, "tfs.txt", "A\n")
	m, code, msg = run("--real", real, "--sim", sim, "--fractions", "0.5", "--tfs", tfs)
	if code != 0 {
		t.Fatalf("--tfs: exit %d: %s", code, msg)
	}
	if m["consistency_0.5"] != 1 || m["edges_real"] != 3 {
		t.Errorf("--tfs: %v, want consistency_0.5 = 1 with 3 real edges", m)
	}

	// The default fractions are the paper's seven.
	m, code, msg = run("--real", real, "--sim", real)
	if code != 0 {
		t.Fatalf("defaults: exit %d: %s", code, msg)
	}
	if len(m) != 2+7+1 || m["consistency_0.025"] != 1 || m["mean_consistency"] != 1 {
		t.Errorf("self-consistency with default fractions: %v", m)
	}

	for _, bad := range [][]string{
		{"--real", real}, // no --sim
		{"--real", real, "--sim", sim, "--fractions", "0.1,1.5"}, // fraction > 1
		{"--real", real, "--sim", sim, "--fractions", "x"},       // not a number
		{"--real", real, "--sim", sim, "--fractions", "0"},       // zero
	} {
		_, code, msg := run(bad...)
		if code != 2 || !(strings.Contains(msg, "--sim") || strings.Contains(msg, "--fractions")) {
			t.Errorf("%v: exit %d, %q; want a usage error naming the flag", bad, code, msg)
		}
	}
	// A regulator list matching no edge is an error naming the files.
	none := writeText(t, dir, "none.txt", "Z\n")
	if _, code, msg := run("--real", real, "--sim", sim, "--tfs", none); code == 0 || !strings.Contains(msg, "none.txt") {
		t.Errorf("--tfs with no matching regulator: exit %d, %q", code, msg)
	}
}
