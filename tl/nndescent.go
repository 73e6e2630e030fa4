package tl

import (
	"math"
	"slices"
)

// knnHeap holds, for every point, its best m candidates sorted by
// increasing squared distance (ties by index), each with a "new" flag used
// by NN-descent's incremental local join.
type knnHeap struct {
	m    int
	idx  []int32
	d2   []float64
	new  []bool
	size []int32
}

func newKNNHeap(n, m int) *knnHeap {
	h := &knnHeap{m: m, idx: make([]int32, n*m), d2: make([]float64, n*m),
		new: make([]bool, n*m), size: make([]int32, n)}
	return h
}

// worst returns the largest kept squared distance of v (+Inf if not full).
func (h *knnHeap) worst(v int) float64 {
	if int(h.size[v]) < h.m {
		return math.Inf(1)
	}
	return h.d2[v*h.m+h.m-1]
}

// push offers candidate j at squared distance d2 to v; it reports whether
// the list changed.
func (h *knnHeap) push(v int, j int32, d2 float64) bool {
	base, sz := v*h.m, int(h.size[v])
	if sz == h.m && d2 >= h.d2[base+h.m-1] {
		return false
	}
	idx, dist := h.idx[base:base+sz], h.d2[base:base+sz]
	if slices.Contains(idx, j) {
		return false
	}
	pos := 0
	for pos < sz && (dist[pos] < d2 || (dist[pos] == d2 && idx[pos] < j)) {
		pos++
	}
	end := sz
	if sz == h.m {
		end = h.m - 1
	} else {
		h.size[v]++
	}
	copy(h.idx[base+pos+1:base+end+1], h.idx[base+pos:base+end])
	copy(h.d2[base+pos+1:base+end+1], h.d2[base+pos:base+end])
	copy(h.new[base+pos+1:base+end+1], h.new[base+pos:base+end])
	h.idx[base+pos], h.d2[base+pos], h.new[base+pos] = j, d2, true
	return true
}

// candidates is a bounded per-point list of sampled neighbour candidates,
// keeping the entries with the smallest random priorities.
type candidates struct {
	m    int
	idx  []int32
	pri  []uint64
	size []int32
}

func newCandidates(n, m int) *candidates {
	return &candidates{m: m, idx: make([]int32, n*m), pri: make([]uint64, n*m), size: make([]int32, n)}
}

func (c *candidates) reset() { clear(c.size) }

func (c *candidates) list(v int) []int32 { return c.idx[v*c.m : v*c.m+int(c.size[v])] }

func (c *candidates) push(v int, j int32, pri uint64) {
	base, sz := v*c.m, int(c.size[v])
	if slices.Contains(c.idx[base:base+sz], j) {
		return
	}
	if sz < c.m {
		c.idx[base+sz], c.pri[base+sz] = j, pri
		c.size[v]++
		return
	}
	// Replace the entry with the largest priority if ours is smaller.
	worst := base
	for k := base + 1; k < base+c.m; k++ {
		if c.pri[k] > c.pri[worst] {
			worst = k
		}
	}
	if pri < c.pri[worst] {
		c.idx[worst], c.pri[worst] = j, pri
	}
}

// update is a proposed neighbour pair found by the local join.
type update struct {
	p, q int32
	d2   float64
}

// nnDescent approximates the K nearest neighbours with NN-descent (Dong et
// al. 2011) initialised from a forest of random projection trees, as
// pynndescent does. All random choices are hashed from the seed and item
// indices, and updates are applied in a fixed order, so the result does
// not depend on the thread count.
func nnDescent(p *points, k int, seed uint64, threads int) *KNN {
	m := k - 1 // neighbours besides self
	heap := newKNNHeap(p.n, buildSize(m))
	rpInit(p, heap, seed, threads)

	maxCand := min(60, max(heap.m, 30))
	newC, oldC := newCandidates(p.n, maxCand), newCandidates(p.n, maxCand)
	nIters := max(5, int(math.Round(math.Log2(float64(p.n)))))
	const delta = 0.001
	nw := workers(threads, p.n)
	buffers := make([][]update, nw)
	for iter := range nIters {
		newC.reset()
		oldC.reset()
		for v := range p.n {
			base := v * heap.m
			for r := range int(heap.size[v]) {
				u := heap.idx[base+r]
				pri := mix(seed, uint64(iter)+1, uint64(base+r))
				if heap.new[base+r] {
					newC.push(v, u, pri)
					newC.push(int(u), int32(v), pri)
				} else {
					oldC.push(v, u, pri)
					oldC.push(int(u), int32(v), pri)
				}
			}
		}
		for v := range p.n {
			base := v * heap.m
			nl := newC.list(v)
			for r := range int(heap.size[v]) {
				if heap.new[base+r] && slices.Contains(nl, heap.idx[base+r]) {
					heap.new[base+r] = false
				}
			}
		}
		worst := make([]float64, p.n)
		for v := range worst {
			worst[v] = heap.worst(v)
		}
		// Local join: propose pairs among each point's candidates.
		parallelRange(p.n, nw, func(w, lo, hi int) {
			buf := buffers[w][:0]
			for v := lo; v < hi; v++ {
				nl, ol := newC.list(v), oldC.list(v)
				for i, a := range nl {
					xa := p.row(int(a))
					for _, b := range nl[i+1:] {
						d2 := sqDist(xa, p.row(int(b)))
						if d2 < worst[a] || d2 < worst[b] {
							buf = append(buf, update{a, b, d2})
						}
					}
					for _, b := range ol {
						if a == b {
							continue
						}
						d2 := sqDist(xa, p.row(int(b)))
						if d2 < worst[a] || d2 < worst[b] {
							buf = append(buf, update{a, b, d2})
						}
					}
				}
			}
			buffers[w] = buf
		})
		// Apply in buffer order; each worker owns a range of target points.
		counts := make([]int, nw)
		parallelRange(p.n, nw, func(w, lo, hi int) {
			c := 0
			for _, buf := range buffers {
				for _, u := range buf {
					if int(u.p) >= lo && int(u.p) < hi && heap.push(int(u.p), u.q, u.d2) {
						c++
					}
					if int(u.q) >= lo && int(u.q) < hi && heap.push(int(u.q), u.p, u.d2) {
						c++
					}
				}
			}
			counts[w] = c
		})
		total := 0
		for _, c := range counts {
			total += c
		}
		if float64(total) <= delta*float64(p.n*heap.m) {
			break
		}
	}
	out := &KNN{N: p.n, K: k, Indices: make([]int32, p.n*k), Distances: make([]float64, p.n*k)}
	best := make([]neighbour, 0, m)
	for v := range p.n {
		best = best[:0]
		for r := range min(m, int(heap.size[v])) {
			best = append(best, neighbour{heap.idx[v*heap.m+r], heap.d2[v*heap.m+r]})
		}
		fillRow(out, v, best)
	}
	return out
}

// buildSize is the candidate list length NN-descent maintains to return m
// neighbours: longer lists cost time but raise recall in high intrinsic
// dimension.
func buildSize(m int) int { return 2 * m }

// rpInit seeds the heap with each point's nearest leaf-mates across a
// forest of random projection trees (as many trees as pynndescent uses),
// then tops up short lists with random points.
func rpInit(p *points, heap *knnHeap, seed uint64, threads int) {
	nTrees := min(32, 5+int(math.Round(math.Pow(float64(p.n), 0.25))))
	leafSize := max(10, heap.m+1)
	forest := make([][][]int32, nTrees)
	parallelDynamic(nTrees, threads, 1, func(t int) {
		forest[t] = rpLeaves(p, leafSize, newRand(seed, uint64(1000+t)))
	})
	leafOf := make([][]int32, nTrees)
	for t, leaves := range forest {
		leafOf[t] = make([]int32, p.n)
		for l, leaf := range leaves {
			for _, i := range leaf {
				leafOf[t][i] = int32(l)
			}
		}
	}
	parallelRange(p.n, threads, func(_, lo, hi int) {
		for v := lo; v < hi; v++ {
			xv := p.row(v)
			for t := range nTrees {
				for _, u := range forest[t][leafOf[t][v]] {
					if int(u) != v {
						heap.push(v, u, sqDist(xv, p.row(int(u))))
					}
				}
			}
			for r := uint64(0); int(heap.size[v]) < heap.m; r++ {
				u := int32(mix(seed, uint64(v), r) % uint64(p.n))
				if int(u) != v {
					heap.push(v, u, sqDist(xv, p.row(int(u))))
				}
			}
		}
	})
}
