package graphsci

import (
	"math"
	"math/rand/v2"

	"regula/anndata"
)

// syntheticCounts simulates cells × genes NB-like counts from two cell
// groups and gene modules of co-expressed genes, so that a correlation
// graph has edges. Returns the matrix and gene names.
func syntheticCounts(cells, genes int, seed uint64) (*anndata.Dense, []string) {
	rng := rand.New(rand.NewPCG(seed, 7))
	m := anndata.NewDense(cells, genes)
	names := make([]string, genes)
	for j := range genes {
		names[j] = "g" + string(rune('A'+j%26)) + string(rune('a'+j/26))
	}
	for i := range cells {
		group := i % 2
		lib := 0.5 + rng.Float64()
		factor := []float64{rng.ExpFloat64(), rng.ExpFloat64()}
		for j := range genes {
			module := j % 4
			base := 2.0
			if module < 2 {
				base *= 0.5 + 2*factor[module]
			}
			if (j+group)%3 == 0 {
				base *= 3
			}
			mu := base * lib
			// Gamma–Poisson via a Poisson with a gamma-perturbed rate.
			rate := mu * rng.ExpFloat64()
			m.Set(i, j, float32(poisson(rng, rate)))
		}
	}
	return m, names
}

func poisson(rng *rand.Rand, lambda float64) int {
	if lambda > 30 {
		return max(0, int(math.Round(lambda+math.Sqrt(lambda)*rng.NormFloat64())))
	}
	l, k, p := math.Exp(-lambda), 0, 1.0
	for {
		p *= rng.Float64()
		if p <= l {
			return k
		}
		k++
	}
}
