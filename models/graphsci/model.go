package graphsci

import (
	"math"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn"
	"regula/nn/dist"
)

// Scope names of the model's variables.
const (
	scopeModel = "graphsci"
	scopeGene  = "gene"
	scopeMask  = "mask"
)

// Bounds applied before the exponential and after the softplus of the
// heads, as the reference implementation (mean in [1e-5, 1e6], dispersion in
// [1e-4, 1e4]).
var (
	minLogMean, maxLogMean = math.Log(1e-5), math.Log(1e6)
	minTheta, maxTheta     = 1e-4, 1e4
)

// heads are the per-entry logits of the count distribution.
type heads struct {
	mean, theta, dropout *Node // [batch, genes]
}

// latent is a Gaussian latent and the sample used downstream.
type latent struct {
	mean, logVar, sample *Node
}

// builder builds the model's graphs for one network and configuration.
type builder struct {
	cfg Config
	net *network
	// meanBias initialises the mean head's per-gene bias: the log of the
	// gene's mean size-normalised count.
	meanBias []float32
}

// gaussian splits h [n, 2D] into mean and log-variance and samples with the
// reparameterisation trick in training mode (the mean otherwise).
func (b *builder) gaussian(scope *model.Scope, h *Node) latent {
	d := b.cfg.Latent
	mean := Slice(h, AxisRange(), AxisRange(0, d))
	logVar := clip(Slice(h, AxisRange(), AxisRange(d, 2*d)), -10, 10)
	sample := mean
	if scope.IsTraining(h.Graph()) {
		noise := scope.RandomNormal(h.Graph(), mean.Shape())
		sample = Add(mean, Mul(Exp(MulScalar(logVar, 0.5)), noise))
	}
	return latent{mean: mean, logVar: logVar, sample: sample}
}

// propagator returns D^-½(A+I)D^-½ · x, sparse or dense.
func (b *builder) propagator(g *Graph) nn.Propagator {
	if b.net.sparse {
		return nn.SparseAdjacency(g, b.net.propagation)
	}
	return nn.DenseAdjacency(Const(g, b.net.propagation.Dense()))
}

// geneBranch encodes the genes (node features: their input expression in
// every cell, geneFeatures [genes, cells]) with the two-layer GCN into the
// Gaussian latent Z_N (paper eqs. 3–4).
func (b *builder) geneBranch(scope *model.Scope, geneFeatures *Node) latent {
	s := scope.In(scopeGene)
	h := nn.GCN(s, b.propagator(geneFeatures.Graph()), geneFeatures, b.cfg.GeneHidden, 2*b.cfg.Latent, nn.XavierUniform)
	return b.gaussian(s, h)
}

// maskedLayer is tanh(x (W ⊙ (A+I)) + b), the first cell layer (paper eq. 5),
// with MaskedDense for dense graphs and an edge-list product for sparse ones;
// with Config.LatentMask the mask is the decoded adjacency sigmoid(zN zNᵀ).
func (b *builder) maskedLayer(scope *model.Scope, x, zN *Node) *Node {
	s := scope.In(scopeMask)
	g := x.Graph()
	n := b.net.genes
	if b.cfg.LatentMask {
		return nn.FastTanh(nn.MaskedDense(s, x, Sigmoid(Einsum("nd,md->nm", zN, zN)), nn.XavierUniform))
	}
	if !b.net.sparse {
		mask := Const(g, tensors.FromFlatDataAndDimensions(b.net.denseMask(), n, n))
		return nn.FastTanh(nn.MaskedDense(s, x, mask, nn.XavierUniform))
	}
	w := s.VariableWithValue("edge_weights", tensors.FromFlatDataAndDimensions(b.net.maskInit(b.cfg.Seed), len(b.net.maskOut))).NodeValue(g)
	bias := s.VariableWithValue("biases", tensors.FromFlatDataAndDimensions(make([]float32, n), n)).NodeValue(g)
	out := Const(g, b.net.maskOut)
	in := Const(g, b.net.maskIn)
	h := Transpose(nn.SparseMatMul(out, in, w, Transpose(x, 0, 1), n), 0, 1) // [batch, genes]
	h = Add(h, BroadcastToDims(InsertAxes(bias, 0), h.Shape().Dimensions...))
	return nn.FastTanh(h)
}

// cellBranch maps a batch of cells x [batch, genes] to the logits of the
// count distribution: by default through the masked layer and the dense
// decoder (paper eqs. 5–6); with Config.CellLatent through the Gaussian
// cell latent Z_M, returned, decoded with the gene latent zN [genes, D].
func (b *builder) cellBranch(scope *model.Scope, x, zN *Node) (*latent, heads) {
	h := nn.Dropout(scope, b.maskedLayer(scope, x, zN), b.cfg.Dropout)
	if !b.cfg.CellLatent {
		return nil, b.denseCellDecoder(scope, h)
	}
	zM := b.gaussian(scope, nn.Dense(scope.In("cell_latent"), h, 2*b.cfg.Latent, nn.XavierUniform))
	hidden := nn.Dense(scope.In("decoder"), zM.sample, b.cfg.DecoderHidden, nn.XavierUniform)
	hidden = Max(hidden, ZerosLike(hidden))
	return &zM, b.countHeads(scope, func(s *model.Scope) *Node {
		t := nn.Dense(s, hidden, b.cfg.Latent, nn.XavierUniform) // [batch, D]
		return Einsum("bd,nd->bn", t, zN)
	})
}

// countHeads builds the mean, dispersion and (ZINB) dropout heads, each in
// its own scope: the logits of the batch's genes from logitsOf plus a
// per-gene bias (mean: log of the gene's mean count; dropout: −2).
func (b *builder) countHeads(scope *model.Scope, logitsOf func(s *model.Scope) *Node) heads {
	head := func(name string, biasInit []float32) *Node {
		s := scope.In("%s", name)
		logits := logitsOf(s)
		bias := s.VariableWithValue("gene_bias", tensors.FromFlatDataAndDimensions(biasInit, len(biasInit))).NodeValue(logits.Graph())
		return Add(logits, BroadcastToDims(InsertAxes(bias, 0), logits.Shape().Dimensions...))
	}
	n := b.net.genes
	out := heads{mean: head("mean", b.meanBias), theta: head("dispersion", make([]float32, n))}
	if b.cfg.Likelihood == ZINB {
		out.dropout = head("dropout", constant(n, -2))
	}
	return out
}

// denseCellDecoder is the cell branch of the paper's eqs. 5–6 and the
// reference code: from the masked layer h, two ReLU layers (DecoderHidden,
// then Latent units) and free per-gene heads, with no cell latent.
func (b *builder) denseCellDecoder(scope *model.Scope, h *Node) heads {
	relu := func(x *Node) *Node { return Max(x, ZerosLike(x)) }
	h = relu(nn.Dense(scope.In("dense_hidden1"), h, b.cfg.DecoderHidden, nn.XavierUniform))
	h = relu(nn.Dense(scope.In("dense_hidden2"), h, b.cfg.Latent, nn.XavierUniform))
	return b.countHeads(scope, func(s *model.Scope) *Node { return nn.Dense(s, h, b.net.genes, nn.XavierUniform) })
}

// expectedCounts returns the NB mean in counts, exp(logit) × size factor;
// sizeFactors is [batch, 1].
func expectedCounts(meanLogits, sizeFactors *Node) *Node {
	mu := Exp(clip(meanLogits, minLogMean, maxLogMean))
	return Mul(mu, BroadcastToDims(sizeFactors, mu.Shape().Dimensions...))
}

// expressionLoss is the mean negative log-likelihood of the counts over
// the entries with weight 1.
func (b *builder) expressionLoss(h heads, counts, weights, sizeFactors *Node) *Node {
	mean := expectedCounts(h.mean, sizeFactors)
	theta := clip(dist.FastSoftplus(h.theta), minTheta, maxTheta)
	var logLik *Node
	if b.cfg.Likelihood == ZINB {
		logLik = dist.ZINBLogPMF(counts, mean, theta, h.dropout)
	} else {
		logLik = dist.NegBinomialLogPMF(counts, mean, theta)
	}
	total := MaxScalar(ReduceAllSum(weights), 1)
	return Div(Neg(ReduceAllSum(Mul(logLik, weights))), total)
}

// adjacencyLoss is the weighted cross-entropy between sigmoid(Z_N Z_Nᵀ)
// and A+I, per entry: exact (target [N, N]) or estimated from sampled
// pairs (rows, cols [K] and negative [K] = 1 where the pair is no edge).
func (b *builder) adjacencyLoss(zN *Node, adjInputs []*Node) *Node {
	net := b.net
	n2 := float64(net.genes) * float64(net.genes)
	if net.pairs == 0 {
		target := adjInputs[0]
		logits := Einsum("nd,md->nm", zN, zN)
		return MulScalar(ReduceAllMean(dist.BCEWithLogits(logits, target, net.posWeight)), net.norm)
	}
	g := zN.Graph()
	pairLogits := func(rows, cols *Node) *Node {
		return ReduceSum(Mul(Gather(zN, InsertAxes(rows, 1)), Gather(zN, InsertAxes(cols, 1))), 1)
	}
	pos := pairLogits(Const(g, net.maskOut), Const(g, net.maskIn))
	posLoss := ReduceAllSum(dist.BCEWithLogits(pos, OnesLike(pos), net.posWeight))
	neg := pairLogits(adjInputs[0], adjInputs[1])
	negLoss := ReduceAllSum(Mul(dist.BCEWithLogits(neg, ZerosLike(neg), 1), adjInputs[2]))
	estimate := Add(posLoss, MulScalar(negLoss, n2/float64(net.pairs)))
	return MulScalar(estimate, net.norm/n2)
}

// klPerEntry is Σ KL(q ‖ N(0, I)) divided by entries.
func klPerEntry(l latent, entries float64) *Node {
	return DivScalar(ReduceAllSum(dist.KLStandardNormal(l.mean, l.logVar)), entries)
}

// trainingLoss builds the loss terms of one step: total, expression,
// adjacency and KL. Inputs: geneFeatures [N, cells], x, counts, weights
// [batch, N], sizeFactors [batch, 1], then the adjacency inputs.
func (b *builder) trainingLoss(scope *model.Scope, in []*Node) []*Node {
	geneFeatures, x, counts, weights, sizeFactors := in[0], in[1], in[2], in[3], in[4]
	zN := b.geneBranch(scope, geneFeatures)
	decoded := zN.sample
	if b.cfg.GeneLatentMean {
		decoded = zN.mean
	}
	zM, h := b.cellBranch(scope, x, decoded)
	expr := b.expressionLoss(h, counts, weights, sizeFactors)
	adj := b.adjacencyLoss(zN.sample, in[5:])
	n := float64(b.net.genes)
	batch := float64(x.Shape().Dim(0))
	kl := klPerEntry(zN, n*n)
	if zM != nil {
		kl = Add(kl, klPerEntry(*zM, batch*n))
	}
	total := Add(expr, Add(MulScalar(adj, b.cfg.AdjacencyWeight), MulScalar(kl, b.cfg.KLWeight)))
	return []*Node{total, expr, adj, kl}
}

func constant(n int, v float32) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = v
	}
	return out
}

// float32Shape is a float32 shape of the given dimensions.
func float32Shape(dims ...int) shapes.Shape { return shapes.Make(dtypes.Float32, dims...) }

// clip bounds x to [lo, hi] with Max and Min, which have gradients (1
// inside the bounds, 0 outside).
func clip(x *Node, lo, hi float64) *Node { return MinScalar(MaxScalar(x, lo), hi) }
