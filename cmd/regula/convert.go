package main

import (
	"flag"

	"regula/anndata"
)

func init() {
	var (
		rf           readFlags
		transposeOut bool
	)
	register(&command{
		name:    "convert",
		summary: "convert a dataset between file formats",
		usage:   "regula convert IN OUT [--genes-in-rows] [--obs-table TABLE] [--transpose-out]",
		help: `Reads IN in any format 'regula info' understands (a 10x directory, .h5ad,
.h5, .mtx[.gz], .csv/.tsv/.txt[.gz]) and writes it to OUT in the format
OUT's name asks for:
  OUT.h5ad                an AnnData file with X, obs, var and all annotations
  OUT.csv|tsv|txt[.gz]    a table of X with cell and gene names: commas for
                          .csv, tabs otherwise, gzip for .gz; rows are cells
                          unless --transpose-out (genes as rows, as BEELINE
                          expects). Annotations (obs, var, …) are not written.

--genes-in-rows describes the input table, --transpose-out the output; to
turn a BEELINE genes × cells table into a cells × genes one, give only
--genes-in-rows. --obs-table joins a table of cell annotations (first
column: cell names, every cell of IN must be present) into obs, e.g. to
carry cell types into an .h5ad file. OUT may also be given with --out. The
output is written atomically: an interrupted run leaves no partial file.

EXAMPLES
  regula convert ../shared/data/pbmc3k_clustifyr/counts_recovered_genes_x_cells.mtx.gz \
      pbmc3k.h5ad --obs-table ../shared/data/pbmc3k_clustifyr/meta.tsv
  regula convert ExpressionData.csv.gz cells_x_genes.tsv.gz --genes-in-rows
  regula convert filtered_feature_bc_matrix/ expression.csv --transpose-out`,
		flags: func(fs *flag.FlagSet) {
			rf.register(fs)
			fs.BoolVar(&transposeOut, "transpose-out", false, "write a delimited table with genes as rows and cells as columns")
		},
		run: func(env *Env, args []string) error {
			out := env.Out
			switch {
			case len(args) == 2 && out == "":
				out = args[1]
			case len(args) == 1 && out != "":
			default:
				return usagef("expected an input and an output file, got %d arguments", len(args))
			}
			a, err := rf.read(args[0])
			if err != nil {
				return err
			}
			env.Logf("read %s: %d cells × %d genes", args[0], a.NObs(), a.NVars())
			if anndata.FormatOf(out) == anndata.FormatDelimited && len(a.Obs.Names())+len(a.Var.Names()) > 0 {
				env.Logf("note: %s holds X and the names only; the obs and var columns are not written to a text table", out)
			}
			if err := anndata.Write(out, a, anndata.WriteOptions{GenesInRows: transposeOut}); err != nil {
				return err
			}
			env.Logf("wrote %s", out)
			return nil
		},
	})
}
