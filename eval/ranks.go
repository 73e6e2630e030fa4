package eval

import (
	"fmt"
	"math"
	"slices"
)

// Ranks returns the 1-based ranks of v with ties given their average rank
// (SciPy's rankdata with method="average").
func Ranks(v []float64) []float64 {
	order := make([]int, len(v))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareFloat(v[a], v[b]) })
	r := make([]float64, len(v))
	for i := 0; i < len(order); {
		j := i + 1
		for j < len(order) && v[order[j]] == v[order[i]] {
			j++
		}
		avg := float64(i+j+1) / 2 // mean of ranks i+1 .. j
		for _, k := range order[i:j] {
			r[k] = avg
		}
		i = j
	}
	return r
}

// tieSizes returns the sizes of the groups of equal values in v (groups of
// one included).
func tieSizes(v []float64) []int {
	s := slices.Clone(v)
	slices.Sort(s)
	var sizes []int
	for i := 0; i < len(s); {
		j := i + 1
		for j < len(s) && s[j] == s[i] {
			j++
		}
		sizes = append(sizes, j-i)
		i = j
	}
	return sizes
}

func compareFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

// checkFinite returns an error naming the first NaN or infinite value of v.
func checkFinite(name string, v []float64) error {
	for i, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return fmt.Errorf("eval: %s[%d] = %v: values must be finite", name, i, x)
		}
	}
	return nil
}
