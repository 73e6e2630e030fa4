package tl

import (
	"fmt"

	"regula/anndata"
)

// LouvainPartition clusters the nodes of a symmetric weighted adjacency
// matrix with the Louvain method (Blondel et al. 2008) maximising
// modularity with resolution, as scanpy's louvain (vtraag flavour) does:
// local moving, then aggregation of each community into a node, repeated
// until nothing moves. Labels are 0..k−1 ordered by decreasing size.
func LouvainPartition(adj *anndata.CSR, opt ClusterOptions) ([]int, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	g, err := graphFromCSR(adj)
	if err != nil {
		return nil, fmt.Errorf("louvain: %w", err)
	}
	rng := newRand(opt.Seed, 0x10a7a1)
	nodeOf := make([]int, g.n)
	for i := range nodeOf {
		nodeOf[i] = i
	}
	cur := g
	memb := make([]int, g.n)
	for i := range memb {
		memb[i] = i
	}
	for {
		moved := moveNodesFast(cur, memb, opt.Resolution, rng)
		nComm := renumber(memb)
		if !moved || nComm == cur.n {
			break
		}
		next := cur.aggregate(memb, nComm)
		for i, v := range nodeOf {
			nodeOf[i] = memb[v]
		}
		cur = next
		memb = make([]int, nComm)
		for i := range memb {
			memb[i] = i
		}
	}
	out := make([]int, g.n)
	for i, v := range nodeOf {
		out[i] = memb[v]
	}
	orderBySize(out)
	return out, nil
}
