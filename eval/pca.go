package eval

import (
	"gonum.org/v1/gonum/mat"

	"regula/pp"
)

// principalComponents returns the scores of the rows of x on its top k
// principal components (columns centred, no scaling), k clipped to what
// the data's shape allows (pp.PCAMatrix's bound).
func principalComponents(x *mat.Dense, k int) (*mat.Dense, error) {
	n, p := x.Dims()
	k = max(1, min(k, n, p))
	res, err := pp.PCAMatrix(x, pp.PCAOptions{NComps: k, Solver: pp.SolverExact})
	if err != nil {
		return nil, err
	}
	return res.Scores, nil
}
