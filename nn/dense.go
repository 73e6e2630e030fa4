package nn

import (
	"fmt"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/ml/model"
)

// Dense is an affine layer x·W + b: x [..., in] → [..., out]. It creates the
// variables "weights" [in, out] (initialised with init) and "biases" [out]
// (zeros) in scope.
func Dense(scope *model.Scope, x *Node, out int, init WeightInit) *Node {
	in := x.Shape().Dim(-1)
	w := weightVariable(scope, "weights", shapes.Make(x.DType(), in, out), init).NodeValue(x.Graph())
	return affine(scope, x, w)
}

// MaskedDense is Dense with weights W ⊙ mask, for a fixed 0/1 mask [in, out]
// (a constant node, e.g. a gene graph). The gradient of the masked weights is
// exactly zero, so they stay at their initial values under any optimiser
// without weight decay; the effective weights are zero there regardless.
func MaskedDense(scope *model.Scope, x, mask *Node, init WeightInit) *Node {
	in := x.Shape().Dim(-1)
	if mask.Rank() != 2 || mask.Shape().Dim(0) != in {
		panic(fmt.Errorf("nn.MaskedDense: mask shape %s does not match input features %d", mask.Shape(), in))
	}
	out := mask.Shape().Dim(1)
	w := weightVariable(scope, "weights", shapes.Make(x.DType(), in, out), init).NodeValue(x.Graph())
	return affine(scope, x, Mul(w, ConvertDType(mask, x.DType())))
}

// affine computes x·w + b for x [..., in], w [in, out], creating the bias.
func affine(scope *model.Scope, x, w *Node) *Node {
	out := w.Shape().Dim(1)
	b := biasVariable(scope, "biases", shapes.Make(x.DType(), out)).NodeValue(x.Graph())
	lead := x.Shape().Dimensions[:x.Rank()-1]
	flat := Reshape(x, -1, x.Shape().Dim(-1))
	y := linearRows(flat, w, b)
	return Reshape(y, append(append([]int{}, lead...), out)...)
}
