package deepsem

import (
	"math"
	"testing"

	"regula/anndata"
)

func denseFromRows(rows [][]float32) *anndata.Dense {
	d := anndata.NewDense(len(rows), len(rows[0]))
	for i, r := range rows {
		copy(d.Row(i), r)
	}
	return d
}

func TestPreprocessCellTypeUsesNonZeroStatistics(t *testing.T) {
	// gene 0: non-zeros 1, 2, 3 (mean 2, population sd √(2/3)); gene 1: all
	// zero (undefined → 0); gene 2: a single non-zero (sd 0 → 0).
	x := denseFromRows([][]float32{{1, 0, 0}, {2, 0, 5}, {3, 0, 0}, {0, 0, 0}})
	d, err := Preprocess(x, CellType, 10)
	if err != nil {
		t.Fatal(err)
	}
	sd := math.Sqrt(2.0 / 3)
	want := [][]float64{{-1 / sd, 0, 0}, {0, 0, 0}, {1 / sd, 0, 0}, {-2 / sd, 0, 0}}
	for i, row := range want {
		for j, w := range row {
			if got := float64(d.X[i*3+j]); math.Abs(got-w) > 1e-6 {
				t.Errorf("X[%d][%d] = %v, want %v", i, j, got, w)
			}
		}
	}
	wantMask := []float32{1, 0, 0, 1, 0, 1, 1, 0, 0, 0, 0, 0}
	for k, w := range wantMask {
		if d.NonZero[k] != w {
			t.Fatalf("NonZero = %v, want %v", d.NonZero, wantMask)
		}
	}
}

func TestPreprocessClipsAndRejectsNaN(t *testing.T) {
	rows := make([][]float32, 200)
	for i := range rows {
		rows[i] = []float32{1, float32(i%2 + 1)}
	}
	rows[0][0] = 1000 // far outlier among non-zeros
	d, err := Preprocess(denseFromRows(rows), CellType, 3)
	if err != nil {
		t.Fatal(err)
	}
	if d.X[0] != 3 {
		t.Errorf("outlier → %v, want clipped to 3", d.X[0])
	}
	rows[5][1] = float32(math.NaN())
	if _, err := Preprocess(denseFromRows(rows), CellType, 3); err == nil {
		t.Error("NaN input: want an error")
	}
}

func TestPreprocessNonSpecificIsOrdinaryZScore(t *testing.T) {
	x := denseFromRows([][]float32{{0, 7}, {2, 7}, {4, 7}})
	d, err := Preprocess(x, NonSpecific, 0)
	if err != nil {
		t.Fatal(err)
	}
	sd := math.Sqrt(8.0 / 3)
	for i, w := range []float64{-2 / sd, 0, 2 / sd} {
		if got := float64(d.X[i*2]); math.Abs(got-w) > 1e-6 {
			t.Errorf("gene 0 cell %d = %v, want %v", i, got, w)
		}
		if d.X[i*2+1] != 0 {
			t.Errorf("constant gene → %v, want 0", d.X[i*2+1])
		}
	}
}
