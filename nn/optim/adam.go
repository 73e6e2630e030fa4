package optim

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
)

// AdamConfig configures [NewAdam]; start from [DefaultAdam].
type AdamConfig struct {
	Config
	Beta1, Beta2 float64 // moment decay rates, in [0, 1)
	Eps          float64 // added to the bias-corrected root second moment, ≥ 0
	// AMSGrad uses the running maximum of the second moment (torch amsgrad=True).
	AMSGrad bool
}

// DefaultAdam returns PyTorch's Adam defaults: learning rate 1e-3,
// β = (0.9, 0.999), ε = 1e-8, no weight decay, no AMSGrad.
func DefaultAdam() AdamConfig {
	return AdamConfig{Config: Config{LearningRate: Constant(1e-3)}, Beta1: 0.9, Beta2: 0.999, Eps: 1e-8}
}

// NewAdam returns an Adam optimiser with torch.optim.Adam semantics
// (torch.optim.AdamW when DecoupledWeightDecay is set):
//
//	m ← β₁m + (1−β₁)g,  v ← β₂v + (1−β₂)g²,  v̂ ← max(v̂, v) with AMSGrad
//	θ ← θ − lr/(1−β₁ᵗ) · m / (√v/√(1−β₂ᵗ) + ε)
//
// name keys its state in the store and must be unique.
func NewAdam(name string, config AdamConfig) (*Optimizer, error) {
	for _, b := range []struct {
		what  string
		value float64
	}{{"beta1", config.Beta1}, {"beta2", config.Beta2}} {
		if !(b.value >= 0 && b.value < 1) {
			return nil, fmt.Errorf("adam %q: %s %g must be in [0, 1)", name, b.what, b.value)
		}
	}
	if !(config.Eps >= 0) {
		return nil, fmt.Errorf("adam %q: eps %g must be ≥ 0", name, config.Eps)
	}
	return newOptimizer(name, config.Config, adamRule{config})
}

type adamRule struct{ c AdamConfig }

func (r adamRule) slots() []string {
	if r.c.AMSGrad {
		return []string{"exp_avg", "exp_avg_sq", "max_exp_avg_sq"}
	}
	return []string{"exp_avg", "exp_avg_sq"}
}

// direction computes torch's m/(1−β₁ᵗ) / (√v/√(1−β₂ᵗ) + ε) as
// √(1−β₂ᵗ)/(1−β₁ᵗ) · m / (√v + ε·√(1−β₂ᵗ)), which is the same quantity with
// the bias corrections folded into scalars (two fewer passes over the
// variable; results agree with torch to rounding).
func (r adamRule) direction(grad *Node, slots []*Node, step *Node) (*Node, *Node, []*Node) {
	dtype := grad.DType()
	g := grad.Graph()
	biasCorrection1 := OneMinus(Pow(Const(g, r.c.Beta1), step))
	sqrtBiasCorrection2 := Sqrt(OneMinus(Pow(Const(g, r.c.Beta2), step)))
	factor := scalarAs(Div(sqrtBiasCorrection2, biasCorrection1), dtype)
	epsilon := scalarAs(MulScalar(sqrtBiasCorrection2, r.c.Eps), dtype)

	expAvg := Add(MulScalar(slots[0], r.c.Beta1), MulScalar(grad, 1-r.c.Beta1))
	expAvgSq := Add(MulScalar(slots[1], r.c.Beta2), MulScalar(Square(grad), 1-r.c.Beta2))
	newSlots := []*Node{expAvg, expAvgSq}
	second := expAvgSq
	if r.c.AMSGrad {
		second = Max(slots[2], expAvgSq)
		newSlots = append(newSlots, second)
	}
	return Div(expAvg, Add(Sqrt(second), epsilon)), factor, newSlots
}
