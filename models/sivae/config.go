package sivae

import (
	"fmt"
	"math"
)

// Variant selects the model.
type Variant string

const (
	// Interpretable is siVAE with a Gaussian observation model on centred,
	// scaled data (the paper's default).
	Interpretable Variant = "sivae"
	// NegBinomial is siVAE (NB): raw counts observed through a negative
	// binomial whose mean is l_c·softmax_f(v_{f,L}ᵀ z_{c,L}).
	NegBinomial Variant = "nb"
	// Linear is siVAE (linear): no hidden decoder layers, X̂_cf = v_{f,1}ᵀ
	// z_{c,1} (the interpretability term is then the reconstruction term
	// and is not added again).
	Linear Variant = "linear"
	// PlainVAE is the canonical VAE with siVAE's cell-wise architecture: the
	// cell-wise pre-training step on its own. It has no loadings.
	PlainVAE Variant = "vae"
)

// ParseVariant converts a flag value into a Variant.
func ParseVariant(s string) (Variant, error) {
	switch v := Variant(s); v {
	case Interpretable, NegBinomial, Linear, PlainVAE:
		return v, nil
	}
	return "", fmt.Errorf("sivae: unknown variant %q (want sivae, nb, linear or vae)", s)
}

// Reduction selects how the feature-wise encoder's input X_{:,f} (one value
// per training cell) is shortened to ReducedCells values.
type Reduction string

const (
	// Downsample keeps ReducedCells training cells, sampled at random within
	// strata (cell types when given) in proportion to their sizes.
	Downsample Reduction = "downsample"
	// PCA replaces the cells by the first ReducedCells principal-component
	// scores of Xᵀ (genes as observations), without whitening.
	PCA Reduction = "pca"
)

// Config holds every hyperparameter of a siVAE run. DefaultConfig gives the
// paper's reference values; Validate rejects impossible ones.
type Config struct {
	// Variant selects the model.
	Variant Variant `json:"variant"`
	// Latent is K, the dimension of the scores and loadings.
	Latent int `json:"latent"`
	// Hidden are the encoder widths (paper 1024, 512, 128); decoders use
	// them in reverse. Cell-wise and feature-wise networks are identical.
	Hidden []int `json:"hidden"`
	// Gamma weighs the interpretability term (paper 0.05; 0 disables it).
	Gamma float64 `json:"gamma"`
	// LearningRate is Adam's initial rate, multiplied by LRDecay every
	// LRDecayPeriod steps (reference 2e-3, 0.9, 1000).
	LearningRate  float64 `json:"learning_rate"`
	LRDecay       float64 `json:"lr_decay"`
	LRDecayPeriod int     `json:"lr_decay_period"`
	// L2 is the weight decay added to every gradient (λ·w, the gradient of
	// λ/2·‖w‖²); reference 1e-3.
	L2 float64 `json:"l2"`
	// ClipNorm, when > 0, rescales each step's gradients of the cell-wise
	// and of the feature-wise networks (each optimiser's separately) to a
	// global L2 norm of at most ClipNorm (torch.nn.utils.clip_grad_norm_).
	// 0 disables it, as the reference, which does not clip. Default 1000:
	// on pbmc3k (2000 genes) the cell-wise step's gradient norm has median 200 and 90th
	// percentile 580, and without a cap single steps of norm 10⁶ started the
	// divergence (KL spikes) that lost the cell types in about one training
	// in six at K = 10 (see doc.go).
	ClipNorm float64 `json:"clip_norm"`
	// BatchSize is the number of cells per step (reference 128).
	BatchSize int `json:"batch_size"`
	// FeatureBatchSize is the number of genes per step of the feature-wise
	// pre-training (0 = all genes).
	FeatureBatchSize int `json:"feature_batch_size"`
	// JointGeneBatchSize is the number of genes per step of the joint
	// training (0 = all genes, as the reference implementation, which feeds
	// the whole feature-wise input to every joint step). Sums over the m
	// genes of a batch are rescaled by G/m. On pbmc3k all 2000 genes per
	// step cost 5× more per joint epoch than 256 for the same k-NN accuracy.
	JointGeneBatchSize int `json:"joint_gene_batch_size"`
	// LoadingNoise scales the sampling noise of the loadings v_{f,1} in the
	// joint step: 1 samples v ~ q(v_{f,1} | X_{:,f}) as the paper's ELBO
	// does, 0 (the default) decodes v_{f,L} from the posterior mean. The
	// posterior s.d. of a gene's loadings shrinks as 1/√C with the number of
	// cells C; on a few thousand cells it is wide enough that the sampled
	// output weights add noise to every reconstruction, the joint step then
	// contracts the cell embedding, and at K = 2 the k-NN accuracy on pbmc3k
	// fell 13 points below the pre-trained embedding (see doc.go). The
	// linear variant always samples (Eq. 20).
	LoadingNoise float64 `json:"loading_noise"`
	// BatchOutput moves the batch covariate of the cell decoder from its
	// first layer (the paper's Eq. 21) to the output: X̂_cf = v_{f,L}ᵀ
	// z_{c,L} + j'_fᵀ s_c with free per-gene batch weights j'_f (the form of
	// the interpretability term's j_f, Eq. 23), and the decoder sees z
	// alone; the cell encoder of the Gaussian variants sees x − mᵀs, each
	// gene less its mean in the cell's batch over the training data (fixed),
	// and not the one-hot s. Fed s as well, the cell-wise VAE diverged on
	// pbmc3k at K = 10 on 2 of 5 seeds (KL past 6000 per cell, cell types
	// lost; scvi-tools also leaves the covariates out of its encoder by
	// default); corrected by the learnt j' instead of the fixed m, one seed
	// in five lost the cell types in the joint step. A gene-wise batch
	// shift is then explained by j' instead of through v_{f,L}, a function
	// of each gene's K-dimensional loading; a batch-dependent offset of the
	// scores can no longer be undone by the decoder; and the encoder need
	// not learn to cancel every gene's shift before the batches align (see
	// doc.go for the measurements). Default
	// true; false is the paper's architecture. No effect without a batch
	// covariate, nor on siVAE-linear, whose output already carries j_f.
	BatchOutput bool `json:"batch_output"`
	// KLWarmup is the number of steps over which the KL weight rises
	// linearly from 0 to 1 in each pre-training step (reference 1000). The
	// joint step starts from pre-trained networks and uses weight 1.
	KLWarmup int `json:"kl_warmup"`
	// GammaWarmup is the fraction of the joint step over which the
	// interpretability weight rises linearly from 0 to Gamma (0, the
	// default: Gamma from the first joint step, as the paper). With the
	// paper's pre-training (AlignLoadings false) the scores and loadings
	// start the joint step far from explaining the data linearly, and a
	// warm-up avoids the collapse of the cell embedding that the full
	// term's first gradients sometimes cause (see doc.go).
	GammaWarmup float64 `json:"gamma_warmup"`
	// AlignLoadings adds the interpretability term to the feature-wise
	// pre-training, with the cell-wise scores of the pre-trained encoder held
	// fixed: γ·Σ_c log N(X_cf; v_{f,1}ᵀ z_c, 1) over a seeded subset of up to
	// ReducedCells training cells, scaled to all C cells. The paper's
	// feature-wise pre-training fits the loadings to the free output weights
	// only, so the joint step starts with loadings that do not explain the
	// data linearly on the scores, and the term's first gradients then
	// reshape the cell embedding; aligned, the joint step starts near the
	// term's minimum for the pre-trained scores. The joint objective is
	// unchanged. Default true (false = the paper's pre-training). On pbmc3k
	// at K = 2 and the paper's schedule it removed a collapse of the cell
	// embedding on one fold of five and brought the k-NN accuracy within
	// 0.5 points of the plain VAE (see doc.go). No effect with γ = 0 or on
	// siVAE-linear.
	AlignLoadings bool `json:"align_loadings"`
	// CellEpochs, FeatureEpochs and JointEpochs are the lengths of the
	// three training steps: passes over the cells, over the genes, and over
	// the cells. The plain VAE runs CellEpochs+JointEpochs cell epochs, the
	// same number of cell passes as siVAE.
	CellEpochs    int `json:"cell_epochs"`
	FeatureEpochs int `json:"feature_epochs"`
	JointEpochs   int `json:"joint_epochs"`
	// Reduction and ReducedCells define the feature-wise input (C_red).
	Reduction    Reduction `json:"reduction"`
	ReducedCells int       `json:"reduced_cells"`
	// Seed makes initialisation, batches, noise and the reduction
	// reproducible.
	Seed uint64 `json:"seed"`
}

// DefaultConfig returns the paper's reference settings for a variant with K
// latent dimensions.
func DefaultConfig(v Variant, latent int) Config {
	return Config{
		Variant: v, Latent: latent, Hidden: []int{1024, 512, 128}, Gamma: 0.05,
		LearningRate: 2e-3, LRDecay: 0.9, LRDecayPeriod: 1000, L2: 1e-3,
		BatchSize: 128, FeatureBatchSize: 256, JointGeneBatchSize: 256, KLWarmup: 1000, ClipNorm: 1000,
		CellEpochs: 100, FeatureEpochs: 100, JointEpochs: 100,
		Reduction: Downsample, ReducedCells: 1000, BatchOutput: true, AlignLoadings: true,
	}
}

// Validate reports the first impossible setting, naming the field.
func (c Config) Validate() error {
	if _, err := ParseVariant(string(c.Variant)); err != nil {
		return err
	}
	if c.Latent < 1 {
		return fmt.Errorf("sivae: latent dimension %d must be ≥ 1", c.Latent)
	}
	for i, h := range c.Hidden {
		if h < 1 {
			return fmt.Errorf("sivae: hidden layer %d has width %d, must be ≥ 1", i+1, h)
		}
	}
	if c.Variant != Linear && len(c.Hidden) == 0 {
		return fmt.Errorf("sivae: variant %s needs at least one hidden layer", c.Variant)
	}
	checks := []struct {
		name string
		v    float64
		ok   bool
	}{
		{"gamma", c.Gamma, c.Gamma >= 0},
		{"learning rate", c.LearningRate, c.LearningRate > 0},
		{"lr decay", c.LRDecay, c.LRDecay > 0 && c.LRDecay <= 1},
		{"l2", c.L2, c.L2 >= 0},
		{"gradient clipping norm", c.ClipNorm, c.ClipNorm >= 0},
		{"loading noise", c.LoadingNoise, c.LoadingNoise >= 0 && c.LoadingNoise <= 1},
		{"gamma warm-up fraction", c.GammaWarmup, c.GammaWarmup >= 0 && c.GammaWarmup <= 1},
	}
	for _, ch := range checks {
		if !ch.ok || math.IsNaN(ch.v) || math.IsInf(ch.v, 0) {
			return fmt.Errorf("sivae: invalid %s %g", ch.name, ch.v)
		}
	}
	ints := []struct {
		name string
		v    int
		min  int
	}{
		{"lr decay period", c.LRDecayPeriod, 1}, {"batch size", c.BatchSize, 1},
		{"feature batch size", c.FeatureBatchSize, 0}, {"joint gene batch size", c.JointGeneBatchSize, 0},
		{"KL warm-up", c.KLWarmup, 0},
		{"cell epochs", c.CellEpochs, 0}, {"feature epochs", c.FeatureEpochs, 0},
		{"joint epochs", c.JointEpochs, 0}, {"reduced cells", c.ReducedCells, 1},
	}
	for _, ch := range ints {
		if ch.v < ch.min {
			return fmt.Errorf("sivae: %s %d must be ≥ %d", ch.name, ch.v, ch.min)
		}
	}
	if c.CellEpochs+c.JointEpochs < 1 {
		return fmt.Errorf("sivae: cell epochs + joint epochs must be ≥ 1")
	}
	if c.Reduction != Downsample && c.Reduction != PCA {
		return fmt.Errorf("sivae: unknown reduction %q (want downsample or pca)", c.Reduction)
	}
	return nil
}

// hasLoadings reports whether the variant has a feature-wise network.
func (c Config) hasLoadings() bool { return c.Variant != PlainVAE }

// hasInterpretability reports whether the joint loss has the
// interpretability term (γ > 0; siVAE-linear's output is that term).
func (c Config) hasInterpretability() bool {
	return c.Gamma > 0 && c.Variant != Linear && c.hasLoadings()
}

// alignsLoadings reports whether the feature-wise pre-training also fits the
// interpretability term (Config.AlignLoadings).
func (c Config) alignsLoadings() bool { return c.AlignLoadings && c.hasInterpretability() }

// gammaWeight is the interpretability weight after step completed steps of
// a joint step of total steps: γ, reached linearly over the first
// GammaWarmup·total steps.
func (c Config) gammaWeight(step, total int) float64 {
	ramp := c.GammaWarmup * float64(total)
	if ramp < 1 || float64(step) >= ramp {
		return c.Gamma
	}
	return c.Gamma * float64(step) / ramp
}

// klWeight is the KL weight after step completed steps of a pre-training
// step: linear warm-up from 0 to 1 over KLWarmup steps.
func (c Config) klWeight(step int) float64 {
	if c.KLWarmup == 0 || step >= c.KLWarmup {
		return 1
	}
	return float64(step) / float64(c.KLWarmup)
}
