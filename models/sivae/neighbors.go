package sivae

import (
	"fmt"
	"math"
	"sort"
)

// Neighbor is a gene close to a query gene in loading space.
type Neighbor struct {
	Gene     int     // index of the neighbour
	Distance float64 // Euclidean distance between the loadings
}

// GeneNeighbors returns, for every gene, its k nearest other genes by
// Euclidean distance between loadings (genes × dims, row-major), nearest
// first (ties by gene index). This is the paper's siVAE-Euc neighbourhood.
func GeneNeighbors(loadings []float32, dims, k int) ([][]Neighbor, error) {
	if dims < 1 || len(loadings)%dims != 0 {
		return nil, fmt.Errorf("sivae: %d loading values do not form rows of %d dimensions", len(loadings), dims)
	}
	g := len(loadings) / dims
	if k < 1 || k >= g {
		return nil, fmt.Errorf("sivae: number of neighbours %d must be between 1 and %d (genes − 1)", k, g-1)
	}
	out := make([][]Neighbor, g)
	cand := make([]Neighbor, 0, g-1)
	for i := 0; i < g; i++ {
		cand = cand[:0]
		a := loadings[i*dims : (i+1)*dims]
		for j := 0; j < g; j++ {
			if j == i {
				continue
			}
			b := loadings[j*dims : (j+1)*dims]
			var ss float64
			for t := range a {
				d := float64(a[t]) - float64(b[t])
				ss += d * d
			}
			cand = append(cand, Neighbor{Gene: j, Distance: math.Sqrt(ss)})
		}
		sort.SliceStable(cand, func(x, y int) bool { return cand[x].Distance < cand[y].Distance })
		out[i] = append([]Neighbor(nil), cand[:k]...)
	}
	return out, nil
}
