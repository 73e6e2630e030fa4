package tl

import (
	"cmp"
	"math"
	"slices"

	"regula/anndata"
)

// smoothKNN finds, for every cell, UMAP's local connectivity rho (distance
// to the nearest neighbour at non-zero distance) and bandwidth sigma such
// that Σ_j exp(−max(d_ij − rho_i, 0)/sigma_i) over the K−1 non-self
// neighbours equals log2(K), by bisection (umap-learn's smooth_knn_dist with
// local_connectivity 1 and bandwidth 1, including its lower bound on sigma
// of 1e-3 × the mean neighbour distance).
func smoothKNN(knn *KNN) (rho, sigma []float64) {
	const (
		nIter     = 64
		tolerance = 1e-5
		minScale  = 1e-3
	)
	target := math.Log2(float64(knn.K))
	rho = make([]float64, knn.N)
	sigma = make([]float64, knn.N)
	var globalMean float64
	for _, d := range knn.Distances {
		globalMean += d
	}
	globalMean /= float64(len(knn.Distances))
	for i := range knn.N {
		_, dist := knn.Row(i)
		for _, d := range dist {
			if d > 0 {
				rho[i] = d // rows are sorted, so this is the smallest positive
				break
			}
		}
		lo, hi, mid := 0.0, math.Inf(1), 1.0
		for range nIter {
			var psum float64
			for _, d := range dist[1:] {
				if x := d - rho[i]; x > 0 {
					psum += math.Exp(-x / mid)
				} else {
					psum++
				}
			}
			if math.Abs(psum-target) < tolerance {
				break
			}
			if psum > target {
				hi = mid
				mid = (lo + hi) / 2
			} else {
				lo = mid
				if math.IsInf(hi, 1) {
					mid *= 2
				} else {
					mid = (lo + hi) / 2
				}
			}
		}
		sigma[i] = mid
		var mean float64
		for _, d := range dist {
			mean += d
		}
		mean /= float64(len(dist))
		if rho[i] > 0 {
			sigma[i] = max(sigma[i], minScale*mean)
		} else {
			sigma[i] = max(sigma[i], minScale*globalMean)
		}
	}
	return rho, sigma
}

// Connectivities computes UMAP's fuzzy simplicial set from a kNN table, as
// scanpy's neighbors(method="umap") does: directed memberships
// w_ij = exp(−(d_ij − rho_i)/sigma_i) (1 for the nearest neighbour, 0 for
// self), symmetrised by the fuzzy union A + Aᵀ − A∘Aᵀ. The result is a
// symmetric N×N CSR matrix with values in (0, 1] and no diagonal.
func Connectivities(knn *KNN) *anndata.CSR {
	rho, sigma := smoothKNN(knn)
	// Directed memberships as a row-sorted sparse matrix in float64.
	type entry struct {
		c int32
		v float64
	}
	rows := make([][]entry, knn.N)
	for i := range knn.N {
		idx, dist := knn.Row(i)
		r := make([]entry, 0, knn.K)
		for k, j := range idx {
			if int(j) == i {
				continue
			}
			v := 1.0
			if x := dist[k] - rho[i]; x > 0 && sigma[i] > 0 {
				v = math.Exp(-x / sigma[i])
			}
			r = append(r, entry{j, v})
		}
		slices.SortFunc(r, func(a, b entry) int { return cmp.Compare(a.c, b.c) })
		rows[i] = r
	}
	// Transpose.
	trans := make([][]entry, knn.N)
	for i, r := range rows {
		for _, e := range r {
			trans[e.c] = append(trans[e.c], entry{int32(i), e.v})
		}
	}
	out := &anndata.CSR{Rows: knn.N, Cols: knn.N, Indptr: make([]int64, knn.N+1)}
	for i := range knn.N {
		a, b := rows[i], trans[i] // both sorted by column
		for x, y := 0, 0; x < len(a) || y < len(b); {
			var c int32
			var va, vb float64
			switch {
			case y == len(b) || (x < len(a) && a[x].c < b[y].c):
				c, va = a[x].c, a[x].v
				x++
			case x == len(a) || b[y].c < a[x].c:
				c, vb = b[y].c, b[y].v
				y++
			default:
				c, va, vb = a[x].c, a[x].v, b[y].v
				x++
				y++
			}
			if v := va + vb - va*vb; v > 0 {
				out.Indices = append(out.Indices, c)
				out.Data = append(out.Data, float32(v))
			}
		}
		out.Indptr[i+1] = int64(len(out.Data))
	}
	return out
}
