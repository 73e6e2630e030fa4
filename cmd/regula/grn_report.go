package main

import (
	"fmt"
	"strconv"

	"regula/grn"
	"regula/models/deepsem"
	"regula/plot"
	"regula/report"
)

// grnTopEdges is how many of the strongest edges the run record lists.
const grnTopEdges = 25

// grnReport builds the run record of `regula grn` (OUT.run.json, rendered
// by `regula report`): inputs, outputs, parameters, the strongest edges and,
// for DeepSEM, the training curves averaged over the ensemble members.
func grnReport(env *Env, run *grnRun, stem string, edges []grn.Edge, members []*deepsem.Result) *report.Run {
	rec := report.NewRun("Gene regulatory network ("+run.Method+")", env.Args, version)
	rec.Started = run.Started
	rec.Input("expression", run.Input)
	if run.TFs != "" {
		rec.Input("regulators", run.TFs)
	}
	rec.Output("ranked edges", env.Out)
	rec.Output("parameters", stem+".params.json")
	if run.Method == "deepsem" {
		rec.Output("W (mean |W| over members)", stem+".W.tsv")
		rec.Output("losses per epoch", stem+".losses.tsv")
	}
	rec.Param("method", run.Method)
	rec.Param("cells", run.Cells)
	rec.Param("genes", run.Genes)
	rec.Param("candidate regulators", run.Regulators)
	rec.Param("seed", run.Seed)
	rec.Param("threads", run.Threads)
	if run.Trees > 0 {
		rec.Param("trees", run.Trees)
	}
	if run.Config != nil {
		rec.Param("ensemble members", run.Ensemble)
		rec.Param("deepsem_config", fmt.Sprintf("%+v", *run.Config))
	}
	rec.Param("edges written", len(edges))
	rec.Param("wall seconds", fmt.Sprintf("%.1f", run.WallSeconds))

	top := report.Table{Title: fmt.Sprintf("Strongest %d edges", min(grnTopEdges, len(edges))), Header: []string{"rank", "regulator", "target", "weight"}}
	for i, e := range edges[:min(grnTopEdges, len(edges))] {
		top.Rows = append(top.Rows, []string{strconv.Itoa(i + 1), e.From, e.To, strconv.FormatFloat(e.Weight, 'g', 4, 64)})
	}
	rec.Tables = append(rec.Tables, top)

	for _, m := range members {
		for _, r := range m.Recoveries {
			rec.Note("member seed %d, epoch %d, step %d: I − W had condition number %.3g and W was shrunk by %g", m.Config.Seed, r.Epoch, r.Step, r.Condition, r.Damping)
		}
	}
	if c, ok := meanTrainingCurves(members); ok {
		rec.Curves = append(rec.Curves, c)
	}
	return rec
}

// meanTrainingCurves averages each DeepSEM loss term per epoch over the
// ensemble members (they share the epoch schedule).
func meanTrainingCurves(members []*deepsem.Result) (report.Curves, bool) {
	if len(members) == 0 || len(members[0].Losses) == 0 {
		return report.Curves{}, false
	}
	title := "DeepSEM training"
	if len(members) > 1 {
		title = fmt.Sprintf("DeepSEM training (mean over %d members)", len(members))
	}
	c := report.Curves{Title: title, XLabel: "epoch", YLabel: "loss per cell", Kind: "training"}
	epochs := len(members[0].Losses)
	for _, t := range deepsemLossTerms {
		s := plot.Series{Name: t.name}
		for e := 0; e < epochs; e++ {
			sum, n := 0.0, 0
			for _, m := range members {
				if e < len(m.Losses) {
					sum += t.get(m.Losses[e])
					n++
				}
			}
			s.X, s.Y = append(s.X, float64(e+1)), append(s.Y, sum/float64(n))
		}
		c.Series = append(c.Series, s)
	}
	return c, true
}
