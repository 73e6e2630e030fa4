package graphsci

import (
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"regula/grn"
)

// GeneGraph is an undirected gene–gene graph on genes 0..N-1 without
// self-loops. Each edge is stored once, with I[e] < J[e], sorted.
type GeneGraph struct {
	N    int
	I, J []int32
}

// NumEdges returns the number of undirected edges.
func (g *GeneGraph) NumEdges() int { return len(g.I) }

// Density returns the fraction of the N² adjacency entries of A+I that are
// non-zero.
func (g *GeneGraph) Density() float64 {
	n := float64(g.N)
	return (2*float64(len(g.I)) + n) / (n * n)
}

// Degrees returns each gene's number of neighbours.
func (g *GeneGraph) Degrees() []int {
	deg := make([]int, g.N)
	for e := range g.I {
		deg[g.I[e]]++
		deg[g.J[e]]++
	}
	return deg
}

// newGeneGraph builds a graph from pairs, dropping self-loops and
// duplicates (in either orientation).
func newGeneGraph(n int, pairs [][2]int32) *GeneGraph {
	norm := make([][2]int32, 0, len(pairs))
	for _, p := range pairs {
		a, b := p[0], p[1]
		if a == b {
			continue
		}
		if a > b {
			a, b = b, a
		}
		norm = append(norm, [2]int32{a, b})
	}
	slices.SortFunc(norm, func(x, y [2]int32) int {
		if x[0] != y[0] {
			return int(x[0] - y[0])
		}
		return int(x[1] - y[1])
	})
	norm = slices.Compact(norm)
	g := &GeneGraph{N: n, I: make([]int32, len(norm)), J: make([]int32, len(norm))}
	for e, p := range norm {
		g.I[e], g.J[e] = p[0], p[1]
	}
	return g
}

// CorrelationGraph links genes whose Pearson correlation across cells has
// |r| > threshold (the paper's co-expression graph, eq. 2), computed on x
// (cells × genes, row-major; the log-normalised input). Genes with zero
// variance have no edges.
func CorrelationGraph(x []float32, cells, genes int, threshold float64) (*GeneGraph, error) {
	if len(x) != cells*genes {
		return nil, fmt.Errorf("graphsci: correlation graph: %d values for %d × %d", len(x), cells, genes)
	}
	if !(threshold >= 0 && threshold < 1) {
		return nil, fmt.Errorf("graphsci: correlation threshold %g must be in [0, 1)", threshold)
	}
	corr := correlationMatrix(x, cells, genes)
	var pairs [][2]int32
	for i := range genes {
		for j := i + 1; j < genes; j++ {
			if math.Abs(corr.At(i, j)) > threshold {
				pairs = append(pairs, [2]int32{int32(i), int32(j)})
			}
		}
	}
	return newGeneGraph(genes, pairs), nil
}

// correlationMatrix returns the genes × genes Pearson correlations of the
// columns of x; a constant column correlates 0 with everything.
func correlationMatrix(x []float32, cells, genes int) *mat.Dense {
	z := mat.NewDense(cells, genes, nil)
	for j := range genes {
		var mean float64
		for i := range cells {
			mean += float64(x[i*genes+j])
		}
		mean /= float64(cells)
		var ss float64
		for i := range cells {
			d := float64(x[i*genes+j]) - mean
			ss += d * d
		}
		scale := 0.0
		if ss > 0 {
			scale = 1 / math.Sqrt(ss)
		}
		for i := range cells {
			z.Set(i, j, (float64(x[i*genes+j])-mean)*scale)
		}
	}
	var c mat.Dense
	c.Mul(z.T(), z)
	return &c
}

// GraphFromNetwork maps a network's edges onto genes by name (direction and
// weight ignored; self-loops and duplicates dropped). It returns the graph
// and the sorted names in the network that are not among genes.
func GraphFromNetwork(edges []grn.Edge, genes []string) (*GeneGraph, []string, error) {
	index := make(map[string]int32, len(genes))
	for i, name := range genes {
		index[name] = int32(i)
	}
	unknown := map[string]bool{}
	var pairs [][2]int32
	for _, e := range edges {
		a, okA := index[e.From]
		b, okB := index[e.To]
		if !okA {
			unknown[e.From] = true
		}
		if !okB {
			unknown[e.To] = true
		}
		if okA && okB {
			pairs = append(pairs, [2]int32{a, b})
		}
	}
	if len(edges) > 0 && len(pairs) == 0 {
		return nil, nil, fmt.Errorf("graphsci: none of the network's %d edges joins two of the %d genes (unknown names such as %s)",
			len(edges), len(genes), listSome(sortedKeys(unknown)))
	}
	return newGeneGraph(len(genes), pairs), sortedKeys(unknown), nil
}

func sortedKeys(m map[string]bool) []string {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	return keys
}
