package graphsci

import (
	"math"
	"slices"
	"strings"
	"testing"

	"regula/anndata"
	"regula/grn"
)

func denseOf(rows [][]float32) *anndata.Dense {
	d := anndata.NewDense(len(rows), len(rows[0]))
	for i, r := range rows {
		copy(d.Row(i), r)
	}
	return d
}

func TestPrepareSizeFactorsAndFiltering(t *testing.T) {
	counts := denseOf([][]float32{
		{1, 0, 2, 3, 5},
		{3, 0, 2, 0, 5},
		{0, 0, 2, 6, 5},
		{4, 0, 2, 2, 5},
	})
	d, err := Prepare(counts, []string{"a", "none", "const", "b", "const5"}, PrepareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(d.GeneNames, []string{"a", "b"}) || !slices.Equal(d.GeneColumns, []int{0, 3}) {
		t.Fatalf("kept %v (columns %v), want a, b (0, 3)", d.GeneNames, d.GeneColumns)
	}
	// Library sizes 11, 10, 13, 13 over all input genes; median 12.
	want := []float64{11.0 / 12, 10.0 / 12, 13.0 / 12, 13.0 / 12}
	for i, s := range d.SizeFactors {
		if math.Abs(s-want[i]) > 1e-12 {
			t.Fatalf("size factor %d = %g, want %g", i, s, want[i])
		}
	}
	if got, w := float64(d.X[0*2+1]), math.Log(3/want[0]+1); math.Abs(got-w) > 1e-6 {
		t.Fatalf("X[0, b] = %g, want log(3/s+1) = %g", got, w)
	}
	notes := strings.Join(d.Notes, "\n")
	if !strings.Contains(notes, "1 genes with no reads (none)") || !strings.Contains(notes, "2 genes with zero variance (const, const5)") {
		t.Fatalf("notes %q do not report the removed genes", notes)
	}
}

func TestPrepareErrors(t *testing.T) {
	genes := []string{"a", "b"}
	for name, tc := range map[string]struct {
		rows [][]float32
		want string
	}{
		"non-integer": {[][]float32{{1, 2.5}, {3, 1}, {0, 2}}, `gene "b"`},
		"negative":    {[][]float32{{1, -1}, {3, 1}, {0, 2}}, "count -1"},
		"NaN":         {[][]float32{{1, float32(math.NaN())}, {3, 1}, {0, 2}}, "NaN"},
		"constant":    {[][]float32{{1, 1}, {1, 1}, {1, 1}}, "0 of 2 genes left"},
		"empty cells": {[][]float32{{0, 0}, {0, 0}, {1, 2}}, "median library size is 0"},
	} {
		_, err := Prepare(denseOf(tc.rows), genes, PrepareOptions{})
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%s: error %v, want one containing %q", name, err, tc.want)
		}
	}
	d, err := Prepare(denseOf([][]float32{{1, 2.5}, {3, 1}, {0, 2}}), genes, PrepareOptions{AllowNonInteger: true})
	if err != nil || !strings.Contains(strings.Join(d.Notes, " "), "warning: 1 non-integer") {
		t.Fatalf("AllowNonInteger: %v, notes %q", err, d.Notes)
	}
}

func TestCorrelationGraph(t *testing.T) {
	// Gene 0 and 1 perfectly correlated, 2 anti-correlated with 0, 3 unrelated, 4 constant.
	x := []float32{
		1, 2, 3, 0, 5,
		2, 4, 2, 1, 5,
		3, 6, 1, 1, 5,
		4, 8, 0, 0, 5,
	}
	g, err := CorrelationGraph(x, 4, 5, 0.3)
	if err != nil {
		t.Fatal(err)
	}
	var got [][2]int32
	for e := range g.I {
		got = append(got, [2]int32{g.I[e], g.J[e]})
	}
	want := [][2]int32{{0, 1}, {0, 2}, {1, 2}}
	if !slices.Equal(got, want) {
		t.Fatalf("edges %v, want %v (|r| > 0.3, no self-loops, constant gene isolated)", got, want)
	}
	if d := g.Degrees(); !slices.Equal(d, []int{2, 2, 2, 0, 0}) {
		t.Fatalf("degrees %v", d)
	}
	if _, err := CorrelationGraph(x, 4, 5, 1); err == nil {
		t.Fatal("threshold 1 accepted")
	}
}

func TestGraphFromNetwork(t *testing.T) {
	genes := []string{"A", "B", "C"}
	g, unknown, err := GraphFromNetwork([]grn.Edge{{From: "B", To: "A"}, {From: "A", To: "B"}, {From: "C", To: "C"}, {From: "A", To: "X"}}, genes)
	if err != nil {
		t.Fatal(err)
	}
	if g.NumEdges() != 1 || g.I[0] != 0 || g.J[0] != 1 {
		t.Fatalf("graph %+v, want the single undirected edge A–B", g)
	}
	if !slices.Equal(unknown, []string{"X"}) {
		t.Fatalf("unknown %v, want [X]", unknown)
	}
	if _, _, err := GraphFromNetwork([]grn.Edge{{From: "X", To: "Y"}}, genes); err == nil || !strings.Contains(err.Error(), "X, Y") {
		t.Fatalf("network of unknown genes: %v", err)
	}
}

func TestHideEntries(t *testing.T) {
	values := make([]float32, 1000)
	for k := range values {
		if k%3 != 0 {
			values[k] = 1
		}
	}
	h1, err := HideEntries(values, 0.1, 5)
	if err != nil {
		t.Fatal(err)
	}
	if len(h1) != 67 { // round(0.1 × 666)
		t.Fatalf("hid %d entries, want 67", len(h1))
	}
	for _, k := range h1 {
		if values[k] == 0 {
			t.Fatalf("hid a zero entry %d", k)
		}
	}
	h2, _ := HideEntries(values, 0.1, 5)
	h3, _ := HideEntries(values, 0.1, 6)
	if !slices.Equal(h1, h2) || slices.Equal(h1, h3) {
		t.Fatal("hiding is not determined by the seed")
	}
	z := ZeroEntries(values, h1)
	if z[h1[0]] != 0 || values[h1[0]] != 1 {
		t.Fatal("ZeroEntries must zero a copy")
	}
	if _, err := HideEntries(values, 1, 1); err == nil {
		t.Fatal("fraction 1 accepted")
	}
}

func TestNetworkMaskAndAdjacencyWeights(t *testing.T) {
	g := newGeneGraph(4, [][2]int32{{0, 1}, {2, 1}, {1, 0}, {3, 3}})
	net := newNetwork(g, DefaultConfig())
	mask := net.denseMask()
	want := []float32{
		1, 1, 0, 0,
		1, 1, 1, 0,
		0, 1, 1, 0,
		0, 0, 0, 1,
	}
	if !slices.Equal(mask, want) {
		t.Fatalf("mask A+I = %v, want %v", mask, want)
	}
	// P = 4 diagonal + 4 edge entries of 16: posWeight 8/8, norm 16/16.
	if net.posWeight != 1 || net.norm != 1 {
		t.Fatalf("posWeight %g norm %g, want 1 and 1", net.posWeight, net.norm)
	}
	if net.pairs != 0 {
		t.Fatalf("small graph uses sampled pairs (%d)", net.pairs)
	}
}

func TestKNNSmoothAndScore(t *testing.T) {
	counts, genes := syntheticCounts(60, 12, 9)
	d, err := Prepare(counts, genes, PrepareOptions{})
	if err != nil {
		t.Fatal(err)
	}
	sm, err := KNNSmooth(d, 5, 10, 1)
	if err != nil {
		t.Fatal(err)
	}
	if len(sm) != len(d.Counts) {
		t.Fatalf("smoothed %d values, want %d", len(sm), len(d.Counts))
	}
	s, err := ScoreImputation(d.Counts, d.Counts, nil)
	if err != nil || s.MAECounts != 0 || s.MAELog1p != 0 || math.Abs(s.PearsonCounts-1) > 1e-12 {
		t.Fatalf("self score %+v, %v", s, err)
	}
	s, err = ScoreImputation([]float32{0, 1, 3}, []float32{1, 1, 1}, []int{0, 2})
	if err != nil || s.MAECounts != 1.5 || s.Entries != 2 {
		t.Fatalf("score %+v, %v", s, err)
	}
	if _, err := KNNSmooth(d, 60, 10, 1); err == nil {
		t.Fatal("k = cells accepted")
	}
}
