package tl

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
)

// Metric names the distance between cells used for neighbour search.
type Metric string

const (
	// Euclidean is the straight-line distance (scanpy's default).
	Euclidean Metric = "euclidean"
	// Cosine is 1 − cos(angle) between the two vectors.
	Cosine Metric = "cosine"
)

// KNNMethod selects the neighbour search algorithm.
type KNNMethod string

const (
	// KNNAuto uses exact search up to ExactThreshold cells and NN-descent
	// above it (scanpy switches at 8192 cells the same way).
	KNNAuto KNNMethod = "auto"
	// KNNExact compares every pair of cells (parallel brute force).
	KNNExact KNNMethod = "exact"
	// KNNApprox uses NN-descent initialised by random projection trees.
	KNNApprox KNNMethod = "nndescent"
)

// ExactThreshold is the largest number of cells for which KNNAuto uses
// exact search.
const ExactThreshold = 8192

// KNNOptions configures KNNGraph.
type KNNOptions struct {
	// K is the number of neighbours per cell including the cell itself, as
	// scanpy's n_neighbors (default 15).
	K int
	// Metric is Euclidean (default) or Cosine.
	Metric Metric
	// Method is KNNAuto (default), KNNExact or KNNApprox.
	Method KNNMethod
	// Seed drives the approximate search.
	Seed uint64
	// Threads bounds the worker goroutines (0 = all cores).
	Threads int
}

func (o *KNNOptions) defaults() error {
	if o.K == 0 {
		o.K = 15
	}
	if o.K < 2 {
		return fmt.Errorf("neighbors: K (n_neighbors) must be at least 2, got %d", o.K)
	}
	if o.Metric == "" {
		o.Metric = Euclidean
	}
	if o.Metric != Euclidean && o.Metric != Cosine {
		return fmt.Errorf("neighbors: unknown metric %q (want euclidean or cosine)", o.Metric)
	}
	if o.Method == "" {
		o.Method = KNNAuto
	}
	if o.Method != KNNAuto && o.Method != KNNExact && o.Method != KNNApprox {
		return fmt.Errorf("neighbors: unknown method %q (want auto, exact or nndescent)", o.Method)
	}
	return nil
}

// KNN is a k-nearest-neighbour table: row i lists K cells, the first being
// i itself at distance 0, then its K−1 nearest other cells by increasing
// distance (ties broken by index).
type KNN struct {
	N, K int
	// Indices holds N×K neighbour indices, row-major.
	Indices []int32
	// Distances holds the matching N×K distances in the chosen metric.
	Distances []float64
	// Metric is the metric the distances are in.
	Metric Metric
	// Method is the search actually used (KNNExact or KNNApprox).
	Method KNNMethod
}

// Row returns the neighbour indices and distances of cell i (aliases).
func (k *KNN) Row(i int) ([]int32, []float64) {
	return k.Indices[i*k.K : (i+1)*k.K], k.Distances[i*k.K : (i+1)*k.K]
}

// KNNGraph finds the K nearest neighbours (including self) of every row of
// x. Rows are cells, columns the representation's dimensions.
func KNNGraph(x *mat.Dense, opt KNNOptions) (*KNN, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	p, err := pointsFromDense(x, "neighbors")
	if err != nil {
		return nil, err
	}
	if opt.K > p.n {
		return nil, fmt.Errorf("neighbors: K=%d exceeds the number of cells (%d)", opt.K, p.n)
	}
	if opt.Metric == Cosine {
		p = unitRows(p)
	}
	method := opt.Method
	if method == KNNAuto {
		method = KNNExact
		if p.n > ExactThreshold {
			method = KNNApprox
		}
	}
	var knn *KNN
	if method == KNNExact {
		knn = exactKNN(p, opt.K, opt.Threads)
	} else {
		knn = nnDescent(p, opt.K, opt.Seed, opt.Threads)
	}
	knn.Method = method
	knn.Metric = opt.Metric
	if opt.Metric == Cosine {
		// On unit vectors |a−b|² = 2(1 − cos), so cosine distance = d²/2.
		for i, d := range knn.Distances {
			knn.Distances[i] = d * d / 2
		}
	}
	return knn, nil
}

// unitRows returns a copy of p with every row scaled to unit length (zero
// rows stay zero).
func unitRows(p *points) *points {
	out := &points{n: p.n, d: p.d, data: slices.Clone(p.data)}
	for i := range out.n {
		r := out.row(i)
		var s float64
		for _, v := range r {
			s += v * v
		}
		if s > 0 {
			inv := 1 / math.Sqrt(s)
			for j := range r {
				r[j] *= inv
			}
		}
	}
	return out
}

// neighbour is a candidate neighbour with its squared distance.
type neighbour struct {
	idx int32
	d2  float64
}

func compareNeighbour(a, b neighbour) int {
	if c := cmp.Compare(a.d2, b.d2); c != 0 {
		return c
	}
	return cmp.Compare(a.idx, b.idx)
}

// exactKNN is parallel brute force: every row against every other row,
// keeping the K−1 closest in a bounded sorted buffer.
func exactKNN(p *points, k, threads int) *KNN {
	out := &KNN{N: p.n, K: k, Indices: make([]int32, p.n*k), Distances: make([]float64, p.n*k)}
	m := k - 1
	parallelDynamic(p.n, threads, 16, func(i int) {
		best := make([]neighbour, 0, m+1)
		xi := p.row(i)
		for j := range p.n {
			if j == i {
				continue
			}
			d2 := sqDist(xi, p.row(j))
			if len(best) == m && d2 >= best[m-1].d2 {
				continue
			}
			c := neighbour{int32(j), d2}
			pos, _ := slices.BinarySearchFunc(best, c, compareNeighbour)
			if len(best) < m {
				best = slices.Insert(best, pos, c)
			} else {
				copy(best[pos+1:], best[pos:m-1])
				best[pos] = c
			}
		}
		fillRow(out, i, best)
	})
	return out
}

// fillRow writes self plus the sorted candidates into row i of out.
func fillRow(out *KNN, i int, best []neighbour) {
	idx, dist := out.Row(i)
	idx[0], dist[0] = int32(i), 0
	for r, c := range best {
		idx[r+1] = c.idx
		dist[r+1] = math.Sqrt(c.d2)
	}
}

// DistanceMatrix returns the kNN distances as an N×N CSR matrix without the
// self entries, as scanpy's obsp["distances"]. Zero distances between
// distinct duplicate cells are kept as explicit entries.
func (k *KNN) DistanceMatrix() *anndata.CSR {
	out := &anndata.CSR{Rows: k.N, Cols: k.N, Indptr: make([]int64, k.N+1)}
	type entry struct {
		c int32
		v float32
	}
	row := make([]entry, 0, k.K)
	for i := range k.N {
		idx, dist := k.Row(i)
		row = row[:0]
		for r, j := range idx {
			if int(j) != i {
				row = append(row, entry{j, float32(dist[r])})
			}
		}
		slices.SortFunc(row, func(a, b entry) int { return cmp.Compare(a.c, b.c) })
		for _, e := range row {
			out.Indices = append(out.Indices, e.c)
			out.Data = append(out.Data, e.v)
		}
		out.Indptr[i+1] = int64(len(out.Data))
	}
	return out
}
