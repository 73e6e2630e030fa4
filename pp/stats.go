package pp

import (
	"fmt"
	"math"
	"slices"

	"regula/anndata"
)

// RowSums returns the sum of each row of m (the total counts per cell).
func RowSums(m anndata.Matrix) []float64 {
	r, _ := m.Dims()
	out := make([]float64, r)
	switch t := m.(type) {
	case *anndata.Dense:
		for i := range r {
			s := 0.0
			for _, v := range t.Row(i) {
				s += float64(v)
			}
			out[i] = s
		}
	case *anndata.CSR:
		for i := range r {
			_, vals := t.RowView(i)
			s := 0.0
			for _, v := range vals {
				s += float64(v)
			}
			out[i] = s
		}
	default:
		panic(unknownMatrix(m))
	}
	return out
}

// RowPositive returns, for each row of m, how many entries are > 0 (the
// number of genes detected in each cell).
func RowPositive(m anndata.Matrix) []int64 {
	r, _ := m.Dims()
	out := make([]int64, r)
	switch t := m.(type) {
	case *anndata.Dense:
		for i := range r {
			out[i] = countPositive(t.Row(i))
		}
	case *anndata.CSR:
		for i := range r {
			_, vals := t.RowView(i)
			out[i] = countPositive(vals)
		}
	default:
		panic(unknownMatrix(m))
	}
	return out
}

func countPositive(vals []float32) int64 {
	n := int64(0)
	for _, v := range vals {
		if v > 0 {
			n++
		}
	}
	return n
}

// ColSums returns the sum of each column of m (the total counts per gene).
func ColSums(m anndata.Matrix) []float64 {
	sums, _, _ := colMoments(m, nil)
	return sums
}

// ColPositive returns, for each column of m, how many entries are > 0 (the
// number of cells in which each gene is detected).
func ColPositive(m anndata.Matrix) []int64 {
	_, c := m.Dims()
	out := make([]int64, c)
	forEachStored(m, func(_, j int, v float32) {
		if v > 0 {
			out[j]++
		}
	})
	return out
}

// ColMeanVar returns each column's mean and variance with Bessel's
// correction (ddof = 1), as scanpy's mean_var(correction=1). With a single
// row the variance is NaN, as numpy's.
func ColMeanVar(m anndata.Matrix) (mean, variance []float64) {
	return colMeanVarOf(m, nil)
}

// colMeanVarOf is ColMeanVar of f applied to every stored entry (nil f:
// the entries themselves); for CSR, f must map 0 to 0.
func colMeanVarOf(m anndata.Matrix, f func(float64) float64) (mean, variance []float64) {
	r, _ := m.Dims()
	sums, sumsq, _ := colMoments(m, f)
	n := float64(r)
	mean = make([]float64, len(sums))
	variance = make([]float64, len(sums))
	for j := range sums {
		mu := sums[j] / n
		mean[j] = mu
		// Σ(x−μ)² = Σx² − nμ²; clamp the tiny negatives of cancellation.
		variance[j] = max(sumsq[j]-n*mu*mu, 0) / (n - 1)
	}
	return mean, variance
}

// colMoments returns per-column Σx, Σx² and the number of stored entries,
// where x is f of each stored entry (the entry itself when f is nil).
func colMoments(m anndata.Matrix, f func(float64) float64) (sums, sumsq []float64, stored []int64) {
	_, c := m.Dims()
	sums = make([]float64, c)
	sumsq = make([]float64, c)
	stored = make([]int64, c)
	forEachStored(m, func(_, j int, v float32) {
		x := float64(v)
		if f != nil {
			x = f(x)
		}
		sums[j] += x
		sumsq[j] += x * x
		stored[j]++
	})
	return sums, sumsq, stored
}

// forEachStored calls f for every stored entry of m in row-major order: all
// entries of a Dense matrix, the explicit entries of a CSR matrix.
func forEachStored(m anndata.Matrix, f func(i, j int, v float32)) {
	switch t := m.(type) {
	case *anndata.Dense:
		for i := range t.Rows {
			for j, v := range t.Row(i) {
				f(i, j, v)
			}
		}
	case *anndata.CSR:
		for i := range t.Rows {
			cols, vals := t.RowView(i)
			for k, c := range cols {
				f(i, int(c), vals[k])
			}
		}
	default:
		panic(unknownMatrix(m))
	}
}

// mapStored replaces every stored value v of m by f(v). For a CSR matrix
// f must map 0 to 0 for the result to mean what it says; callers ensure it.
func mapStored(m anndata.Matrix, f func(v float32) float32) {
	var data []float32
	switch t := m.(type) {
	case *anndata.Dense:
		data = t.Data
	case *anndata.CSR:
		data = t.Data
	default:
		panic(unknownMatrix(m))
	}
	for k, v := range data {
		data[k] = f(v)
	}
}

// scaleRows multiplies row i of m by factor[i], in place.
func scaleRows(m anndata.Matrix, factor []float64) {
	switch t := m.(type) {
	case *anndata.Dense:
		for i := range t.Rows {
			f := factor[i]
			row := t.Row(i)
			for j, v := range row {
				row[j] = float32(float64(v) * f)
			}
		}
	case *anndata.CSR:
		for i := range t.Rows {
			f := factor[i]
			_, vals := t.RowView(i)
			for k, v := range vals {
				vals[k] = float32(float64(v) * f)
			}
		}
	default:
		panic(unknownMatrix(m))
	}
}

// checkMatrix returns an error if a has no X or X is of an unknown kind,
// so that the exported functions fail cleanly instead of panicking.
func checkMatrix(a *anndata.AnnData, op string) error {
	if a == nil || a.X == nil {
		return fmt.Errorf("pp.%s: AnnData has no X matrix", op)
	}
	switch a.X.(type) {
	case *anndata.Dense, *anndata.CSR:
		return nil
	}
	return fmt.Errorf("pp.%s: unsupported matrix type %T", op, a.X)
}

func unknownMatrix(m anndata.Matrix) string {
	return fmt.Sprintf("pp: unknown matrix type %T", m)
}

// Median returns the median of v (numpy's median: the mean of the two
// middle values for an even count; NaN for an empty slice); v is not
// changed.
func Median(v []float64) float64 {
	if len(v) == 0 {
		return math.NaN()
	}
	s := slices.Clone(v)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}
