package main

import (
	"flag"
	"fmt"
	"sort"
	"strings"

	"regula/anndata"
	"regula/report"
)

// embedFlags are the options of `regula embed` shared by every method.
type embedFlags struct {
	read     readFlags
	input    string
	method   string
	latent   int
	batchKey string
	labelKey string
	maxValue float64
	// siVAE options (methods sivae and vae).
	sivae sivaeFlags
	// DeepSEM options (method deepsem), named --deepsem-*.
	deepsem deepsemFlags
}

// embedMethod trains one embedding method on a, stores its results in a
// (obsm, varm, var, uns) and records curves, plots and notes in run.
type embedMethod func(env *Env, o *embedFlags, a *anndata.AnnData, run *report.Run) error

// embedMethods maps --method values to their implementation; each method's
// file adds itself with registerEmbedMethod from an init function.
var embedMethods = map[string]embedMethod{}

// registerEmbedMethod adds a --method of `regula embed`.
func registerEmbedMethod(name string, m embedMethod) {
	if _, dup := embedMethods[name]; dup {
		panic("duplicate embed method " + name)
	}
	embedMethods[name] = m
}

// embedMethodNames lists the registered methods, sorted.
func embedMethodNames() []string {
	names := make([]string, 0, len(embedMethods))
	for n := range embedMethods {
		names = append(names, n)
	}
	sort.Strings(names)
	return names
}

var embedOpts embedFlags

func init() {
	register(&command{
		name:    "embed",
		summary: "learn a cell embedding (siVAE with gene loadings, a plain VAE, or DeepSEM)",
		usage: `regula embed --method sivae|vae --input IN --out OUT.h5ad [--latent K] [--batch-key COL] [--label-key COL] [--gamma G] [--variant sivae|nb|linear] ...
regula embed --method deepsem --input IN --out OUT.h5ad [--deepsem-mode celltype|nonspecific] [--deepsem-epochs N] [--deepsem-alpha A] [--deepsem-beta B] ...`,
		help: `Trains an embedding model on IN (any file 'regula info' reads; raw counts are
normalised to 1e4 per cell and log1p-transformed, then every gene is centred
and scaled) and writes OUT.h5ad: the input plus the embedding, and
OUT.h5ad.run.json, a run record with the training curves and plots
('regula report' renders it).

--method sivae (Choi et al. 2023) learns cell scores and gene loadings whose
dimensions correspond: obsm["X_sivae"] (cells × K), varm["sivae_loadings"]
(genes × K), var["sivae_centrality"] (the fraction of each gene's variance
the model reconstructs, siVAE's degree centrality) and uns["sivae"]
(parameters, loss curves). Three-step training: --cell-epochs of the
cell-wise VAE, --feature-epochs of the feature-wise VAE, --joint-epochs of
both. --variant nb models raw counts with a negative binomial; --variant
linear drops both decoders (X̂ = loadings·scores); --gamma 0 removes the
interpretability term. --batch-key COL corrects for the batch of each cell:
per-gene batch weights in the output and in the interpretability term, and
the cell encoder reads the data centred within each batch
(--batch-output=false: the paper's architecture, the one-hot batch fed to
the cell encoder and the first decoder layer).
--method vae is the plain VAE with the same cell-wise network (obsm["X_vae"],
var["vae_centrality"], uns["vae"]), trained for cell + joint epochs.

--label-key COL colours the cell-score plot and stratifies the cells kept for
the feature-wise input (--reduced-cells, by --reduction downsample|pca).
'regula genes --neighbors K --from OUT.h5ad' lists each gene's nearest genes
in loading space.` + embedDeepsemHelp,
		flags: func(fs *flag.FlagSet) {
			o := &embedOpts
			*o = embedFlags{}
			o.read.register(fs)
			fs.StringVar(&o.input, "input", "", "expression file (cells × genes; raw counts or log-normalised)")
			fs.StringVar(&o.method, "method", "sivae", "embedding method: "+strings.Join(embedMethodNames(), ", "))
			fs.IntVar(&o.latent, "latent", 2, "embedding dimensions K")
			fs.StringVar(&o.batchKey, "batch-key", "", "obs column with the batch of each cell (batch correction)")
			fs.StringVar(&o.labelKey, "label-key", "", "obs column (e.g. cell type) to colour plots and stratify the feature-wise input")
			fs.Float64Var(&o.maxValue, "max-value", 10, "clip the scaled values to ±this (scanpy's max_value); ≤ 0 disables")
			o.sivae.register(fs)
			o.deepsem.register(fs, "deepsem-")
		},
		run: runEmbed,
	})
}

func runEmbed(env *Env, args []string) error {
	o := &embedOpts
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if o.input == "" || env.Out == "" {
		return usagef("--input and --out are required")
	}
	if !strings.HasSuffix(env.Out, ".h5ad") {
		return usagef("--out must be an .h5ad file, got %q", env.Out)
	}
	method, ok := embedMethods[o.method]
	if !ok {
		return usagef("unknown --method %q (want %s)", o.method, strings.Join(embedMethodNames(), ", "))
	}
	if o.latent < 1 {
		return usagef("--latent must be ≥ 1, got %d", o.latent)
	}
	a, err := o.read.read(o.input)
	if err != nil {
		return err
	}
	run := report.NewRun(fmt.Sprintf("Embedding (%s)", o.method), env.Args, version)
	run.Input("expression", o.input)
	run.Param("method", o.method)
	if o.method != "deepsem" { // DeepSEM's representation has one value per gene
		run.Param("latent", o.latent)
	}
	run.Param("seed", env.Seed)
	if o.batchKey != "" {
		run.Param("batch_key", o.batchKey)
	}
	if o.labelKey != "" {
		run.Param("label_key", o.labelKey)
	}
	if o.method == "deepsem" {
		env.Logf("regula embed: deepsem on %d cells × %d genes", a.NObs(), a.NVars())
	} else {
		env.Logf("regula embed: %s on %d cells × %d genes, K = %d", o.method, a.NObs(), a.NVars(), o.latent)
	}
	if err := method(env, o, a, run); err != nil {
		return err
	}
	if err := anndata.WriteH5AD(env.Out, a); err != nil {
		return err
	}
	run.Output("embedding", env.Out)
	if err := run.Save(env.Out + ".run.json"); err != nil {
		return err
	}
	env.Logf("regula embed: wrote %s and %s", env.Out, env.Out+".run.json")
	return nil
}
