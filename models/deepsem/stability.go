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
// above maxCondition; the reference crashes here with "singular U") it
// finds the largest scale s = 0.9^k for which s·A is well-conditioned and
// returns s (< 1) with the inverse of I − s·Aᵀ: the caller must then store
// s·A as the new adjacency, so that the GRN layer and its inverse stay
// exactly consistent. s = 1 means no damping was needed.
func inverseOrDamp(a []float32, m int, maxCondition float64) (inv *tensors.Tensor, scale, condition float64, err error) {
	a64 := make([]float64, len(a))
	for i, v := range a {
		a64[i] = float64(v)
	}
	scale = 1
	var firstCondition float64
	for attempt := 0; attempt <= maxDampingAttempts; attempt++ {
		c, report, err := nn.InverseIMinusWT(a64, m, nn.InverseOptions{MaxCondition: maxCondition, Scale: scale})
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
			return tensors.FromFlatDataAndDimensions(c32, m, m), scale, firstCondition, nil
		case errors.As(err, &ill):
			if attempt == 0 {
				firstCondition = ill.Condition
			}
			scale *= dampingFactor
		default:
			return nil, 0, 0, err
		}
	}
	return nil, 0, firstCondition, fmt.Errorf("I − W stays ill-conditioned (condition %.3g) even with W shrunk by %.3g", firstCondition, scale)
}
