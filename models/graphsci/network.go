package graphsci

import (
	"math"
	"math/rand/v2"

	"regula/nn"
)

// exactAdjacencyLimit is the largest gene count for which the automatic
// choice computes the adjacency loss over all N² pairs.
const exactAdjacencyLimit = 1000

// network is the fixed structure a model is built on: the propagation
// matrix of the GCN, the first-layer mask and the adjacency-loss targets,
// derived from the gene graph.
type network struct {
	genes  int
	sparse bool
	// propagation is D^-½(A+I)D^-½ as an edge list (both directions and the
	// diagonal).
	propagation nn.EdgeList
	// maskOut, maskIn list the non-zeros of A+I: the masked layer's weight
	// of input gene maskIn[e] into hidden unit maskOut[e].
	maskOut, maskIn []int32
	// posWeight and norm weight the adjacency cross-entropy as graph
	// autoencoders do: posWeight = (N² − P)/P, norm = N²/(2(N² − P)) for P
	// positive entries of A+I.
	posWeight, norm float64
	// pairs is the number of sampled pairs per step; 0 for the exact loss.
	pairs int
	// edgeSet holds i*N+j for every positive entry of A+I.
	edgeSet map[int64]bool
}

func newNetwork(g *GeneGraph, cfg Config) *network {
	n := g.N
	net := &network{genes: n, sparse: g.Density() < cfg.SparseDensity, edgeSet: make(map[int64]bool, 2*len(g.I)+n)}
	adj := nn.EdgeList{N: n}
	for i := range n {
		net.maskOut = append(net.maskOut, int32(i))
		net.maskIn = append(net.maskIn, int32(i))
		net.edgeSet[int64(i)*int64(n)+int64(i)] = true
	}
	for e := range g.I {
		a, b := g.I[e], g.J[e]
		adj.Rows = append(adj.Rows, a, b)
		adj.Cols = append(adj.Cols, b, a)
		adj.Values = append(adj.Values, 1, 1)
		net.maskOut = append(net.maskOut, a, b)
		net.maskIn = append(net.maskIn, b, a)
		net.edgeSet[int64(a)*int64(n)+int64(b)] = true
		net.edgeSet[int64(b)*int64(n)+int64(a)] = true
	}
	prop, err := nn.NormalizeAdjacency(adj)
	if err != nil {
		panic(err) // indices come from a validated GeneGraph
	}
	net.propagation = prop
	total := float64(n) * float64(n)
	positives := float64(len(net.maskOut))
	if positives < total {
		net.posWeight = (total - positives) / positives
		net.norm = total / (2 * (total - positives))
	} else {
		net.posWeight, net.norm = 1, 1
	}
	switch {
	case cfg.AdjacencyPairs > 0:
		net.pairs = cfg.AdjacencyPairs
	case n > exactAdjacencyLimit:
		net.pairs = max(65536, 4*len(net.maskOut))
	}
	return net
}

// denseMask returns A+I as a row-major N×N matrix (in = row, out = column;
// symmetric).
func (net *network) denseMask() []float32 {
	n := net.genes
	m := make([]float32, n*n)
	for e := range net.maskOut {
		m[int(net.maskIn[e])*n+int(net.maskOut[e])] = 1
	}
	return m
}

// samplePairs draws pairs uniformly from all N² ordered gene pairs and marks
// those that are not edges of A+I.
func (net *network) samplePairs(rng *rand.Rand) (rows, cols []int32, negative []float32) {
	n := net.genes
	rows = make([]int32, net.pairs)
	cols = make([]int32, net.pairs)
	negative = make([]float32, net.pairs)
	for k := range net.pairs {
		i, j := rng.IntN(n), rng.IntN(n)
		rows[k], cols[k] = int32(i), int32(j)
		if !net.edgeSet[int64(i)*int64(n)+int64(j)] {
			negative[k] = 1
		}
	}
	return rows, cols, negative
}

// maskInit draws the masked layer's initial weights from the Xavier-uniform
// distribution of an N×N matrix, so the sparse and dense forms start alike.
func (net *network) maskInit(seed uint64) []float32 {
	bound := math.Sqrt(6 / float64(2*net.genes))
	rng := rand.New(rand.NewPCG(seed, 0x3A5C))
	w := make([]float32, len(net.maskOut))
	for e := range w {
		w[e] = float32((2*rng.Float64() - 1) * bound)
	}
	return w
}
