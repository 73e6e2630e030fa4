package nn

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
)

// TestFastTanhAccuracy: float32 FastTanh within 1e-6 relative of math.Tanh on a fine grid.
func TestFastTanhAccuracy(t *testing.T) {
	backend := testBackend(t)
	var xs []float32
	for x := -12.0; x <= 12; x += 0.00037 {
		xs = append(xs, float32(x))
	}
	xs = append(xs, 0, 1e-30, -1e-20, 1e-7, 3e-4, float32(math.Inf(1)), float32(math.Inf(-1)))
	out := MustExecOnce(backend, FastTanh, tensors.FromFlatDataAndDimensions(xs, len(xs)))
	got := tensors.MustCopyFlatData[float32](out)
	worst, at := 0.0, 0.0
	for i, x := range xs {
		want := math.Tanh(float64(x))
		rel := math.Abs(float64(got[i])-want) / max(math.Abs(want), 1e-30)
		if want == 0 {
			rel = math.Abs(float64(got[i]))
		}
		if rel > worst {
			worst, at = rel, float64(x)
		}
	}
	t.Logf("max relative error %.3g at x = %g over %d points", worst, at, len(xs))
	if worst > 1e-6 {
		t.Errorf("FastTanh relative error %.3g at x = %g exceeds 1e-6", worst, at)
	}
}
