package nn

import (
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
)

// withCustomVJP returns a node with the value of value (which must not need
// a gradient itself: build it from stopped inputs) whose vector–Jacobian
// products with respect to inputs are vjp(v), v being the adjoint arriving at
// the returned node. vjp is called at most once per back-propagation.
//
// Mechanism (public GoMLX API only): the output is value + carrier, where the
// carrier is a zero tensor whose custom-gradient identity captures v; the
// carrier is linked by a zero-valued scalar to custom-gradient identities of
// the inputs, which return the captured products. Cost: one broadcast and one
// addition of the output's size, and one copy of each input. First-order
// gradients only.
func withCustomVJP(value *Node, inputs []*Node, vjp func(v *Node) []*Node) *Node {
	var adjoint *Node
	var grads []*Node
	gradsFor := func(i int) *Node {
		if grads == nil {
			grads = vjp(adjoint)
		}
		return grads[i]
	}
	var link *Node
	for i, in := range inputs {
		c := IdentityWithCustomGradient(in, func(_, _ *Node) *Node { return gradsFor(i) })
		corner := Reshape(Slice(c, sliceFirst(c.Rank())...))
		if link == nil {
			link = corner
		} else {
			link = Add(link, corner)
		}
	}
	carrier := IdentityWithCustomGradient(
		BroadcastToDims(MulScalar(ConvertDType(link, value.DType()), 0), value.Shape().Dimensions...),
		func(_, v *Node) *Node {
			adjoint, grads = v, nil
			return v
		})
	return Add(StopGradient(value), carrier)
}

// sliceFirst selects the first element along each of rank axes.
func sliceFirst(rank int) []SliceAxisSpec {
	specs := make([]SliceAxisSpec, rank)
	for i := range specs {
		specs[i] = AxisRange(0, 1)
	}
	return specs
}
