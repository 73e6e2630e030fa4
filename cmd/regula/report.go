package main

import (
	"strings"

	"regula/report"
)

func init() {
	register(&command{
		name:    "report",
		summary: "render a run record (OUT.run.json) as a self-contained HTML page",
		usage:   "regula report RUN.json [--out REPORT.html]",
		help: `Every regula command that trains a model or computes metrics saves a run
record beside its output (OUT.run.json): inputs, every parameter in effect,
metrics tables, training curves and embeddings. This command draws the
plots and writes one HTML file with everything embedded, readable in any
browser without a notebook or other files.

The default output is RUN.html next to the record.`,
		run: func(env *Env, args []string) error {
			if len(args) != 1 {
				return usagef("expected one run record, got %d arguments", len(args))
			}
			r, err := report.Load(args[0])
			if err != nil {
				return err
			}
			out := env.Out
			if out == "" {
				out = strings.TrimSuffix(strings.TrimSuffix(args[0], ".json"), ".run") + ".html"
			}
			if err := report.WriteHTML(out, r); err != nil {
				return err
			}
			env.Logf("wrote %s", out)
			return nil
		},
	})
}
