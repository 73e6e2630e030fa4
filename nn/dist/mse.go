package dist

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// MaskedMSE returns the scalar Σ(x−x̂)²·m / Σm: the mean squared error over
// the entries selected (or weighted) by mask, as DeepSEM's cell-type-specific
// reconstruction loss uses with m = 1 where the raw input is non-zero. It
// returns 0 when the mask is empty. x, xHat and mask must have the same
// shape.
func MaskedMSE(x, xHat, mask *Node) *Node {
	assertSameShape("MaskedMSE", x, xHat, mask)
	total := ReduceAllSum(Mul(Square(Sub(x, xHat)), mask))
	weight := ReduceAllSum(mask)
	zero := ZerosLike(weight)
	positive := GreaterThan(weight, zero)
	safeWeight := Where(positive, weight, OnesLike(weight))
	return Where(positive, Div(total, safeWeight), zero)
}
