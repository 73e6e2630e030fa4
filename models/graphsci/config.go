package graphsci

import (
	"fmt"
	"math"
)

// Likelihood selects the count distribution of the expression decoder.
type Likelihood string

// The supported likelihoods: zero-inflated negative binomial (the paper's
// default) and negative binomial (for droplet data such as 10x).
const (
	ZINB Likelihood = "zinb"
	NB   Likelihood = "nb"
)

// Config holds GraphSCI's hyper-parameters. Start from DefaultConfig.
type Config struct {
	// Threshold is the |Pearson r| above which two genes are linked in the
	// correlation graph (paper: 0.3).
	Threshold float64
	// GeneHidden is the width of the first GCN layer (paper: 16).
	GeneHidden int
	// Latent is the dimension D of the gene latent (paper: 32), and the
	// width of the cell branch's second ReLU layer (with CellLatent: of the
	// cell latent).
	Latent int
	// DecoderHidden is the width of the first ReLU layer after the masked
	// layer (with CellLatent: of the hidden layer of the cell-side MLP T_k).
	DecoderHidden int
	// Likelihood is ZINB or NB.
	Likelihood Likelihood
	// Epochs is the maximum number of passes over the cells.
	Epochs int
	// BatchSize is the number of cells per minibatch.
	BatchSize int
	// LearningRate is Adam's initial rate (paper: 0.01), decayed by
	// DecayRate every DecaySteps updates (paper: 0.9 every 50), continuously
	// as TensorFlow's exponential_decay without staircase.
	LearningRate float64
	DecayRate    float64
	DecaySteps   int
	// WeightDecay is an L2 penalty on every parameter, added to the gradient
	// before Adam (default 0). The paper's "L2 coefficient 0.001" weighs,
	// in the reference code, a small squared-error term, not a parameter
	// penalty; as a parameter penalty on this per-entry loss it drives the
	// cell branch's weights to zero and the output to per-gene constants.
	WeightDecay float64
	// Dropout is the dropout rate of the cell branch's masked layer (paper: 0.2).
	Dropout float64
	// ValidationFraction of the non-zero entries is hidden from the input
	// and the loss and used for early stopping; 0 disables early stopping.
	ValidationFraction float64
	// Patience is the number of epochs without a validation improvement
	// after which training stops; the best epoch's parameters are kept.
	Patience int
	// AdjacencyWeight and KLWeight scale the adjacency cross-entropy and
	// the KL terms relative to the expression likelihood (paper: 1).
	AdjacencyWeight float64
	KLWeight        float64
	// AdjacencyPairs is the number of uniformly sampled gene pairs per step
	// in the estimate of the adjacency loss; 0 picks: the exact loss over
	// all N² pairs when N ≤ 1000, else max(65536, 4·positives).
	AdjacencyPairs int
	// SparseDensity: the gene graph is handled as an edge list (sparse GCN
	// propagation and sparse masked layer) when its density, counting
	// self-loops, is below this fraction; dense matrices otherwise.
	SparseDensity float64
	// LatentMask masks the first cell layer with the decoded adjacency
	// sigmoid(Z_N Z_Nᵀ), a dense N×N matrix that follows the gene latent
	// during training (the reference code masks it with its gene latent),
	// instead of the fixed A+I. Off by default: it costs N² memory and time
	// and did not make the graph beat the empty graph (see doc.go).
	LatentMask bool
	// GeneLatentMean uses the mean of the gene latent Z_N instead of a fresh
	// sample per step where the cell branch reads Z_N in training (with
	// CellLatent or LatentMask; imputation always uses the mean).
	GeneLatentMean bool
	// CellLatent selects the cell branch regula built first: a Gaussian cell
	// latent Z_M (with its KL term) decoded through the gene latent,
	// logit[j,i] = T(Z_M)[j]·Z_N(i) + b[i] (a reading of eq. 12). Off by
	// default: trained, its output ignores the cell (each gene's constant ×
	// the size factor; BENCHMARKS.md). The default is the paper's eqs. 5–6
	// as the reference code builds them: the masked layer, two ReLU layers
	// (DecoderHidden, then Latent units) and free per-gene heads.
	CellLatent bool
	// Seed makes the run reproducible.
	Seed uint64
}

// DefaultConfig returns the paper's settings (METHODS §4).
func DefaultConfig() Config {
	return Config{
		Threshold:          0.3,
		GeneHidden:         16,
		Latent:             32,
		DecoderHidden:      64,
		Likelihood:         ZINB,
		Epochs:             100,
		BatchSize:          256,
		LearningRate:       0.01,
		DecayRate:          0.9,
		DecaySteps:         50,
		WeightDecay:        0,
		Dropout:            0.2,
		ValidationFraction: 0.1,
		Patience:           10,
		AdjacencyWeight:    1,
		KLWeight:           1,
		SparseDensity:      0.1,
		Seed:               1,
	}
}

// Validate reports the first invalid setting, naming it.
func (c Config) Validate() error {
	checks := []struct {
		ok   bool
		what string
		val  any
	}{
		{c.Threshold >= 0 && c.Threshold < 1, "threshold (want 0 ≤ t < 1)", c.Threshold},
		{c.GeneHidden >= 1, "gene hidden width (want ≥ 1)", c.GeneHidden},
		{c.Latent >= 1, "latent dimension (want ≥ 1)", c.Latent},
		{c.DecoderHidden >= 1, "decoder hidden width (want ≥ 1)", c.DecoderHidden},
		{c.Likelihood == ZINB || c.Likelihood == NB, "likelihood (want zinb or nb)", c.Likelihood},
		{c.Epochs >= 1, "epochs (want ≥ 1)", c.Epochs},
		{c.BatchSize >= 1, "batch size (want ≥ 1)", c.BatchSize},
		{c.LearningRate > 0 && !math.IsInf(c.LearningRate, 0), "learning rate (want > 0)", c.LearningRate},
		{c.DecayRate > 0 && c.DecayRate <= 1, "decay rate (want 0 < r ≤ 1)", c.DecayRate},
		{c.DecaySteps >= 1, "decay steps (want ≥ 1)", c.DecaySteps},
		{c.WeightDecay >= 0 && !math.IsInf(c.WeightDecay, 0), "weight decay (want ≥ 0)", c.WeightDecay},
		{c.Dropout >= 0 && c.Dropout < 1, "dropout (want 0 ≤ p < 1)", c.Dropout},
		{c.ValidationFraction >= 0 && c.ValidationFraction < 0.5, "validation fraction (want 0 ≤ f < 0.5)", c.ValidationFraction},
		{c.Patience >= 1, "patience (want ≥ 1)", c.Patience},
		{c.AdjacencyWeight >= 0 && !math.IsInf(c.AdjacencyWeight, 0), "adjacency weight (want ≥ 0)", c.AdjacencyWeight},
		{c.KLWeight >= 0 && !math.IsInf(c.KLWeight, 0), "KL weight (want ≥ 0)", c.KLWeight},
		{c.AdjacencyPairs >= 0, "adjacency pairs (want ≥ 0)", c.AdjacencyPairs},
		{c.SparseDensity >= 0 && c.SparseDensity <= 1, "sparse density (want 0 ≤ d ≤ 1)", c.SparseDensity},
	}
	for _, ch := range checks {
		if !ch.ok {
			return fmt.Errorf("graphsci: invalid %s: %v", ch.what, ch.val)
		}
	}
	if c.GeneLatentMean && !c.CellLatent && !c.LatentMask {
		return fmt.Errorf("graphsci: the gene-latent mean option needs the cell latent or the latent mask: without them the cell branch does not read the gene latent")
	}
	return nil
}
