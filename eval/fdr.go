package eval

import (
	"fmt"
	"math"
	"slices"
)

// BenjaminiHochberg returns the Benjamini–Hochberg adjusted p-values
// (q-values) of p, in the same order: q_(i) = min_{j ≥ i} p_(j)·m/j over
// the ascending p-values, capped at 1 (statsmodels' fdr_bh, SciPy's
// false_discovery_control). A p-value outside [0, 1] or NaN is an error.
func BenjaminiHochberg(p []float64) ([]float64, error) {
	for i, v := range p {
		if !(v >= 0 && v <= 1) {
			return nil, fmt.Errorf("eval: p-value %d is %v, want a value in [0, 1]", i, v)
		}
	}
	m := len(p)
	order := make([]int, m)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareFloat(p[a], p[b]) })
	q := make([]float64, m)
	running := math.Inf(1)
	for k := m - 1; k >= 0; k-- {
		i := order[k]
		running = min(running, p[i]*float64(m)/float64(k+1))
		q[i] = min(1, running)
	}
	return q, nil
}
