package optim

import (
	"fmt"
	"math"
	"slices"

	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph"
)

// Schedule gives the learning rate as a function of the number of updates
// the optimiser has already applied (0 for the first update). With a
// PyTorch scheduler stepped once after every optimiser step, update k uses
// the rate the scheduler reports after k scheduler steps.
type Schedule interface {
	// Rate returns the learning rate for the update after step completed updates.
	Rate(step int64) float64
	// RateGraph is Rate in a graph: step is a float64 scalar node, and so is the result.
	RateGraph(step *Node) *Node
	// Validate reports a configuration error, naming the offending field.
	Validate() error
}

// ConstantRate is a fixed learning rate.
type ConstantRate struct {
	LR float64 // learning rate, > 0
}

// Constant returns a constant learning-rate schedule.
func Constant(lr float64) Schedule { return ConstantRate{LR: lr} }

// Rate implements Schedule.
func (c ConstantRate) Rate(int64) float64 { return c.LR }

// RateGraph implements Schedule.
func (c ConstantRate) RateGraph(step *Node) *Node { return Const(step.Graph(), c.LR) }

// Validate implements Schedule.
func (c ConstantRate) Validate() error { return validateRate("learning rate", c.LR) }

// ExponentialDecay is LR·Gamma^(step/Period): the rate is multiplied by
// Gamma every Period updates, smoothly or, with Staircase, in jumps
// (Gamma^⌊step/Period⌋). Period 1 is torch's ExponentialLR stepped every
// update; Staircase is torch's StepLR(step_size=Period) and TensorFlow's
// exponential_decay(staircase=True). To decay from lr0 to lr1 over n
// updates use Gamma = lr1/lr0, Period = n.
type ExponentialDecay struct {
	LR        float64 // initial learning rate, > 0
	Gamma     float64 // decay factor per period, in (0, 1]
	Period    int     // updates per decay period, ≥ 1
	Staircase bool    // decay in steps instead of continuously
}

// Rate implements Schedule.
func (e ExponentialDecay) Rate(step int64) float64 {
	exponent := float64(step) / float64(e.Period)
	if e.Staircase {
		exponent = math.Floor(exponent)
	}
	return e.LR * math.Pow(e.Gamma, exponent)
}

// RateGraph implements Schedule.
func (e ExponentialDecay) RateGraph(step *Node) *Node {
	g := step.Graph()
	exponent := DivScalar(step, float64(e.Period))
	if e.Staircase {
		exponent = Floor(exponent)
	}
	return MulScalar(Pow(Const(g, e.Gamma), exponent), e.LR)
}

// Validate implements Schedule.
func (e ExponentialDecay) Validate() error {
	if err := validateRate("learning rate", e.LR); err != nil {
		return err
	}
	if !(e.Gamma > 0 && e.Gamma <= 1) {
		return fmt.Errorf("exponential decay: gamma %g must be in (0, 1]", e.Gamma)
	}
	if e.Period < 1 {
		return fmt.Errorf("exponential decay: period %d must be ≥ 1", e.Period)
	}
	return nil
}

// StepDecay multiplies the rate by Gamma at each milestone: the rate is
// LR·Gamma^(number of milestones ≤ step), torch's MultiStepLR stepped every
// update.
type StepDecay struct {
	LR         float64 // initial learning rate, > 0
	Gamma      float64 // factor applied at each milestone, in (0, 1]
	Milestones []int   // strictly increasing update counts ≥ 1
}

// Rate implements Schedule.
func (s StepDecay) Rate(step int64) float64 {
	passed := 0
	for _, m := range s.Milestones {
		if step >= int64(m) {
			passed++
		}
	}
	return s.LR * math.Pow(s.Gamma, float64(passed))
}

// RateGraph implements Schedule.
func (s StepDecay) RateGraph(step *Node) *Node {
	g := step.Graph()
	passed := ScalarZero(g, dtypes.Float64)
	for _, m := range s.Milestones {
		reached := ConvertDType(GreaterOrEqual(step, Const(g, float64(m))), dtypes.Float64)
		passed = Add(passed, reached)
	}
	return MulScalar(Pow(Const(g, s.Gamma), passed), s.LR)
}

// Validate implements Schedule.
func (s StepDecay) Validate() error {
	if err := validateRate("learning rate", s.LR); err != nil {
		return err
	}
	if !(s.Gamma > 0 && s.Gamma <= 1) {
		return fmt.Errorf("step decay: gamma %g must be in (0, 1]", s.Gamma)
	}
	if len(s.Milestones) == 0 || s.Milestones[0] < 1 || !slices.IsSorted(s.Milestones) ||
		len(slices.Compact(slices.Clone(s.Milestones))) != len(s.Milestones) {
		return fmt.Errorf("step decay: milestones %v must be non-empty, ≥ 1 and strictly increasing", s.Milestones)
	}
	return nil
}

func validateRate(what string, lr float64) error {
	if !(lr > 0) || math.IsInf(lr, 0) {
		return fmt.Errorf("%s %g must be finite and > 0", what, lr)
	}
	return nil
}
