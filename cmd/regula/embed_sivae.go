package main

import (
	"context"
	"flag"
	"fmt"
	"sort"
	"strconv"
	"strings"

	"regula/anndata"
	"regula/models/sivae"
	"regula/plot"
	"regula/report"
)

// sivaeFlags are the siVAE options of `regula embed`; defaults are the
// paper's reference values (sivae.DefaultConfig).
type sivaeFlags struct {
	variant                                string
	gamma, lr, lrDecay, l2, loadingNoise   float64
	gammaWarmup, clipNorm                  float64
	cellEpochs, featureEpochs, jointEpochs int
	batchSize, featureBatch, klWarmup      int
	jointGeneBatch                         int
	lrPeriod, reducedCells                 int
	reduction, hidden                      string
	batchOutput, alignLoadings             bool
}

func (f *sivaeFlags) register(fs *flag.FlagSet) {
	d := sivae.DefaultConfig(sivae.Interpretable, 2)
	fs.StringVar(&f.variant, "variant", string(sivae.Interpretable), "siVAE variant: sivae (Gaussian), nb (negative binomial on raw counts), linear")
	fs.Float64Var(&f.gamma, "gamma", d.Gamma, "weight γ of the interpretability term (0 disables it)")
	fs.Float64Var(&f.gammaWarmup, "gamma-warmup", d.GammaWarmup, "fraction of the joint training over which γ rises linearly from 0 (0 = full γ from the start, as the paper)")
	fs.BoolVar(&f.alignLoadings, "align-loadings", d.AlignLoadings, "fit the interpretability term in the feature-wise pre-training too, with the pre-trained scores fixed (false = the paper's pre-training)")
	fs.Float64Var(&f.loadingNoise, "loading-noise", d.LoadingNoise, "scale of the loadings' sampling noise in the joint step (1 = the paper's ELBO, 0 = posterior mean)")
	fs.BoolVar(&f.batchOutput, "batch-output", d.BatchOutput, "with --batch-key: the batch enters the output through per-gene weights and the encoders see batch-corrected input (false = the paper: the one-hot batch into the cell encoder and the first decoder layer)")
	fs.Float64Var(&f.lr, "lr", d.LearningRate, "Adam learning rate")
	fs.Float64Var(&f.lrDecay, "lr-decay", d.LRDecay, "learning-rate factor every --lr-period steps")
	fs.IntVar(&f.lrPeriod, "lr-period", d.LRDecayPeriod, "steps between learning-rate decays")
	fs.Float64Var(&f.l2, "l2", d.L2, "L2 weight decay λ (λ·w added to every gradient)")
	fs.Float64Var(&f.clipNorm, "clip-norm", d.ClipNorm, "cap on each step's global gradient norm, per network (0 = no clipping, as the reference)")
	fs.IntVar(&f.cellEpochs, "cell-epochs", d.CellEpochs, "epochs of the cell-wise pre-training")
	fs.IntVar(&f.featureEpochs, "feature-epochs", d.FeatureEpochs, "epochs (passes over the genes) of the feature-wise pre-training")
	fs.IntVar(&f.jointEpochs, "joint-epochs", d.JointEpochs, "epochs of the joint training")
	fs.IntVar(&f.batchSize, "batch-size", d.BatchSize, "cells per step")
	fs.IntVar(&f.featureBatch, "feature-batch-size", d.FeatureBatchSize, "genes per step of the feature-wise pre-training (0 = all)")
	fs.IntVar(&f.jointGeneBatch, "joint-gene-batch-size", d.JointGeneBatchSize, "genes per step of the joint training (0 = all, as the reference)")
	fs.IntVar(&f.klWarmup, "kl-warmup", d.KLWarmup, "steps of linear KL warm-up in each pre-training step")
	fs.IntVar(&f.reducedCells, "reduced-cells", d.ReducedCells, "length C_red of the feature-wise input")
	fs.StringVar(&f.reduction, "reduction", string(d.Reduction), "feature-wise input reduction: downsample (label-stratified) or pca")
	fs.StringVar(&f.hidden, "hidden", "1024,512,128", "encoder layer widths (decoders mirror them)")
}

// config builds the model configuration for a variant.
func (f *sivaeFlags) config(variant sivae.Variant, latent int, seed int64) (sivae.Config, error) {
	c := sivae.DefaultConfig(variant, latent)
	c.Gamma, c.LearningRate, c.LRDecay, c.LRDecayPeriod, c.L2 = f.gamma, f.lr, f.lrDecay, f.lrPeriod, f.l2
	c.CellEpochs, c.FeatureEpochs, c.JointEpochs = f.cellEpochs, f.featureEpochs, f.jointEpochs
	c.BatchSize, c.FeatureBatchSize, c.KLWarmup = f.batchSize, f.featureBatch, f.klWarmup
	c.JointGeneBatchSize, c.LoadingNoise, c.BatchOutput = f.jointGeneBatch, f.loadingNoise, f.batchOutput
	c.ReducedCells, c.Reduction, c.Seed = f.reducedCells, sivae.Reduction(f.reduction), uint64(seed)
	c.GammaWarmup, c.AlignLoadings, c.ClipNorm = f.gammaWarmup, f.alignLoadings, f.clipNorm
	c.Hidden = nil
	for _, s := range strings.Split(f.hidden, ",") {
		if s = strings.TrimSpace(s); s == "" {
			continue
		}
		w, err := strconv.Atoi(s)
		if err != nil {
			return c, usagef("--hidden: %q is not an integer", s)
		}
		c.Hidden = append(c.Hidden, w)
	}
	if err := c.Validate(); err != nil {
		return c, usagef("%v", err)
	}
	return c, nil
}

func init() {
	registerEmbedMethod("sivae", func(env *Env, o *embedFlags, a *anndata.AnnData, run *report.Run) error {
		v, err := sivae.ParseVariant(o.sivae.variant)
		if err != nil || v == sivae.PlainVAE {
			return usagef("--variant must be sivae, nb or linear (use --method vae for the plain VAE)")
		}
		return embedSivae(env, o, a, run, v, "sivae")
	})
	registerEmbedMethod("vae", func(env *Env, o *embedFlags, a *anndata.AnnData, run *report.Run) error {
		return embedSivae(env, o, a, run, sivae.PlainVAE, "vae")
	})
}

// embedSivae trains siVAE (or the plain VAE) and stores its outputs under
// the key prefix ("sivae" or "vae").
func embedSivae(env *Env, o *embedFlags, a *anndata.AnnData, run *report.Run, variant sivae.Variant, key string) error {
	cfg, err := o.sivae.config(variant, o.latent, env.Seed)
	if err != nil {
		return err
	}
	d, prep, err := sivae.FromAnnData(a, sivae.PrepareOptions{Variant: variant, BatchKey: o.batchKey, StrataKey: o.labelKey, MaxValue: clipFlag(o.maxValue)})
	if err != nil {
		return err
	}
	run.Param("config", fmt.Sprintf("%+v", cfg))
	run.Param("input_raw_counts", prep.RawCounts)
	run.Param("max_value", prep.MaxValue)
	mdl, err := sivae.Train(context.Background(), d, cfg, sivae.TrainOptions{Progress: env.Progress()})
	if err != nil {
		return err
	}
	defer mdl.Close()
	k := cfg.Latent
	scores, err := mdl.Scores(d)
	if err != nil {
		return err
	}
	centrality, err := mdl.Centrality(d)
	if err != nil {
		return err
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
	a.Obsm["X_"+key] = &anndata.Dense{Rows: d.Cells, Cols: k, Data: scores}
	if err := a.Var.Set(key+"_centrality", &anndata.FloatColumn{Values: centrality}); err != nil {
		return err
	}
	var loadings []float32
	if variant != sivae.PlainVAE {
		if loadings, err = mdl.Loadings(); err != nil {
			return err
		}
		a.Varm[key+"_loadings"] = &anndata.Dense{Rows: d.Genes, Cols: k, Data: loadings}
	}
	losses := mdl.Losses()
	a.Uns[key] = sivaeUns(cfg, prep, mdl, losses, o)
	recordSivaeRun(run, a, o, key, scores, loadings, centrality, losses, k)
	run.Param("training_seconds", fmt.Sprintf("%.1f", mdl.Duration().Seconds()))
	run.Param("reduced_cells", mdl.ReducedCells())
	env.Logf("regula embed: trained in %.1f s", mdl.Duration().Seconds())
	return nil
}

// sivaeUns is the uns entry: parameters and per-epoch loss curves.
func sivaeUns(cfg sivae.Config, prep sivae.Preprocessing, mdl *sivae.Model, losses []sivae.EpochLoss, o *embedFlags) anndata.Uns {
	hidden := make([]int64, len(cfg.Hidden))
	for i, h := range cfg.Hidden {
		hidden[i] = int64(h)
	}
	params := anndata.Uns{
		"variant": string(cfg.Variant), "latent": int64(cfg.Latent), "hidden": hidden, "gamma": cfg.Gamma,
		"learning_rate": cfg.LearningRate, "lr_decay": cfg.LRDecay, "lr_decay_period": int64(cfg.LRDecayPeriod),
		"l2": cfg.L2, "clip_norm": cfg.ClipNorm, "gamma_warmup": cfg.GammaWarmup, "align_loadings": cfg.AlignLoadings,
		"batch_size": int64(cfg.BatchSize), "feature_batch_size": int64(cfg.FeatureBatchSize),
		"joint_gene_batch_size": int64(cfg.JointGeneBatchSize), "loading_noise": cfg.LoadingNoise, "batch_output": cfg.BatchOutput, "kl_warmup": int64(cfg.KLWarmup), "cell_epochs": int64(cfg.CellEpochs), "feature_epochs": int64(cfg.FeatureEpochs),
		"joint_epochs": int64(cfg.JointEpochs), "reduction": string(cfg.Reduction), "reduced_cells": int64(mdl.ReducedCells()),
		"seed": int64(cfg.Seed), "batch_key": o.batchKey, "input_raw_counts": prep.RawCounts,
		"training_seconds": mdl.Duration().Seconds(),
	}
	phase := make([]string, len(losses))
	epoch := make([]int64, len(losses))
	cols := map[string][]float64{"total": nil, "reconstruction": nil, "kl": nil, "interpretability": nil, "seconds": nil}
	for i, l := range losses {
		phase[i], epoch[i] = string(l.Phase), int64(l.Epoch)
		cols["total"] = append(cols["total"], l.Total)
		cols["reconstruction"] = append(cols["reconstruction"], l.Reconstruction)
		cols["kl"] = append(cols["kl"], l.KL)
		cols["interpretability"] = append(cols["interpretability"], l.Interpretability)
		cols["seconds"] = append(cols["seconds"], l.Seconds)
	}
	curves := anndata.Uns{"phase": phase, "epoch": epoch}
	for name, v := range cols {
		curves[name] = v
	}
	return anndata.Uns{"params": params, "losses": curves}
}

// recordSivaeRun adds the training curves, the two embedding scatters and
// the most central genes to the run record.
func recordSivaeRun(run *report.Run, a *anndata.AnnData, o *embedFlags, key string, scores, loadings []float32, centrality []float64, losses []sivae.EpochLoss, k int) {
	byPhase := map[sivae.Phase][]sivae.EpochLoss{}
	var phases []sivae.Phase
	for _, l := range losses {
		if byPhase[l.Phase] == nil {
			phases = append(phases, l.Phase)
		}
		byPhase[l.Phase] = append(byPhase[l.Phase], l)
	}
	for _, p := range phases {
		c := report.Curves{Title: fmt.Sprintf("%s: %s training", key, p), XLabel: "epoch", YLabel: "loss per cell", Kind: "training"}
		terms := []struct {
			name string
			get  func(sivae.EpochLoss) float64
		}{
			{"total", func(l sivae.EpochLoss) float64 { return l.Total }},
			{"reconstruction", func(l sivae.EpochLoss) float64 { return l.Reconstruction }},
			{"kl", func(l sivae.EpochLoss) float64 { return l.KL }},
			{"interpretability", func(l sivae.EpochLoss) float64 { return l.Interpretability }},
		}
		for _, t := range terms {
			var x, y []float64
			for _, l := range byPhase[p] {
				x, y = append(x, float64(l.Epoch)), append(y, t.get(l))
			}
			c.Series = append(c.Series, plot.Series{Name: t.name, X: x, Y: y})
		}
		run.Curves = append(run.Curves, c)
	}
	if k >= 2 {
		sc := report.Scatter{Title: key + " cell scores", XLabel: key + " 1", YLabel: key + " 2"}
		for c := 0; c < len(scores)/k; c++ {
			sc.X, sc.Y = append(sc.X, float64(scores[c*k])), append(sc.Y, float64(scores[c*k+1]))
		}
		if o.labelKey != "" {
			if labels, err := a.Obs.Strings(o.labelKey); err == nil {
				sc.Categories, sc.ColorLabel = labels, o.labelKey
			}
		}
		run.Scatters = append(run.Scatters, sc)
		if loadings != nil {
			gl := report.Scatter{Title: key + " gene loadings", XLabel: "loading 1", YLabel: "loading 2",
				Values: centrality, ColorLabel: "centrality"}
			for g := 0; g < len(loadings)/k; g++ {
				gl.X, gl.Y = append(gl.X, float64(loadings[g*k])), append(gl.Y, float64(loadings[g*k+1]))
			}
			run.Scatters = append(run.Scatters, gl)
		}
	}
	genes := a.GeneNames()
	order := make([]int, len(centrality))
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(i, j int) bool { return centrality[order[i]] > centrality[order[j]] })
	t := report.Table{Title: "Most central genes (reconstruction accuracy)", Header: []string{"rank", "gene", "centrality"}}
	for r, g := range order[:min(20, len(order))] {
		t.Rows = append(t.Rows, []string{strconv.Itoa(r + 1), genes[g], strconv.FormatFloat(centrality[g], 'f', 4, 64)})
	}
	run.Tables = append(run.Tables, t)
}

// clipFlag maps --max-value to PrepareOptions.MaxValue (≤ 0: no clipping).
func clipFlag(v float64) float64 {
	if v <= 0 {
		return -1
	}
	return v
}
