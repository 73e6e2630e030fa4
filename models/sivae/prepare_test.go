package sivae

import (
	"math"
	"strings"
	"testing"

	"regula/anndata"
)

func TestFromAnnDataNormalisesCountsAndKeepsInput(t *testing.T) {
	x := &anndata.Dense{Rows: 4, Cols: 3, Data: []float32{1, 0, 3, 2, 5, 0, 0, 1, 1, 4, 2, 0}}
	a, err := anndata.New(x, []string{"c1", "c2", "c3", "c4"}, []string{"g1", "g2", "g3"})
	if err != nil {
		t.Fatal(err)
	}
	if err := a.Obs.Set("batch", anndata.NewCategorical([]string{"x", "y", "x", "y"})); err != nil {
		t.Fatal(err)
	}
	d, info, err := FromAnnData(a, PrepareOptions{Variant: NegBinomial, BatchKey: "batch"})
	if err != nil {
		t.Fatal(err)
	}
	if !info.RawCounts || info.TargetSum != 1e4 || info.MaxValue != 10 {
		t.Errorf("preprocessing %+v", info)
	}
	if d.Counts[2] != 3 || len(d.BatchLevels) != 2 {
		t.Errorf("counts %v batch levels %v", d.Counts, d.BatchLevels)
	}
	for g := 0; g < 3; g++ {
		var m float64
		for c := 0; c < 4; c++ {
			m += float64(d.X[c*3+g])
		}
		if math.Abs(m) > 1e-5 {
			t.Errorf("gene %d not centred: mean %g", g, m/4)
		}
	}
	if x.Data[0] != 1 || a.Var.Col("mean") != nil {
		t.Error("FromAnnData modified its input")
	}
	if _, _, err := FromAnnData(a, PrepareOptions{BatchKey: "donor"}); err == nil || !strings.Contains(err.Error(), `"donor"`) {
		t.Errorf("missing batch column: got %v", err)
	}
	x.Data[0] = 0.5
	if _, _, err := FromAnnData(a, PrepareOptions{Variant: NegBinomial}); err == nil {
		t.Error("NB variant accepted non-integer data")
	}
}

func TestScoreNetworkOnIdealLoadings(t *testing.T) {
	c := NetworkConfig{Communities: 2, CommunitySize: 3, Isolated: 2, Cells: 10, Correlation: 0.6}
	net, err := Simulate(c)
	if err != nil {
		t.Fatal(err)
	}
	// Community k on axis k, isolated genes at the origin; hubs most central.
	v := []float32{1, 0, 1.1, 0, 0.9, 0, 0, 1, 0, 1.1, 0, 0.9, 0, 0, 0.01, 0}
	cent := []float64{0.9, 0.3, 0.3, 0.8, 0.3, 0.3, 0, 0}
	s, err := ScoreNetwork(net, v, 2, cent)
	if err != nil {
		t.Fatal(err)
	}
	if s.Silhouette < 0.8 || s.IsolatedNorm >= s.CommunityNorm || s.HubRanks[0] != 1 || s.HubRanks[1] != 2 {
		t.Errorf("ideal embedding scored %+v", s)
	}
}
