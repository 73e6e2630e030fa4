package deepsem

import (
	"errors"
	"fmt"

	"github.com/gomlx/gomlx/core/tensors"

	"regula/nn"
)

// dampingFactor is how much each recovery attempt shrinks W.
const dampingFactor = 0.9

// maxDampingAttempts bounds the shrinking (0.9^60 ≈ 0.002).
const maxDampingAttempts = 60

// inverseOrDamp returns (I − Aᵀ)⁻¹ for the reference-layout adjacency a
// (m × m, row-major). When I − Aᵀ is ill-conditioned (condition number
// above maxCondition; the reference crashes here with "singular U") or,
// with positiveDet, its determinant is not positive (W is past a singular
// point), it finds the largest scale s = 0.9^k for which s·A is acceptable
// and returns s (< 1) with the inverse of I − s·Aᵀ: the caller must then
// store s·A as the new adjacency, so that the GRN layer and its inverse
// stay exactly consistent. s = 1 means no damping was needed; crossed
// reports that the determinant, not the condition number, was the reason.
//
// Why the determinant matters: the paper's initial W, 1/(m−1) off the
// diagonal, makes every row of Aᵀ sum to 1, so I − Aᵀ is exactly singular
// (the all-ones direction has eigenvalue 0). The reference's positive
// noise U[0, 2e-4) puts that eigenvalue below zero (≈ −0.002 for 18 genes,
// −0.05 for 500). In non-specific mode the L1 term then drags W back
// through the singularity (BEELINE dyn-LL: EPR 0; starting on the positive
// side, one 0.9 shrink at the first step: EPR 3.8); in cell-type mode W
// grows further on the far side and ranks well there (see doc.go), which
// is why positiveDet is an option (Config.PositiveDeterminant), off by
// default.
func inverseOrDamp(a []float32, m int, maxCondition float64, positiveDet bool) (inv *tensors.Tensor, scale, condition float64, crossed bool, err error) {
	a64 := make([]float64, len(a))
	for i, v := range a {
		a64[i] = float64(v)
	}
	scale = 1
	var firstCondition float64
	for attempt := 0; attempt <= maxDampingAttempts; attempt++ {
		c, report, err := nn.InverseIMinusWT(a64, m, nn.InverseOptions{MaxCondition: maxCondition, Scale: scale, PositiveDeterminant: positiveDet})
		var ill *nn.IllConditionedError
		switch {
		case err == nil:
			if attempt == 0 {
				firstCondition = report.Condition
			}
			c32 := make([]float32, len(c))
			for i, v := range c {
				c32[i] = float32(v)
			}
			return tensors.FromFlatDataAndDimensions(c32, m, m), scale, firstCondition, crossed, nil
		case errors.As(err, &ill):
			if attempt == 0 {
				firstCondition = ill.Condition
				crossed = ill.NonPositiveDet
			}
			scale *= dampingFactor
		default:
			return nil, 0, 0, false, err
		}
	}
	return nil, 0, firstCondition, crossed, fmt.Errorf("I − W stays ill-conditioned (condition %.3g) even with W shrunk by %.3g", firstCondition, scale)
}
