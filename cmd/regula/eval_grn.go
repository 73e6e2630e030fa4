package main

import (
	"flag"
	"fmt"

	"regula/eval"
	"regula/grn"
)

// evalGRNFlags are the flags of `regula eval grn` (--pred and --truth are
// shared with `eval cluster`, where they name label columns).
var evalGRNFlags struct {
	expr, geneList string
	compare        string
	topFraction    float64
	precisionAt    int
}

func init() {
	evalSubcommands["grn"] = &evalSubcommand{
		summary: "EPR, AUPRC ratio and AUROC of a predicted GRN on BEELINE's candidate set; GRN consistency",
		usage:   "regula eval grn --pred EDGES.tsv (--truth NETWORK.csv --expr EXPR [--genes-in-rows] | --compare OTHER.tsv) [--json]",
		flags: func(fs *flag.FlagSet) {
			o := &evalGRNFlags
			fs.StringVar(&o.expr, "expr", "", "grn: expression data whose genes define the candidate targets (any readable format)")
			fs.StringVar(&o.geneList, "gene-list", "", "grn: file listing the data's genes, instead of --expr")
			fs.StringVar(&o.compare, "compare", "", "grn: a second ranked edge list; report the GRN consistency of --pred with it")
			fs.Float64Var(&o.topFraction, "top-fraction", 0.1, "grn: fraction of top edges compared by --compare")
			fs.IntVar(&o.precisionAt, "precision-at", 0, "grn: also report the precision of the top N candidate edges")
		},
		run: runEvalGRN,
	}
}

func runEvalGRN(env *Env, args []string) ([]metric, error) {
	o, s := &evalGRNFlags, &evalSubFlags
	if len(args) > 0 {
		return nil, usagef("unexpected arguments %v", args)
	}
	if err := requireFlags("pred", s.pred); err != nil {
		return nil, err
	}
	pred, err := grn.ReadRankedEdges(s.pred)
	if err != nil {
		return nil, err
	}
	var out []metric
	if o.compare != "" {
		other, err := grn.ReadRankedEdges(o.compare)
		if err != nil {
			return nil, err
		}
		c, err := eval.GRNConsistency(pred, other, o.topFraction)
		if err != nil {
			return nil, err
		}
		out = append(out, metric{"consistency", c}, metric{"top_fraction", o.topFraction})
		if s.truth == "" {
			return out, nil
		}
	}
	if err := requireFlags("truth", s.truth); err != nil {
		return nil, err
	}
	truth, err := grn.ReadNetwork(s.truth)
	if err != nil {
		return nil, err
	}
	var genes []string
	switch {
	case o.geneList != "":
		if genes, err = grn.ReadGeneList(o.geneList); err != nil {
			return nil, err
		}
	case o.expr != "":
		a, err := evalSubFlags.read.read(o.expr)
		if err != nil {
			return nil, err
		}
		genes = a.GeneNames()
	default:
		return nil, usagef("--expr or --gene-list is required: the data's genes define the candidate targets")
	}
	m, err := eval.EvaluateGRN(pred, truth, genes)
	if err != nil {
		return nil, fmt.Errorf("%s vs %s: %w", s.pred, s.truth, err)
	}
	out = append(out,
		metric{"epr", m.EPR}, metric{"auprc_ratio", m.AUPRCRatio}, metric{"auroc", m.AUROC},
		metric{"early_precision", m.EarlyPrecision}, metric{"auprc", m.AUPRC},
		metric{"density", m.Density}, metric{"true_edges", m.TrueEdges}, metric{"candidates", m.Candidates})
	if o.precisionAt > 0 {
		p, err := eval.PrecisionAtK(pred, truth, genes, o.precisionAt)
		if err != nil {
			return nil, err
		}
		out = append(out, metric{fmt.Sprintf("precision_at_%d", o.precisionAt), p})
	}
	return out, nil
}
