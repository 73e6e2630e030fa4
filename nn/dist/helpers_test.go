package dist

import (
	"math"
	"testing"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"regula/nn/internal/nntest"
)

// testBackend returns the backend shared by the tests.
func testBackend(t testing.TB) compute.Backend { return nntest.Backend(t) }

// evalFloat64 runs fn on float64 vectors of equal length and returns the
// flat float64 result.
func evalFloat64(t testing.TB, fn func(inputs []*Node) *Node, inputs ...[]float64) []float64 {
	t.Helper()
	args := make([]any, len(inputs))
	for i, in := range inputs {
		args[i] = tensors.FromFlatDataAndDimensions(in, len(in))
	}
	exec, err := NewExec(testBackend(t), func(nodes []*Node) *Node { return fn(nodes) })
	if err != nil {
		t.Fatal(err)
	}
	outs, err := exec.Exec(args...)
	if err != nil {
		t.Fatal(err)
	}
	return tensors.MustCopyFlatData[float64](outs[0])
}

// assertClose fails when got and want differ by more than tol·max(1, |want|).
func assertClose(t testing.TB, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol*math.Max(1, math.Abs(want[i])) || math.IsNaN(got[i]) != math.IsNaN(want[i]) {
			t.Errorf("%s[%d] = %.17g, want %.17g (tol %g)", what, i, got[i], want[i], tol)
		}
	}
}

// vector makes a float64 tensor from values.
func vector(values ...float64) *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(values, len(values))
}
