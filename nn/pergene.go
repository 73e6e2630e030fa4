package nn

import (
	"fmt"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/ml/model"
)

// PerGeneMLP applies ONE small MLP, shared by all genes, to every scalar of
// x [batch, genes]: 1 → hidden → hidden → out with tanh after each hidden layer
// and a linear output, giving [batch, genes, out]. It is DeepSEM's encoder
// (out = 2: mean and log-variance) and decoder (out = 1).
//
// With constantInput every scalar enters together with a constant 1, as
// DeepSEM's reference encoder sees (x_g, y) with a one-category y ≡ 1: the
// first layer is then 2 → hidden, initialised with fan-in 2, and the
// constant's weight row acts as a second, randomly initialised bias.
//
// Variables (in scope): "layer0/weights" [1 or 2, hidden], "layer1/weights"
// [hidden, hidden], "layer2/weights" [hidden, out] (initialised with init;
// DeepSEM uses XavierNormal) and the matching zero "biases".
//
// Implementation (the hot path of DeepSEM): the batch is one chain of matmuls
// over all batch·genes scalars, kept feature-major ([hidden, batch·genes]) so
// that neither the forward products nor their gradients transpose a large
// operand on the Go backend; the first layer's bias is folded into its
// product ([w; b]ᵀ·[x; 1]); tanh is FastTanh. First-order gradients only.
func PerGeneMLP(scope *model.Scope, x *Node, hidden, out int, init WeightInit, constantInput bool) *Node {
	if x.Rank() != 2 {
		panic(fmt.Errorf("nn.PerGeneMLP: input must be [batch, genes], got %s", x.Shape()))
	}
	batch, genes := x.Shape().Dim(0), x.Shape().Dim(1)
	g, dtype := x.Graph(), x.DType()
	n := batch * genes

	vars := func(layer, in, width int) (w, b *Node) {
		s := scope.In("layer%d", layer)
		w = weightVariable(s, "weights", shapes.Make(dtype, in, width), init).NodeValue(g)
		b = biasVariable(s, "biases", shapes.Make(dtype, width)).NodeValue(g)
		return w, b
	}
	inputs := 1
	if constantInput {
		inputs = 2
	}
	w0, b0 := vars(0, inputs, hidden)
	if constantInput { // [x, 1]·[w_x; w_1] + b0 = x·w_x + (b0 + w_1)
		b0 = Add(b0, Reshape(Slice(w0, AxisElem(1), AxisRange()), hidden))
		w0 = Slice(w0, AxisElem(0), AxisRange())
	}
	w1, b1 := vars(1, hidden, hidden)
	w2, b2 := vars(2, hidden, out)

	// Layer 0, an outer product with the bias folded in: [w0; b0]ᵀ·[x; 1] → [hidden, n].
	xt := Concatenate([]*Node{Reshape(x, 1, n), Ones(g, shapes.Make(dtype, 1, n))}, 0)
	wb := Concatenate([]*Node{w0, InsertAxes(b0, 0)}, 0)
	h := FastTanh(DotGeneral(Transpose(wb, 0, 1), []int{1}, nil, xt, []int{0}, nil))
	h = FastTanh(linearColumns(h, w1, b1))
	y := linearColumns(h, w2, b2) // [out, n]
	if out == 1 {
		return Reshape(y, batch, genes, 1)
	}
	return Reshape(Transpose(y, 0, 1), batch, genes, out)
}
