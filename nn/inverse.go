package nn

import (
	"errors"
	"fmt"
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/gomlx/core/tensors"
	"gonum.org/v1/gonum/mat"
)

// DefaultMaxCondition is the default limit on the condition number of
// I − Wᵀ: beyond it a float32 solve loses all but ~1 significant digit.
const DefaultMaxCondition = 1e6

// InverseOptions configures InverseIMinusWT.
type InverseOptions struct {
	// MaxCondition is the largest acceptable (1-norm) condition number of the
	// damped I − Wᵀ; 0 means DefaultMaxCondition.
	MaxCondition float64
	// Scale multiplies W before inverting (damping by shrinking the GRN); 0 means 1.
	Scale float64
	// Ridge is added to the diagonal: (1 + Ridge)·I − Scale·Wᵀ; default 0.
	Ridge float64
	// AutoRidge, when the matrix is ill-conditioned, retries with Ridge
	// increased tenfold from 1e-4 (up to 1) and reports the value that worked,
	// instead of failing.
	AutoRidge bool
	// PositiveDeterminant also rejects a matrix whose determinant is not
	// positive. det(I − s·Wᵀ) is 1 at s = 0, so a non-positive determinant
	// means a real eigenvalue has crossed zero on the way from I: W has
	// passed through (or started beyond) a singular point, and the inverse
	// GRN layer flips the sign of that direction. A discrete update can jump
	// over the singularity without ever showing a large condition number.
	PositiveDeterminant bool
}

// InverseReport says how the inverse was obtained; log it when damping was applied.
type InverseReport struct {
	N         int
	Condition float64 // 1-norm condition estimate of the matrix inverted
	Scale     float64 // factor applied to W
	Ridge     float64 // value added to the diagonal
	Damped    bool    // Scale != 1 or Ridge != 0
	// DetSign is the sign of the determinant of the matrix inverted (−1, 0 or 1).
	DetSign float64
}

// String formats the report for logs.
func (r InverseReport) String() string {
	return fmt.Sprintf("inverse of I−Wᵀ (n=%d): condition %.3g, scale %g, ridge %g", r.N, r.Condition, r.Scale, r.Ridge)
}

// IllConditionedError reports that I − Wᵀ is (numerically) singular: the
// reference DeepSEM crashes with "singular U" here. Apply damping
// (InverseOptions.Scale < 1, Ridge > 0 or AutoRidge) and log it.
type IllConditionedError struct {
	N         int
	Condition float64 // +Inf when exactly singular
	Limit     float64
	Scale     float64
	Ridge     float64
	// NonPositiveDet is set when the matrix was rejected because its
	// determinant is not positive (InverseOptions.PositiveDeterminant).
	NonPositiveDet bool
}

func (e *IllConditionedError) Error() string {
	if e.NonPositiveDet {
		return fmt.Sprintf("I−Wᵀ (n=%d, scale %g, ridge %g) has a non-positive determinant (condition number %.3g): W has crossed a singular point; apply damping",
			e.N, e.Scale, e.Ridge, e.Condition)
	}
	return fmt.Sprintf("I−Wᵀ (n=%d, scale %g, ridge %g) is ill-conditioned: condition number %.3g exceeds %.3g; apply damping",
		e.N, e.Scale, e.Ridge, e.Condition, e.Limit)
}

// InverseIMinusWT returns C = ((1 + ridge)·I − scale·Wᵀ)⁻¹ for the n×n matrix w
// given row-major, computed in float64 by LU (gonum), with its condition number
// checked. Non-finite entries of w are an error, never a NaN inverse.
func InverseIMinusWT(w []float64, n int, opts InverseOptions) ([]float64, InverseReport, error) {
	if n <= 0 || len(w) != n*n {
		return nil, InverseReport{}, fmt.Errorf("nn.InverseIMinusWT: W has %d entries, want %d×%d", len(w), n, n)
	}
	for i, v := range w {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, InverseReport{}, fmt.Errorf("nn.InverseIMinusWT: W[%d,%d] = %g is not finite", i/n, i%n, v)
		}
	}
	limit := opts.MaxCondition
	if limit <= 0 {
		limit = DefaultMaxCondition
	}
	scale := opts.Scale
	if scale == 0 {
		scale = 1
	}
	ridge := opts.Ridge
	for {
		c, cond, sign, err := invertDamped(w, n, scale, ridge)
		report := InverseReport{N: n, Condition: cond, Scale: scale, Ridge: ridge, Damped: scale != 1 || ridge != 0, DetSign: sign}
		badSign := opts.PositiveDeterminant && sign <= 0
		if err == nil && cond <= limit && !badSign {
			return c, report, nil
		}
		if !opts.AutoRidge || ridge >= 1 {
			return nil, report, &IllConditionedError{N: n, Condition: cond, Limit: limit, Scale: scale, Ridge: ridge,
				NonPositiveDet: err == nil && cond <= limit && badSign}
		}
		ridge = max(1e-4, ridge*10)
	}
}

// invertDamped inverts (1 + ridge)·I − scale·Wᵀ, returning its condition
// number and the sign of its determinant.
func invertDamped(w []float64, n int, scale, ridge float64) ([]float64, float64, float64, error) {
	a := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			v := -scale * w[j*n+i] // (Wᵀ)[i,j] = W[j,i]
			if i == j {
				v += 1 + ridge
			}
			a.Set(i, j, v)
		}
	}
	var lu mat.LU
	lu.Factorize(a)
	cond := lu.Cond()
	if math.IsInf(cond, 1) || math.IsNaN(cond) {
		return nil, math.Inf(1), 0, errors.New("singular")
	}
	_, sign := lu.LogDet()
	var inv mat.Dense
	if err := lu.SolveTo(&inv, false, eye(n)); err != nil {
		return nil, cond, sign, err
	}
	out := make([]float64, n*n)
	for i := range n {
		copy(out[i*n:(i+1)*n], inv.RawRowView(i))
	}
	for _, v := range out {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, math.Inf(1), sign, errors.New("non-finite inverse")
		}
	}
	return out, cond, sign, nil
}

func eye(n int) *mat.Dense {
	m := mat.NewDense(n, n, nil)
	for i := range n {
		m.Set(i, i, 1)
	}
	return m
}

// InverseIMinusWTTensor is InverseIMinusWT for a [n, n] float32 or float64
// tensor (a variable's value); the inverse has the same dtype.
func InverseIMinusWTTensor(w *tensors.Tensor, opts InverseOptions) (*tensors.Tensor, InverseReport, error) {
	dims := w.Shape().Dimensions
	if len(dims) != 2 || dims[0] != dims[1] {
		return nil, InverseReport{}, fmt.Errorf("nn.InverseIMinusWTTensor: W must be square, got %s", w.Shape())
	}
	n := dims[0]
	var flat []float64
	switch w.DType() {
	case dtypes.Float64:
		flat = tensors.MustCopyFlatData[float64](w)
	case dtypes.Float32:
		f32 := tensors.MustCopyFlatData[float32](w)
		flat = make([]float64, len(f32))
		for i, v := range f32 {
			flat[i] = float64(v)
		}
	default:
		return nil, InverseReport{}, fmt.Errorf("nn.InverseIMinusWTTensor: unsupported dtype %s", w.DType())
	}
	c, report, err := InverseIMinusWT(flat, n, opts)
	if err != nil {
		return nil, report, err
	}
	if w.DType() == dtypes.Float64 {
		return tensors.FromFlatDataAndDimensions(c, n, n), report, nil
	}
	c32 := make([]float32, len(c))
	for i, v := range c {
		c32[i] = float32(v)
	}
	return tensors.FromFlatDataAndDimensions(c32, n, n), report, nil
}
