package eval

import (
	"errors"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// principalComponents returns the scores of the rows of x on its top k
// principal components (columns centred, no scaling). It eigen-decomposes
// the smaller of the covariance (p × p) and Gram (n × n) matrices, so it
// suits the few thousand cells of a realism evaluation.
func principalComponents(x *mat.Dense, k int) (*mat.Dense, error) {
	n, p := x.Dims()
	k = min(k, n, p)
	xc := mat.DenseCopyOf(x)
	for j := range p {
		var m float64
		for i := range n {
			m += xc.At(i, j)
		}
		m /= float64(n)
		for i := range n {
			xc.Set(i, j, xc.At(i, j)-m)
		}
	}
	var sym mat.SymDense
	if p <= n {
		sym.SymOuterK(1, xc.T())
	} else {
		sym.SymOuterK(1, xc)
	}
	var eig mat.EigenSym
	if !eig.Factorize(&sym, true) {
		return nil, errors.New("eval: PCA eigen-decomposition did not converge")
	}
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	vals := eig.Values(nil)
	order := make([]int, len(vals))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareFloat(vals[b], vals[a]) })
	top := mat.NewDense(vecs.RawMatrix().Rows, k, nil)
	for c, i := range order[:k] {
		for r := range top.RawMatrix().Rows {
			top.Set(r, c, vecs.At(r, i))
		}
	}
	scores := mat.NewDense(n, k, nil)
	if p <= n {
		scores.Mul(xc, top) // project onto the loadings
	} else {
		// Gram eigenvectors u_c give scores u_c·√λ_c = Xc Xcᵀ u_c / √λ_c.
		var g mat.Dense
		g.Mul(xc, xc.T())
		scores.Mul(&g, top)
		for c, i := range order[:k] {
			if vals[i] > 0 {
				s := 1 / math.Sqrt(vals[i])
				for r := range n {
					scores.Set(r, c, scores.At(r, c)*s)
				}
			}
		}
	}
	return scores, nil
}
