package main

import (
	"flag"
	"fmt"
	"strings"

	"regula/anndata"
	"regula/plot"
)

// plotFlags are the flags of `regula plot`.
type plotFlags struct {
	read  readFlags
	basis string
	color string
	title string
}

func init() {
	var f plotFlags
	register(&command{
		name:    "plot",
		summary: "draw an embedding of the cells coloured by an annotation or a gene (PNG or SVG)",
		usage:   "regula plot embedding IN --basis umap --color COL|GENE --out FIG.png|FIG.svg",
		help: `Draws obsm[X_BASIS] (the first two dimensions) of IN, one point per cell,
coloured by an obs column (categorical → one colour per category with a
legend listing each category and its number of cells; numeric → viridis
scale) or, if no obs column has that name, by the expression of the gene
COLOR in X. Without --color all points share one colour. The figure is PNG
or SVG by the extension of --out, written atomically.

EXAMPLE
  regula tl umap pbmc.h5ad --out pbmc.h5ad
  regula plot embedding pbmc.h5ad --basis umap --color classified --out umap.png`,
		flags: func(fs *flag.FlagSet) {
			f.read.register(fs)
			fs.StringVar(&f.basis, "basis", "umap", "embedding to draw: obsm key, with or without the X_ prefix (umap, tsne, pca, sivae, …)")
			fs.StringVar(&f.color, "color", "", "obs column or gene name to colour the cells by")
			fs.StringVar(&f.title, "title", "", "figure title (default: the basis)")
		},
		run: func(env *Env, args []string) error {
			if len(args) != 2 || args[0] != "embedding" {
				return usagef("expected 'embedding IN'")
			}
			if env.Out == "" {
				return usagef("--out FIG.png or FIG.svg is required")
			}
			a, err := f.read.read(args[1])
			if err != nil {
				return err
			}
			fig, err := embeddingFigure(a, f.basis, f.color, f.title)
			if err != nil {
				return fmt.Errorf("%s: %w", args[1], err)
			}
			if err := fig.Save(env.Out); err != nil {
				return err
			}
			env.Logf("wrote %s", env.Out)
			return nil
		},
	})
}

// embeddingFigure draws obsm[basis] coloured by an obs column or a gene.
func embeddingFigure(a *anndata.AnnData, basis, color, title string) (*plot.Figure, error) {
	key := basis
	if a.Obsm[key] == nil && !strings.HasPrefix(key, "X_") {
		key = "X_" + basis
	}
	emb := a.Obsm[key]
	if emb == nil {
		var have []string
		for k := range a.Obsm {
			have = append(have, k)
		}
		return nil, fmt.Errorf("no obsm[%q] (have %v); compute it first, e.g. 'regula tl umap'", key, have)
	}
	if emb.Cols < 2 {
		return nil, fmt.Errorf("obsm[%q] has %d dimension(s); need 2", key, emb.Cols)
	}
	x, y := make([]float64, emb.Rows), make([]float64, emb.Rows)
	for i := range x {
		x[i], y[i] = float64(emb.At(i, 0)), float64(emb.At(i, 1))
	}
	name := strings.ToUpper(strings.TrimPrefix(key, "X_"))
	opt := plot.EmbeddingOptions{Title: title, XLabel: name + "1", YLabel: name + "2", ColorLabel: color}
	if opt.Title == "" {
		opt.Title = name
	}
	if color != "" {
		switch c := a.Obs.Col(color).(type) {
		case nil:
			j := -1
			for k, g := range a.GeneNames() {
				if g == color {
					j = k
					break
				}
			}
			if j < 0 {
				return nil, fmt.Errorf("--color %q is neither an obs column (%v) nor a gene", color, a.Obs.Names())
			}
			opt.Values = make([]float64, a.NObs())
			for i := range opt.Values {
				opt.Values[i] = float64(a.X.At(i, j))
			}
		case *anndata.FloatColumn:
			opt.Values = c.Values
		case *anndata.IntColumn:
			opt.Values = make([]float64, len(c.Values))
			for i, v := range c.Values {
				opt.Values[i] = float64(v)
			}
		case *anndata.Categorical:
			opt.Categories, _ = a.Obs.Strings(color)
			opt.CategoryOrder = c.Categories
		default:
			opt.Categories, _ = a.Obs.Strings(color)
		}
	}
	return plot.Embedding(x, y, opt)
}
