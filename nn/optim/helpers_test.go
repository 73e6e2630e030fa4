package optim

import (
	"testing"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/internal/nntest"
)

// testBackend returns the backend shared by the tests.
func testBackend(t testing.TB) compute.Backend { return nntest.Backend(t) }

// dense returns x·w + b for x [n, in], w [in, out], b [out].
func dense(x, w, b *Node) *Node {
	xw := Dot(x, w).Product()
	return Add(xw, BroadcastToDims(InsertAxes(b, 0), xw.Shape().Dimensions...))
}

// mlpLoss is the fixture's model: mean((tanh(x·w1+b1)·w2+b2 − y)²), with
// the variables w1, b1, w2, b2 in scope.
func mlpLoss(scope *model.Scope, x, y *Node) *Node {
	g := x.Graph()
	v := func(name string) *Node { return scope.GetVariable(name).NodeValue(g) }
	out := dense(Tanh(dense(x, v("w1"), v("b1"))), v("w2"), v("b2"))
	return ReduceAllMean(Square(Sub(out, y)))
}

// setVariable creates (or overwrites) a variable in scope with value.
func setVariable(t testing.TB, scope *model.Scope, name string, value any) *model.Variable {
	t.Helper()
	tensor, err := tensors.FromAnyValue(value)
	if err != nil {
		t.Fatalf("variable %s: %v", name, err)
	}
	if v := scope.GetVariable(name); v != nil {
		if err := v.SetValue(tensor); err != nil {
			t.Fatal(err)
		}
		return v
	}
	v, err := scope.CreateVariable(name, tensor)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// flatValue returns a variable's value as a flat float64 slice (converting float32).
func flatValue(t testing.TB, v *model.Variable) []float64 {
	t.Helper()
	value, err := v.Value()
	if err != nil {
		t.Fatal(err)
	}
	switch value.DType().String() {
	case "Float64":
		return tensors.MustCopyFlatData[float64](value)
	case "Float32":
		f32 := tensors.MustCopyFlatData[float32](value)
		out := make([]float64, len(f32))
		for i, f := range f32 {
			out[i] = float64(f)
		}
		return out
	}
	t.Fatalf("variable %s has dtype %s", v.Path(), value.DType())
	return nil
}
