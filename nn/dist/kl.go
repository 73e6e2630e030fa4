package dist

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// KLStandardNormal returns, element-wise, KL(N(μ, e^logVar) ‖ N(0, 1)) =
// ½·(μ² + e^logVar − 1 − logVar), the VAE regulariser; sum over latent
// dimensions for the KL of a diagonal Gaussian. mean and logVar must have
// the same shape.
func KLStandardNormal(mean, logVar *Node) *Node {
	assertSameShape("KLStandardNormal", mean, logVar)
	return MulScalar(AddScalar(Sub(Add(Square(mean), Exp(logVar)), logVar), -1), 0.5)
}

// KLDiagGaussians returns, element-wise, KL(N(μ₁, e^logVar₁) ‖ N(μ₂, e^logVar₂))
// = ½·(logVar₂ − logVar₁ + (e^logVar₁ + (μ₁−μ₂)²)·e^(−logVar₂) − 1).
// All four operands must have the same shape.
func KLDiagGaussians(mean1, logVar1, mean2, logVar2 *Node) *Node {
	assertSameShape("KLDiagGaussians", mean1, logVar1, mean2, logVar2)
	spread := Mul(Add(Exp(logVar1), Square(Sub(mean1, mean2))), Exp(Neg(logVar2)))
	return MulScalar(AddScalar(Add(Sub(logVar2, logVar1), spread), -1), 0.5)
}
