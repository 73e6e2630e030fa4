package pp

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
)

// PCA computes principal components of X like sc.pp.pca (zero-centred) and
// stores, as scanpy does:
//
//   - obsm["X_pca"]: n_obs × k scores;
//   - varm["PCs"]: n_vars × k loadings (zero rows for genes left out by
//     the mask);
//   - uns["pca"]: {"variance": []float64, "variance_ratio": []float64,
//     "params": {"zero_center": true, "use_highly_variable": bool,
//     "mask_var": name (when a mask was used)}}.
//
// A CSR X stays sparse with the randomised solver (centring is implicit);
// the exact solver densifies the (masked) matrix.
func PCA(a *anndata.AnnData, opt PCAOptions) error {
	if err := checkMatrix(a, "PCA"); err != nil {
		return err
	}
	maskName, genes, err := pcaGenes(a, opt.MaskVar)
	if err != nil {
		return err
	}
	if len(genes) == 0 {
		return fmt.Errorf("pp.PCA: mask %q selects no genes", maskName)
	}
	var op centredOp
	var mean []float64
	switch x := a.X.(type) {
	case *anndata.Dense:
		op, mean = newDenseOp(x, genes)
	case *anndata.CSR:
		op, mean = newCSROp(x, genes)
		if opt.Solver == SolverExact {
			op = &denseOp{op.dense()}
		}
	}
	res, err := pcaCentred(op, mean, opt)
	if err != nil {
		return err
	}
	n, k := res.Scores.Dims()
	scores := anndata.NewDense(n, k)
	for i := range n {
		for c := range k {
			scores.Set(i, c, float32(res.Scores.At(i, c)))
		}
	}
	loadings := anndata.NewDense(a.NVars(), k)
	for pos, j := range genes {
		for c := range k {
			loadings.Set(j, c, float32(res.Components.At(c, pos)))
		}
	}
	if a.Obsm == nil {
		a.Obsm = map[string]*anndata.Dense{}
	}
	if a.Varm == nil {
		a.Varm = map[string]*anndata.Dense{}
	}
	if a.Uns == nil {
		a.Uns = anndata.Uns{}
	}
	a.Obsm["X_pca"] = scores
	a.Varm["PCs"] = loadings
	params := anndata.Uns{"zero_center": true, "use_highly_variable": maskName == "highly_variable"}
	if maskName != "" {
		params["mask_var"] = maskName
	}
	a.Uns["pca"] = anndata.Uns{
		"variance":       res.Variance,
		"variance_ratio": res.VarianceRatio,
		"params":         params,
	}
	return nil
}

// pcaGenes resolves the gene mask: its name ("" for none) and the selected
// gene positions.
func pcaGenes(a *anndata.AnnData, maskVar string) (string, []int, error) {
	name := maskVar
	if name == "" {
		if _, ok := a.Var.Col("highly_variable").(*anndata.BoolColumn); ok {
			name = "highly_variable"
		}
	}
	if name == "" || name == "none" {
		return "", seq(a.NVars()), nil
	}
	col, ok := a.Var.Col(name).(*anndata.BoolColumn)
	if !ok {
		if a.Var.Col(name) == nil {
			return "", nil, fmt.Errorf("pp.PCA: mask_var %q: no such var column (have %v)", name, a.Var.Names())
		}
		return "", nil, fmt.Errorf("pp.PCA: mask_var %q is a %T, want a boolean column", name, a.Var.Col(name))
	}
	var genes []int
	for j, v := range col.Values {
		if v {
			genes = append(genes, j)
		}
	}
	return name, genes, nil
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

// newDenseOp copies the selected columns of x to float64, centred.
func newDenseOp(x *anndata.Dense, genes []int) (*denseOp, []float64) {
	n, p := x.Rows, len(genes)
	mean := make([]float64, p)
	for i := range n {
		row := x.Row(i)
		for pos, j := range genes {
			mean[pos] += float64(row[j])
		}
	}
	for pos := range mean {
		mean[pos] /= float64(n)
	}
	c := mat.NewDense(n, p, nil)
	for i := range n {
		row, dst := x.Row(i), c.RawRowView(i)
		for pos, j := range genes {
			dst[pos] = float64(row[j]) - mean[pos]
		}
	}
	return &denseOp{c}, mean
}

// csrOp is a CSR matrix restricted to some columns and centred implicitly:
// A = X[:, genes] − 1·meanᵀ, never formed.
type csrOp struct {
	x    *anndata.CSR
	pos  []int // pos[j] = position of column j among the genes, −1 if left out
	mean []float64
	p    int
}

func newCSROp(x *anndata.CSR, genes []int) (*csrOp, []float64) {
	pos := make([]int, x.Cols)
	for j := range pos {
		pos[j] = -1
	}
	for k, j := range genes {
		pos[j] = k
	}
	mean := make([]float64, len(genes))
	for k, c := range x.Indices {
		if q := pos[c]; q >= 0 {
			mean[q] += float64(x.Data[k])
		}
	}
	for q := range mean {
		mean[q] /= float64(x.Rows)
	}
	return &csrOp{x: x, pos: pos, mean: mean, p: len(genes)}, mean
}

func (o *csrOp) dims() (int, int) { return o.x.Rows, o.p }

func (o *csrOp) mulRows(v *mat.Dense) *mat.Dense {
	l, _ := v.Dims()
	n := o.x.Rows
	vt := mat.DenseCopyOf(v.T()) // p × l, so each stored entry touches one contiguous row
	shift := make([]float64, l)  // meanᵀ·v_t
	for t := range l {
		shift[t] = dot(o.mean, v.RawRowView(t))
	}
	out := mat.NewDense(l, n, nil)
	acc := make([]float64, l)
	for i := range n {
		copy(acc, shift)
		for t := range acc {
			acc[t] = -acc[t]
		}
		cols, vals := o.x.RowView(i)
		for k, c := range cols {
			if q := o.pos[c]; q >= 0 {
				val := float64(vals[k])
				for t, w := range vt.RawRowView(q) {
					acc[t] += val * w
				}
			}
		}
		for t, a := range acc {
			out.Set(t, i, a)
		}
	}
	return out
}

func (o *csrOp) mulRowsT(w *mat.Dense) *mat.Dense {
	l, _ := w.Dims()
	wt := mat.DenseCopyOf(w.T()) // n × l
	acc := mat.NewDense(o.p, l, nil)
	colSum := make([]float64, l) // 1ᵀ·w_t
	for i := range o.x.Rows {
		wi := wt.RawRowView(i)
		for t, v := range wi {
			colSum[t] += v
		}
		cols, vals := o.x.RowView(i)
		for k, c := range cols {
			if q := o.pos[c]; q >= 0 {
				val := float64(vals[k])
				dst := acc.RawRowView(q)
				for t, v := range wi {
					dst[t] += val * v
				}
			}
		}
	}
	out := mat.NewDense(l, o.p, nil)
	for q := range o.p {
		for t := range l {
			out.Set(t, q, acc.At(q, t)-o.mean[q]*colSum[t])
		}
	}
	return out
}

func (o *csrOp) dense() *mat.Dense {
	n := o.x.Rows
	c := mat.NewDense(n, o.p, nil)
	for i := range n {
		dst := c.RawRowView(i)
		for q, m := range o.mean {
			dst[q] = -m
		}
		cols, vals := o.x.RowView(i)
		for k, col := range cols {
			if q := o.pos[col]; q >= 0 {
				dst[q] += float64(vals[k])
			}
		}
	}
	return c
}

func (o *csrOp) columnVariances() []float64 {
	n := float64(o.x.Rows)
	sumsq := make([]float64, o.p)
	for k, c := range o.x.Indices {
		if q := o.pos[c]; q >= 0 {
			v := float64(o.x.Data[k])
			sumsq[q] += v * v
		}
	}
	out := make([]float64, o.p)
	for q := range out {
		out[q] = max(sumsq[q]-n*o.mean[q]*o.mean[q], 0) / (n - 1)
	}
	return out
}
