package sivae

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/eval"
	"regula/pp"
)

// decoderJacobian returns J[k] = ∂X̂/∂z_{:,k} ([n, G] each) of the
// cell-wise decoder output X̂ = v_{f,L}ᵀ z_{c,L} at the scores z of n cells,
// by reverse-over-reverse autodiff (forward mode from two reverse passes):
// with g(u) = ∂/∂z Σ u⊙X̂ = uᵀJ, the gradient of Σ g(u)⊙e_k with respect
// to u is J·e_k. It needs K evaluations of one graph instead of G.
func (mdl *Model) decoderJacobian(scores []float32, batch []float32, n int) ([][]float32, error) {
	cfg := mdl.cfg
	w, err := mdl.outputWeights()
	if err != nil {
		return nil, err
	}
	k, g, width := cfg.Latent, mdl.sh.genes, cfg.lastWidth()
	if mdl.attributionExec == nil {
		mdl.attributionExec, err = model.NewExec(mdl.backend, mdl.store, func(scope *model.Scope, in []*Node) []*Node {
			z, u, wt, dim := in[0], in[1], in[2], in[3]
			var s *Node
			if len(in) > 4 {
				s = in[4]
			}
			logits := mdl.decodeGraph(scope, z, s, wt)
			gz := Gradient(ReduceAllSum(Mul(logits, u)), z)[0]
			onehot := OneHot(BroadcastToDims(dim, z.Shape().Dim(0)), k, dtypeF32)
			return Gradient(ReduceAllSum(Mul(gz, onehot)), u)
		})
		if err != nil {
			return nil, err
		}
	}
	zeros := tensors.FromShape(shapes.Make(dtypeF32, n, g))
	out := make([][]float32, k)
	for dim := 0; dim < k; dim++ {
		args := []any{tensors.FromFlatDataAndDimensions(scores, n, k), zeros,
			tensors.FromFlatDataAndDimensions(w, g, width), tensors.FromScalar(int32(dim))}
		if batch != nil {
			args = append(args, tensors.FromFlatDataAndDimensions(batch, n, mdl.sh.batches))
		}
		res, err := mdl.attributionExec.Exec(args...)
		if err != nil {
			return nil, err
		}
		if out[dim], err = tensors.CopyFlatData[float32](res[0]); err != nil {
			return nil, err
		}
	}
	return out, nil
}

// pathJacobian is decoderJacobian at the scores (steps = 0) or its mean
// along the straight path from 0 to the scores, by the midpoint rule over
// steps points (integrated gradients: z_ck times it is cell c's attribution
// to dimension k).
func (mdl *Model) pathJacobian(scores []float32, batch []float32, n, steps int) ([][]float32, error) {
	if steps == 0 {
		return mdl.decoderJacobian(scores, batch, n)
	}
	var mean [][]float32
	scaled := make([]float32, len(scores))
	for i := 0; i < steps; i++ {
		alpha := (float32(i) + 0.5) / float32(steps)
		for j, z := range scores {
			scaled[j] = alpha * z
		}
		jac, err := mdl.decoderJacobian(scaled, batch, n)
		if err != nil {
			return nil, err
		}
		if mean == nil {
			mean = make([][]float32, len(jac))
			for dim := range jac {
				mean[dim] = make([]float32, len(jac[dim]))
			}
		}
		for dim := range jac {
			for e, v := range jac[dim] {
				mean[dim][e] += v / float32(steps)
			}
		}
	}
	return mean, nil
}

// AttributionLoadings computes the gradient × input attribution of the
// cell-wise decoder, S_{k,c,f} = ∂X̂_cf/∂z_ck · z_ck, on the given cells of
// d and summarises it per dimension as the paper does: the loadings of the
// first principal component of S_k (cells × genes) give u_{:,k}. PCA fixes
// no sign, so u_{:,k} is oriented to agree with the mean saliency
// mean_c ∂X̂_cf/∂z_ck (a choice that looks only at the attribution). It
// returns U, genes × K row-major.
func (mdl *Model) AttributionLoadings(d *Data, cells []int) ([]float64, error) {
	return mdl.attributionLoadings(d, cells, 0)
}

// IntegratedGradientsLoadings is AttributionLoadings with integrated
// gradients from the baseline z = 0 (the mean of the prior) instead of
// gradient × input: S_{k,c,f} = z_ck · ∫₀¹ ∂X̂_cf/∂z_ck(αz_c) dα, by the
// midpoint rule over steps points. Its attributions of a cell add up to
// X̂(z_c) − X̂(0) whatever the decoder's curvature, which gradient × input
// only does for a linear decoder.
func (mdl *Model) IntegratedGradientsLoadings(d *Data, cells []int, steps int) ([]float64, error) {
	if steps < 1 {
		return nil, fmt.Errorf("sivae: integrated gradients need at least 1 step, got %d", steps)
	}
	return mdl.attributionLoadings(d, cells, steps)
}

// attributionLoadings summarises gradient × input (steps = 0) or integrated
// gradients over steps points into loadings U, genes × K.
func (mdl *Model) attributionLoadings(d *Data, cells []int, steps int) ([]float64, error) {
	if len(cells) < 3 {
		return nil, fmt.Errorf("sivae: attribution needs at least 3 cells, got %d", len(cells))
	}
	sub := d.Subset(cells)
	scores, err := mdl.Scores(sub)
	if err != nil {
		return nil, err
	}
	n, g, k := len(cells), d.Genes, mdl.cfg.Latent
	jac, err := mdl.pathJacobian(scores, sub.Batch, n, steps)
	if err != nil {
		return nil, err
	}
	u := make([]float64, g*k)
	for dim, j := range jac {
		s := make([]float32, n*g)
		meanJ := make([]float64, g)
		for c := 0; c < n; c++ {
			zc := scores[c*k+dim]
			for f := 0; f < g; f++ {
				s[c*g+f] = j[c*g+f] * zc
				meanJ[f] += float64(j[c*g+f])
			}
		}
		res, err := pp.PCAFloat32(s, n, g, pp.PCAOptions{NComps: 1, Solver: pp.SolverRandomized, Seed: mdl.cfg.Seed})
		if err != nil {
			return nil, fmt.Errorf("sivae: PCA of the attributions of dimension %d: %w", dim+1, err)
		}
		pc := res.Components.RawRowView(0)
		var dot float64
		for f := range pc {
			dot += pc[f] * meanJ[f]
		}
		sign := 1.0
		if dot < 0 {
			sign = -1
		}
		for f := 0; f < g; f++ {
			u[f*k+dim] = sign * pc[f]
		}
	}
	return u, nil
}

// InterpretationAgreement returns, per latent dimension, the Spearman
// correlation between the siVAE loadings V_{:,k} and the decoder's
// gradient × input loadings U_{:,k} (AttributionLoadings on the cells,
// oriented by the mean saliency), and the median of their absolute values
// (the paper's Fig. 3a statistic: a principal component has no sign, and
// the authors' analysis compares loadings by |ρ|).
func (mdl *Model) InterpretationAgreement(d *Data, cells []int) (perDim []float64, median float64, err error) {
	v, err := mdl.Loadings()
	if err != nil {
		return nil, 0, err
	}
	u, err := mdl.AttributionLoadings(d, cells)
	if err != nil {
		return nil, 0, err
	}
	k, g := mdl.cfg.Latent, d.Genes
	for dim := 0; dim < k; dim++ {
		a, b := make([]float64, g), make([]float64, g)
		for f := 0; f < g; f++ {
			a[f], b[f] = float64(v[f*k+dim]), u[f*k+dim]
		}
		r, err := eval.Spearman(a, b)
		if err != nil {
			return nil, 0, fmt.Errorf("sivae: dimension %d: %w", dim+1, err)
		}
		perDim = append(perDim, r.R)
	}
	abs := make([]float64, len(perDim))
	for i, r := range perDim {
		abs[i] = math.Abs(r)
	}
	return perDim, eval.Median(abs), nil
}
