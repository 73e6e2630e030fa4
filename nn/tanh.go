package nn

import (
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
)

// tanhClamp is where the rational approximation reaches ±1 in float32.
const tanhClamp = 7.90531110763549805

// Coefficients of Eigen's float32 rational approximation of tanh (odd
// numerator of degree 13, even denominator of degree 6), valid on
// [-tanhClamp, tanhClamp]; maximum error a few float32 ulp.
var (
	tanhNumerator   = []float64{4.89352455891786e-03, 6.37261928875436e-04, 1.48572235717979e-05, 5.12229709037114e-08, -8.60467152213735e-11, 2.00018790482477e-13, -2.76076847742355e-16}
	tanhDenominator = []float64{4.89352518554385e-03, 2.26843463243900e-03, 1.18534705686654e-04, 1.19825839466702e-06}
)

// FastTanh is the hyperbolic tangent computed as a rational function of
// primitive operations (Eigen's float32 approximation, error ≤ 1e-6 relative
// in float32, also in float64 where it is then the accuracy limit), with the
// analytic gradient 1 − tanh² of the returned value. On the pure-Go backend it
// is faster than graph.Tanh, forward and backward (see BenchmarkTanh).
//
// Its gradient is first-order only: the derivative of the gradient is not
// defined through it. Use graph.Tanh where second derivatives are needed (a
// WGAN-GP critic with tanh activations).
func FastTanh(x *Node) *Node {
	value := rationalTanh(StopGradient(x))
	return withGradient(value, x, func(v *Node) *Node {
		// d tanh = 1 − tanh².
		return Mul(v, OneMinus(Square(StopGradient(value))))
	})
}

// rationalTanh evaluates the rational approximation (no gradient is taken through it).
func rationalTanh(x *Node) *Node {
	x = Clamp(Scalar(x.Graph(), x.DType(), -tanhClamp), x, Scalar(x.Graph(), x.DType(), tanhClamp))
	x2 := Square(x)
	p := horner(x2, tanhNumerator)
	q := horner(x2, tanhDenominator)
	return Div(Mul(x, p), q)
}

// horner evaluates c[0] + c[1]·t + c[2]·t² + … by Horner's rule.
func horner(t *Node, c []float64) *Node {
	acc := AddScalar(MulScalar(t, c[len(c)-1]), c[len(c)-2])
	for i := len(c) - 3; i >= 0; i-- {
		acc = AddScalar(Mul(acc, t), c[i])
	}
	return acc
}

// withGradient returns a node whose value is value (computed without
// gradient) and whose vector–Jacobian product with respect to x is
// vjp(v), v being the adjoint arriving at the output. It costs two
// element-wise passes (x − stop(x) is added, which is zero) in the forward
// graph.
func withGradient(value, x *Node, vjp func(v *Node) *Node) *Node {
	t := IdentityWithCustomGradient(x, func(_, v *Node) *Node { return vjp(v) })
	return Add(StopGradient(value), Sub(t, StopGradient(t)))
}
