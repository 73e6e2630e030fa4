package optim

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
)

// RMSpropConfig configures [NewRMSprop]; start from [DefaultRMSprop].
type RMSpropConfig struct {
	Config
	Alpha    float64 // smoothing constant of the squared-gradient average, in [0, 1)
	Eps      float64 // added to the root mean square, ≥ 0
	Momentum float64 // momentum factor, ≥ 0 (0: none)
	// Centered normalises by the estimated variance (mean square minus squared mean) instead of the mean square.
	Centered bool
}

// DefaultRMSprop returns PyTorch's RMSprop defaults: learning rate 1e-2,
// α = 0.99, ε = 1e-8, no momentum, not centred, no weight decay.
func DefaultRMSprop() RMSpropConfig {
	return RMSpropConfig{Config: Config{LearningRate: Constant(1e-2)}, Alpha: 0.99, Eps: 1e-8}
}

// NewRMSprop returns an RMSprop optimiser with torch.optim.RMSprop
// semantics (not GoMLX's bias-corrected form):
//
//	s ← αs + (1−α)g²,  a ← αa + (1−α)g (centred),  d = √(s − a²) + ε  (√s + ε if not centred)
//	b ← μb + g/d,  θ ← θ − lr·b   (θ ← θ − lr·g/d without momentum)
//
// name keys its state in the store and must be unique.
func NewRMSprop(name string, config RMSpropConfig) (*Optimizer, error) {
	if !(config.Alpha >= 0 && config.Alpha < 1) {
		return nil, fmt.Errorf("rmsprop %q: alpha %g must be in [0, 1)", name, config.Alpha)
	}
	if !(config.Eps >= 0) {
		return nil, fmt.Errorf("rmsprop %q: eps %g must be ≥ 0", name, config.Eps)
	}
	if !(config.Momentum >= 0) {
		return nil, fmt.Errorf("rmsprop %q: momentum %g must be ≥ 0", name, config.Momentum)
	}
	return newOptimizer(name, config.Config, rmspropRule{config})
}

type rmspropRule struct{ c RMSpropConfig }

func (r rmspropRule) slots() []string {
	names := []string{"square_avg"}
	if r.c.Centered {
		names = append(names, "grad_avg")
	}
	if r.c.Momentum > 0 {
		names = append(names, "momentum_buffer")
	}
	return names
}

func (r rmspropRule) direction(grad *Node, slots []*Node, _ *Node) (*Node, *Node, []*Node) {
	alpha := r.c.Alpha
	squareAvg := Add(MulScalar(slots[0], alpha), MulScalar(Square(grad), 1-alpha))
	newSlots := []*Node{squareAvg}
	meanSquare := squareAvg
	next := 1
	if r.c.Centered {
		gradAvg := Add(MulScalar(slots[next], alpha), MulScalar(grad, 1-alpha))
		newSlots = append(newSlots, gradAvg)
		meanSquare = Sub(squareAvg, Square(gradAvg))
		next++
	}
	delta := Div(grad, AddScalar(Sqrt(meanSquare), r.c.Eps))
	if r.c.Momentum > 0 {
		delta = Add(MulScalar(slots[next], r.c.Momentum), delta)
		newSlots = append(newSlots, delta)
	}
	return delta, nil, newSlots
}
