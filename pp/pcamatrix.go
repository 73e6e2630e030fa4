package pp

import (
	"fmt"
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// PCA solvers.
const (
	// SolverAuto picks SolverExact while a full SVD is cheap (n·p·min(n, p)
	// ≤ 5·10⁹, about 5 s: e.g. 10 000 cells × 700 genes) or k ≥ 0.8·min(n,
	// p), and SolverRandomized beyond. scanpy's default (ARPACK) is exact
	// too; the randomised solver is approximate when the spectrum is flat.
	SolverAuto = "auto"
	// SolverExact computes a full thin SVD (gonum) of the centred matrix.
	SolverExact = "exact"
	// SolverRandomized is Halko, Martinsson & Tropp's randomised range
	// finder with power iterations, as sklearn's randomized_svd.
	SolverRandomized = "randomized"
)

// exactBudget bounds n·p·min(n, p) for SolverAuto's choice of the exact
// solver.
const exactBudget = 5e9

// PCAOptions configures PCA and PCAMatrix; the zero value gives scanpy's
// defaults.
type PCAOptions struct {
	// NComps is the number of components; 0 means min(50, min(n, p) − 1),
	// scanpy's default.
	NComps int
	// Solver is SolverAuto (""), SolverExact or SolverRandomized.
	Solver string
	// NIter is the number of power iterations of the randomised solver; 0
	// means sklearn's "auto": 7 when NComps < 0.1·min(n, p), else 4.
	NIter int
	// NOversamples is the number of extra random directions of the
	// randomised solver; 0 means 10.
	NOversamples int
	// Seed seeds the randomised solver's random directions.
	Seed uint64
	// MaskVar (PCA on AnnData only) names a boolean var column restricting
	// the genes used: "" means "highly_variable" when that column exists
	// (scanpy's default), else all genes; "none" uses all genes.
	MaskVar string
}

// PCAResult is a principal component analysis of an n × p matrix.
type PCAResult struct {
	// Scores is n × k: the centred data projected on the components
	// (sklearn's transform, scanpy's X_pca).
	Scores *mat.Dense
	// Components is k × p: the principal axes, one per row, unit length,
	// by decreasing variance. Signs follow sklearn's svd_flip on the
	// components: each row's entry of largest magnitude is positive.
	Components *mat.Dense
	// Variance holds the variance explained by each component
	// (eigenvalues of the ddof = 1 covariance), as explained_variance_.
	Variance []float64
	// VarianceRatio holds Variance divided by the total variance of the
	// data, as explained_variance_ratio_.
	VarianceRatio []float64
	// Mean holds the per-column means that were subtracted.
	Mean []float64
}

// PCAMatrix computes the principal components of x (rows = observations,
// columns = features), centring the columns first. x is not modified.
func PCAMatrix(x *mat.Dense, opt PCAOptions) (*PCAResult, error) {
	if x == nil {
		return nil, fmt.Errorf("pp.PCAMatrix: nil matrix")
	}
	n, p := x.Dims()
	mean := make([]float64, p)
	for i := range n {
		for j := range p {
			mean[j] += x.At(i, j)
		}
	}
	for j := range mean {
		mean[j] /= float64(n)
	}
	c := mat.NewDense(n, p, nil)
	for i := range n {
		for j := range p {
			c.Set(i, j, x.At(i, j)-mean[j])
		}
	}
	return pcaCentred(&denseOp{c}, mean, opt)
}

// PCAFloat32 is PCAMatrix for a row-major float32 matrix of the given shape,
// the layout of anndata.Dense and of training batches.
func PCAFloat32(data []float32, rows, cols int, opt PCAOptions) (*PCAResult, error) {
	if rows < 0 || cols < 0 || len(data) != rows*cols {
		return nil, fmt.Errorf("pp.PCAFloat32: %d values for a %d × %d matrix", len(data), rows, cols)
	}
	f := make([]float64, len(data))
	for i, v := range data {
		f[i] = float64(v)
	}
	if rows == 0 || cols == 0 {
		return nil, fmt.Errorf("pp.PCAFloat32: empty %d × %d matrix", rows, cols)
	}
	return PCAMatrix(mat.NewDense(rows, cols, f), opt)
}

// centredOp is a centred data matrix A (n × p) seen through products with
// sets of vectors stored as the rows of a matrix.
type centredOp interface {
	dims() (n, p int)
	// mulRows returns V·Aᵀ (l × n) for V l × p: row t is A·v_t.
	mulRows(v *mat.Dense) *mat.Dense
	// mulRowsT returns W·A (l × p) for W l × n: row t is Aᵀ·w_t.
	mulRowsT(w *mat.Dense) *mat.Dense
	// dense returns A as a dense matrix (for the exact solver).
	dense() *mat.Dense
	// columnVariances returns the ddof = 1 variance of each column.
	columnVariances() []float64
}

// denseOp is a centred matrix held densely.
type denseOp struct{ a *mat.Dense }

func (d *denseOp) dims() (int, int) { return d.a.Dims() }

func (d *denseOp) mulRows(v *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.Mul(v, d.a.T())
	return &out
}

func (d *denseOp) mulRowsT(w *mat.Dense) *mat.Dense {
	var out mat.Dense
	out.Mul(w, d.a)
	return &out
}

func (d *denseOp) dense() *mat.Dense { return d.a }

func (d *denseOp) columnVariances() []float64 {
	n, p := d.a.Dims()
	out := make([]float64, p)
	for i := range n {
		for j, v := range d.a.RawRowView(i) {
			out[j] += v * v
		}
	}
	for j := range out {
		out[j] /= float64(n - 1)
	}
	return out
}

// pcaCentred runs the chosen solver on a centred operator.
func pcaCentred(op centredOp, mean []float64, opt PCAOptions) (*PCAResult, error) {
	n, p := op.dims()
	if n < 2 || p < 1 {
		return nil, fmt.Errorf("pp.PCA: need at least 2 observations and 1 feature, have %d × %d", n, p)
	}
	minDim := min(n, p)
	k := opt.NComps
	if k == 0 {
		k = min(50, minDim-1)
		k = max(k, 1)
	}
	if k < 1 || k > minDim {
		return nil, fmt.Errorf("pp.PCA: n_comps = %d must lie in [1, %d] for a %d × %d matrix", opt.NComps, minDim, n, p)
	}
	solver := opt.Solver
	switch solver {
	case "", SolverAuto:
		solver = SolverRandomized
		if float64(n)*float64(p)*float64(minDim) <= exactBudget || float64(k) >= 0.8*float64(minDim) {
			solver = SolverExact
		}
	case SolverExact, SolverRandomized:
	default:
		return nil, fmt.Errorf("pp.PCA: solver %q not supported (want %q, %q or %q)", opt.Solver, SolverAuto, SolverExact, SolverRandomized)
	}
	var u, vt *mat.Dense // u: n × k; vt: k × p
	var s []float64
	var err error
	if solver == SolverExact {
		u, s, vt, err = exactSVD(op.dense(), k)
	} else {
		u, s, vt, err = randomizedSVD(op, k, opt)
	}
	if err != nil {
		return nil, err
	}
	flipSigns(u, vt)
	total := 0.0
	for _, v := range op.columnVariances() {
		total += v
	}
	res := &PCAResult{Components: vt, Mean: mean, Variance: make([]float64, k), VarianceRatio: make([]float64, k)}
	scores := mat.NewDense(n, k, nil)
	for c := range k {
		res.Variance[c] = s[c] * s[c] / float64(n-1)
		if total > 0 {
			res.VarianceRatio[c] = res.Variance[c] / total
		}
		for i := range n {
			scores.Set(i, c, u.At(i, c)*s[c])
		}
	}
	res.Scores = scores
	return res, nil
}

// exactSVD returns the top k singular triplets of a via gonum's thin SVD.
func exactSVD(a *mat.Dense, k int) (u *mat.Dense, s []float64, vt *mat.Dense, err error) {
	var svd mat.SVD
	if !svd.Factorize(a, mat.SVDThin) {
		return nil, nil, nil, fmt.Errorf("pp.PCA: SVD did not converge")
	}
	var uf, vf mat.Dense
	svd.UTo(&uf)
	svd.VTo(&vf)
	n, p := a.Dims()
	u = mat.DenseCopyOf(uf.Slice(0, n, 0, k))
	vt = mat.DenseCopyOf(vf.Slice(0, p, 0, k).T())
	return u, svd.Values(nil)[:k], vt, nil
}

// randomizedSVD approximates the top k singular triplets of the operator
// with Halko et al.'s algorithm: a Gaussian sketch of k + oversamples
// directions, power iterations re-orthonormalised at every step, then an
// exact SVD of the small projected matrix.
func randomizedSVD(op centredOp, k int, opt PCAOptions) (u *mat.Dense, s []float64, vt *mat.Dense, err error) {
	n, p := op.dims()
	over := opt.NOversamples
	if over == 0 {
		over = 10
	}
	if over < 0 || opt.NIter < 0 {
		return nil, nil, nil, fmt.Errorf("pp.PCA: n_oversamples (%d) and n_iter (%d) must be ≥ 0", opt.NOversamples, opt.NIter)
	}
	iters := opt.NIter
	if iters == 0 {
		iters = 4
		if float64(k) < 0.1*float64(min(n, p)) {
			iters = 7
		}
	}
	l := min(k+over, min(n, p))
	rng := rand.New(rand.NewPCG(opt.Seed, 0x5eed_0f_9ca))
	omega := mat.NewDense(l, p, nil)
	for t := range l {
		for j := range p {
			omega.Set(t, j, rng.NormFloat64())
		}
	}
	q := op.mulRows(omega) // l × n: range sketch of A
	orthonormaliseRows(q)
	for range iters {
		z := op.mulRowsT(q) // l × p: Aᵀ·Q
		orthonormaliseRows(z)
		q = op.mulRows(z)
		orthonormaliseRows(q)
	}
	b := op.mulRowsT(q) // l × p = Qᵀ·A
	var svd mat.SVD
	if !svd.Factorize(b, mat.SVDThin) {
		return nil, nil, nil, fmt.Errorf("pp.PCA: SVD of the projected matrix did not converge")
	}
	var ub, vb mat.Dense
	svd.UTo(&ub) // l × l
	svd.VTo(&vb) // p × l
	// U = Qᵀ(n × l)·Ub, keep k columns.
	var full mat.Dense
	full.Mul(q.T(), &ub)
	u = mat.DenseCopyOf(full.Slice(0, n, 0, k))
	vt = mat.DenseCopyOf(vb.Slice(0, p, 0, k).T())
	return u, svd.Values(nil)[:k], vt, nil
}

// orthonormaliseRows makes the rows of m orthonormal in place by modified
// Gram–Schmidt applied twice (enough for full working accuracy). Rows that
// are numerically dependent on earlier ones become zero.
func orthonormaliseRows(m *mat.Dense) {
	r, _ := m.Dims()
	for t := range r {
		row := m.RawRowView(t)
		orig := math.Sqrt(dot(row, row))
		for range 2 {
			for s := range t {
				prev := m.RawRowView(s)
				d := dot(prev, row)
				for j := range row {
					row[j] -= d * prev[j]
				}
			}
		}
		norm := math.Sqrt(dot(row, row))
		if norm <= 1e-12*orig || norm == 0 {
			clear(row)
			continue
		}
		for j := range row {
			row[j] /= norm
		}
	}
}

func dot(a, b []float64) float64 {
	s := 0.0
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// flipSigns applies sklearn's svd_flip with u_based_decision=False: each
// component's largest-magnitude loading is made positive, and the matching
// column of u flipped with it.
func flipSigns(u, vt *mat.Dense) {
	k, p := vt.Dims()
	n, _ := u.Dims()
	for c := range k {
		best, arg := -1.0, 0
		for j := range p {
			if a := math.Abs(vt.At(c, j)); a > best {
				best, arg = a, j
			}
		}
		if vt.At(c, arg) >= 0 {
			continue
		}
		for j := range p {
			vt.Set(c, j, -vt.At(c, j))
		}
		for i := range n {
			u.Set(i, c, -u.At(i, c))
		}
	}
}
