package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"

	"regula/anndata"
	"regula/models/deepsem"
	"regula/report"
)

// simulateFlags are the options of `regula simulate`.
type simulateFlags struct {
	read      readFlags
	input     string
	method    string
	cells     int
	keepZeros bool
	noise     float64
	deepsem   deepsemFlags
}

var simulateOpts simulateFlags

func init() {
	register(&command{
		name:    "simulate",
		summary: "simulate cells with a trained generative model (DeepSEM)",
		usage:   "regula simulate --method deepsem --input IN --out SIM.h5ad|SIM.csv [--n-cells N] [--keep-zeros] [--noise SCALE] [--deepsem-mode celltype|nonspecific] [--deepsem-epochs N] ...",
		help: `Trains a generative model on IN (any file 'regula info' reads) and writes
simulated cells with the same genes to --out: an .h5ad file (X, obs with the
source cell of each simulated cell and the source's annotations, uns with
the parameters) or a delimited table (.csv/.tsv[.gz], X only), plus
OUT.run.json, a run record with the training curves ('regula report').

--method deepsem (Shu et al. 2021) trains one DeepSEM model (flags as for
'regula embed --method deepsem': --deepsem-mode, --deepsem-epochs,
--deepsem-alpha, --deepsem-beta, ...; seed --seed). Each simulated cell
comes from a real cell drawn uniformly with replacement: its latent vector
is perturbed, z̃ = μ + n·σ with n ~ N(0, I), and decoded through the inverse
GRN layer; the values are returned to the input's scale. --keep-zeros gives
each simulated cell the zero pattern of its source cell, as the paper does.
DeepSEM expects log-normalised expression: raw integer counts are normalised
to 1e4 per cell and log1p-transformed first, and the simulated values are on
that log scale.`,
		flags: func(fs *flag.FlagSet) {
			o := &simulateOpts
			*o = simulateFlags{}
			o.read.register(fs)
			fs.StringVar(&o.input, "input", "", "expression file (cells × genes; log-normalised or raw counts)")
			fs.StringVar(&o.method, "method", "deepsem", "simulation model: deepsem")
			fs.IntVar(&o.cells, "n-cells", 0, "cells to simulate (0 = as many as the input has)")
			fs.BoolVar(&o.keepZeros, "keep-zeros", false, "keep each source cell's zero pattern (the paper's simulation)")
			fs.Float64Var(&o.noise, "noise", 1, "scale of the latent perturbation: z̃ = μ + noise·n·σ, n ~ N(0, I) (the paper: 1)")
			o.deepsem.register(fs, "deepsem-")
		},
		run: runSimulate,
	})
}

func runSimulate(env *Env, args []string) error {
	o := &simulateOpts
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if o.input == "" || env.Out == "" {
		return usagef("--input and --out are required")
	}
	if anndata.FormatOf(env.Out) != anndata.FormatH5AD && anndata.FormatOf(env.Out) != anndata.FormatDelimited {
		return usagef("--out must be an .h5ad or .csv/.tsv/.txt[.gz] file, got %q", env.Out)
	}
	if o.method != "deepsem" {
		return usagef("unknown --method %q (want deepsem)", o.method)
	}
	if o.cells < 0 {
		return usagef("--n-cells must be ≥ 0, got %d", o.cells)
	}
	if !(o.noise > 0) || math.IsInf(o.noise, 0) {
		return usagef("--noise must be a finite value > 0, got %g", o.noise)
	}
	if _, err := o.deepsem.config(uint64(env.Seed)); err != nil {
		return err // a flag error before the input is read
	}
	a, err := o.read.read(o.input)
	if err != nil {
		return err
	}
	run := report.NewRun("Simulation (deepsem)", env.Args, version)
	run.Input("expression", o.input)
	run.Param("method", o.method)
	run.Param("seed", env.Seed)
	run.Param("keep_zeros", o.keepZeros)
	run.Param("noise", o.noise)
	mdl, fit, err := trainDeepSEM(env, &o.deepsem, a, run)
	if err != nil {
		return err
	}
	defer mdl.Close()
	sim, err := mdl.Simulate(fit.data, deepsem.SimulateOptions{Cells: o.cells, KeepZeros: o.keepZeros, Seed: uint64(env.Seed), Noise: o.noise})
	if err != nil {
		return err
	}
	out, err := simulatedAnnData(a, sim, fit, o.keepZeros)
	if err != nil {
		return err
	}
	n := len(sim.Source)
	run.Param("simulated_cells", n)
	run.Tables = append(run.Tables, simulationSummary(fit, sim))
	if err := anndata.Write(env.Out, out, anndata.WriteOptions{}); err != nil {
		return err
	}
	run.Output("simulated cells", env.Out)
	if err := run.Save(env.Out + ".run.json"); err != nil {
		return err
	}
	env.Logf("regula simulate: wrote %d simulated cells × %d genes to %s and %s", n, fit.data.Genes, env.Out, env.Out+".run.json")
	return nil
}

// simulatedAnnData wraps the simulated cells: X, obs with each cell's
// source cell and the source's annotations, var as in the input, and
// uns["deepsem_simulate"] with the parameters.
func simulatedAnnData(a *anndata.AnnData, sim *deepsem.Simulation, fit *deepsemFit, keepZeros bool) (*anndata.AnnData, error) {
	n, m := len(sim.Source), fit.data.Genes
	names := make([]string, n)
	for i := range names {
		names[i] = "sim" + strconv.Itoa(i+1)
	}
	out, err := anndata.New(&anndata.Dense{Rows: n, Cols: m, Data: sim.X}, names, a.GeneNames())
	if err != nil {
		return nil, err
	}
	out.Obs = a.Obs.Subset(sim.Source)
	out.Obs.Index = names
	cells := a.CellNames()
	source := make([]string, n)
	for i, c := range sim.Source {
		source[i] = cells[c]
	}
	if err := out.Obs.Set("source_cell", &anndata.StringColumn{Values: source}); err != nil {
		return nil, err
	}
	out.Var = a.Var
	out.Uns = anndata.Uns{"deepsem_simulate": anndata.Uns{
		"keep_zeros": keepZeros, "cells": int64(n), "input_raw_counts": fit.rawCounts,
		"model": deepsemUns(fit),
	}}
	return out, nil
}

// simulationSummary compares the log-normalised input and the simulated
// cells gene by gene: mean, standard deviation and fraction of zeros,
// averaged over the genes.
func simulationSummary(fit *deepsemFit, sim *deepsem.Simulation) report.Table {
	m := fit.data.Genes
	inMean, inStd, inZero := columnStats(fit.expression.ToDense().Data, m)
	sm, ss, sz := columnStats(sim.X, m)
	t := report.Table{Title: "Input vs simulated cells (averages over genes)", Header: []string{"cells", "mean", "std", "zero fraction"}}
	row := func(label string, mean, std, zero []float64) []string {
		return []string{label, fmtMean(mean), fmtMean(std), fmtMean(zero)}
	}
	t.Rows = append(t.Rows, row(strconv.Itoa(fit.data.Cells)+" input", inMean, inStd, inZero), row(strconv.Itoa(len(sim.Source))+" simulated", sm, ss, sz))
	return t
}

// columnStats returns each column's mean, population standard deviation
// and fraction of zeros of a row-major matrix with m columns.
func columnStats(x []float32, m int) (mean, std, zero []float64) {
	mean, std, zero = make([]float64, m), make([]float64, m), make([]float64, m)
	rows := len(x) / m
	if rows == 0 {
		return
	}
	for k, v := range x {
		g := k % m
		mean[g] += float64(v)
		if v == 0 {
			zero[g]++
		}
	}
	for g := range mean {
		mean[g] /= float64(rows)
		zero[g] /= float64(rows)
	}
	for k, v := range x {
		d := float64(v) - mean[k%m]
		std[k%m] += d * d
	}
	for g := range std {
		std[g] = math.Sqrt(std[g] / float64(rows))
	}
	return
}

// fmtMean formats the mean of v.
func fmtMean(v []float64) string {
	s := 0.0
	for _, x := range v {
		s += x
	}
	return fmt.Sprintf("%.4g", s/float64(max(1, len(v))))
}
