package eval

import (
	"fmt"
	"math"
	"sync"

	"gonum.org/v1/gonum/mat"
)

// blockRows is the number of rows of a whose distances to all of b are
// held in memory at once.
const blockRows = 256

// forEachSqDistBlock calls fn(lo, d) for consecutive row blocks of a, where
// d is the (hi−lo) × rows(b) matrix of squared Euclidean distances between
// rows lo…hi−1 of a and the rows of b (computed as |x|² + |y|² − 2x·y with
// BLAS, clamped at 0). fn may run concurrently on up to threads blocks.
func forEachSqDistBlock(a, b *mat.Dense, threads int, fn func(lo int, d *mat.Dense)) {
	na, _ := a.Dims()
	nb, _ := b.Dims()
	normA, normB := rowSqNorms(a), rowSqNorms(b)
	blocks := (na + blockRows - 1) / blockRows
	work := make(chan int, blocks)
	for k := range blocks {
		work <- k * blockRows
	}
	close(work)
	var wg sync.WaitGroup
	for range max(1, min(threads, blocks)) {
		wg.Go(func() {
			for lo := range work {
				hi := min(lo+blockRows, na)
				d := mat.NewDense(hi-lo, nb, nil)
				d.Mul(a.Slice(lo, hi, 0, a.RawMatrix().Cols), b.T())
				for i := lo; i < hi; i++ {
					row := d.RawRowView(i - lo)
					for j := range row {
						row[j] = max(0, normA[i]+normB[j]-2*row[j])
					}
				}
				fn(lo, d)
			}
		})
	}
	wg.Wait()
}

func rowSqNorms(m *mat.Dense) []float64 {
	n, _ := m.Dims()
	out := make([]float64, n)
	for i := range n {
		for _, v := range m.RawRowView(i) {
			out[i] += v * v
		}
	}
	return out
}

// checkMatrix returns an error if m is nil, empty or has non-finite values.
func checkMatrix(name string, m *mat.Dense) error {
	if m == nil {
		return fmt.Errorf("eval: %s is nil", name)
	}
	r, c := m.Dims()
	if r == 0 || c == 0 {
		return fmt.Errorf("eval: %s is empty (%d×%d)", name, r, c)
	}
	for i := range r {
		for j, v := range m.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return fmt.Errorf("eval: %s[%d,%d] = %v: values must be finite", name, i, j, v)
			}
		}
	}
	return nil
}

// neighbour is a sample index with its distance to a query.
type neighbour struct {
	index int
	dist  float64
}

// nearestNeighbours returns, for each row of query, the k rows of ref
// nearest in Euclidean distance (ascending distance, ties by index),
// skipping ref row i for query row i when excludeSelf is set (query and
// ref are then the same matrix).
func nearestNeighbours(query, ref *mat.Dense, k int, excludeSelf bool, threads int) [][]neighbour {
	nq, _ := query.Dims()
	out := make([][]neighbour, nq)
	forEachSqDistBlock(query, ref, threads, func(lo int, d *mat.Dense) {
		rows, _ := d.Dims()
		for r := range rows {
			i := lo + r
			out[i] = smallestK(d.RawRowView(r), k, i, excludeSelf)
		}
	})
	return out
}

// smallestK returns the k smallest entries of sq (squared distances) as
// neighbours with Euclidean distances, skipping index self if exclude.
func smallestK(sq []float64, k, self int, exclude bool) []neighbour {
	// A bounded max-heap keyed by (dist, index).
	h := make([]neighbour, 0, k)
	less := func(a, b neighbour) bool { return a.dist < b.dist || (a.dist == b.dist && a.index < b.index) }
	for j, v := range sq {
		if exclude && j == self {
			continue
		}
		nb := neighbour{j, v}
		if len(h) < k {
			h = append(h, nb)
			for c := len(h) - 1; c > 0; {
				p := (c - 1) / 2
				if !less(h[p], h[c]) {
					break
				}
				h[p], h[c] = h[c], h[p]
				c = p
			}
			continue
		}
		if !less(nb, h[0]) {
			continue
		}
		h[0] = nb
		for p := 0; ; {
			c := 2*p + 1
			if c >= len(h) {
				break
			}
			if c+1 < len(h) && less(h[c], h[c+1]) {
				c++
			}
			if !less(h[p], h[c]) {
				break
			}
			h[p], h[c] = h[c], h[p]
			p = c
		}
	}
	// Sort ascending (heap order is not sorted).
	for i := 1; i < len(h); i++ {
		for j := i; j > 0 && less(h[j], h[j-1]); j-- {
			h[j], h[j-1] = h[j-1], h[j]
		}
	}
	for i := range h {
		h[i].dist = math.Sqrt(h[i].dist)
	}
	return h
}
