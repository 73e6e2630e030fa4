package tl

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"regula/anndata"
)

// ClusterOptions configures Leiden and Louvain clustering.
type ClusterOptions struct {
	// Resolution γ of the modularity (scanpy's default 1); higher values
	// give more, smaller clusters. Must be > 0.
	Resolution float64
	// Seed makes the random node order and refinement reproducible
	// (scanpy's random_state, default 0).
	Seed uint64
	// Iterations is the number of Leiden iterations; a negative value (the
	// default when zero is given, as scanpy's n_iterations=-1) iterates
	// until the partition stops improving. Ignored by Louvain.
	Iterations int
}

func (o *ClusterOptions) defaults() error {
	if o.Resolution == 0 {
		o.Resolution = 1
	}
	if !(o.Resolution > 0) || math.IsInf(o.Resolution, 0) {
		return fmt.Errorf("clustering: resolution must be a positive number, got %v", o.Resolution)
	}
	if o.Iterations == 0 {
		o.Iterations = -1
	}
	return nil
}

// leidenRandomness is θ of Traag et al. (leidenalg's default 0.01): the
// temperature of the random choice among merges in the refinement phase.
const leidenRandomness = 0.01

// maxUnboundedIterations caps "iterate until no improvement".
const maxUnboundedIterations = 100

// LeidenPartition clusters the nodes of a symmetric weighted adjacency
// matrix with the Leiden algorithm (Traag, Waltman & van Eck 2019)
// maximising modularity with resolution (RBConfiguration). Labels are
// 0..k−1 ordered by decreasing cluster size.
func LeidenPartition(adj *anndata.CSR, opt ClusterOptions) ([]int, error) {
	if err := opt.defaults(); err != nil {
		return nil, err
	}
	g, err := graphFromCSR(adj)
	if err != nil {
		return nil, fmt.Errorf("leiden: %w", err)
	}
	rng := newRand(opt.Seed, 0x1e1de1)
	memb := make([]int, g.n)
	for i := range memb {
		memb[i] = i
	}
	quality := g.quality(memb, opt.Resolution)
	for it := 0; opt.Iterations < 0 || it < opt.Iterations; it++ {
		next := leidenIteration(g, memb, opt.Resolution, rng)
		q := g.quality(next, opt.Resolution)
		if opt.Iterations < 0 && (q <= quality+1e-12*math.Abs(quality) || it+1 >= maxUnboundedIterations) {
			if q > quality {
				memb = next
			}
			break
		}
		memb, quality = next, q
	}
	orderBySize(memb)
	return memb, nil
}

// leidenIteration runs one full Leiden pass (local moving, refinement,
// aggregation, repeated until every community is one aggregate node)
// starting from the partition init of g's nodes, and returns the new
// partition of g's nodes.
func leidenIteration(g *wgraph, init []int, gamma float64, rng *rand.Rand) []int {
	memb := slices.Clone(init)
	renumber(memb)
	nodeOf := make([]int, g.n) // original node → node of the current graph
	for i := range nodeOf {
		nodeOf[i] = i
	}
	cur := g
	for {
		moveNodesFast(cur, memb, gamma, rng)
		nComm := renumber(memb)
		if nComm == cur.n {
			break
		}
		refined, nRef := refine(cur, memb, gamma, rng)
		if nRef == cur.n {
			// No merge happened: aggregate on the partition itself.
			refined, nRef = slices.Clone(memb), nComm
		}
		next := cur.aggregate(refined, nRef)
		nextMemb := make([]int, nRef)
		for v, r := range refined {
			nextMemb[r] = memb[v]
		}
		for i, v := range nodeOf {
			nodeOf[i] = refined[v]
		}
		cur, memb = next, nextMemb
	}
	out := make([]int, g.n)
	for i, v := range nodeOf {
		out[i] = memb[v]
	}
	return out
}

// refine is the Leiden refinement phase: within each community of memb,
// singleton nodes that are well connected to their community merge into
// well-connected refined sub-communities, each choice drawn with
// probability ∝ exp(ΔQ/θ) among non-negative gains. It returns the refined
// membership (ids 0..k−1) and k.
func refine(g *wgraph, memb []int, gamma float64, rng *rand.Rand) ([]int, int) {
	n := g.n
	commK := make([]float64, n)
	for v, c := range memb {
		commK[c] += g.strength[v]
	}
	ref := make([]int, n)
	refK := make([]float64, n)   // strength of each refined community
	refSize := make([]int, n)    // nodes in each refined community
	refExt := make([]float64, n) // weight from a refined community to the rest of its community
	for v := range n {
		ref[v] = v
		refK[v] = g.strength[v]
		refSize[v] = 1
		nb, w := g.neighbours(v)
		for k, u := range nb {
			if memb[u] == memb[v] {
				refExt[v] += w[k]
			}
		}
	}
	wT := make([]float64, n)
	var touched []int
	var weights []float64
	for _, v := range rng.Perm(n) {
		if refSize[ref[v]] != 1 {
			continue // only singletons move
		}
		c, kv := memb[v], g.strength[v]
		if refExt[v] < gamma*kv*(commK[c]-kv)/g.total {
			continue // v is not well connected to its community
		}
		nb, w := g.neighbours(v)
		touched = touched[:0]
		for k, u := range nb {
			if memb[u] != c {
				continue
			}
			t := ref[u]
			if wT[t] == 0 {
				touched = append(touched, t)
			}
			wT[t] += w[k]
		}
		// Candidates: stay alone (gain 0) or join a well-connected T.
		self := ref[v]
		cands := append(touched[:0:0], self)
		gains := []float64{0}
		best := 0.0
		for _, t := range touched {
			if t == self || refExt[t] < gamma*refK[t]*(commK[c]-refK[t])/g.total {
				continue
			}
			gain := 2 * (wT[t] - gamma*kv*refK[t]/g.total)
			if gain < 0 {
				continue
			}
			cands = append(cands, t)
			gains = append(gains, gain)
			best = max(best, gain)
		}
		chosen := self
		if len(cands) > 1 {
			weights = weights[:0]
			var sum float64
			for _, gn := range gains {
				e := math.Exp((gn - best) / leidenRandomness)
				sum += e
				weights = append(weights, sum)
			}
			r := rng.Float64() * sum
			k, _ := slices.BinarySearch(weights, r)
			chosen = cands[min(k, len(cands)-1)]
		}
		if chosen != self {
			refExt[chosen] += refExt[self] - 2*wT[chosen]
			refK[chosen] += kv
			refSize[chosen]++
			refSize[self] = 0
			ref[v] = chosen
		}
		for _, t := range touched {
			wT[t] = 0
		}
	}
	return ref, renumber(ref)
}
