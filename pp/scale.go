package pp

import (
	"fmt"
	"math"

	"regula/anndata"
)

// ScaleOptions configures Scale. Start from DefaultScaleOptions (the zero
// value does not centre).
type ScaleOptions struct {
	// ZeroCenter subtracts each gene's mean. A CSR X becomes dense, as in
	// scanpy; without centring CSR stays sparse.
	ZeroCenter bool
	// MaxValue, if > 0, clips the scaled values to at most MaxValue (and,
	// with ZeroCenter, to at least −MaxValue), as scanpy's max_value.
	MaxValue float64
}

// DefaultScaleOptions returns scanpy's defaults: zero_center=True, no clip.
func DefaultScaleOptions() ScaleOptions { return ScaleOptions{ZeroCenter: true} }

// Scale scales each gene (column of X) to unit variance and, with
// ZeroCenter, zero mean, in place, like sc.pp.scale: the standard deviation
// uses ddof = 1, and genes with zero standard deviation are divided by 1, so
// that a constant gene becomes 0 (centred) rather than NaN. It records the
// means and the standard deviations used (zeros replaced by 1) in
// var["mean"] and var["std"].
func Scale(a *anndata.AnnData, opt ScaleOptions) error {
	if err := checkMatrix(a, "Scale"); err != nil {
		return err
	}
	if math.IsNaN(opt.MaxValue) || opt.MaxValue < 0 {
		return fmt.Errorf("pp.Scale: max_value = %v must be > 0 (or 0 for no clipping)", opt.MaxValue)
	}
	if a.NObs() < 2 {
		return fmt.Errorf("pp.Scale: need at least 2 cells to estimate a standard deviation, have %d", a.NObs())
	}
	mean, variance := ColMeanVar(a.X)
	std := make([]float64, len(variance))
	for j, v := range variance {
		std[j] = math.Sqrt(v)
		if std[j] == 0 {
			std[j] = 1
		}
	}
	clip := func(v float64) float64 { return v }
	if opt.MaxValue > 0 {
		hi, lo := opt.MaxValue, math.Inf(-1)
		if opt.ZeroCenter {
			lo = -hi
		}
		clip = func(v float64) float64 { return min(max(v, lo), hi) }
	}
	if opt.ZeroCenter {
		d := a.X.ToDense() // the receiver itself when X is dense
		for i := range d.Rows {
			row := d.Row(i)
			for j, v := range row {
				row[j] = float32(clip((float64(v) - mean[j]) / std[j]))
			}
		}
		a.X = d
	} else {
		forEachStoredRef(a.X, func(j int, v *float32) { *v = float32(clip(float64(*v) / std[j])) })
	}
	if err := a.Var.Set("mean", &anndata.FloatColumn{Values: mean}); err != nil {
		return fmt.Errorf("pp.Scale: %w", err)
	}
	if err := a.Var.Set("std", &anndata.FloatColumn{Values: std}); err != nil {
		return fmt.Errorf("pp.Scale: %w", err)
	}
	return nil
}

// forEachStoredRef calls f with the column and a pointer to every stored
// entry of m, for in-place per-column updates.
func forEachStoredRef(m anndata.Matrix, f func(j int, v *float32)) {
	switch t := m.(type) {
	case *anndata.Dense:
		for i := range t.Rows {
			row := t.Row(i)
			for j := range row {
				f(j, &row[j])
			}
		}
	case *anndata.CSR:
		for k, c := range t.Indices {
			f(int(c), &t.Data[k])
		}
	default:
		panic(unknownMatrix(m))
	}
}
