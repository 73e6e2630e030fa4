package main

import (
	"context"
	"fmt"

	"regula/anndata"
	"regula/models/deepsem"
	"regula/plot"
	"regula/report"
)

// embedDeepsemHelp documents --method deepsem in `regula embed --help`.
const embedDeepsemHelp = `

--method deepsem (Shu et al. 2021) trains one DeepSEM model and writes its
cell representation, the posterior means μ = μ₀·(I − W) (cells × genes), to
obsm["X_deepsem"], the learned network W to varm["deepsem_W"] (row =
regulator, column = target) and the parameters and per-epoch losses to
uns["deepsem"]. DeepSEM expects log-normalised expression and z-scores each
gene itself: raw integer counts are normalised to 1e4 per cell and
log1p-transformed first, other input is used as it is (never scaled), and
--latent, --max-value and --batch-key do not apply. Its hyperparameters are
--deepsem-mode celltype|nonspecific and --deepsem-epochs, --deepsem-alpha,
--deepsem-beta, ... (the flags of 'regula grn' with a deepsem- prefix); one
given overrides the mode's paper value.`

// init adds --method deepsem to `regula embed`: its flags, its help and
// the method. embed.go's init has run before (files initialise in name
// order).
func init() {
	registerEmbedMethod("deepsem", embedDeepSEM)
}

// embedDeepSEM trains DeepSEM on a and stores the embedding in a.
func embedDeepSEM(env *Env, o *embedFlags, a *anndata.AnnData, run *report.Run) error {
	if o.batchKey != "" {
		return usagef("--batch-key is not supported by --method deepsem")
	}
	mdl, fit, err := trainDeepSEM(env, &o.deepsem, a, run)
	if err != nil {
		return err
	}
	defer mdl.Close()
	mu, err := mdl.Embed(fit.data, false)
	if err != nil {
		return err
	}
	cells, genes := fit.data.Cells, fit.data.Genes
	if a.Obsm == nil {
		a.Obsm = map[string]*anndata.Dense{}
	}
	if a.Varm == nil {
		a.Varm = map[string]*anndata.Dense{}
	}
	if a.Uns == nil {
		a.Uns = anndata.Uns{}
	}
	a.Obsm["X_deepsem"] = &anndata.Dense{Rows: cells, Cols: genes, Data: mu}
	w := mdl.W()
	w32 := make([]float32, len(w))
	for i, v := range w {
		w32[i] = float32(v)
	}
	a.Varm["deepsem_W"] = &anndata.Dense{Rows: genes, Cols: genes, Data: w32}
	a.Uns["deepsem"] = deepsemUns(fit)
	env.Logf("regula embed: obsm[\"X_deepsem\"] holds %d cells × %d posterior means", cells, genes)
	return nil
}

// deepsemFit is what trainDeepSEM produced besides the model.
type deepsemFit struct {
	data       *deepsem.Data
	expression anndata.Matrix // the log-normalised input of Preprocess
	result     *deepsem.Result
	rawCounts  bool
}

// trainDeepSEM prepares a's expression, trains one DeepSEM model with the
// flags' configuration and seed --seed, and records the parameters and the
// training curves in run. The caller closes the model.
func trainDeepSEM(env *Env, f *deepsemFlags, a *anndata.AnnData, run *report.Run) (*deepsem.Model, *deepsemFit, error) {
	cfg, err := f.config(uint64(env.Seed))
	if err != nil {
		return nil, nil, err
	}
	data, expression, raw, err := prepareDeepSEM(env, a, cfg)
	if err != nil {
		return nil, nil, err
	}
	env.Logf("regula: DeepSEM (%s mode, %d epochs, α = %g, β = %g) on %d cells × %d genes", cfg.Mode, cfg.Epochs, cfg.Alpha, cfg.Beta, data.Cells, data.Genes)
	mdl, err := deepsem.Train(context.Background(), data, a.GeneNames(), cfg, deepsem.TrainOptions{Progress: env.Progress()})
	if err != nil {
		return nil, nil, err
	}
	fit := &deepsemFit{data: data, expression: expression, result: mdl.Result(), rawCounts: raw}
	recordDeepSEMRun(run, fit)
	env.Logf("regula: DeepSEM trained in %.1f s", fit.result.Duration.Seconds())
	return mdl, fit, nil
}

// deepsemLossTerms names the loss terms of an epoch, in plotting order.
var deepsemLossTerms = []struct {
	name string
	get  func(deepsem.EpochLoss) float64
}{
	{"total", func(l deepsem.EpochLoss) float64 { return l.Total }},
	{"reconstruction", func(l deepsem.EpochLoss) float64 { return l.Reconstruction }},
	{"kl", func(l deepsem.EpochLoss) float64 { return l.KL }},
	{"sparsity", func(l deepsem.EpochLoss) float64 { return l.Sparsity }},
}

// recordDeepSEMRun adds the configuration, the final losses, any damping of
// I − W and one training curve per loss term to run.
func recordDeepSEMRun(run *report.Run, fit *deepsemFit) {
	r := fit.result
	cfg := r.Config
	run.Param("deepsem_config", fmt.Sprintf("%+v", cfg))
	run.Param("input_raw_counts", fit.rawCounts)
	run.Param("training_seconds", fmt.Sprintf("%.1f", r.Duration.Seconds()))
	if n := len(r.Losses); n > 0 {
		last := r.Losses[n-1]
		for _, t := range deepsemLossTerms {
			run.Param("final_"+t.name, t.get(last))
		}
	}
	for _, rec := range r.Recoveries {
		run.Note("epoch %d, step %d: I − W had condition number %.3g and was damped by %g", rec.Epoch, rec.Step, rec.Condition, rec.Damping)
	}
	c := report.Curves{Title: "DeepSEM training", XLabel: "epoch", YLabel: "loss per cell", Kind: "training"}
	for _, t := range deepsemLossTerms {
		s := plot.Series{Name: t.name}
		for _, l := range r.Losses {
			s.X, s.Y = append(s.X, float64(l.Epoch)), append(s.Y, t.get(l))
		}
		c.Series = append(c.Series, s)
	}
	run.Curves = append(run.Curves, c)
}

// deepsemUns is the uns["deepsem"] entry: parameters, final losses and the
// per-epoch loss curves.
func deepsemUns(fit *deepsemFit) anndata.Uns {
	r := fit.result
	c := r.Config
	params := anndata.Uns{
		"mode": string(c.Mode), "epochs": int64(c.Epochs), "alpha": c.Alpha, "beta": c.Beta,
		"hidden": int64(c.Hidden), "batch_size": int64(c.BatchSize), "learning_rate": c.LearningRate,
		"learning_rate_w": c.LearningRateW, "lr_decay": c.LRDecay, "mlp_epochs": int64(c.MLPEpochs),
		"w_epochs": int64(c.WEpochs), "init_noise": c.InitNoise, "init": string(c.Init), "clip": c.Clip,
		"max_condition": c.MaxCondition, "positive_determinant": c.PositiveDeterminant, "seed": int64(c.Seed), "input_raw_counts": fit.rawCounts,
		"training_seconds": r.Duration.Seconds(), "recoveries": int64(len(r.Recoveries)),
	}
	if fit.rawCounts {
		params["target_sum"] = float64(deepsemTargetSum)
	}
	phase := make([]string, len(r.Losses))
	epoch := make([]int64, len(r.Losses))
	seconds := make([]float64, len(r.Losses))
	curves := anndata.Uns{}
	final := anndata.Uns{}
	for _, t := range deepsemLossTerms {
		v := make([]float64, len(r.Losses))
		for i, l := range r.Losses {
			v[i] = t.get(l)
		}
		curves[t.name] = v
		if len(v) > 0 {
			final[t.name] = v[len(v)-1]
		}
	}
	for i, l := range r.Losses {
		phase[i], epoch[i], seconds[i] = string(l.Phase), int64(l.Epoch), l.Seconds
	}
	curves["phase"], curves["epoch"], curves["seconds"] = phase, epoch, seconds
	return anndata.Uns{"params": params, "final_loss": final, "losses": curves}
}
