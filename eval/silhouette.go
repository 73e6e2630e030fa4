package eval

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// SilhouetteOptions tunes Silhouette.
type SilhouetteOptions struct {
	// SampleSize, if positive and below the number of cells, computes the
	// score on that many cells drawn without replacement (like
	// scikit-learn's sample_size, with regula's own generator).
	SampleSize int
	// Seed seeds the draw of the sample.
	Seed uint64
	// Threads bounds the goroutines computing distances (0 = 1).
	Threads int
}

// Silhouette returns the mean silhouette coefficient of the rows of x
// under the clustering labels, with Euclidean distances (scikit-learn's
// silhouette_score). A sample alone in its cluster scores 0. It is an error
// unless 2 ≤ number of clusters ≤ number of samples − 1 (as
// scikit-learn).
func Silhouette[L comparable](x *mat.Dense, labels []L, opt SilhouetteOptions) (float64, error) {
	if err := checkMatrix("X", x); err != nil {
		return 0, err
	}
	n, _ := x.Dims()
	if len(labels) != n {
		return 0, fmt.Errorf("eval: %d labels for %d rows", len(labels), n)
	}
	if opt.SampleSize > 0 && opt.SampleSize < n {
		idx := rand.New(rand.NewPCG(opt.Seed, 0x5111)).Perm(n)[:opt.SampleSize]
		x = subsetRows(x, idx)
		sub := make([]L, len(idx))
		for k, i := range idx {
			sub[k] = labels[i]
		}
		labels, n = sub, len(idx)
	}
	code := codes(labels)
	k := maxCode(code) + 1
	if k < 2 || k > n-1 {
		return 0, fmt.Errorf("eval: silhouette needs 2 to n−1 = %d clusters, got %d", n-1, k)
	}
	size := make([]float64, k)
	for _, c := range code {
		size[c]++
	}
	s := make([]float64, n)
	forEachSqDistBlock(x, x, max(1, opt.Threads), func(lo int, d *mat.Dense) {
		rows, _ := d.Dims()
		sums := make([]float64, k)
		for r := range rows {
			i := lo + r
			clear(sums)
			for j, v := range d.RawRowView(r) {
				if j != i {
					sums[code[j]] += math.Sqrt(v)
				}
			}
			own := code[i]
			if size[own] <= 1 {
				s[i] = 0
				continue
			}
			a := sums[own] / (size[own] - 1)
			b := math.Inf(1)
			for c := range k {
				if c != own {
					b = min(b, sums[c]/size[c])
				}
			}
			if m := max(a, b); m > 0 {
				s[i] = (b - a) / m
			}
		}
	})
	var total float64
	for _, v := range s {
		total += v
	}
	return total / float64(n), nil
}

func subsetRows(x *mat.Dense, idx []int) *mat.Dense {
	_, p := x.Dims()
	out := mat.NewDense(len(idx), p, nil)
	for k, i := range idx {
		out.SetRow(k, x.RawRowView(i))
	}
	return out
}
