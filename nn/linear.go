package nn

import (
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
)

// Affine maps with hand-written backward passes.
//
// Why: GoMLX v0.28's generic DotGeneral gradient ends with a transpose back to
// the input's axis order even when that order is already right (an identity
// permutation), and the Go backend executes every transpose as an
// element-by-element copy; its matmul kernel also transposes any operand that
// is not laid out as lhs [cross, contracting] and rhs [contracting, cross] or
// [cross, contracting]. For the per-gene MLP these copies of [batch·genes,
// hidden] tensors were ~30% of a training step.
//
// How: the adjoint v of the output is captured where it arrives at the bias
// broadcast (a custom-gradient identity), and handed to custom-gradient
// identities of the input and the weights, which are linked to the bias by a
// zero-valued scalar (so no extra large element-wise pass is added). Each
// gradient is then a single DotGeneral in a layout the kernel takes as is.
// The gradient expressions are ordinary graph ops, so a second derivative
// through linearRows (Dense) is still exact: the WGAN-GP test differentiates a
// Dense+tanh critic's input gradient w.r.t. its weights against finite
// differences. Gradients are verified against finite differences in tests.
//
// The kernel's native layouts are lhs [batch?, cross, contracting] with rhs
// [batch?, contracting, cross] or [batch?, cross, contracting]; anything else
// makes it transpose BOTH operands. The products below are arranged to match.

// linearRows computes x·w + b for x [n, in], w [in, out], b [out] → [n, out].
func linearRows(x, w, b *Node) *Node {
	n, out := x.Shape().Dim(0), w.Shape().Dim(1)
	return customAffine(x, w, b, []int{n, out}, 0,
		func() *Node { return MatMul(StopGradient(x), StopGradient(w)) },
		// dx[i,k] = Σ_j v[i,j]·w[k,j]
		func(v *Node) *Node { return DotGeneral(v, []int{1}, nil, w, []int{1}, nil) },
		// dw[k,j] = Σ_i x[i,k]·v[i,j]; one explicit transpose of x, otherwise the
		// kernel would transpose both operands.
		func(v *Node) *Node { return DotGeneral(Transpose(x, 0, 1), []int{1}, nil, v, []int{0}, nil) })
}

// linearColumns is the feature-major form: for xt [in, n] (one column per
// sample), w [in, out], b [out] it returns wᵀ·xt + b → [out, n]. With this
// layout the forward and both gradient products need no transpose of an
// n-sized operand, only of the small weight matrix.
func linearColumns(xt, w, b *Node) *Node {
	n, out := xt.Shape().Dim(1), w.Shape().Dim(1)
	return customAffine(xt, w, b, []int{out, n}, 1,
		func() *Node {
			return DotGeneral(Transpose(StopGradient(w), 0, 1), []int{1}, nil, StopGradient(xt), []int{0}, nil)
		},
		// dxt[k,i] = Σ_j w[k,j]·v[j,i]
		func(v *Node) *Node { return DotGeneral(w, []int{1}, nil, v, []int{0}, nil) },
		// dw[k,j] = Σ_i xt[k,i]·v[j,i]
		func(v *Node) *Node { return DotGeneral(xt, []int{1}, nil, v, []int{1}, nil) })
}

// customAffine returns product() + b (b broadcast along axis sampleAxis of
// outDims) whose gradient with respect to x and w is gradX(v) and gradW(v).
func customAffine(x, w, b *Node, outDims []int, sampleAxis int, product func() *Node, gradX, gradW func(v *Node) *Node) *Node {
	var adjoint *Node // v; set during back-propagation before gradX/gradW read it
	cx := IdentityWithCustomGradient(x, func(_, _ *Node) *Node { return gradX(adjoint) })
	cw := IdentityWithCustomGradient(w, func(_, _ *Node) *Node { return gradW(adjoint) })
	corner := func(n *Node) *Node { return Reshape(Slice(n, AxisRange(0, 1), AxisRange(0, 1))) }
	zero := MulScalar(Add(corner(cx), corner(cw)), 0)
	bias := Add(b, BroadcastToDims(zero, b.Shape().Dimensions...))
	broadcastBias := IdentityWithCustomGradient(
		BroadcastToDims(InsertAxes(bias, sampleAxis), outDims...),
		func(_, v *Node) *Node {
			adjoint = v
			return v
		})
	return Add(product(), broadcastBias)
}
