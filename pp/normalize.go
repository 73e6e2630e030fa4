package pp

import (
	"fmt"
	"math"
	"slices"

	"regula/anndata"
)

// NormalizeOptions configures NormalizeTotal; the zero value means scanpy's
// defaults (median target, no exclusion).
type NormalizeOptions struct {
	// TargetSum is the total every cell is scaled to. 0 means scanpy's
	// target_sum=None: the median of the totals of cells whose total is
	// not zero.
	TargetSum float64
	// ExcludeHighlyExpressed leaves out of each cell's total the genes that
	// make up more than MaxFraction of the total counts of at least one cell.
	ExcludeHighlyExpressed bool
	// MaxFraction is the threshold of ExcludeHighlyExpressed (0 means 0.05).
	MaxFraction float64
	// KeyAdded, if set, names an obs column that receives each cell's total
	// before normalisation.
	KeyAdded string
}

// NormalizeTotal scales each cell (row of X) so that its total count equals
// the target sum, in place, like sc.pp.normalize_total. Cells with a total of
// zero are left as they are. CSR stays CSR.
func NormalizeTotal(a *anndata.AnnData, opt NormalizeOptions) error {
	if err := checkMatrix(a, "NormalizeTotal"); err != nil {
		return err
	}
	if math.IsNaN(opt.TargetSum) || opt.TargetSum < 0 || math.IsInf(opt.TargetSum, 0) {
		return fmt.Errorf("pp.NormalizeTotal: target_sum = %v must be a finite number > 0 (or 0 for the median)", opt.TargetSum)
	}
	maxFraction := opt.MaxFraction
	if maxFraction == 0 {
		maxFraction = 0.05
	}
	if maxFraction < 0 || maxFraction > 1 {
		return fmt.Errorf("pp.NormalizeTotal: max_fraction = %v must lie in (0, 1]", opt.MaxFraction)
	}
	counts := RowSums(a.X)
	if opt.ExcludeHighlyExpressed {
		counts = countsWithoutHighlyExpressed(a.X, counts, maxFraction)
	}
	if opt.KeyAdded != "" {
		if err := a.Obs.Set(opt.KeyAdded, &anndata.FloatColumn{Values: slices.Clone(counts)}); err != nil {
			return fmt.Errorf("pp.NormalizeTotal: %w", err)
		}
	}
	target := opt.TargetSum
	if target == 0 {
		target = medianPositive(counts)
	}
	factor := make([]float64, len(counts))
	for i, c := range counts {
		if c == 0 {
			c = 1 // scanpy: counts += (counts == 0)
		}
		factor[i] = target / c
	}
	scaleRows(a.X, factor)
	return nil
}

// countsWithoutHighlyExpressed recomputes each cell's total over the genes
// that never exceed maxFraction of any cell's total.
func countsWithoutHighlyExpressed(m anndata.Matrix, totals []float64, maxFraction float64) []float64 {
	_, c := m.Dims()
	high := make([]bool, c)
	forEachStored(m, func(i, j int, v float32) {
		if float64(v) > totals[i]*maxFraction {
			high[j] = true
		}
	})
	out := make([]float64, len(totals))
	forEachStored(m, func(i, j int, v float32) {
		if !high[j] {
			out[i] += float64(v)
		}
	})
	return out
}

// medianPositive returns the median of the non-zero values (numpy's median:
// the mean of the two middle values for an even count); 0 when there are
// none.
func medianPositive(values []float64) float64 {
	var pos []float64
	for _, v := range values {
		if v != 0 {
			pos = append(pos, v)
		}
	}
	return Median(pos)
}

// Log1p replaces X by log(1 + X), in place, like sc.pp.log1p. base 0 means
// the natural logarithm; any other base b > 0, b ≠ 1, divides by log(b). It
// records uns["log1p"] as scanpy does: an empty map for the natural log (an
// h5ad file cannot hold scanpy's base=None), {"base": b} otherwise. CSR
// stays CSR (log1p(0) = 0).
func Log1p(a *anndata.AnnData, base float64) error {
	if err := checkMatrix(a, "Log1p"); err != nil {
		return err
	}
	if base < 0 || base == 1 || math.IsNaN(base) || math.IsInf(base, 0) {
		return fmt.Errorf("pp.Log1p: base = %v must be > 0 and ≠ 1 (or 0 for the natural logarithm)", base)
	}
	div := 1.0
	if base != 0 {
		div = math.Log(base)
	}
	var below error
	forEachStored(a.X, func(i, j int, v float32) {
		if v < -1 && below == nil {
			below = fmt.Errorf("pp.Log1p: X[%d, %d] = %v is below -1, where log1p is undefined", i, j, v)
		}
	})
	if below != nil {
		return below
	}
	mapStored(a.X, func(v float32) float32 { return float32(math.Log1p(float64(v)) / div) })
	rec := anndata.Uns{}
	if base != 0 {
		rec["base"] = base
	}
	if a.Uns == nil {
		a.Uns = anndata.Uns{}
	}
	a.Uns["log1p"] = rec
	return nil
}

// log1pBase returns the base recorded in uns["log1p"] (0 = natural log).
func log1pBase(a *anndata.AnnData) float64 {
	rec, ok := a.Uns["log1p"].(anndata.Uns)
	if !ok {
		if m, ok := a.Uns["log1p"].(map[string]any); ok {
			rec = m
		}
	}
	switch b := rec["base"].(type) {
	case float64:
		return b
	case int64:
		return float64(b)
	}
	return 0
}
