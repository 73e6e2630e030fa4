package sivae

import (
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/dist"
)

// lossTerms are the scalar loss nodes a training step returns, in the order
// of lossNames.
type lossTerms struct{ total, reconstruction, kl, interpretability *Node }

// lossNames names the terms of lossTerms.
var lossNames = []string{"total", "reconstruction", "kl", "interpretability"}

func (t lossTerms) nodes() []*Node {
	return []*Node{t.total, t.reconstruction, t.kl, t.interpretability}
}

// shape describes the data dimensions a graph needs.
type shape struct {
	genes, cells, batches int // cells = training cells (scales the loadings' KL)
}

// freeLoadings returns ṽ_{f,L}, the free last-layer weights [G, lastWidth]
// of the cell-wise pre-training (and of the plain VAE).
func (c Config) freeLoadings(scope *model.Scope, g *Graph, genes int) *Node {
	s := scope.In(scopeFreeLoadings).WithInitializer(weightInit.Initializer(scope.Store()))
	return s.VariableWithShape(varFreeLoadings, shapes.Make(dtypeF32, genes, c.lastWidth())).NodeValue(g)
}

// batchTerm returns j [G, b], the per-gene batch weights of the
// interpretability term (and of the linear variant's output), zero-initialised.
func batchTerm(scope *model.Scope, g *Graph, genes, batches int) *Node {
	return perGeneBatch(scope.In(scopeBatchTerm), g, genes, batches)
}

// batchOutput returns j' [G, b], the per-gene batch weights of the output
// layer (Config.BatchOutput); initialised by Model.initBatchWeights.
func batchOutput(scope *model.Scope, g *Graph, genes, batches int) *Node {
	return perGeneBatch(scope.At(scopeBatchOutput), g, genes, batches)
}

// batchInputMeans returns m [G, b], each gene's per-batch mean over the
// training data, which the cell encoder's input is centred by
// (Config.BatchOutput). Set by Model.initBatchWeights and not trained.
func batchInputMeans(scope *model.Scope, g *Graph, genes, batches int) *Node {
	return perGeneBatch(scope.At(scopeBatchInput), g, genes, batches)
}

// perGeneBatch reads the [genes, batches] variable of scope s (zero when
// first created; Model.initBatchWeights sets it from the data).
func perGeneBatch(s *model.Scope, g *Graph, genes, batches int) *Node {
	return s.WithInitializer(Zeros).VariableWithShape(varBatchTerm, shapes.Make(dtypeF32, genes, batches)).NodeValue(g)
}

// outputBatchWeights returns the per-gene batch weights [G, b] added to the
// output logits (nil when the output has none): j_f for siVAE-linear, j'_f
// with Config.BatchOutput.
func (c Config) outputBatchWeights(scope *model.Scope, g *Graph, sh shape) *Node {
	switch c.outputBatchScope(sh) {
	case scopeBatchTerm:
		return batchTerm(scope, g, sh.genes, sh.batches)
	case scopeBatchOutput:
		return batchOutput(scope, g, sh.genes, sh.batches)
	}
	return nil
}

// outputBatchScope is the scope of outputBatchWeights' variable ("" when
// the output has none).
func (c Config) outputBatchScope(sh shape) string {
	switch {
	case sh.batches == 0:
		return ""
	case c.Variant == Linear:
		return scopeBatchTerm
	case c.BatchOutput:
		return scopeBatchOutput
	}
	return ""
}

// cellStepInputs are the graph inputs of the cell-wise step: x [n, G], eps
// [n, K], KL weight β (scalar), then s [n, b] with a batch covariate, then
// counts [n, G] for the NB variant.
type cellStepInputs struct{ x, eps, beta, s, counts *Node }

func (sh shape) unpackCell(c Config, in []*Node) cellStepInputs {
	r := cellStepInputs{x: in[0], eps: in[1], beta: in[2]}
	i := 3
	if sh.batches > 0 {
		r.s, i = in[i], i+1
	}
	if c.Variant == NegBinomial {
		r.counts = in[i]
	}
	return r
}

// cellLoss is the loss of the cell-wise pre-training (Eq. 12 with free
// last-layer weights ṽ_{f,L}); the plain VAE trains on it alone.
func (c Config) cellLoss(scope *model.Scope, sh shape, in cellStepInputs) lossTerms {
	g := in.x.Graph()
	p := c.cellForward(scope, in.x, in.s, in.eps)
	logits := dotRows(p.last, c.freeLoadings(scope, g, sh.genes))
	if j := c.outputBatchWeights(scope, g, sh); in.s != nil && j != nil {
		logits = Add(logits, batchShift(in.s, j))
	}
	target := in.x
	if c.Variant == NegBinomial {
		target = in.counts
	}
	var t lossTerms
	t.reconstruction = Neg(c.logLikelihood(target, logits, p.noise))
	t.kl = klSum(p.mean, p.logVar)
	t.interpretability = ScalarZero(g, dtypeF32)
	t.total = Add(t.reconstruction, Mul(in.beta, t.kl))
	return t
}

// featureLoss is the loss of the feature-wise pre-training: a VAE on the
// reduced gene profiles xf [m, C_red] whose decoder output v_{f,L} must
// reproduce the free weights target [m, lastWidth], plus β·KL. The error
// e_f = v_{f,L} − ṽ_{f,L} is measured by its effect on the output, as the
// joint objective will: ½·e_f·M·e_fᵀ with M = Σ_c z_{c,L} z_{c,L}ᵀ / σ̄² (the
// Gram matrix of the last cell-decoder layer over the training cells,
// divided by the mean observation variance) — the drop in the Gaussian
// log-likelihood of gene f when ṽ_{f,L} is replaced by v_{f,L}. A plain
// squared error would be dominated by the weights of hidden units that the
// data never activate, which cannot be predicted, and the feature VAE would
// collapse to its prior.
//
// With Config.AlignLoadings, align holds the interpretability term's
// inputs and its weight is added (alignTerm).
func (c Config) featureLoss(scope *model.Scope, xf, eps, beta, target, metric *Node, align *alignInputs) lossTerms {
	p := c.featureForward(scope, xf, eps, 1)
	var t lossTerms
	e := Sub(p.last, target)
	t.reconstruction = MulScalar(ReduceAllMean(ReduceSum(Mul(MatMul(e, metric), e), 1)), 0.5)
	t.kl = klSum(p.mean, p.logVar)
	t.interpretability = ScalarZero(xf.Graph(), dtypeF32)
	if align != nil {
		t.interpretability = alignTerm(p.v, align)
	}
	t.total = Add(Add(t.reconstruction, Mul(beta, t.kl)), t.interpretability)
	return t
}

// alignInputs are the extra inputs of the aligned feature-wise
// pre-training: the fixed scores z [T, K] of T training cells, the block
// X[those cells, gene batch] transposed to [m, T] (each gene's mean within
// each batch removed, the batch term's starting value), and the weight
// γ·C/T that scales the sum over T cells to all C.
type alignInputs struct{ scores, block, weight *Node }

// alignTerm is the interpretability term of the feature-wise pre-training
// per gene: weight·½·Σ_c (X_cf − v_fᵀ z_c)², mean over the m genes, with v
// [m, K] sampled from q(v_{f,1}) as in the joint step.
func alignTerm(v *Node, in *alignInputs) *Node {
	r := Sub(in.block, dotRows(v, in.scores))
	return Mul(in.weight, MulScalar(ReduceAllMean(ReduceSum(Mul(r, r), 1)), 0.5))
}

// jointStepInputs are the graph inputs of the joint step: the cell batch x
// [n, G] and its noise [n, K], β, the interpretability weight (scalar, γ
// after its warm-up), the gene batch (indices [m] int32, reduced profiles
// [m, C_red], noise [m, K]), the block X[cells, genes] [n, m] of centred,
// scaled data, then s [n, b] with batches, then the counts block [n, m] for
// the NB variant.
type jointStepInputs struct {
	x, epsZ, beta, gamma, genes, xf, epsV, block, s, counts *Node
}

func (sh shape) unpackJoint(c Config, in []*Node) jointStepInputs {
	r := jointStepInputs{x: in[0], epsZ: in[1], beta: in[2], gamma: in[3], genes: in[4], xf: in[5], epsV: in[6], block: in[7]}
	i := 8
	if sh.batches > 0 {
		r.s, i = in[i], i+1
	}
	if c.Variant == NegBinomial {
		r.counts = in[i]
	}
	return r
}

// jointLoss is the full siVAE loss (Eqs. 12–13, 22–23) on a batch of n
// cells and m genes. Per-cell normalisation: sums over genes are scaled by
// G/m and the loadings' KL by G/C, so that the value estimates
// −ℓ_siVAE / C without bias.
func (c Config) jointLoss(scope *model.Scope, sh shape, in jointStepInputs) lossTerms {
	g := in.x.Graph()
	m := in.xf.Shape().Dim(0)
	cp := c.cellForward(scope, in.x, in.s, in.epsZ)
	fp := c.featureForward(scope, in.xf, in.epsV, c.decodeNoise())
	logits := dotRows(cp.last, fp.last)
	genesOf := func(w *Node) *Node { return Gather(w, Reshape(in.genes, m, 1)) }
	if j := c.outputBatchWeights(scope, g, sh); in.s != nil && j != nil {
		logits = Add(logits, batchShift(in.s, genesOf(j)))
	}
	var shift *Node // s_c·j_f of the interpretability term
	if in.s != nil && c.hasInterpretability() {
		shift = batchShift(in.s, genesOf(batchTerm(scope, g, sh.genes, sh.batches)))
	}
	target := in.block
	if c.Variant == NegBinomial {
		target = in.counts
	}
	geneScale := float64(sh.genes) / float64(m)
	var t lossTerms
	t.reconstruction = MulScalar(Neg(c.logLikelihood(target, logits, cp.noise)), geneScale)
	t.kl = Add(klSum(cp.mean, cp.logVar), MulScalar(klSum(fp.mean, fp.logVar), float64(sh.genes)/float64(sh.cells)))
	t.interpretability = ScalarZero(g, dtypeF32)
	if c.hasInterpretability() {
		lin := dotRows(cp.z, fp.v)
		if shift != nil {
			lin = Add(lin, shift)
		}
		ll := ReduceAllMean(ReduceSum(dist.GaussianLogPDFFixed(in.block, lin, 1), 1))
		t.interpretability = Mul(in.gamma, MulScalar(ll, -geneScale))
	}
	t.total = Add(Add(t.reconstruction, Mul(in.beta, t.kl)), t.interpretability)
	return t
}

// decodeNoise is the scale of the loadings' noise in the joint step's
// decoding of v_{f,L}: Config.LoadingNoise, except for the linear variant,
// whose output is v_{f,1}ᵀ z_{c,1} itself and keeps the paper's sample
// (with the mean, the loadings' KL no longer fixes their scale).
func (c Config) decodeNoise() float64 {
	if c.Variant == Linear {
		return 1
	}
	return c.LoadingNoise
}
