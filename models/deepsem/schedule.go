package deepsem

import (
	"fmt"
	"math"

	. "github.com/gomlx/gomlx/core/graph"

	"regula/nn/optim"
)

// rmspropConfig returns PyTorch-form RMSprop settings with learning rate lr,
// decayed by decay after every epoch of the alternating schedule (MLP and W
// epochs alike, as the reference's per-epoch scheduler).
func rmspropConfig(lr, decay float64, cfg Config, stepsPerEpoch int) optim.RMSpropConfig {
	c := optim.DefaultRMSprop()
	if decay == 1 {
		c.LearningRate = optim.Constant(lr)
	} else {
		c.LearningRate = epochDecay{LR: lr, Gamma: decay, StepsPerEpoch: stepsPerEpoch, K1: cfg.MLPEpochs, K2: cfg.WEpochs}
	}
	return c
}

// epochDecay is the MLP optimiser's learning rate under a per-epoch
// exponential decay, expressed in the optimiser's own step count: it only
// steps during MLP epochs, but the rate decays over all epochs.
type epochDecay struct {
	LR, Gamma     float64
	StepsPerEpoch int
	K1, K2        int
}

// epoch returns the overall epoch index of the optimiser's update number step.
func (e epochDecay) epoch(step float64) float64 {
	k := math.Floor(step / float64(e.StepsPerEpoch)) // MLP epochs completed
	return math.Floor(k/float64(e.K1))*float64(e.K1+e.K2) + math.Mod(k, float64(e.K1))
}

// Rate implements optim.Schedule.
func (e epochDecay) Rate(step int64) float64 { return e.LR * math.Pow(e.Gamma, e.epoch(float64(step))) }

// RateGraph implements optim.Schedule.
func (e epochDecay) RateGraph(step *Node) *Node {
	g := step.Graph()
	k := Floor(DivScalar(step, float64(e.StepsPerEpoch)))
	cycles := Floor(DivScalar(k, float64(e.K1)))
	within := Sub(k, MulScalar(cycles, float64(e.K1)))
	epoch := Add(MulScalar(cycles, float64(e.K1+e.K2)), within)
	return MulScalar(Pow(Const(g, e.Gamma), epoch), e.LR)
}

// Validate implements optim.Schedule.
func (e epochDecay) Validate() error {
	if !(e.LR > 0) || !(e.Gamma > 0 && e.Gamma <= 1) || e.StepsPerEpoch < 1 || e.K1 < 1 || e.K2 < 0 {
		return fmt.Errorf("deepsem: invalid learning-rate decay %+v", e)
	}
	return nil
}
