package pp

import (
	"math"
	"testing"

	"regula/anndata"
)

func TestScaleMatchesReference(t *testing.T) {
	f := loadSmall(t)
	bothKinds(t, f.Log1p, func(t *testing.T, a *anndata.AnnData) {
		opt := DefaultScaleOptions()
		opt.MaxValue = 2
		if err := Scale(a, opt); err != nil {
			t.Fatal(err)
		}
		if _, dense := a.X.(*anndata.Dense); !dense {
			t.Fatalf("zero-centred X is %T, want dense", a.X)
		}
		checkMatrixValues(t, "X", a.X, f.Scaled, 1e-5)
		checkVector(t, "mean", floatCol(t, a.Var, "mean"), f.ScaleMean, 1e-6)
		checkVector(t, "std", floatCol(t, a.Var, "std"), f.ScaleStd, 1e-6)
	})
}

func TestScaleConstantGeneIsZero(t *testing.T) {
	a := newAnnData(t, denseOf([][]float64{{3, 1}, {3, 2}, {3, 6}}))
	if err := Scale(a, DefaultScaleOptions()); err != nil {
		t.Fatal(err)
	}
	for i := range 3 {
		if v := a.X.At(i, 0); v != 0 {
			t.Fatalf("constant gene scaled to %v at cell %d, want 0", v, i)
		}
	}
	if std := floatCol(t, a.Var, "std"); std[0] != 1 {
		t.Fatalf("recorded std %v for a constant gene, want 1 (scanpy)", std[0])
	}
}

func TestScaleWithoutCentringKeepsCSR(t *testing.T) {
	rows := [][]float64{{0, 4}, {2, 0}, {4, 8}}
	a := newAnnData(t, denseOf(rows).ToCSR())
	if err := Scale(a, ScaleOptions{MaxValue: 1.5}); err != nil {
		t.Fatal(err)
	}
	if _, ok := a.X.(*anndata.CSR); !ok {
		t.Fatalf("X became %T, want CSR", a.X)
	}
	// Column 0: std 2 → 0, 1, 2→clip 1.5; column 1: std 4 → 1, 0, 2→1.5.
	want := [][]float64{{0, 1}, {1, 0}, {1.5, 1.5}}
	checkMatrixValues(t, "X", a.X, want, 1e-7)
	if a.X.NNZ() != 4 {
		t.Fatalf("NNZ = %d, want 4", a.X.NNZ())
	}
	if err := Scale(a, ScaleOptions{MaxValue: math.NaN()}); err == nil {
		t.Fatal("NaN max_value accepted")
	}
}
