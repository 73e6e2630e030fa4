package main

import (
	"flag"
	"fmt"
	"io"
	"slices"
	"strings"

	"regula/anndata"
)

func init() {
	var rf readFlags
	register(&command{
		name:    "info",
		summary: "describe a dataset: shape, sparsity, storage, annotations",
		usage:   "regula info FILE [--genes-in-rows] [--obs-table TABLE] [--make-unique]",
		help: `Reads FILE with the reader its name calls for and prints what it holds:
the number of cells and genes, the storage of X (dense or CSR) and its
fraction of zeros, the obs and var columns with their types (categorical
columns with their number of categories), and the keys of obsm, varm, obsp,
layers and uns.

FILE is one of:
  DIR                     a 10x Cell Ranger matrix directory (matrix.mtx[.gz],
                          barcodes.tsv[.gz], features.tsv[.gz] or genes.tsv)
  NAME.h5ad               an AnnData file
  NAME.h5                 a 10x Cell Ranger HDF5 matrix
  NAME.mtx[.gz]           a Matrix Market matrix; the cell and gene lists are
                          found beside it (barcodes.tsv, genes.tsv or
                          features.tsv, possibly sharing the matrix's prefix)
                          or named with --cells and --genes
  NAME.csv|tsv|txt[.gz]   a table with a header line and row names in the
                          first column; rows are cells unless --genes-in-rows

Gzip compression is recognised from the content. A table whose gene names
look like cell barcodes is refused with a hint about --genes-in-rows.

EXAMPLES
  regula info ../shared/data/pbmc3k_clustifyr/counts_recovered_genes_x_cells.mtx.gz \
      --obs-table ../shared/data/pbmc3k_clustifyr/meta.tsv
  regula info ExpressionData.csv.gz --genes-in-rows`,
		flags: rf.register,
		run: func(env *Env, args []string) error {
			if len(args) != 1 {
				return usagef("expected one input file, got %d arguments", len(args))
			}
			a, err := rf.read(args[0])
			if err != nil {
				return err
			}
			return describe(env.Stdout, args[0], a)
		},
	})
}

// readFlags are the input options shared by info and convert.
type readFlags struct {
	opts     anndata.ReadOptions
	obsTable string
}

// register declares the input flags on fs.
func (rf *readFlags) register(fs *flag.FlagSet) {
	fs.BoolVar(&rf.opts.GenesInRows, "genes-in-rows", false, "a delimited input table has genes as rows and cells as columns (BEELINE, Seurat)")
	fs.BoolVar(&rf.opts.MakeUnique, "make-unique", false, "rename duplicated gene or cell names by appending -1, -2, … (scanpy's var_names_make_unique)")
	fs.StringVar(&rf.opts.CellsFile, "cells", "", "list of cell names (barcodes) of a Matrix Market input")
	fs.StringVar(&rf.opts.GenesFile, "genes", "", "list of gene names (or features) of a Matrix Market input")
	fs.BoolVar(&rf.opts.GeneIDsAsNames, "gene-ids", false, "name genes by their IDs (first column of a 10x features list) instead of symbols")
	fs.BoolVar(&rf.opts.SkipOrientationCheck, "no-orientation-check", false, "accept tables whose gene names look like cell barcodes")
	fs.StringVar(&rf.obsTable, "obs-table", "", "CSV/TSV table of cell annotations (first column: cell names) to join into obs")
}

// read reads path with the flags' options and joins the obs table if any.
func (rf *readFlags) read(path string) (*anndata.AnnData, error) {
	a, err := anndata.Read(path, rf.opts)
	if err != nil {
		return nil, err
	}
	if rf.obsTable != "" {
		if err := anndata.ReadObsTable(a, rf.obsTable); err != nil {
			return nil, err
		}
	}
	return a, nil
}

// describe prints the summary of `regula info`.
func describe(w io.Writer, path string, a *anndata.AnnData) error {
	format := anndata.FormatOf(path)
	fmt.Fprintf(w, "file      %s", path)
	if format != anndata.FormatUnknown {
		fmt.Fprintf(w, " (%s)", format)
	}
	fmt.Fprintf(w, "\nshape     %d cells × %d genes\n", a.NObs(), a.NVars())
	fmt.Fprintf(w, "X         %s\n", storage(a.X))
	fmt.Fprintf(w, "sparsity  %.2f%% zeros\n", 100*zeroFraction(a.X))
	describeFrame(w, "obs", a.Obs)
	describeFrame(w, "var", a.Var)
	describeKeys(w, "obsm", a.Obsm, func(m *anndata.Dense) string { return fmt.Sprintf("%d×%d", m.Rows, m.Cols) })
	describeKeys(w, "varm", a.Varm, func(m *anndata.Dense) string { return fmt.Sprintf("%d×%d", m.Rows, m.Cols) })
	describeKeys(w, "obsp", a.Obsp, func(m *anndata.CSR) string { return fmt.Sprintf("%d×%d CSR, %d stored", m.Rows, m.Cols, m.NNZ()) })
	describeKeys(w, "layers", a.Layers, storage)
	describeKeys(w, "uns", a.Uns, unsType)
	return nil
}

// storage describes a matrix's storage kind, stored entries and memory.
func storage(m anndata.Matrix) string {
	r, c := m.Dims()
	switch x := m.(type) {
	case *anndata.Dense:
		return fmt.Sprintf("dense float32, %d×%d, %s", r, c, byteSize(4*int64(len(x.Data))))
	case *anndata.CSR:
		bytes := 8*int64(len(x.Indptr)) + 4*int64(len(x.Indices)) + 4*int64(len(x.Data))
		return fmt.Sprintf("CSR float32, %d×%d, %d stored entries, %s", r, c, len(x.Data), byteSize(bytes))
	}
	return fmt.Sprintf("%T, %d×%d", m, r, c)
}

// zeroFraction returns the fraction of entries of m that are zero.
func zeroFraction(m anndata.Matrix) float64 {
	r, c := m.Dims()
	total := float64(r) * float64(c)
	if total == 0 {
		return 0
	}
	nonZeros := 0
	switch x := m.(type) {
	case *anndata.CSR:
		for _, v := range x.Data {
			if v != 0 {
				nonZeros++
			}
		}
	default:
		nonZeros = m.NNZ()
	}
	return 1 - float64(nonZeros)/total
}

// byteSize formats a byte count with a binary unit.
func byteSize(n int64) string {
	switch {
	case n >= 1<<30:
		return fmt.Sprintf("%.1f GiB", float64(n)/(1<<30))
	case n >= 1<<20:
		return fmt.Sprintf("%.1f MiB", float64(n)/(1<<20))
	case n >= 1<<10:
		return fmt.Sprintf("%.1f KiB", float64(n)/(1<<10))
	}
	return fmt.Sprintf("%d B", n)
}

// describeFrame lists a frame's columns with their types.
func describeFrame(w io.Writer, name string, f *anndata.Frame) {
	cols := f.Names()
	fmt.Fprintf(w, "%-9s %d columns\n", name, len(cols))
	width := 0
	for _, c := range cols {
		width = max(width, len(c))
	}
	for _, c := range cols {
		fmt.Fprintf(w, "  %-*s  %s\n", width, c, columnType(f.Col(c)))
	}
}

// columnType names a column's type; categoricals give their size.
func columnType(c anndata.Column) string {
	switch x := c.(type) {
	case *anndata.StringColumn:
		return "string"
	case *anndata.FloatColumn:
		return "float"
	case *anndata.IntColumn:
		return "int"
	case *anndata.BoolColumn:
		return "bool"
	case *anndata.Categorical:
		kind := "categorical"
		if x.Ordered {
			kind = "ordered categorical"
		}
		plural := "ies"
		if len(x.Categories) == 1 {
			plural = "y"
		}
		return fmt.Sprintf("%s (%d categor%s)", kind, len(x.Categories), plural)
	}
	return fmt.Sprintf("%T", c)
}

// describeKeys prints a map's keys in order with a description of each value.
func describeKeys[V any](w io.Writer, name string, m map[string]V, describe func(V) string) {
	keys := make([]string, 0, len(m))
	for k := range m {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	if len(keys) == 0 {
		fmt.Fprintf(w, "%-9s (none)\n", name)
		return
	}
	fmt.Fprintf(w, "%-9s %s\n", name, strings.Join(keys, ", "))
	width := 0
	for _, k := range keys {
		width = max(width, len(k))
	}
	for _, k := range keys {
		fmt.Fprintf(w, "  %-*s  %s\n", width, k, describe(m[k]))
	}
}

// unsType describes an uns value.
func unsType(v any) string {
	switch x := v.(type) {
	case string:
		return "string"
	case float64:
		return "float"
	case int64:
		return "int"
	case bool:
		return "bool"
	case []string:
		return fmt.Sprintf("%d strings", len(x))
	case []float64:
		return fmt.Sprintf("%d floats", len(x))
	case []int64:
		return fmt.Sprintf("%d ints", len(x))
	case *anndata.Dense:
		return fmt.Sprintf("%d×%d array", x.Rows, x.Cols)
	case anndata.Uns:
		return fmt.Sprintf("mapping of %d keys", len(x))
	case map[string]any:
		return fmt.Sprintf("mapping of %d keys", len(x))
	}
	return fmt.Sprintf("%T", v)
}
