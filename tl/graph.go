package tl

import (
	"fmt"
	"math"

	"regula/anndata"
)

// wgraph is an undirected weighted graph in adjacency-list form, used by
// the community detection algorithms. Self loops are kept apart in self
// (an aggregated node's internal weight, counting both directions);
// strength[i] = Σ_j A_ij including the self loop, and total = Σ_i strength[i]
// (twice the total edge weight).
type wgraph struct {
	n        int
	start    []int // neighbours of i are nbr[start[i]:start[i+1]]
	nbr      []int32
	w        []float64
	self     []float64
	strength []float64
	total    float64
}

func (g *wgraph) neighbours(i int) ([]int32, []float64) {
	return g.nbr[g.start[i]:g.start[i+1]], g.w[g.start[i]:g.start[i+1]]
}

// graphFromCSR builds a wgraph from a square adjacency matrix, which must be
// symmetric with finite non-negative weights (e.g. obsp["connectivities"]).
func graphFromCSR(adj *anndata.CSR) (*wgraph, error) {
	if adj == nil {
		return nil, fmt.Errorf("adjacency matrix is nil")
	}
	if adj.Rows != adj.Cols {
		return nil, fmt.Errorf("adjacency matrix is %d×%d, want square", adj.Rows, adj.Cols)
	}
	if err := adj.Validate(); err != nil {
		return nil, fmt.Errorf("adjacency matrix: %w", err)
	}
	n := adj.Rows
	g := &wgraph{n: n, start: make([]int, n+1), self: make([]float64, n), strength: make([]float64, n)}
	t := adj.Transpose()
	for i := range n {
		cols, vals := adj.RowView(i)
		tcols, tvals := t.RowView(i)
		if len(cols) != len(tcols) {
			return nil, fmt.Errorf("adjacency matrix is not symmetric (row %d has %d entries, column %d has %d)", i, len(cols), i, len(tcols))
		}
		for k, j := range cols {
			v := float64(vals[k])
			if tcols[k] != j || tvals[k] != vals[k] {
				return nil, fmt.Errorf("adjacency matrix is not symmetric at row %d, column %d", i, j)
			}
			if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("adjacency weight at row %d, column %d is %v, want finite and ≥ 0", i, j, v)
			}
			if v == 0 {
				continue
			}
			if int(j) == i {
				g.self[i] += v
			} else {
				g.nbr = append(g.nbr, j)
				g.w = append(g.w, v)
			}
			g.strength[i] += v
		}
		g.start[i+1] = len(g.nbr)
		g.total += g.strength[i]
	}
	return g, nil
}

// aggregate collapses each community of membership (values 0..nComm−1)
// into one node; edge weights between communities add up and weights inside
// a community become its self loop (counted in both directions).
func (g *wgraph) aggregate(membership []int, nComm int) *wgraph {
	a := &wgraph{n: nComm, start: make([]int, nComm+1), self: make([]float64, nComm),
		strength: make([]float64, nComm), total: g.total}
	members := make([][]int32, nComm)
	for i, c := range membership {
		members[c] = append(members[c], int32(i))
	}
	acc := make([]float64, nComm)
	var touched []int32
	for c := range nComm {
		touched = touched[:0]
		for _, i := range members[c] {
			a.self[c] += g.self[i]
			a.strength[c] += g.strength[i]
			nb, w := g.neighbours(int(i))
			for k, j := range nb {
				d := membership[j]
				if d == c {
					a.self[c] += w[k]
					continue
				}
				if acc[d] == 0 {
					touched = append(touched, int32(d))
				}
				acc[d] += w[k]
			}
		}
		for _, d := range touched {
			a.nbr = append(a.nbr, d)
			a.w = append(a.w, acc[d])
			acc[d] = 0
		}
		a.start[c+1] = len(a.nbr)
	}
	return a
}
