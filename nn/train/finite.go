package train

import (
	"fmt"
	"math"

	"github.com/gomlx/gomlx/core/tensors"
)

// NonFiniteLossError reports a loss term that became NaN or ±Inf.
type NonFiniteLossError struct {
	Epoch, Step int     // where it happened (as counted by the caller)
	Term        string  // name of the loss term
	Value       float64 // the offending value
}

// Error implements error.
func (e *NonFiniteLossError) Error() string {
	return fmt.Sprintf("training diverged: loss term %q is %v at epoch %d, step %d "+
		"(try a lower learning rate or check the input for extreme values)", e.Term, e.Value, e.Epoch, e.Step)
}

// CheckFinite returns a [*NonFiniteLossError] for the first value that is
// NaN or infinite, or nil. names[i] labels values[i].
func CheckFinite(epoch, step int, names []string, values []float64) error {
	if len(names) != len(values) {
		return fmt.Errorf("check finite: %d loss names for %d values", len(names), len(values))
	}
	for i, v := range values {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return &NonFiniteLossError{Epoch: epoch, Step: step, Term: names[i], Value: v}
		}
	}
	return nil
}

// ScalarValues converts scalar float tensors (e.g. the loss outputs of a
// training step) to float64 values.
func ScalarValues(ts ...*tensors.Tensor) ([]float64, error) {
	out := make([]float64, len(ts))
	for i, t := range ts {
		if !t.IsScalar() {
			return nil, fmt.Errorf("output %d has shape %s, want a scalar", i, t.Shape())
		}
		switch v := t.Value().(type) {
		case float32:
			out[i] = float64(v)
		case float64:
			out[i] = v
		default:
			return nil, fmt.Errorf("output %d has dtype %s, want a float", i, t.DType())
		}
	}
	return out, nil
}
