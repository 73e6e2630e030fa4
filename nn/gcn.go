package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// EdgeList is a weighted sparse n×n matrix in coordinate form; repeated
// (Row, Col) pairs add up.
type EdgeList struct {
	N      int
	Rows   []int32
	Cols   []int32
	Values []float64
}

// NormalizeAdjacency returns D^-½(A+I)D^-½ for the symmetric adjacency A
// given as an edge list (each undirected edge listed in both directions; no
// self-loops needed — I is added here), D the degree matrix of A+I. Negative
// weights are an error (GCN normalisation needs positive degrees).
func NormalizeAdjacency(a EdgeList) (EdgeList, error) {
	if len(a.Rows) != len(a.Cols) || len(a.Rows) != len(a.Values) {
		return EdgeList{}, fmt.Errorf("nn.NormalizeAdjacency: rows %d, cols %d, values %d differ", len(a.Rows), len(a.Cols), len(a.Values))
	}
	degree := make([]float64, a.N)
	for i := range degree {
		degree[i] = 1 // the self-loop
	}
	for e, r := range a.Rows {
		c := a.Cols[e]
		if r < 0 || int(r) >= a.N || c < 0 || int(c) >= a.N {
			return EdgeList{}, fmt.Errorf("nn.NormalizeAdjacency: edge %d (%d, %d) outside %d nodes", e, r, c, a.N)
		}
		if a.Values[e] < 0 || math.IsNaN(a.Values[e]) {
			return EdgeList{}, fmt.Errorf("nn.NormalizeAdjacency: edge %d (%d, %d) has weight %g", e, r, c, a.Values[e])
		}
		degree[r] += a.Values[e]
	}
	out := EdgeList{N: a.N}
	for i := range a.N {
		out.Rows = append(out.Rows, int32(i))
		out.Cols = append(out.Cols, int32(i))
		out.Values = append(out.Values, 1/degree[i])
	}
	for e, r := range a.Rows {
		c := a.Cols[e]
		out.Rows = append(out.Rows, r)
		out.Cols = append(out.Cols, c)
		out.Values = append(out.Values, a.Values[e]/math.Sqrt(degree[r]*degree[c]))
	}
	return out, nil
}

// Dense returns the edge list as a dense [N, N] float64 tensor.
func (e EdgeList) Dense() *tensors.Tensor {
	data := make([]float64, e.N*e.N)
	for k, r := range e.Rows {
		data[int(r)*e.N+int(e.Cols[k])] += e.Values[k]
	}
	return tensors.FromFlatDataAndDimensions(data, e.N, e.N)
}

// Propagator multiplies node features x [nodes, features] by a (normalised) adjacency.
type Propagator func(x *Node) *Node

// DenseAdjacency propagates with a dense [nodes, nodes] adjacency node.
func DenseAdjacency(a *Node) Propagator {
	return func(x *Node) *Node { return MatMul(ConvertDType(a, x.DType()), x) }
}

// SparseAdjacency propagates with an edge list (constants in g, in dtype),
// by SparseMatMul: memory proportional to the number of edges.
func SparseAdjacency(g *Graph, e EdgeList) Propagator {
	rows := Const(g, e.Rows)
	cols := Const(g, e.Cols)
	values := Const(g, e.Values)
	return func(x *Node) *Node {
		return SparseMatMul(rows, cols, ConvertDType(values, x.DType()), x, e.N)
	}
}

// GCNLayer is one graph convolution Â·x·W + b (no activation), x [nodes, in] →
// [nodes, out]; variables "weights" and "biases" in scope. The product is
// taken in the cheaper order, Â·(x·W).
func GCNLayer(scope *model.Scope, propagate Propagator, x *Node, out int, init WeightInit) *Node {
	in := x.Shape().Dim(1)
	w := weightVariable(scope, "weights", shapes.Make(x.DType(), in, out), init).NodeValue(x.Graph())
	b := biasVariable(scope, "biases", shapes.Make(x.DType(), out)).NodeValue(x.Graph())
	h := propagate(MatMul(x, w))
	return Add(h, BroadcastToDims(InsertAxes(b, 0), h.Shape().Dimensions...))
}

// GCN is the two-layer graph convolution Â·ReLU(Â·x·W₀ + b₀)·W₁ + b₁
// (Kipf & Welling), x [nodes, in] → [nodes, out]; sub-scopes "gcn0", "gcn1".
func GCN(scope *model.Scope, propagate Propagator, x *Node, hidden, out int, init WeightInit) *Node {
	h := relu(GCNLayer(scope.In("gcn0"), propagate, x, hidden, init))
	return GCNLayer(scope.In("gcn1"), propagate, h, out, init)
}

// relu is max(x, 0).
func relu(x *Node) *Node { return Max(x, ZerosLike(x)) }
