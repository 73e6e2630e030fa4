package main

import (
	"context"
	"flag"
	"fmt"
	"path/filepath"
	"strings"

	"regula/anndata"
	"regula/grn"
	"regula/models/graphsci"
	"regula/plot"
	"regula/report"
)

// imputeFlags are the flags of `regula impute`.
type imputeFlags struct {
	input, graph, graphOut, replace string
	genesInRows, nb, allowNonInt    bool
	geneMean, cellLatent            bool
	epochs, batch, patience, top    int
	threshold, lr, validation, minP float64
}

var imputeOpts imputeFlags

func init() {
	register(&command{
		name:    "impute",
		summary: "impute dropouts with GraphSCI (gene-graph GCN + count autoencoder)",
		usage:   "regula impute --input COUNTS [--genes-in-rows] --out OUT.h5ad|OUT.csv [--graph NETWORK] [--graph-out edges.tsv] [--nb] [--replace all|zeros] [--epochs N] ...",
		help: `Imputes raw counts with GraphSCI (Rao et al. 2021). Genes with no reads or
zero variance are removed (and written back unchanged), size factors are library
size / median library size, and the model sees log(counts/s + 1).

The gene graph links genes with |Pearson r| > --threshold (default 0.3) on that
input, or comes from --graph (a network file such as 'regula grn' output or a
ground truth; edges are matched to genes by name, direction ignored, unknown
genes reported). A two-layer GCN over the graph gives gene embeddings that
reconstruct the graph and, with cell embeddings from an autoencoder whose first
layer is masked by the graph, decode a ZINB (--nb: NB, for droplet data) per
entry. Training uses Adam (lr 0.01 × 0.9 every 50 steps) and stops early when
the error on a held-out --validation fraction of non-zero entries stops
improving (--patience epochs).

--out .h5ad holds X = imputed counts (NB mean × size factor) and
layers["counts"] = the input; --replace all (the paper's output) replaces every
entry by the model's mean, --replace zeros keeps the observed non-zero counts and
fills only the zeros; --out .csv/.tsv holds the imputed matrix in the
input's orientation. --graph-out writes the refined gene–gene network (decoder
edge probabilities ≥ --min-prob, at most --top edges) as ranked edges.
OUT.run.json records the parameters, notes and training curves
('regula report' renders it).`,
		flags: func(fs *flag.FlagSet) {
			o := &imputeOpts
			d := graphsci.DefaultConfig()
			*o = imputeFlags{}
			fs.StringVar(&o.input, "input", "", "raw counts (csv/tsv/mtx/h5ad/10x)")
			fs.BoolVar(&o.genesInRows, "genes-in-rows", false, "delimited input has genes in rows (also the orientation of a .csv --out)")
			fs.StringVar(&o.graph, "graph", "", "gene network file to use instead of the correlation graph")
			fs.StringVar(&o.graphOut, "graph-out", "", "write the refined gene–gene network here (ranked edges)")
			fs.BoolVar(&o.nb, "nb", false, "negative binomial likelihood (droplet data) instead of ZINB")
			fs.BoolVar(&o.allowNonInt, "allow-noninteger", false, "accept non-integer counts with a warning")
			fs.StringVar(&o.replace, "replace", string(graphsci.ReplaceAll), "entries the imputed values replace: all (the paper) or zeros (keep observed non-zero counts)")
			fs.IntVar(&o.epochs, "epochs", d.Epochs, "maximum epochs")
			fs.IntVar(&o.batch, "batch-size", d.BatchSize, "cells per minibatch")
			fs.IntVar(&o.patience, "patience", d.Patience, "epochs without validation improvement before stopping")
			fs.IntVar(&o.top, "top", 0, "at most this many edges in --graph-out (0: all ≥ --min-prob)")
			fs.Float64Var(&o.threshold, "threshold", d.Threshold, "|Pearson r| above which genes are linked")
			fs.Float64Var(&o.lr, "lr", d.LearningRate, "Adam initial learning rate")
			fs.BoolVar(&o.cellLatent, "cell-latent", d.CellLatent, "use a Gaussian cell latent decoded through the gene embedding instead of the paper's dense cell branch (its output tends to ignore the cell)")
			fs.BoolVar(&o.geneMean, "gene-latent-mean", d.GeneLatentMean, "with --cell-latent: decode the expression in training from the gene embedding's mean instead of a sample")
			fs.Float64Var(&o.validation, "validation", d.ValidationFraction, "fraction of non-zero entries held out for early stopping (0: none)")
			fs.Float64Var(&o.minP, "min-prob", 0.5, "smallest edge probability written to --graph-out")
		},
		run: runImpute,
	})
}

func runImpute(env *Env, args []string) error {
	o := &imputeOpts
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if o.input == "" || env.Out == "" {
		return usagef("--input and --out are required")
	}
	format := anndata.FormatOf(env.Out)
	if format != anndata.FormatH5AD && format != anndata.FormatDelimited {
		return usagef("--out %q: want a .h5ad, .csv or .tsv file", env.Out)
	}
	cfg := graphsci.DefaultConfig()
	cfg.Epochs, cfg.BatchSize, cfg.Patience = o.epochs, o.batch, o.patience
	cfg.Threshold, cfg.LearningRate, cfg.ValidationFraction = o.threshold, o.lr, o.validation
	cfg.Seed, cfg.GeneLatentMean, cfg.CellLatent = uint64(env.Seed), o.geneMean, o.cellLatent
	if o.nb {
		cfg.Likelihood = graphsci.NB
	}
	if err := cfg.Validate(); err != nil {
		return usagef("%v", err)
	}
	replace, err := graphsci.ParseReplace(o.replace)
	if err != nil {
		return usagef("--replace: %v", err)
	}
	run := report.NewRun("GraphSCI imputation", env.Args, version)
	run.Input("counts", o.input)
	input, err := anndata.Read(o.input, anndata.ReadOptions{GenesInRows: o.genesInRows})
	if err != nil {
		return err
	}
	data, err := graphsci.Prepare(input.X, input.GeneNames(), graphsci.PrepareOptions{AllowNonInteger: o.allowNonInt})
	if err != nil {
		return fmt.Errorf("%s: %w", o.input, err)
	}
	for _, n := range data.Notes {
		env.Logf("regula impute: %s", n)
		run.Note("%s", n)
	}
	graph, err := imputeGraph(env, o, data, run)
	if err != nil {
		return err
	}
	recordImputeParams(run, o, cfg, data, graph)
	env.Logf("regula impute: %d cells × %d genes, gene graph with %d edges", data.Cells, data.Genes, graph.NumEdges())
	model, err := graphsci.Train(context.Background(), data, graph, cfg, graphsci.TrainOptions{Progress: env.Progress()})
	if err != nil {
		return err
	}
	defer model.Close()
	for _, n := range model.Notes() {
		env.Logf("regula impute: %s", n)
		run.Note("%s", n)
	}
	imputed, err := model.Impute()
	if err != nil {
		return err
	}
	if imputed, err = data.Merge(imputed, replace); err != nil {
		return err
	}
	full, err := data.ExpandToInput(imputed, input.X)
	if err != nil {
		return err
	}
	if err := writeImputed(env.Out, format, input, full, o.genesInRows, replace); err != nil {
		return err
	}
	run.Output("imputed counts", env.Out)
	if o.graphOut != "" {
		edges, err := model.RefinedNetwork(o.minP, o.top)
		if err != nil {
			return err
		}
		if err := grn.WriteRankedEdges(o.graphOut, edges); err != nil {
			return err
		}
		run.Output("refined gene network", o.graphOut)
		env.Logf("regula impute: wrote %d refined edges to %s", len(edges), o.graphOut)
	}
	addTrainingCurves(run, model)
	run.Param("best_epoch", model.BestEpoch())
	run.Param("training_seconds", fmt.Sprintf("%.1f", model.Duration().Seconds()))
	if err := run.Save(env.Out + ".run.json"); err != nil {
		return err
	}
	env.Logf("regula impute: wrote %s (best epoch %d, %.1f s)", env.Out, model.BestEpoch(), model.Duration().Seconds())
	return nil
}

// imputeGraph builds the correlation graph or reads --graph.
func imputeGraph(env *Env, o *imputeFlags, data *graphsci.Data, run *report.Run) (*graphsci.GeneGraph, error) {
	var graph *graphsci.GeneGraph
	if o.graph == "" {
		g, err := graphsci.CorrelationGraph(data.X, data.Cells, data.Genes, o.threshold)
		if err != nil {
			return nil, err
		}
		graph = g
	} else {
		edges, err := grn.ReadNetwork(o.graph)
		if err != nil {
			return nil, err
		}
		g, unknown, err := graphsci.GraphFromNetwork(edges, data.GeneNames)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.graph, err)
		}
		if len(unknown) > 0 {
			msg := fmt.Sprintf("%s: %d genes of the network are not among the %d modelled genes and were ignored (%s)",
				o.graph, len(unknown), data.Genes, strings.Join(unknown[:min(5, len(unknown))], ", "))
			env.Logf("regula impute: %s", msg)
			run.Note("%s", msg)
		}
		run.Input("gene network", o.graph)
		graph = g
	}
	if graph.NumEdges() == 0 {
		msg := "the gene graph is empty (no gene pair passes the threshold or joins two known genes): GraphSCI runs without gene–gene information; lower --threshold or give --graph"
		env.Logf("regula impute: warning: %s", msg)
		run.Note("warning: %s", msg)
	}
	return graph, nil
}

func recordImputeParams(run *report.Run, o *imputeFlags, cfg graphsci.Config, data *graphsci.Data, graph *graphsci.GeneGraph) {
	run.Param("cells", data.Cells)
	run.Param("genes_modelled", data.Genes)
	run.Param("graph", map[bool]string{true: "file " + o.graph, false: fmt.Sprintf("|Pearson r| > %g", cfg.Threshold)}[o.graph != ""])
	run.Param("graph_edges", graph.NumEdges())
	run.Param("likelihood", cfg.Likelihood)
	run.Param("epochs_max", cfg.Epochs)
	run.Param("batch_size", cfg.BatchSize)
	run.Param("learning_rate", fmt.Sprintf("%g × %g every %d steps", cfg.LearningRate, cfg.DecayRate, cfg.DecaySteps))
	run.Param("weight_decay", cfg.WeightDecay)
	run.Param("dropout", cfg.Dropout)
	run.Param("gene_hidden", cfg.GeneHidden)
	run.Param("latent", cfg.Latent)
	run.Param("decoder_hidden", cfg.DecoderHidden)
	run.Param("validation_fraction", cfg.ValidationFraction)
	run.Param("patience", cfg.Patience)
	run.Param("adjacency_weight", cfg.AdjacencyWeight)
	run.Param("kl_weight", cfg.KLWeight)
	run.Param("gene_latent_mean", cfg.GeneLatentMean)
	run.Param("cell_latent", cfg.CellLatent)
	run.Param("seed", cfg.Seed)
	run.Param("allow_noninteger", o.allowNonInt)
	run.Param("replace", o.replace)
}

// writeImputed writes the imputed matrix: h5ad with the input as
// layers["counts"], or a delimited table in the input's orientation.
func writeImputed(out string, format anndata.Format, input *anndata.AnnData, imputed *anndata.Dense, genesInRows bool, replace graphsci.Replace) error {
	result, err := anndata.New(imputed, input.CellNames(), input.GeneNames())
	if err != nil {
		return err
	}
	if format == anndata.FormatH5AD {
		result.Obs, result.Var = input.Obs, input.Var
		result.Layers["counts"] = input.X
		what := "imputed counts (NB mean × size factor)"
		if replace == graphsci.ReplaceZeros {
			what = "observed non-zero counts; zeros replaced by imputed counts (NB mean × size factor)"
		}
		result.Uns["graphsci"] = map[string]any{"X": what, "replace": string(replace), "source": filepath.Base(out)}
	}
	return anndata.Write(out, result, anndata.WriteOptions{GenesInRows: genesInRows})
}

// addTrainingCurves records the loss terms and validation error per epoch.
func addTrainingCurves(run *report.Run, m *graphsci.Model) {
	h := m.History()
	x := make([]float64, len(h))
	series := map[string][]float64{}
	names := []string{"loss", "expression", "adjacency", "kl", "validation MAE (log1p)", "learning rate", "seconds"}
	for i, e := range h {
		x[i] = float64(e.Epoch)
		for k, v := range []float64{e.Loss, e.Expression, e.Adjacency, e.KL, e.ValidationMAE, e.LearningRate, e.Seconds} {
			series[names[k]] = append(series[names[k]], v)
		}
	}
	var losses []plot.Series
	for _, n := range names[:4] {
		losses = append(losses, plot.Series{Name: n, X: x, Y: series[n]})
	}
	run.Curves = append(run.Curves,
		report.Curves{Title: "GraphSCI training loss", XLabel: "epoch", YLabel: "loss per entry", Series: losses, Kind: "training"},
		report.Curves{Title: "Validation error", XLabel: "epoch", YLabel: "MAE of log1p counts on held-out entries",
			Series: []plot.Series{{Name: "validation MAE", X: x, Y: series[names[4]]}}},
	)
	rows := make([][]string, len(h))
	for i, e := range h {
		rows[i] = []string{fmt.Sprint(e.Epoch), fmt.Sprintf("%.5g", e.Loss), fmt.Sprintf("%.5g", e.Expression), fmt.Sprintf("%.5g", e.Adjacency),
			fmt.Sprintf("%.5g", e.KL), fmt.Sprintf("%.5g", e.ValidationMAE), fmt.Sprintf("%.3g", e.LearningRate), fmt.Sprintf("%.2f", e.Seconds)}
	}
	run.Tables = append(run.Tables, report.Table{Title: "Training per epoch",
		Header: []string{"epoch", "loss", "expression", "adjacency", "kl", "validation MAE", "learning rate", "seconds"}, Rows: rows})
}
