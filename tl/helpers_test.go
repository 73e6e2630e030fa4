package tl

import (
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"

	"regula/eval"
)

// blobs draws nPer points around each of nClusters centres in dim
// dimensions; centres are ±sep on random axes-aligned corners so clusters
// are well separated when sep ≫ sd.
func blobs(nClusters, nPer, dim int, sep, sd float64, seed uint64) (*mat.Dense, []int) {
	rng := rand.New(rand.NewPCG(seed, 1))
	centres := make([][]float64, nClusters)
	for c := range centres {
		centres[c] = make([]float64, dim)
		for j := range dim {
			centres[c][j] = sep * rng.NormFloat64()
		}
	}
	n := nClusters * nPer
	x := mat.NewDense(n, dim, nil)
	labels := make([]int, n)
	for i := range n {
		c := i % nClusters
		labels[i] = c
		for j := range dim {
			x.Set(i, j, centres[c][j]+sd*rng.NormFloat64())
		}
	}
	return x, labels
}

// adjustedRand is the adjusted Rand index of two labelings (eval's).
func adjustedRand(t *testing.T, a, b []int) float64 {
	t.Helper()
	v, err := eval.AdjustedRandIndex(a, b)
	if err != nil {
		t.Fatal(err)
	}
	return v
}

// sameEmbeddingBits fails unless a and b are identical.
func sameEmbeddingBits(t *testing.T, a, b *mat.Dense) {
	t.Helper()
	if !mat.Equal(a, b) {
		t.Fatal("same seed gave different results")
	}
}
