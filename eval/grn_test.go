package eval

import (
	"testing"

	"regula/grn"
)

func grnFixture(t *testing.T) (pred, truth []grn.Edge, genes []string) {
	f := load(t).GRN
	for _, e := range f.Truth {
		truth = append(truth, grn.Edge{From: e[0], To: e[1], Weight: 1})
	}
	for _, e := range f.Pred {
		pred = append(pred, grn.Edge{From: e[0].(string), To: e[1].(string), Weight: e[2].(float64)})
	}
	return pred, truth, f.Genes
}

func TestGRNMetricsMatchReference(t *testing.T) {
	f := load(t).GRN
	pred, truth, genes := grnFixture(t)
	m, err := EvaluateGRN(pred, truth, genes)
	if err != nil {
		t.Fatal(err)
	}
	if m.Candidates != f.Candidates || m.TrueEdges != f.TrueEdges {
		t.Errorf("candidates %d, true edges %d; want %d, %d", m.Candidates, m.TrueEdges, f.Candidates, f.TrueEdges)
	}
	near(t, "density", m.Density, f.Density)
	near(t, "early precision", m.EarlyPrecision, f.EarlyPrecision)
	near(t, "EPR", m.EPR, f.EPR)
	near(t, "AUPRC", m.AUPRC, f.AUPRC)
	near(t, "AUPRC ratio", m.AUPRCRatio, f.AUPRCRatio)
	near(t, "AUROC", m.AUROC, f.AUROC)
	p, err := PrecisionAtK(pred, truth, genes, 10)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "precision at 10", p, f.PrecisionAt10)
	if _, err := EvaluateGRN(pred, truth, []string{"x", "y"}); err == nil {
		t.Error("genes unrelated to the truth: no error")
	}
}

func TestGRNConsistency(t *testing.T) {
	a := []grn.Edge{{From: "A", To: "B", Weight: 5}, {From: "A", To: "C", Weight: -4}, {From: "B", To: "C", Weight: 3}, {From: "C", To: "A", Weight: 2}, {From: "A", To: "A", Weight: 9}}
	b := []grn.Edge{{From: "A", To: "C", Weight: 1}, {From: "B", To: "C", Weight: 0.5}, {From: "A", To: "B", Weight: 0.1}, {From: "C", To: "A", Weight: 0.05}}
	// Top 50% of the 4 reference edges: {A→B, A→C} vs {A→C, B→C}.
	got, err := GRNConsistency(a, b, 0.5)
	if err != nil || got != 0.5 {
		t.Errorf("consistency = %v, %v; want 0.5", got, err)
	}
	if got, _ := GRNConsistency(a, a, 0.25); got != 1 {
		t.Errorf("self-consistency = %v, want 1", got)
	}
	if _, err := GRNConsistency(a, b, 0); err == nil {
		t.Error("fraction 0: no error")
	}
}
