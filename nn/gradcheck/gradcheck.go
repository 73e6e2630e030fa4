// Package gradcheck compares automatic-differentiation gradients with central
// finite differences in float64.
//
// It is used table-driven by the tests of package nn: every block there has a
// test asserting Result.MaxRelErr < 1e-5. Three entry points share one core:
//
//   - [CheckGraph]: a scalar graph function of one or more float64 input tensors;
//   - [CheckVariables]: a scalar graph function of the trainable variables of a
//     model.Store (the layers' weights), with the data closed over;
//   - [Check]: any pair of host functions (value and gradient) — the form the
//     other two reduce to.
package gradcheck

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
)

// Options tunes a check. The zero value selects the defaults.
type Options struct {
	// Step is the central-difference step h for an element x; the actual step is
	// Step·max(1, |x|). Default 1e-5: in float64 that balances truncation error
	// (O(h²)) and rounding error (O(ε/h)) for functions of order one.
	Step float64

	// Floor is the smallest denominator of the element-wise relative error, so
	// that gradient entries that are (numerically) zero are compared in absolute
	// terms. Default 1e-3.
	Floor float64

	// Aux, when set, computes extra inputs on the host from the current (possibly
	// perturbed) inputs, for functions that need a host-side precomputation which
	// autodiff must not see — for example the host inverse of (I − Wᵀ) used by the
	// straight-through inverse GRN layer. The auxiliary tensors are appended to the
	// graph inputs (CheckGraph only) and are never differentiated.
	Aux func(inputs []*tensors.Tensor) ([]*tensors.Tensor, error)
}

func (o Options) withDefaults() Options {
	if o.Step <= 0 {
		o.Step = 1e-5
	}
	if o.Floor <= 0 {
		o.Floor = 1e-3
	}
	return o
}

// Result summarises the comparison of analytic and numeric gradients.
type Result struct {
	// MaxRelErr is max_i |a_i − n_i| / max(|a_i|, |n_i|, Floor) over all
	// differentiated elements: the number tests compare with their tolerance.
	MaxRelErr float64
	// NormRelErr is ‖a − n‖₂ / max(‖a‖₂, ‖n‖₂), over all elements together.
	NormRelErr float64
	// MaxAbsErr is max_i |a_i − n_i|.
	MaxAbsErr float64
	// Worst describes the element attaining MaxRelErr.
	Worst string
	// Elements is the number of gradient entries compared.
	Elements int
	// Evaluations is the number of function evaluations used by the finite differences.
	Evaluations int
}

// String formats the result for test logs.
func (r Result) String() string {
	return fmt.Sprintf("max rel err %.3g (norm-wise %.3g, max abs %.3g) over %d elements; worst: %s",
		r.MaxRelErr, r.NormRelErr, r.MaxAbsErr, r.Elements, r.Worst)
}

// ValueFunc evaluates the scalar function at the given inputs.
type ValueFunc func(inputs []*tensors.Tensor) (float64, error)

// GradientFunc returns the analytic gradient of the scalar function with respect
// to each input, each with the shape of its input.
type GradientFunc func(inputs []*tensors.Tensor) ([]*tensors.Tensor, error)

// Check compares gradient(inputs) with central finite differences of value
// around inputs. All inputs must be float64 tensors; they are not modified.
func Check(inputs []*tensors.Tensor, value ValueFunc, gradient GradientFunc, opts Options) (Result, error) {
	opts = opts.withDefaults()
	if len(inputs) == 0 {
		return Result{}, errors.New("gradcheck: no inputs to differentiate")
	}
	flats := make([][]float64, len(inputs))
	for i, t := range inputs {
		if t == nil {
			return Result{}, fmt.Errorf("gradcheck: input %d is nil", i)
		}
		if t.DType() != dtypes.Float64 {
			return Result{}, fmt.Errorf("gradcheck: input %d has dtype %s, want float64", i, t.DType())
		}
		flat, err := tensors.CopyFlatData[float64](t)
		if err != nil {
			return Result{}, fmt.Errorf("gradcheck: reading input %d: %w", i, err)
		}
		flats[i] = flat
	}
	analytic, err := gradient(inputs)
	if err != nil {
		return Result{}, fmt.Errorf("gradcheck: analytic gradient: %w", err)
	}
	if len(analytic) != len(inputs) {
		return Result{}, fmt.Errorf("gradcheck: gradient returned %d tensors for %d inputs", len(analytic), len(inputs))
	}

	var res Result
	var sumSqDiff, sumSqA, sumSqN float64
	current := make([]*tensors.Tensor, len(inputs))
	copy(current, inputs)
	for i, t := range inputs {
		if !analytic[i].Shape().Equal(t.Shape()) {
			return Result{}, fmt.Errorf("gradcheck: gradient %d has shape %s, input has %s", i, analytic[i].Shape(), t.Shape())
		}
		grad, err := tensors.CopyFlatData[float64](analytic[i])
		if err != nil {
			return Result{}, fmt.Errorf("gradcheck: reading gradient %d: %w", i, err)
		}
		dims := t.Shape().Dimensions
		perturbed := make([]float64, len(flats[i]))
		for j, x := range flats[i] {
			h := opts.Step * max(1, math.Abs(x))
			eval := func(xj float64) (float64, error) {
				copy(perturbed, flats[i])
				perturbed[j] = xj
				current[i] = tensors.FromFlatDataAndDimensions(perturbed, dims...)
				res.Evaluations++
				return value(current)
			}
			plus, err := eval(x + h)
			if err != nil {
				return Result{}, fmt.Errorf("gradcheck: value at input %d element %d + h: %w", i, j, err)
			}
			minus, err := eval(x - h)
			if err != nil {
				return Result{}, fmt.Errorf("gradcheck: value at input %d element %d - h: %w", i, j, err)
			}
			numeric := (plus - minus) / (2 * h)
			a := grad[j]
			if math.IsNaN(a) || math.IsNaN(numeric) || math.IsInf(a, 0) || math.IsInf(numeric, 0) {
				return Result{}, fmt.Errorf("gradcheck: non-finite gradient at input %d element %d: autodiff=%g numeric=%g", i, j, a, numeric)
			}
			diff := math.Abs(a - numeric)
			rel := diff / max(math.Abs(a), math.Abs(numeric), opts.Floor)
			if rel > res.MaxRelErr || res.Worst == "" {
				res.MaxRelErr = rel
				res.Worst = fmt.Sprintf("input %d element %d: autodiff=%.12g numeric=%.12g", i, j, a, numeric)
			}
			res.MaxAbsErr = max(res.MaxAbsErr, diff)
			sumSqDiff += diff * diff
			sumSqA += a * a
			sumSqN += numeric * numeric
			res.Elements++
		}
		current[i] = inputs[i]
	}
	if denom := math.Sqrt(max(sumSqA, sumSqN)); denom > 0 {
		res.NormRelErr = math.Sqrt(sumSqDiff) / denom
	}
	return res, nil
}
