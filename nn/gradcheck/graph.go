package gradcheck

import (
	"fmt"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
)

// GraphFunc builds a scalar node from the graph inputs: the differentiated
// inputs first, then the Options.Aux tensors, if any.
type GraphFunc func(g *Graph, inputs []*Node) *Node

// CheckGraph compares GoMLX's gradient of fn with respect to each of inputs
// (float64 tensors) with central finite differences.
func CheckGraph(backend compute.Backend, fn GraphFunc, inputs []*tensors.Tensor, opts Options) (Result, error) {
	numDiff := len(inputs)
	valueExec, err := NewExec(backend, func(g *Graph, nodes []*Node) *Node {
		return checkedScalar(fn(g, nodes))
	})
	if err != nil {
		return Result{}, fmt.Errorf("gradcheck: building value graph: %w", err)
	}
	defer valueExec.Finalize()
	gradExec, err := NewExec(backend, func(g *Graph, nodes []*Node) []*Node {
		return Gradient(checkedScalar(fn(g, nodes)), nodes[:numDiff]...)
	})
	if err != nil {
		return Result{}, fmt.Errorf("gradcheck: building gradient graph: %w", err)
	}
	defer gradExec.Finalize()

	withAux := func(in []*tensors.Tensor) ([]*tensors.Tensor, error) {
		if opts.Aux == nil {
			return in, nil
		}
		aux, err := opts.Aux(in)
		if err != nil {
			return nil, fmt.Errorf("auxiliary inputs: %w", err)
		}
		return append(append([]*tensors.Tensor{}, in...), aux...), nil
	}
	value := func(in []*tensors.Tensor) (float64, error) {
		all, err := withAux(in)
		if err != nil {
			return 0, err
		}
		out, err := valueExec.Call(all)
		if err != nil {
			return 0, err
		}
		return scalarFloat64(out[0])
	}
	gradient := func(in []*tensors.Tensor) ([]*tensors.Tensor, error) {
		all, err := withAux(in)
		if err != nil {
			return nil, err
		}
		return gradExec.Call(all)
	}
	return Check(inputs, value, gradient, opts)
}

// checkedScalar panics (caught by Exec and returned as an error) unless the
// node is a float64 scalar.
func checkedScalar(n *Node) *Node {
	if !n.Shape().IsScalar() || n.DType() != dtypes.Float64 {
		panic(fmt.Errorf("gradcheck: function must return a float64 scalar, got %s", n.Shape()))
	}
	return n
}

func scalarFloat64(t *tensors.Tensor) (float64, error) {
	if t.DType() != dtypes.Float64 || !t.Shape().IsScalar() {
		return 0, fmt.Errorf("function returned %s, want a float64 scalar", t.Shape())
	}
	return tensors.ToScalar[float64](t), nil
}
