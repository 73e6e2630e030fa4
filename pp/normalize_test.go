package pp

import (
	"math"
	"testing"

	"regula/anndata"
)

func TestNormalizeTotal(t *testing.T) {
	f := loadSmall(t)
	cases := []struct {
		name string
		opt  NormalizeOptions
		want [][]float64
	}{
		{"target_1e4", NormalizeOptions{TargetSum: 1e4}, f.Normalized1e4},
		{"median", NormalizeOptions{}, f.NormalizedMedian},
		{"exclude_highly_expressed", NormalizeOptions{ExcludeHighlyExpressed: true, MaxFraction: 0.2}, f.NormalizedExclude},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bothKinds(t, f.Counts, func(t *testing.T, a *anndata.AnnData) {
				_, sparse := a.X.(*anndata.CSR)
				if err := NormalizeTotal(a, c.opt); err != nil {
					t.Fatal(err)
				}
				if _, still := a.X.(*anndata.CSR); still != sparse {
					t.Fatalf("storage changed to %T", a.X)
				}
				checkMatrixValues(t, "X", a.X, c.want, 1e-5)
			})
		})
	}
}

func TestNormalizeTotalKeyAdded(t *testing.T) {
	a := newAnnData(t, denseOf([][]float64{{1, 3}, {0, 0}, {2, 2}}))
	if err := NormalizeTotal(a, NormalizeOptions{TargetSum: 10, KeyAdded: "n_counts"}); err != nil {
		t.Fatal(err)
	}
	checkVector(t, "n_counts", floatCol(t, a.Obs, "n_counts"), []float64{4, 0, 4}, 0)
	checkMatrixValues(t, "X", a.X, [][]float64{{2.5, 7.5}, {0, 0}, {5, 5}}, 1e-7)
}

func TestLog1p(t *testing.T) {
	f := loadSmall(t)
	bothKinds(t, f.Normalized1e4, func(t *testing.T, a *anndata.AnnData) {
		if err := Log1p(a, 0); err != nil {
			t.Fatal(err)
		}
		checkMatrixValues(t, "X", a.X, f.Log1p, 1e-6)
		if rec, ok := a.Uns["log1p"].(anndata.Uns); !ok || len(rec) != 0 {
			t.Fatalf(`uns["log1p"] = %#v, want an empty map`, a.Uns["log1p"])
		}
	})
	bothKinds(t, f.Normalized1e4, func(t *testing.T, a *anndata.AnnData) {
		if err := Log1p(a, 2); err != nil {
			t.Fatal(err)
		}
		checkMatrixValues(t, "X", a.X, f.Log1pBase2, 1e-6)
		if b := log1pBase(a); b != 2 {
			t.Fatalf("recorded base %v, want 2", b)
		}
	})
}

func TestLog1pRejectsBadInput(t *testing.T) {
	a := newAnnData(t, denseOf([][]float64{{1, -2}}))
	if err := Log1p(a, 0); err == nil {
		t.Fatal("accepted a value below -1")
	}
	if a.X.At(0, 0) != 1 {
		t.Fatal("X was modified before the error")
	}
	if err := Log1p(newAnnData(t, denseOf([][]float64{{1}})), 1); err == nil {
		t.Fatal("accepted base 1")
	}
	if err := NormalizeTotal(a, NormalizeOptions{TargetSum: math.Inf(1)}); err == nil {
		t.Fatal("accepted an infinite target sum")
	}
}
