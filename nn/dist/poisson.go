package dist

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// PoissonLogPMF returns, element-wise, the log-probability of counts x
// under a Poisson with the given rate: x·log(rate+ε) − rate − lgamma(x+1),
// with ε = [Eps] as in the negative binomial. x and rate must have the same
// shape.
func PoissonLogPMF(x, rate *Node) *Node {
	assertSameShape("PoissonLogPMF", x, rate)
	return Sub(
		Sub(Mul(x, Log(AddScalar(rate, Eps))), rate),
		Lgamma(OnePlus(x)))
}
