package main

import (
	"flag"
	"fmt"
	"math"

	"regula/anndata"
	"regula/models/deepsem"
	"regula/pp"
)

// deepsemFlags are the DeepSEM hyperparameter flags shared by `regula grn`,
// `regula embed --method deepsem` and `regula simulate`. They are optional
// values: only the ones given on the command line override the mode's paper
// defaults. prefix namespaces the flag names ("" for grn, "deepsem-" where
// the command has flags of other methods).
type deepsemFlags struct {
	prefix string
	mode   string

	epochs, hidden, batch, k1, k2 optionalInt
	alpha, beta, lr, lrW, lrDecay optionalFloat
	initNoise, clip, maxCond      optionalFloat
	init                          optionalString
	positiveDet                   optionalBool
}

// register declares the flags on fs, each name preceded by prefix.
func (f *deepsemFlags) register(fs *flag.FlagSet, prefix string) {
	*f = deepsemFlags{prefix: prefix}
	d := deepsem.DefaultConfig(deepsem.CellType)
	fs.StringVar(&f.mode, prefix+"mode", string(deepsem.CellType), "DeepSEM setting: celltype or nonspecific")
	fs.Var(&f.epochs, prefix+"epochs", "epochs (default: the mode's, 150 celltype / 90 nonspecific)")
	fs.Var(&f.alpha, prefix+"alpha", "L1 weight α of W (default: the mode's, 1 / 100)")
	fs.Var(&f.beta, prefix+"beta", "KL weight β (default: the mode's, 0.01 / 1)")
	fs.Var(&f.clip, prefix+"clip", "clip preprocessed values to ±clip (default: the mode's, 10 / none)")
	fs.Var(&f.hidden, prefix+"hidden", fmt.Sprintf("width of the per-gene MLPs (default %d)", d.Hidden))
	fs.Var(&f.batch, prefix+"batch-size", fmt.Sprintf("cells per step (default %d)", d.BatchSize))
	fs.Var(&f.lr, prefix+"lr", fmt.Sprintf("RMSprop learning rate of the MLP epochs (default %g)", d.LearningRate))
	fs.Var(&f.lrW, prefix+"lr-w", fmt.Sprintf("RMSprop learning rate of the W epochs (default %g)", d.LearningRateW))
	fs.Var(&f.lrDecay, prefix+"lr-decay", "MLP learning-rate factor per epoch (default 1 = constant)")
	fs.Var(&f.k1, prefix+"k1", fmt.Sprintf("MLP epochs per cycle (default %d)", d.MLPEpochs))
	fs.Var(&f.k2, prefix+"k2", fmt.Sprintf("W epochs per cycle (default %d)", d.WEpochs))
	fs.Var(&f.initNoise, prefix+"init-noise", fmt.Sprintf("uniform noise added to W's initial 1/(m−1) (default %g)", d.InitNoise))
	fs.Var(&f.maxCond, prefix+"max-cond", fmt.Sprintf("condition number of I − W above which it is damped (default %g)", d.MaxCondition))
	fs.Var(&f.init, prefix+"init", "MLP weight init: xavier-normal (reference, default) or kaiming-uniform (paper)")
	fs.Var(&f.positiveDet, prefix+"positive-det", "also damp W whenever det(I − W) ≤ 0, starting on the singularity's W = 0 side (default off, as the reference)")
}

// deepsemOverride is one hyperparameter flag and how it changes a Config.
type deepsemOverride struct {
	name  string
	set   bool
	apply func(*deepsem.Config)
}

// overrides lists the hyperparameter flags with the Config field each sets.
func (f *deepsemFlags) overrides() []deepsemOverride {
	return []deepsemOverride{
		{"epochs", f.epochs.set, func(c *deepsem.Config) { f.epochs.apply(&c.Epochs) }},
		{"hidden", f.hidden.set, func(c *deepsem.Config) { f.hidden.apply(&c.Hidden) }},
		{"batch-size", f.batch.set, func(c *deepsem.Config) { f.batch.apply(&c.BatchSize) }},
		{"k1", f.k1.set, func(c *deepsem.Config) { f.k1.apply(&c.MLPEpochs) }},
		{"k2", f.k2.set, func(c *deepsem.Config) { f.k2.apply(&c.WEpochs) }},
		{"alpha", f.alpha.set, func(c *deepsem.Config) { f.alpha.apply(&c.Alpha) }},
		{"beta", f.beta.set, func(c *deepsem.Config) { f.beta.apply(&c.Beta) }},
		{"lr", f.lr.set, func(c *deepsem.Config) { f.lr.apply(&c.LearningRate) }},
		{"lr-w", f.lrW.set, func(c *deepsem.Config) { f.lrW.apply(&c.LearningRateW) }},
		{"lr-decay", f.lrDecay.set, func(c *deepsem.Config) { f.lrDecay.apply(&c.LRDecay) }},
		{"init-noise", f.initNoise.set, func(c *deepsem.Config) { f.initNoise.apply(&c.InitNoise) }},
		{"clip", f.clip.set, func(c *deepsem.Config) { f.clip.apply(&c.Clip) }},
		{"max-cond", f.maxCond.set, func(c *deepsem.Config) { f.maxCond.apply(&c.MaxCondition) }},
		{"positive-det", f.positiveDet.set, func(c *deepsem.Config) { f.positiveDet.apply(&c.PositiveDeterminant) }},
		{"init", f.init.set, func(c *deepsem.Config) {
			if f.init.set {
				c.Init = deepsem.WeightInit(f.init.v)
			}
		}},
	}
}

// config builds the configuration: the mode's defaults, then the flags
// given on the command line. An impossible value is a usage error naming
// its flag.
func (f *deepsemFlags) config(seed uint64) (deepsem.Config, error) {
	mode, err := deepsem.ParseMode(f.mode)
	if err != nil {
		return deepsem.Config{}, usagef("--%smode: %v", f.prefix, err)
	}
	c := deepsem.DefaultConfig(mode)
	c.Seed = seed
	overrides := f.overrides()
	for _, o := range overrides {
		o.apply(&c)
	}
	err = c.Validate()
	if err == nil {
		return c, nil
	}
	// Name the first flag that alone makes the mode's defaults invalid.
	for _, o := range overrides {
		if !o.set {
			continue
		}
		alone := deepsem.DefaultConfig(mode)
		o.apply(&alone)
		if e := alone.Validate(); e != nil {
			return c, usagef("--%s%s: %v", f.prefix, o.name, e)
		}
	}
	return c, usagef("%v", err)
}

// deepsemTargetSum is the per-cell total raw counts are normalised to
// before log1p when DeepSEM is given counts (scanpy's and Seurat's usual
// 1e4).
const deepsemTargetSum = 1e4

// prepareDeepSEM turns a's X into DeepSEM's input. DeepSEM expects
// log-normalised expression and z-scores each gene itself
// (deepsem.Preprocess); if X holds raw counts (non-negative integers only)
// a private copy is first normalised to deepsemTargetSum per cell and
// log1p-transformed, and rawCounts reports it. expression is the
// log-normalised matrix DeepSEM was given (a's X or the transformed copy);
// a is not modified.
func prepareDeepSEM(env *Env, a *anndata.AnnData, cfg deepsem.Config) (data *deepsem.Data, expression anndata.Matrix, rawCounts bool, err error) {
	x := a.X
	if isRawCounts(x) {
		work := &anndata.AnnData{X: x.Clone(), Obs: anndata.NewFrame(a.CellNames()), Var: anndata.NewFrame(a.GeneNames())}
		if err := pp.NormalizeTotal(work, pp.NormalizeOptions{TargetSum: deepsemTargetSum}); err != nil {
			return nil, nil, false, err
		}
		if err := pp.Log1p(work, 0); err != nil {
			return nil, nil, false, err
		}
		env.Logf("regula: input holds raw integer counts: normalised to %g per cell and log1p-transformed for DeepSEM", float64(deepsemTargetSum))
		x, rawCounts = work.X, true
	} else {
		env.Logf("regula: input taken as log-normalised expression (not all values are non-negative integers); DeepSEM z-scores each gene")
	}
	data, err = deepsem.Preprocess(x, cfg.Mode, cfg.Clip)
	return data, x, rawCounts, err
}

// isRawCounts reports whether every stored value of x is a non-negative
// integer and at least one is positive.
func isRawCounts(x anndata.Matrix) bool {
	var values []float32
	switch m := x.(type) {
	case *anndata.Dense:
		values = m.Data
	case *anndata.CSR:
		values = m.Data
	default:
		values = x.ToDense().Data
	}
	positive := false
	for _, v := range values {
		f := float64(v)
		if f < 0 || f != math.Trunc(f) || math.IsInf(f, 0) {
			return false
		}
		positive = positive || f > 0
	}
	return positive
}
