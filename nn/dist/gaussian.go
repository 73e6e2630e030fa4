package dist

import (
	"math"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// GaussianLogPDF returns, element-wise, log N(x; μ, σ²) with a learned
// log-variance:
//
//	−½·(log 2π + logVar + (x−μ)²·e^(−logVar))
//
// x, mean and logVar must have the same shape.
func GaussianLogPDF(x, mean, logVar *Node) *Node {
	assertSameShape("GaussianLogPDF", x, mean, logVar)
	scaledSquare := Mul(Square(Sub(x, mean)), Exp(Neg(logVar)))
	return MulScalar(AddScalar(Add(logVar, scaledSquare), math.Log(2*math.Pi)), -0.5)
}

// GaussianLogPDFFixed returns, element-wise, log N(x; μ, variance) for a
// fixed variance > 0: −½·(log 2πσ² + (x−μ)²/σ²). x and mean must have the
// same shape.
func GaussianLogPDFFixed(x, mean *Node, variance float64) *Node {
	if !(variance > 0) || math.IsInf(variance, 0) {
		exceptions.Panicf("dist: GaussianLogPDFFixed needs a finite variance > 0, got %g", variance)
	}
	assertSameShape("GaussianLogPDFFixed", x, mean)
	return AddScalar(
		MulScalar(Square(Sub(x, mean)), -0.5/variance),
		-0.5*math.Log(2*math.Pi*variance))
}
