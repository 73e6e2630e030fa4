package deepsem

import (
	"fmt"
	"math"

	"regula/grn"
)

// RankedEdges turns a learned m × m matrix W (row-major, W[r*m+t] = weight
// of regulator r on target t) into BEELINE ranked edges r → t with weight
// |W[r][t]|, sorted by decreasing weight. With a non-empty TF list only rows
// of genes in it are kept (regulators outside the data are ignored);
// self-loops are never emitted.
func RankedEdges(w []float64, genes, tfs []string) ([]grn.Edge, error) {
	m := len(genes)
	if len(w) != m*m {
		return nil, fmt.Errorf("deepsem: W has %d entries, want %d×%d for %d genes", len(w), m, m, m)
	}
	regs, err := grn.RegulatorIndices(genes, tfs)
	if err != nil {
		return nil, err
	}
	edges := make([]grn.Edge, 0, len(regs)*(m-1))
	for _, r := range regs {
		for t := 0; t < m; t++ {
			if t == r {
				continue
			}
			edges = append(edges, grn.Edge{From: genes[r], To: genes[t], Weight: math.Abs(w[r*m+t])})
		}
	}
	grn.SortEdges(edges)
	return edges, nil
}
