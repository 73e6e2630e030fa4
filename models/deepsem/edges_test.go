package deepsem

import (
	"math"
	"testing"
)

func TestRankedEdgesOrientationAndTFFilter(t *testing.T) {
	genes := []string{"a", "b", "c"}
	// W[r][t]: a→b = −0.9, c→a = 0.5, b→c = 0.1; the diagonal is ignored.
	w := []float64{
		7, -0.9, 0,
		0, 7, 0.1,
		0.5, 0, 7,
	}
	edges, err := RankedEdges(w, genes, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 6 {
		t.Fatalf("%d edges, want 6", len(edges))
	}
	if e := edges[0]; e.From != "a" || e.To != "b" || e.Weight != 0.9 {
		t.Errorf("top edge %v, want a→b 0.9 (|W[a][b]|)", e)
	}
	if e := edges[1]; e.From != "c" || e.To != "a" {
		t.Errorf("second edge %v, want c→a", e)
	}
	for _, e := range edges {
		if e.From == e.To {
			t.Errorf("self-loop %v", e)
		}
	}
	onlyC, err := RankedEdges(w, genes, []string{"c", "zz"})
	if err != nil {
		t.Fatal(err)
	}
	if len(onlyC) != 2 || onlyC[0].From != "c" || onlyC[1].From != "c" {
		t.Errorf("TF-filtered edges %v, want the 2 edges out of c", onlyC)
	}
	if _, err := RankedEdges(w[:8], genes, nil); err == nil {
		t.Error("wrong W size: want an error")
	}
}

func TestAverageAbs(t *testing.T) {
	genes := []string{"a", "b"}
	runs := []*Result{{W: []float64{0, -1, 2, 0}}, {W: []float64{0, 3, -4, 0}}}
	avg, err := AverageAbs(genes, runs)
	if err != nil {
		t.Fatal(err)
	}
	for k, want := range []float64{0, 2, 3, 0} {
		if math.Abs(avg.MeanAbsW[k]-want) > 1e-12 {
			t.Errorf("mean |W|[%d] = %v, want %v", k, avg.MeanAbsW[k], want)
		}
	}
	if _, err := AverageAbs(genes, []*Result{{W: []float64{1}}}); err == nil {
		t.Error("wrong W size: want an error")
	}
}

func TestConfigDefaultsAndValidation(t *testing.T) {
	ct := DefaultConfig(CellType)
	if ct.Alpha != 1 || ct.Beta != 0.01 || ct.Epochs != 150 || ct.Clip != 10 {
		t.Errorf("celltype defaults %+v, want α=1 β=0.01 150 epochs clip 10", ct)
	}
	ns := DefaultConfig(NonSpecific)
	if ns.Alpha != 100 || ns.Beta != 1 || ns.Epochs != 90 || ns.Clip != 0 {
		t.Errorf("nonspecific defaults %+v, want α=100 β=1 90 epochs", ns)
	}
	if ct.LearningRate != 1e-4 || ct.LearningRateW != 2e-5 || ct.BatchSize != 64 || ct.Hidden != 128 {
		t.Errorf("optimiser defaults %+v", ct)
	}
	var phases []bool
	for e := 0; e < 6; e++ {
		phases = append(phases, ct.isMLPEpoch(e))
	}
	if want := []bool{true, false, false, true, false, false}; !equalBools(phases, want) {
		t.Errorf("MLP epochs %v, want %v (one MLP epoch, then two W epochs)", phases, want)
	}
	bad := ct
	bad.BatchSize = 0
	if bad.Validate() == nil {
		t.Error("batch size 0 accepted")
	}
	bad = ct
	bad.Mode = "other"
	if bad.Validate() == nil {
		t.Error("unknown mode accepted")
	}
}

func TestEpochDecayCountsAllEpochs(t *testing.T) {
	d := epochDecay{LR: 1, Gamma: 0.5, StepsPerEpoch: 7, K1: 1, K2: 2}
	// The MLP optimiser's 8th update is the first step of its second MLP
	// epoch, which is overall epoch 3: rate 0.5³.
	if got := d.Rate(7); got != 0.125 {
		t.Errorf("rate after one MLP epoch = %v, want 0.125", got)
	}
	if got := d.Rate(6); got != 1 {
		t.Errorf("rate within the first epoch = %v, want 1", got)
	}
}

func equalBools(a, b []bool) bool {
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
