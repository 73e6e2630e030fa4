package deepsem

import (
	"fmt"
	"math"
)

// Mode selects the paper's GRN setting: it decides the preprocessing, the
// reconstruction loss and the default hyperparameters.
type Mode string

const (
	// CellType is the cell-type-specific setting: genes are z-scored with the
	// mean and standard deviation of their non-zero values, and the
	// reconstruction loss only counts entries that are non-zero in the raw
	// data. Paper: α = 1, β = 0.01, 150 epochs.
	CellType Mode = "celltype"
	// NonSpecific is the non-cell-type-specific setting: ordinary per-gene
	// z-scores and a plain MSE. Paper: α = 100, β = 1, 90 epochs.
	NonSpecific Mode = "nonspecific"
)

// ParseMode converts "celltype" or "nonspecific" into a Mode.
func ParseMode(s string) (Mode, error) {
	switch Mode(s) {
	case CellType, NonSpecific:
		return Mode(s), nil
	}
	return "", fmt.Errorf("deepsem: unknown mode %q (want %q or %q)", s, CellType, NonSpecific)
}

// WeightInit selects how the MLP weight matrices are initialised (biases are
// always zero).
type WeightInit string

const (
	// XavierNormal is what the reference implementation does.
	XavierNormal WeightInit = "xavier-normal"
	// KaimingUniform is what the paper's Methods state.
	KaimingUniform WeightInit = "kaiming-uniform"
)

// Config holds every hyperparameter of a DeepSEM run. DefaultConfig gives the
// paper's values for a mode; any field may then be changed, and Validate
// rejects impossible values. Nothing in this package overwrites a field the
// caller set.
type Config struct {
	// Mode is the GRN setting (preprocessing and reconstruction loss).
	Mode Mode `json:"mode"`
	// Epochs is the total number of epochs (MLP and W epochs together).
	Epochs int `json:"epochs"`
	// Alpha weighs the L1 penalty α·mean|W| (mean over all m² entries).
	Alpha float64 `json:"alpha"`
	// Beta weighs the KL term.
	Beta float64 `json:"beta"`
	// Hidden is the width d of the per-gene MLPs 1→d→d→2 and 1→d→d→1.
	Hidden int `json:"hidden"`
	// BatchSize is the number of cells per optimisation step.
	BatchSize int `json:"batch_size"`
	// LearningRate is the RMSprop learning rate of the MLP epochs.
	LearningRate float64 `json:"learning_rate"`
	// LearningRateW is the RMSprop learning rate of the W epochs (the
	// reference uses LearningRate × 0.2).
	LearningRateW float64 `json:"learning_rate_w"`
	// LRDecay multiplies the MLP learning rate after every epoch (an
	// exponential decay). 1 = constant, which is what the reference does in
	// practice: its StepLR(step_size=0.99) never fires on modern PyTorch.
	LRDecay float64 `json:"lr_decay"`
	// MLPEpochs (K1) and WEpochs (K2) set the alternation: epoch e trains the
	// MLPs when e mod (K1+K2) < K1, and W otherwise.
	MLPEpochs int `json:"mlp_epochs"`
	WEpochs   int `json:"w_epochs"`
	// InitNoise is the amplitude of the uniform noise U[0, InitNoise) added to
	// the off-diagonal initial value 1/(m−1) of W (reference: 2e-4).
	InitNoise float64 `json:"init_noise"`
	// Init selects the MLP weight initialisation.
	Init WeightInit `json:"init"`
	// Clip bounds the preprocessed values to ±Clip (cell-type mode; the
	// reference uses 10). 0 disables clipping.
	Clip float64 `json:"clip"`
	// MaxCondition is the largest acceptable condition number (1-norm
	// estimate) of I − W before damping is applied.
	MaxCondition float64 `json:"max_condition"`
	// PositiveDeterminant also damps W whenever det(I − W) ≤ 0, i.e. when W
	// is past the singular point that the paper's initial W sits on (see
	// the package documentation). Off reproduces the reference, which
	// starts and trains its first epochs on the far side.
	PositiveDeterminant bool `json:"positive_determinant"`
	// Seed makes the run reproducible: initial weights, batch order and
	// reparameterisation noise all derive from it.
	Seed uint64 `json:"seed"`
}

// DefaultConfig returns the paper's hyperparameters for mode (Methods and
// Supplementary Table 8; optimiser settings from the reference code).
func DefaultConfig(mode Mode) Config {
	c := Config{
		Mode:          mode,
		Hidden:        128,
		BatchSize:     64,
		LearningRate:  1e-4,
		LearningRateW: 2e-5,
		LRDecay:       1,
		MLPEpochs:     1,
		WEpochs:       2,
		InitNoise:     2e-4,
		Init:          XavierNormal,
		MaxCondition:  1e6,
	}
	switch mode {
	case NonSpecific:
		c.Alpha, c.Beta, c.Epochs = 100, 1, 90
	default:
		c.Mode = CellType
		c.Alpha, c.Beta, c.Epochs, c.Clip = 1, 0.01, 150, 10
	}
	return c
}

// Validate reports the first impossible value, naming the parameter.
func (c Config) Validate() error {
	if _, err := ParseMode(string(c.Mode)); err != nil {
		return err
	}
	switch c.Init {
	case XavierNormal, KaimingUniform:
	default:
		return fmt.Errorf("deepsem: unknown weight init %q (want %q or %q)", c.Init, XavierNormal, KaimingUniform)
	}
	checks := []struct {
		name string
		ok   bool
	}{
		{"epochs must be ≥ 1", c.Epochs >= 1},
		{"alpha must be ≥ 0 and finite", c.Alpha >= 0 && !math.IsInf(c.Alpha, 0)},
		{"beta must be ≥ 0 and finite", c.Beta >= 0 && !math.IsInf(c.Beta, 0)},
		{"hidden must be ≥ 1", c.Hidden >= 1},
		{"batch size must be ≥ 1", c.BatchSize >= 1},
		{"learning rate must be > 0", c.LearningRate > 0},
		{"W learning rate must be > 0", c.LearningRateW > 0},
		{"lr decay must be in (0, 1]", c.LRDecay > 0 && c.LRDecay <= 1},
		{"MLP epochs (K1) must be ≥ 1", c.MLPEpochs >= 1},
		{"W epochs (K2) must be ≥ 0", c.WEpochs >= 0},
		{"init noise must be ≥ 0", c.InitNoise >= 0},
		{"clip must be ≥ 0", c.Clip >= 0},
		{"max condition must be > 1", c.MaxCondition > 1},
	}
	for _, ch := range checks {
		if !ch.ok {
			return fmt.Errorf("deepsem: invalid config: %s", ch.name)
		}
	}
	return nil
}

// isMLPEpoch reports whether epoch e (0-based) updates the MLPs; otherwise
// it updates W.
func (c Config) isMLPEpoch(e int) bool {
	return e%(c.MLPEpochs+c.WEpochs) < c.MLPEpochs
}
