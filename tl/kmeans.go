package tl

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// KMeansOptions configures KMeans. Zero values take scikit-learn's
// defaults.
type KMeansOptions struct {
	// NInit is the number of k-means++ starts; the one with the lowest
	// inertia wins (0 = 10).
	NInit int
	// MaxIter bounds the Lloyd iterations of one start (0 = 300).
	MaxIter int
	// Tol stops a start when the centres move less than Tol × the mean
	// per-column variance of x in squared distance (0 = 1e-4, as
	// scikit-learn).
	Tol float64
	// Seed makes the result reproducible.
	Seed uint64
	// Threads bounds the parallelism of the assignment step (0 = all CPUs).
	Threads int
}

// KMeansResult is the best of the k-means starts.
type KMeansResult struct {
	// Labels[i] is the cluster of row i, in 0..k-1.
	Labels []int
	// Centers is k × d.
	Centers *mat.Dense
	// Inertia is the sum of squared distances of the rows to their centres.
	Inertia float64
	// Iterations is the number of Lloyd iterations of the winning start.
	Iterations int
}

// KMeans partitions the rows of x into k clusters by Lloyd's algorithm
// from k-means++ seeding (greedy, with 2 + ⌊ln k⌋ candidates per centre as
// scikit-learn), keeping the start with the lowest inertia. A cluster that
// loses all its rows is re-seeded with the row farthest from its centre.
func KMeans(x *mat.Dense, k int, opt KMeansOptions) (*KMeansResult, error) {
	p, err := pointsFromDense(x, "kmeans")
	if err != nil {
		return nil, err
	}
	if k < 1 || k > p.n {
		return nil, fmt.Errorf("kmeans: k = %d must be in [1, %d] (the number of rows)", k, p.n)
	}
	nInit, maxIter, tol := opt.NInit, opt.MaxIter, opt.Tol
	if nInit <= 0 {
		nInit = 10
	}
	if maxIter <= 0 {
		maxIter = 300
	}
	if tol <= 0 {
		tol = 1e-4
	}
	tol *= meanColumnVariance(p)
	var best *KMeansResult
	for start := range nInit {
		rng := newRand(opt.Seed, 0x6B6D+uint64(start))
		centers := kmeansPlusPlus(p, k, rng, opt.Threads)
		res := lloyd(p, k, centers, maxIter, tol, opt.Threads)
		if best == nil || res.Inertia < best.Inertia {
			best = res
		}
	}
	return best, nil
}

// meanColumnVariance is the mean over columns of the population variance.
func meanColumnVariance(p *points) float64 {
	var total float64
	for j := range p.d {
		var mean float64
		for i := range p.n {
			mean += p.data[i*p.d+j]
		}
		mean /= float64(p.n)
		for i := range p.n {
			d := p.data[i*p.d+j] - mean
			total += d * d
		}
	}
	return total / float64(p.n*p.d)
}

// kmeansPlusPlus picks k initial centres: the first uniformly, each next
// one the best (lowest resulting potential) of several candidates drawn
// with probability proportional to the squared distance to the nearest
// centre so far.
func kmeansPlusPlus(p *points, k int, rng *rand.Rand, threads int) []float64 {
	centers := make([]float64, 0, k*p.d)
	first := int(rng.Float64() * float64(p.n))
	centers = append(centers, p.row(min(first, p.n-1))...)
	closest := make([]float64, p.n)
	for i := range p.n {
		closest[i] = sqDist(p.row(i), centers[:p.d])
	}
	trials := 2 + int(math.Log(float64(k)))
	cand := make([]float64, p.n)
	bestD := make([]float64, p.n)
	for len(centers) < k*p.d {
		var pot float64
		for _, v := range closest {
			pot += v
		}
		bestPot, bestIdx := math.Inf(1), -1
		for range trials {
			idx := p.n - 1
			if pot > 0 {
				r, acc := rng.Float64()*pot, 0.0
				for i, v := range closest {
					acc += v
					if acc > r {
						idx = i
						break
					}
				}
			} else {
				idx = int(rng.Float64() * float64(p.n))
				idx = min(idx, p.n-1)
			}
			c := p.row(idx)
			parallelRange(p.n, threads, func(_, lo, hi int) {
				for i := lo; i < hi; i++ {
					cand[i] = min(closest[i], sqDist(p.row(i), c))
				}
			})
			var s float64
			for _, v := range cand {
				s += v
			}
			if s < bestPot {
				bestPot, bestIdx = s, idx
				copy(bestD, cand)
			}
		}
		centers = append(centers, p.row(bestIdx)...)
		copy(closest, bestD)
	}
	return centers
}

// lloyd alternates assignment and centre updates from the given centres
// until the total squared centre shift is at most tol or maxIter is
// reached, then assigns the rows to the final centres.
func lloyd(p *points, k int, centers []float64, maxIter int, tol float64, threads int) *KMeansResult {
	labels := make([]int, p.n)
	dists := make([]float64, p.n)
	assign := func() float64 {
		parallelRange(p.n, threads, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				row := p.row(i)
				best, bestD := 0, math.Inf(1)
				for c := range k {
					if d := sqDist(row, centers[c*p.d:(c+1)*p.d]); d < bestD {
						best, bestD = c, d
					}
				}
				labels[i], dists[i] = best, bestD
			}
		})
		var inertia float64
		for _, d := range dists {
			inertia += d
		}
		return inertia
	}
	next := make([]float64, len(centers))
	counts := make([]int, k)
	iter := 0
	for iter < maxIter {
		iter++
		assign()
		clear(next)
		clear(counts)
		for i, c := range labels {
			counts[c]++
			row := p.row(i)
			dst := next[c*p.d : (c+1)*p.d]
			for j, v := range row {
				dst[j] += v
			}
		}
		for c := range k {
			dst := next[c*p.d : (c+1)*p.d]
			if counts[c] == 0 {
				// Re-seed an empty cluster with the row farthest from its centre.
				far := 0
				for i, d := range dists {
					if d > dists[far] {
						far = i
					}
				}
				copy(dst, p.row(far))
				dists[far] = 0
				continue
			}
			for j := range dst {
				dst[j] /= float64(counts[c])
			}
		}
		var shift float64
		for c := range k {
			shift += sqDist(next[c*p.d:(c+1)*p.d], centers[c*p.d:(c+1)*p.d])
		}
		copy(centers, next)
		if shift <= tol {
			break
		}
	}
	inertia := assign()
	return &KMeansResult{Labels: labels, Centers: mat.NewDense(k, p.d, centers), Inertia: inertia, Iterations: iter}
}
