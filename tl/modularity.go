package tl

import (
	"cmp"
	"fmt"
	"math/rand/v2"
	"slices"

	"regula/anndata"
)

// Modularity returns the modularity with resolution γ of a partition of a
// weighted undirected graph (the quality that scanpy's leiden and louvain
// maximise through leidenalg's RBConfigurationVertexPartition):
//
//	Q = 1/(2m) Σ_ij (A_ij − γ k_i k_j / (2m)) δ(c_i, c_j)
//
// with k_i the weighted degree and 2m = Σ_i k_i. labels gives each node's
// community (any non-negative integers).
func Modularity(adj *anndata.CSR, labels []int, resolution float64) (float64, error) {
	g, err := graphFromCSR(adj)
	if err != nil {
		return 0, err
	}
	if len(labels) != g.n {
		return 0, fmt.Errorf("modularity: %d labels for %d nodes", len(labels), g.n)
	}
	memb := slices.Clone(labels)
	for i, c := range memb {
		if c < 0 {
			return 0, fmt.Errorf("modularity: negative label %d for node %d", c, i)
		}
	}
	renumber(memb)
	return g.quality(memb, resolution) / g.total, nil
}

// quality is the unnormalised objective Σ_c (in_c − γ K_c²/(2m)), where
// in_c sums A_ij over ordered pairs inside c (self loops included) and K_c
// is the community's total strength. memb must hold values in [0, n).
func (g *wgraph) quality(memb []int, gamma float64) float64 {
	if g.total == 0 {
		return 0
	}
	in := make([]float64, g.n)
	K := make([]float64, g.n)
	for i := range g.n {
		c := memb[i]
		K[c] += g.strength[i]
		in[c] += g.self[i]
		nb, w := g.neighbours(i)
		for k, j := range nb {
			if memb[j] == c {
				in[c] += w[k]
			}
		}
	}
	var q float64
	for c := range g.n {
		q += in[c] - gamma*K[c]*K[c]/g.total
	}
	return q
}

// renumber maps community ids to 0..k−1 in order of first appearance and
// returns k.
func renumber(memb []int) int {
	ids := map[int]int{}
	for i, c := range memb {
		id, ok := ids[c]
		if !ok {
			id = len(ids)
			ids[c] = id
		}
		memb[i] = id
	}
	return len(ids)
}

// orderBySize relabels communities 0..k−1 by decreasing size (ties by the
// smallest member index), as leidenalg numbers them, and returns k.
func orderBySize(memb []int) int {
	k := renumber(memb) // ids now follow first appearance = smallest member
	size := make([]int, k)
	for _, c := range memb {
		size[c]++
	}
	order := make([]int, k)
	for c := range order {
		order[c] = c
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(size[b], size[a]) })
	newID := make([]int, k)
	for rank, c := range order {
		newID[c] = rank
	}
	for i, c := range memb {
		memb[i] = newID[c]
	}
	return k
}

// moveNodesFast is the Leiden algorithm's queue-based local moving phase:
// nodes are visited in random order, each moves to the neighbouring (or an
// empty) community with the largest gain in quality, and the neighbours of a
// moved node that lie outside its new community are queued again. It
// returns whether any node moved. memb holds values in [0, g.n).
func moveNodesFast(g *wgraph, memb []int, gamma float64, rng *rand.Rand) bool {
	K := make([]float64, g.n)
	size := make([]int, g.n)
	for i, c := range memb {
		K[c] += g.strength[i]
		size[c]++
	}
	var empty []int
	for c := g.n - 1; c >= 0; c-- {
		if size[c] == 0 {
			empty = append(empty, c)
		}
	}
	// Ring buffer: every node is queued at most once at a time.
	queue := rng.Perm(g.n)
	inQueue := make([]bool, g.n)
	for i := range inQueue {
		inQueue[i] = true
	}
	qHead, qLen := 0, g.n
	wc := make([]float64, g.n) // weight from v to each community
	var touched []int
	moved := false
	for qLen > 0 {
		v := queue[qHead]
		qHead = (qHead + 1) % g.n
		qLen--
		inQueue[v] = false
		cur := memb[v]
		kv := g.strength[v]
		nb, w := g.neighbours(v)
		touched = touched[:0]
		for k, u := range nb {
			c := memb[u]
			if wc[c] == 0 {
				touched = append(touched, c)
			}
			wc[c] += w[k]
		}
		K[cur] -= kv
		size[cur]--
		best := cur
		bestGain := wc[cur] - gamma*kv*K[cur]/g.total
		for _, c := range touched {
			if gain := wc[c] - gamma*kv*K[c]/g.total; gain > bestGain {
				best, bestGain = c, gain
			}
		}
		if bestGain < 0 && size[cur] > 0 && len(empty) > 0 {
			best = empty[len(empty)-1]
			empty = empty[:len(empty)-1]
		}
		for _, c := range touched {
			wc[c] = 0
		}
		K[best] += kv
		size[best]++
		memb[v] = best
		if best == cur {
			continue
		}
		moved = true
		if size[cur] == 0 {
			empty = append(empty, cur)
		}
		for _, u := range nb {
			if !inQueue[u] && memb[u] != best {
				inQueue[u] = true
				queue[(qHead+qLen)%g.n] = int(u)
				qLen++
			}
		}
	}
	return moved
}
