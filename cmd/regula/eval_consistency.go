package main

import (
	"flag"
	"fmt"
	"math"
	"strconv"
	"strings"

	"regula/eval"
	"regula/grn"
)

// defaultConsistencyFractions are DeepSEM's K: the top 0.1 … 2.5 % of the
// edges inferred on the real cells.
const defaultConsistencyFractions = "0.001,0.002,0.005,0.01,0.015,0.02,0.025"

// evalConsistencyFlags are the flags of `regula eval consistency` (--real
// and --sim are shared with `eval realism`, where they name cell files).
var evalConsistencyFlags struct {
	fractions string
	tfs       string
}

func init() {
	evalSubcommands["consistency"] = &evalSubcommand{
		summary: "DeepSEM's GRN consistency of networks inferred on real and simulated cells, at several top-K fractions",
		usage:   "regula eval consistency --real EDGES_REAL.tsv --sim EDGES_SIM.tsv [--fractions " + defaultConsistencyFractions + "] [--tfs TF_LIST] [--json]",
		flags: func(fs *flag.FlagSet) {
			o := &evalConsistencyFlags
			fs.StringVar(&o.fractions, "fractions", defaultConsistencyFractions,
				"consistency: comma-separated fractions K of the real network's edges whose top-N overlap is reported (N = K × edges)")
			fs.StringVar(&o.tfs, "tfs", "", "consistency: file of regulator names; only edges out of them are compared (the paper keeps TF edges only)")
		},
		run: runEvalConsistency,
	}
}

// runEvalConsistency reads two ranked edge lists (--real: inferred on real
// cells, the reference; --sim: on simulated cells) and reports
// eval.GRNConsistency at every fraction, plus their mean.
func runEvalConsistency(env *Env, args []string) ([]metric, error) {
	o, s := &evalConsistencyFlags, &evalSubFlags
	if len(args) > 0 {
		return nil, usagef("unexpected arguments %v", args)
	}
	if err := requireFlags("real", s.real, "sim", s.sim); err != nil {
		return nil, err
	}
	fractions, err := parseFractions(o.fractions)
	if err != nil {
		return nil, err
	}
	real, err := grn.ReadRankedEdges(s.real)
	if err != nil {
		return nil, err
	}
	sim, err := grn.ReadRankedEdges(s.sim)
	if err != nil {
		return nil, err
	}
	if o.tfs != "" {
		tfs, err := grn.ReadGeneList(o.tfs)
		if err != nil {
			return nil, err
		}
		real, sim = edgesFrom(real, tfs), edgesFrom(sim, tfs)
		if len(real) == 0 {
			return nil, fmt.Errorf("%s: no edge starts at one of the %d regulators of %s", s.real, len(tfs), o.tfs)
		}
	}
	out := []metric{{"edges_real", len(real)}, {"edges_sim", len(sim)}}
	var sum float64
	for _, f := range fractions {
		c, err := eval.GRNConsistency(real, sim, f)
		if err != nil {
			return nil, fmt.Errorf("%s vs %s: %w", s.real, s.sim, err)
		}
		sum += c
		out = append(out, metric{"consistency_" + strconv.FormatFloat(f, 'g', -1, 64), c})
	}
	out = append(out, metric{"mean_consistency", sum / float64(len(fractions))})
	return out, nil
}

// parseFractions parses a comma-separated list of fractions in (0, 1].
func parseFractions(list string) ([]float64, error) {
	var out []float64
	for item := range strings.SplitSeq(list, ",") {
		item = strings.TrimSpace(item)
		f, err := strconv.ParseFloat(item, 64)
		if err != nil || !(f > 0 && f <= 1) || math.IsNaN(f) {
			return nil, usagef("--fractions: %q is not a fraction in (0, 1] (e.g. 0.001 for the top 0.1 %%)", item)
		}
		out = append(out, f)
	}
	return out, nil
}

// edgesFrom keeps the edges whose regulator is in regulators.
func edgesFrom(edges []grn.Edge, regulators []string) []grn.Edge {
	keep := make(map[string]bool, len(regulators))
	for _, r := range regulators {
		keep[r] = true
	}
	var out []grn.Edge
	for _, e := range edges {
		if keep[e.From] {
			out = append(out, e)
		}
	}
	return out
}
