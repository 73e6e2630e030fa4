package nn

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
)

// GRN is DeepSEM's GRN layer applied to row vectors: x·(I − Wᵀ) = x − x·Wᵀ,
// for x [batch, n] and the adjacency w [n, n]. Output j is x_j − Σ_i x_i·w[j, i], so
// w[j, i] is the weight of regulator i on target j (row = target, as DeepSEM's
// reference stores it).
func GRN(x, w *Node) *Node {
	checkGRNShapes("GRN", x, w)
	return Sub(x, DotGeneral(x, []int{1}, nil, w, []int{1}, nil))
}

// InverseGRN is DeepSEM's inverse GRN layer h = z·(I − Wᵀ)⁻¹ for z [batch, n],
// with the exact gradient with respect to both z and w. c must hold
// (I − Wᵀ)⁻¹ for the current value of w, computed outside the gradient: on the
// host with InverseIMinusWT (with conditioning guard and damping), or refined
// in-graph with NewtonSchulz. c is never differentiated.
//
// With C = (I − Wᵀ)⁻¹, h = z·C and G = ∂L/∂h the gradients are
// ∂L/∂z = G·Cᵀ and ∂L/∂W = (G·Cᵀ)ᵀ·h — the straight-through construction
// h − h·(A − stop A)·C, A = I − Wᵀ, written out so the forward pass is a
// single product and the backward two.
//
// If the damping of InverseIMinusWT was used, pass the damped w' = s·w the
// inverse was computed for (or ignore the small mismatch knowingly).
func InverseGRN(z, w, c *Node) *Node {
	checkGRNShapes("InverseGRN", z, w)
	if !c.Shape().Equal(w.Shape()) {
		panic(fmt.Errorf("nn.InverseGRN: inverse shape %s differs from W shape %s", c.Shape(), w.Shape()))
	}
	c = StopGradient(c)
	h := MatMul(StopGradient(z), c)
	return withCustomVJP(h, []*Node{z, w}, func(v *Node) []*Node {
		u := DotGeneral(v, []int{1}, nil, c, []int{1}, nil)                   // G·Cᵀ  [batch, n]
		gw := DotGeneral(Transpose(u, 0, 1), []int{1}, nil, h, []int{0}, nil) // uᵀ·h  [n, n]
		return []*Node{u, gw}
	})
}

// NewtonSchulz refines c ≈ a⁻¹ with steps iterations X ← X·(2I − a·X)
// (quadratic convergence when ‖I − a·c‖ < 1), without gradient. Warm-started
// from the previous training step's inverse, one step per step keeps C exact
// to float32 while W moves slowly; check InverseResidual to decide when to
// recompute on the host.
func NewtonSchulz(a, c *Node, steps int) *Node {
	a, x := StopGradient(a), StopGradient(c)
	n := a.Shape().Dim(0)
	twoI := DiagonalWithValue(Scalar(a.Graph(), a.DType(), 2), n)
	for range steps {
		x = MatMul(x, Sub(twoI, MatMul(a, x)))
	}
	return x
}

// IMinusWT returns A = I − Wᵀ for w [n, n].
func IMinusWT(w *Node) *Node {
	n := w.Shape().Dim(0)
	return Sub(DiagonalWithValue(ScalarOne(w.Graph(), w.DType()), n), Transpose(w, 0, 1))
}

// InverseResidual returns max |I − a·c|, the accuracy of c as the inverse of a.
func InverseResidual(a, c *Node) *Node {
	n := a.Shape().Dim(0)
	r := Sub(DiagonalWithValue(ScalarOne(a.Graph(), a.DType()), n), MatMul(StopGradient(a), StopGradient(c)))
	return ReduceAllMax(Abs(r))
}

func checkGRNShapes(op string, x, w *Node) {
	if w.Rank() != 2 || w.Shape().Dim(0) != w.Shape().Dim(1) {
		panic(fmt.Errorf("nn.%s: W must be square, got %s", op, w.Shape()))
	}
	if x.Rank() != 2 || x.Shape().Dim(1) != w.Shape().Dim(0) {
		panic(fmt.Errorf("nn.%s: input must be [batch, %d], got %s", op, w.Shape().Dim(0), x.Shape()))
	}
}
