package pp

import (
	"math"
	"testing"
)

func TestLoessMatchesDirectRegression(t *testing.T) {
	f := loadSmall(t)
	l := f.Loess
	fit, err := Loess(l.X, l.Y, 0.3, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkVector(t, "degree 2", fit, l.Fit2, 1e-9)
	fit, err = Loess(l.X, l.Y, 0.5, 1)
	if err != nil {
		t.Fatal(err)
	}
	checkVector(t, "degree 1", fit, l.Fit1, 1e-9)
	fit, err = Loess(l.XTies, l.Y, 0.3, 2)
	if err != nil {
		t.Fatal(err)
	}
	checkVector(t, "tied x", fit, l.FitTies, 1e-9)
}

func TestLoessReproducesQuadratic(t *testing.T) {
	// A local quadratic fit is exact on a quadratic.
	x := make([]float64, 50)
	y := make([]float64, 50)
	for i := range x {
		x[i] = float64(i) / 7
		y[i] = 2 - 3*x[i] + 0.5*x[i]*x[i]
	}
	fit, err := Loess(x, y, 0.2, 2)
	if err != nil {
		t.Fatal(err)
	}
	for i := range fit {
		if math.Abs(fit[i]-y[i]) > 1e-9 {
			t.Fatalf("fit[%d] = %v, want %v", i, fit[i], y[i])
		}
	}
}

func TestLoessErrors(t *testing.T) {
	if _, err := Loess([]float64{1, 2, 3}, []float64{1, 2}, 0.5, 2); err == nil {
		t.Error("length mismatch accepted")
	}
	if _, err := Loess([]float64{1, 2, 3, 4}, []float64{1, 2, 3, 4}, 0.3, 2); err == nil {
		t.Error("a neighbourhood of 1 point accepted for degree 2")
	}
	if _, err := Loess([]float64{1, math.NaN(), 3}, []float64{1, 2, 3}, 1, 1); err == nil {
		t.Error("NaN accepted")
	}
}
