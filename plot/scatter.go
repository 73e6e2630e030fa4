package plot

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// EmbeddingOptions describe an embedding scatter plot. Set exactly one of
// Categories or Values to colour the points (neither: one colour).
type EmbeddingOptions struct {
	Title          string
	XLabel, YLabel string // default "dim 1", "dim 2"
	// Categories colours each point by its label (e.g. a cell type); the
	// legend lists the labels in the order of CategoryOrder, or sorted.
	Categories    []string
	CategoryOrder []string
	// Values colours each point on the viridis scale (e.g. a gene's
	// expression); the legend shows the scale.
	Values []float64
	// ColorLabel names what Values or Categories are (legend title).
	ColorLabel string
	// PointSize is the glyph radius in points (default: by number of points).
	PointSize float64
}

// Embedding draws a 2-D embedding (UMAP, t-SNE, latent scores): x[i], y[i]
// is cell i.
func Embedding(x, y []float64, opt EmbeddingOptions) (*Figure, error) {
	n := len(x)
	if len(y) != n {
		return nil, fmt.Errorf("plot: embedding has %d x and %d y values", n, len(y))
	}
	if opt.Categories != nil && len(opt.Categories) != n {
		return nil, fmt.Errorf("plot: %d categories for %d points", len(opt.Categories), n)
	}
	if opt.Values != nil && len(opt.Values) != n {
		return nil, fmt.Errorf("plot: %d values for %d points", len(opt.Values), n)
	}
	xl, yl := opt.XLabel, opt.YLabel
	if xl == "" {
		xl = "dim 1"
	}
	if yl == "" {
		yl = "dim 2"
	}
	p := newPlot(opt.Title, xl, yl)
	radius := vg.Points(opt.PointSize)
	if opt.PointSize <= 0 {
		radius = vg.Points(math.Max(0.8, math.Min(3, 120/math.Sqrt(float64(n)+1))))
	}
	fig := newFigure(p)
	legend := gplot.NewLegend()
	legend.Top, legend.Left = true, true
	legend.TextStyle.Font.Size = font.Length(11)
	legend.ThumbnailWidth = vg.Points(10)

	switch {
	case opt.Categories != nil:
		order := opt.CategoryOrder
		if order == nil {
			seen := map[string]bool{}
			for _, c := range opt.Categories {
				if !seen[c] {
					seen[c] = true
					order = append(order, c)
				}
			}
			sort.Strings(order)
		}
		byCat := map[string]plotter.XYs{}
		for i, c := range opt.Categories {
			byCat[c] = append(byCat[c], plotter.XY{X: x[i], Y: y[i]})
		}
		for k, c := range order {
			pts := byCat[c]
			if len(pts) == 0 {
				continue
			}
			s, err := plotter.NewScatter(pts)
			if err != nil {
				return nil, fmt.Errorf("plot: category %q: %w", c, err)
			}
			s.GlyphStyle = draw.GlyphStyle{Color: CategoryColor(k, len(order)), Radius: radius, Shape: draw.CircleGlyph{}}
			p.Add(s)
			// A bigger glyph for the legend than for the points.
			swatch := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: CategoryColor(k, len(order)), Radius: vg.Points(4), Shape: draw.CircleGlyph{}}}
			legend.Add(fmt.Sprintf("%s (%d)", c, len(pts)), swatch)
		}
		fig.side, fig.sideWidth = &legend, sideWidthFor(order)
	case opt.Values != nil:
		lo, hi := finiteRange(opt.Values)
		pts := make(plotter.XYs, n)
		for i := range x {
			pts[i] = plotter.XY{X: x[i], Y: y[i]}
		}
		// Draw high values last so they are visible on top.
		idx := make([]int, n)
		for i := range idx {
			idx[i] = i
		}
		sort.SliceStable(idx, func(a, b int) bool { return opt.Values[idx[a]] < opt.Values[idx[b]] })
		sorted := make(plotter.XYs, n)
		for k, i := range idx {
			sorted[k] = pts[i]
		}
		s, err := plotter.NewScatter(sorted)
		if err != nil {
			return nil, fmt.Errorf("plot: %w", err)
		}
		s.GlyphStyleFunc = func(k int) draw.GlyphStyle {
			return draw.GlyphStyle{Color: Viridis(norm(opt.Values[idx[k]], lo, hi)), Radius: radius, Shape: draw.CircleGlyph{}}
		}
		p.Add(s)
		for _, t := range []float64{1, 0.75, 0.5, 0.25, 0} {
			swatch := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: Viridis(t), Radius: vg.Points(5), Shape: draw.BoxGlyph{}}}
			legend.Add(fmt.Sprintf("%.3g", lo+t*(hi-lo)), swatch)
		}
		fig.side, fig.sideWidth = &legend, vg.Inch*1.1
	default:
		pts := make(plotter.XYs, n)
		for i := range x {
			pts[i] = plotter.XY{X: x[i], Y: y[i]}
		}
		s, err := plotter.NewScatter(pts)
		if err != nil {
			return nil, fmt.Errorf("plot: %w", err)
		}
		s.GlyphStyle = draw.GlyphStyle{Color: color.RGBA{31, 119, 180, 255}, Radius: radius, Shape: draw.CircleGlyph{}}
		p.Add(s)
	}
	if fig.side != nil && opt.ColorLabel != "" {
		p.Title.Text = joinTitle(opt.Title, opt.ColorLabel)
	}
	if fig.side != nil {
		fig.width += fig.sideWidth
	}
	return fig, nil
}

func joinTitle(title, label string) string {
	if title == "" {
		return label
	}
	return title + " — " + label
}

// sideWidthFor estimates the legend strip width from the longest label.
func sideWidthFor(labels []string) vg.Length {
	longest := 0
	for _, l := range labels {
		if len(l) > longest {
			longest = len(l)
		}
	}
	return vg.Points(float64(longest+8)*6.5 + 20)
}

func finiteRange(v []float64) (lo, hi float64) {
	lo, hi = math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if math.IsNaN(x) || math.IsInf(x, 0) {
			continue
		}
		lo, hi = math.Min(lo, x), math.Max(hi, x)
	}
	if lo > hi {
		return 0, 1
	}
	if lo == hi {
		hi = lo + 1
	}
	return lo, hi
}

func norm(v, lo, hi float64) float64 { return (v - lo) / (hi - lo) }
