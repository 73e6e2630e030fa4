package main

import (
	"bufio"
	"flag"
	"fmt"
	"io"
	"strconv"

	"regula/anndata"
	"regula/internal/atomicfile"
	"regula/models/sivae"
)

// genesFlags are the options of `regula genes`.
type genesFlags struct {
	from      string
	neighbors int
	key       string
}

var genesOpts genesFlags

func init() {
	register(&command{
		name:    "genes",
		summary: "list each gene's nearest genes in a gene-loading space (siVAE)",
		usage:   "regula genes --neighbors K --from OUT.h5ad [--key sivae_loadings] [--out FILE.tsv]",
		help: `Reads the gene loadings varm[--key] of an .h5ad written by 'regula embed'
and lists, for every gene, its K nearest genes by Euclidean distance in
loading space (the siVAE paper's co-expression neighbours, siVAE-Euc).
Output: tab-separated gene, rank, neighbour, distance, with a header; to
--out or stdout.`,
		flags: func(fs *flag.FlagSet) {
			o := &genesOpts
			*o = genesFlags{}
			fs.StringVar(&o.from, "from", "", ".h5ad written by 'regula embed'")
			fs.IntVar(&o.neighbors, "neighbors", 10, "neighbours per gene")
			fs.StringVar(&o.key, "key", "sivae_loadings", "varm entry holding the gene loadings")
		},
		run: runGenes,
	})
}

func runGenes(env *Env, args []string) error {
	o := &genesOpts
	if len(args) > 0 {
		return usagef("unexpected argument %q", args[0])
	}
	if o.from == "" {
		return usagef("--from is required")
	}
	a, err := anndata.ReadH5AD(o.from)
	if err != nil {
		return err
	}
	v := a.Varm[o.key]
	if v == nil {
		return fmt.Errorf("%s has no varm[%q] (run 'regula embed --method sivae' first)", o.from, o.key)
	}
	nb, err := sivae.GeneNeighbors(v.Data, v.Cols, o.neighbors)
	if err != nil {
		return err
	}
	genes := a.GeneNames()
	write := func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, "gene\trank\tneighbor\tdistance")
		for i, list := range nb {
			for r, n := range list {
				fmt.Fprintf(bw, "%s\t%d\t%s\t%s\n", genes[i], r+1, genes[n.Gene], strconv.FormatFloat(n.Distance, 'g', 6, 64))
			}
		}
		return bw.Flush()
	}
	if env.Out == "" {
		return write(env.Stdout)
	}
	return atomicfile.Write(env.Out, write)
}
