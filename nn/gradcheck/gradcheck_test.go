package gradcheck

import (
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

func newBackend(t *testing.T) compute.Backend {
	t.Helper()
	b, err := compute.New()
	if err != nil {
		t.Fatalf("backend: %v", err)
	}
	return b
}

func TestCheckGraph(t *testing.T) {
	backend := newBackend(t)
	x := tensors.FromValue([][]float64{{0.3, -1.2, 0.7}, {2.0, 0.1, -0.4}})
	w := tensors.FromValue([][]float64{{0.5, -0.3}, {0.8, 0.2}, {-0.6, 1.1}})
	cases := []struct {
		name    string
		fn      GraphFunc
		inputs  []*tensors.Tensor
		wantBad bool // true when the gradient is deliberately wrong
	}{
		{"tanh-matmul", func(g *Graph, in []*Node) *Node {
			return ReduceAllSum(Tanh(MatMul(in[0], in[1])))
		}, []*tensors.Tensor{x, w}, false},
		{"exp-square", func(g *Graph, in []*Node) *Node {
			return ReduceAllMean(Mul(Exp(MulScalar(in[0], 0.5)), Square(in[0])))
		}, []*tensors.Tensor{x}, false},
		{"wrong-custom-gradient", func(g *Graph, in []*Node) *Node {
			y := IdentityWithCustomGradient(in[0], func(_, v *Node) *Node { return MulScalar(v, 1.01) })
			return ReduceAllSum(Square(y))
		}, []*tensors.Tensor{x}, true},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := CheckGraph(backend, tc.fn, tc.inputs, Options{})
			if err != nil {
				t.Fatal(err)
			}
			t.Log(res)
			if bad := res.MaxRelErr >= 1e-5; bad != tc.wantBad {
				t.Errorf("MaxRelErr = %g, want bad=%v", res.MaxRelErr, tc.wantBad)
			}
		})
	}
}

func TestCheckGraphAux(t *testing.T) {
	backend := newBackend(t)
	// f(x) = sum(x * stop(2x)) computed with the stopped part supplied by Aux:
	// the host value follows x, so finite differences see d/dx (2x²) = 4x, while
	// autodiff (which cannot see through Aux) gives 2x: the check must fail.
	x := tensors.FromValue([]float64{0.5, -1.5, 2})
	aux := func(in []*tensors.Tensor) ([]*tensors.Tensor, error) {
		v := tensors.MustCopyFlatData[float64](in[0])
		for i := range v {
			v[i] *= 2
		}
		return []*tensors.Tensor{tensors.FromFlatDataAndDimensions(v, len(v))}, nil
	}
	res, err := CheckGraph(backend, func(g *Graph, in []*Node) *Node {
		return ReduceAllSum(Mul(in[0], in[1]))
	}, []*tensors.Tensor{x}, Options{Aux: aux})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr < 0.4 {
		t.Errorf("Aux inputs should be invisible to autodiff; got %v", res)
	}
}

func TestCheckGraphRejectsNonScalar(t *testing.T) {
	backend := newBackend(t)
	x := tensors.FromValue([]float64{1, 2})
	if _, err := CheckGraph(backend, func(g *Graph, in []*Node) *Node { return in[0] }, []*tensors.Tensor{x}, Options{}); err == nil {
		t.Error("expected an error for a non-scalar function")
	}
	x32 := tensors.FromValue([]float32{1, 2})
	if _, err := CheckGraph(backend, func(g *Graph, in []*Node) *Node { return ReduceAllSum(in[0]) }, []*tensors.Tensor{x32}, Options{}); err == nil {
		t.Error("expected an error for a float32 input")
	}
}

func TestCheckVariables(t *testing.T) {
	backend := newBackend(t)
	store := model.NewStore()
	data := tensors.FromValue([][]float64{{0.3, -1.2}, {2.0, 0.1}, {-0.5, 0.9}})
	res, err := CheckVariables(backend, store, func(scope *model.Scope, g *Graph) *Node {
		w := scope.VariableWithValue("w", [][]float64{{0.5, -0.3, 0.2}, {0.8, 0.2, -0.1}}).NodeValue(g)
		b := scope.VariableWithValue("b", [][]float64{{0.1, 0.0, -0.2}}).NodeValue(g)
		x := ConstTensor(g, data)
		h := Add(MatMul(x, w), BroadcastToDims(b, 3, 3))
		return ReduceAllSum(Square(Tanh(h)))
	}, Options{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(res)
	if res.MaxRelErr >= 1e-5 || res.Elements != 9 {
		t.Errorf("got %v, want 9 elements with rel err < 1e-5", res)
	}
	// The store must hold the original values afterwards.
	w := tensors.MustCopyFlatData[float64](store.GetVariable("/w").MustValue())
	if w[0] != 0.5 || w[5] != -0.1 {
		t.Errorf("variable not restored: %v", w)
	}
}
