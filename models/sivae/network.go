package sivae

import (
	"github.com/gomlx/compute/dtypes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/ml/layers/activation"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn"
	"regula/nn/dist"
)

// Variable scopes of the model in its store.
const (
	scopeCellEncoder    = "cell_encoder"
	scopeCellDecoder    = "cell_decoder"
	scopeCellNoise      = "cell_noise" // σ_d: one layer z_{c,L} → log-variance (Gaussian) or log θ (NB)
	scopeFreeLoadings   = "free_loadings"
	scopeFeatureEncoder = "feature_encoder"
	scopeFeatureDecoder = "feature_decoder"
	scopeBatchTerm      = "batch_term"   // j_f of the interpretability term
	scopeBatchOutput    = "batch_output" // per-gene batch weights of the output (Config.BatchOutput)
	scopeBatchInput     = "batch_input"  // per-gene batch means removed from the cell encoder's input (Config.BatchOutput)
	varFreeLoadings     = "weights"
	varBatchTerm        = "weights"
)

// dtypeF32 is the dtype of every graph of the model.
const dtypeF32 = dtypes.Float32

// logVarBound clips predicted log-variances to ±logVarBound, so one bad
// batch cannot make a variance underflow to 0 or overflow (e^±15 covers any
// plausible scale of centred, scaled data).
const logVarBound = 15

// weightInit is the weight initialisation of every layer: Glorot/Xavier uniform,
// TensorFlow's default used by the reference implementation.
const weightInit = nn.XavierUniform

// encode is an encoder ψ or φ: x [n, in] → posterior mean and log-variance
// [n, K] through the hidden layers (ReLU).
func (c Config) encode(scope *model.Scope, x *Node) (mean, logVar *Node) {
	h := x
	for i, w := range c.Hidden {
		h = activation.Relu(nn.Dense(scope.In("layer%d", i), h, w, weightInit))
	}
	// One layer for both heads (the same as two layers): evaluation graphs
	// that use only the mean then still use every variable they touch.
	heads := nn.Dense(scope.In("heads"), h, 2*c.Latent, weightInit)
	mean = Slice(heads, AxisRange(), AxisRange(0, c.Latent))
	logVar = ClipScalar(Slice(heads, AxisRange(), AxisRange(c.Latent, 2*c.Latent)), -logVarBound, logVarBound)
	return mean, logVar
}

// decode is a decoder μ or ω without its output layer: latent [n, K(+b)] →
// last hidden layer [n, Hidden[0]] (the hidden widths in reverse, ReLU).
// With signedLast the last layer has no activation: the feature decoder's
// v_{f,L} are the weights of the output layer and must take both signs (two
// ReLU layers would make every X̂_cf = v_{f,L}ᵀ z_{c,L} ≥ 0, which cannot fit
// centred data). The linear variant has no decoder: it returns its input.
func (c Config) decode(scope *model.Scope, z *Node, signedLast bool) *Node {
	if c.Variant == Linear {
		return z
	}
	h := z
	for i := len(c.Hidden) - 1; i >= 0; i-- {
		h = nn.Dense(scope.In("layer%d", len(c.Hidden)-1-i), h, c.Hidden[i], weightInit)
		if i > 0 || !signedLast {
			h = activation.Relu(h)
		}
	}
	return h
}

// lastWidth is the width of z_{c,L} and v_{f,L}.
func (c Config) lastWidth() int {
	if c.Variant == Linear {
		return c.Latent
	}
	return c.Hidden[0]
}

// sample draws latent = mean + σ·eps (reparameterisation; eps from the host).
func sample(mean, logVar, eps *Node) *Node {
	return Add(mean, Mul(Exp(MulScalar(logVar, 0.5)), eps))
}

// cellPass is the cell-wise network applied to a batch of cells.
type cellPass struct {
	mean, logVar, z *Node // q(z_{c,1}) and a sample (or the mean) [n, K]
	last            *Node // z_{c,L} [n, lastWidth]
	noise           *Node // σ_d(z_{c,L}) as a log-variance / log θ [n, 1]
}

// cellEncode runs the cell encoder on x, with the batch one-hot s
// concatenated when s != nil (the paper's Eq. 21). With Config.BatchOutput
// (Gaussian variants) the encoder sees x − mᵀs instead, each gene's values
// less its mean in the cell's batch over the training data (fixed, like the
// feature-wise input's per-batch centring), and not s: the batch shift that
// the output's weights j' model is then absent from what the encoder reads,
// and the one-hot input made training diverge (see Config.BatchOutput).
func (c Config) cellEncode(scope *model.Scope, x, s *Node) (mean, logVar *Node) {
	in := x
	switch {
	case s == nil:
	case c.correctsEncoderInput():
		m := batchInputMeans(scope, x.Graph(), x.Shape().Dim(1), s.Shape().Dim(1))
		in = Sub(x, batchShift(s, m))
	default:
		in = Concatenate([]*Node{in, s}, 1)
	}
	return c.encode(scope.In(scopeCellEncoder), in)
}

// correctsEncoderInput reports whether the cell encoder sees the data less
// its per-batch means (Config.BatchOutput on a Gaussian variant) rather
// than the data and the batch one-hot.
func (c Config) correctsEncoderInput() bool {
	return c.BatchOutput && (c.Variant == Interpretable || c.Variant == PlainVAE)
}

// cellForward runs the cell encoder, samples z with eps (eps nil: z =
// mean), and runs the cell decoder and σ_d.
func (c Config) cellForward(scope *model.Scope, x, s, eps *Node) cellPass {
	var p cellPass
	p.mean, p.logVar = c.cellEncode(scope, x, s)
	p.z = p.mean
	if eps != nil {
		p.z = sample(p.mean, p.logVar, eps)
	}
	p.last = c.cellDecode(scope, p.z, s)
	p.noise = ClipScalar(nn.Dense(scope.In(scopeCellNoise), p.last, 1, weightInit), -logVarBound, logVarBound)
	return p
}

// cellDecode maps cell embeddings z [n, K] (and the batch one-hot s, or
// nil) to z_{c,L}. In the paper's architecture (Config.BatchOutput false)
// the batch enters the first decoder layer (Eq. 21: μ_2(z) + μ_s(s) is that
// layer applied to the concatenation [z, s]); with BatchOutput it enters
// the output instead, through per-gene weights, and the decoder sees z
// alone.
// Evaluation graphs build only what they output: the Go backend (compute
// v0.1.2) fails at run time on graphs with variables that no output uses
// ("index out of range" in FunctionExecutable.Execute).
func (c Config) cellDecode(scope *model.Scope, z, s *Node) *Node {
	zd := z
	if s != nil && c.Variant != Linear && !c.BatchOutput {
		zd = Concatenate([]*Node{z, s}, 1)
	}
	return c.decode(scope.In(scopeCellDecoder), zd, false)
}

// featurePass is the feature-wise network applied to a batch of genes.
type featurePass struct {
	mean, logVar, v *Node // q(v_{f,1}) and a sample (or the mean) [m, K]
	last            *Node // v_{f,L} [m, lastWidth]
}

// featureForward runs the feature encoder on the reduced gene profiles xf
// [m, C_red], samples v with eps (nil: the mean) and decodes v_{f,L} from
// mean + decodeNoise·σ·eps: decodeNoise 1 decodes the sample v itself, 0
// the posterior mean (Config.LoadingNoise).
func (c Config) featureForward(scope *model.Scope, xf, eps *Node, decodeNoise float64) featurePass {
	var p featurePass
	p.mean, p.logVar = c.encode(scope.In(scopeFeatureEncoder), xf)
	p.v = p.mean
	decoded := p.mean
	if eps != nil {
		p.v = sample(p.mean, p.logVar, eps)
		switch decodeNoise {
		case 1:
			decoded = p.v
		case 0:
		default:
			decoded = sample(p.mean, p.logVar, MulScalar(eps, decodeNoise))
		}
	}
	p.last = c.decode(scope.In(scopeFeatureDecoder), decoded, true)
	return p
}

// dotRows returns a·bᵀ for a [n, h], b [m, h] → [n, m].
func dotRows(a, b *Node) *Node { return DotGeneral(a, []int{1}, nil, b, []int{1}, nil) }

// batchShift is s_c·j_f for s [n, b] and the rows j [m, b] of the batch term
// → [n, m].
func batchShift(s, j *Node) *Node { return dotRows(s, j) }

// logLikelihood is Σ over the columns, mean over the rows, of the
// observation log-likelihood of target [n, m] given the output logits
// v_{f,L}ᵀ z_{c,L} [n, m] and σ_d [n, 1]: Gaussian with variance e^noise, or
// for the NB variant negative binomial with mean l_c·softmax(logits) over the
// m genes (l_c = the cell's observed count over those genes) and inverse
// dispersion θ_c = softplus(noise).
func (c Config) logLikelihood(target, logits, noise *Node) *Node {
	n, m := logits.Shape().Dim(0), logits.Shape().Dim(1)
	noise = BroadcastToDims(noise, n, m)
	var ll *Node
	if c.Variant == NegBinomial {
		lib := BroadcastToDims(ReduceAndKeep(target, ReduceSum, 1), n, m)
		mean := Mul(lib, Softmax(logits, 1))
		ll = dist.NegBinomialLogPMF(target, mean, AddScalar(dist.FastSoftplus(noise), 1e-4))
	} else {
		ll = dist.GaussianLogPDF(target, logits, noise)
	}
	return ReduceAllMean(ReduceSum(ll, 1))
}

// klSum is Σ over latent dimensions, mean over rows, of KL(q ‖ N(0, I)).
func klSum(mean, logVar *Node) *Node {
	return ReduceAllMean(ReduceSum(dist.KLStandardNormal(mean, logVar), 1))
}
