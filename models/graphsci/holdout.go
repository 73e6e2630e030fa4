package graphsci

import (
	"fmt"
	"math/rand/v2"
	"slices"
)

// HideEntries picks round(fraction × non-zeros) of the non-zero entries of
// a row-major matrix uniformly at random with a seeded generator and
// returns their flat indices, sorted. It is the validation split of Train
// and the masking used to score imputation on held-out entries.
func HideEntries(values []float32, fraction float64, seed uint64) ([]int, error) {
	if !(fraction >= 0 && fraction < 1) {
		return nil, fmt.Errorf("graphsci: hidden fraction %g must be in [0, 1)", fraction)
	}
	var nonZero []int
	for k, v := range values {
		if v != 0 {
			nonZero = append(nonZero, k)
		}
	}
	n := int(fraction*float64(len(nonZero)) + 0.5)
	rng := rand.New(rand.NewPCG(seed, 0x41DE))
	// Partial Fisher–Yates: the first n slots become a uniform sample.
	for i := range n {
		j := i + rng.IntN(len(nonZero)-i)
		nonZero[i], nonZero[j] = nonZero[j], nonZero[i]
	}
	hidden := slices.Clone(nonZero[:n])
	slices.Sort(hidden)
	return hidden, nil
}

// ZeroEntries returns a copy of values with the given flat indices set to 0.
func ZeroEntries(values []float32, indices []int) []float32 {
	out := slices.Clone(values)
	for _, k := range indices {
		out[k] = 0
	}
	return out
}
