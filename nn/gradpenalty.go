package nn

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
)

// GradientPenalty is the WGAN-GP penalty λ·E[(‖∇_x̂ D(x̂)‖₂ − 1)²] on the
// interpolates x̂ = α·real + (1 − α)·fake, for real, fake [batch, features]
// and alpha [batch] (draw it U(0,1), e.g. with scope.RandomUniform). critic
// maps [batch, features] to [batch] or [batch, 1]. The result is differentiable
// with respect to the critic's weights (second-order autodiff): the critic must
// use only ops with second derivatives (graph.Tanh, ReLU, Dense — not FastTanh
// or the per-gene MLP). A 1e-12 inside the square root keeps the gradient finite
// when the critic's gradient vanishes.
func GradientPenalty(critic func(x *Node) *Node, real, fake, alpha *Node, lambda float64) *Node {
	if !real.Shape().Equal(fake.Shape()) || real.Rank() != 2 {
		panic(fmt.Errorf("nn.GradientPenalty: real %s and fake %s must be equal [batch, features]", real.Shape(), fake.Shape()))
	}
	if alpha.Rank() != 1 || alpha.Shape().Dim(0) != real.Shape().Dim(0) {
		panic(fmt.Errorf("nn.GradientPenalty: alpha must be [%d], got %s", real.Shape().Dim(0), alpha.Shape()))
	}
	a := BroadcastToDims(InsertAxes(alpha, 1), real.Shape().Dimensions...)
	interp := Add(Mul(a, real), Mul(OneMinus(a), fake))
	scores := critic(interp)
	grad := Gradient(ReduceAllSum(scores), interp)[0]
	norm := Sqrt(AddScalar(ReduceSum(Square(grad), 1), 1e-12))
	return MulScalar(ReduceAllMean(Square(AddScalar(norm, -1))), lambda)
}
