package plot

import (
	"fmt"
	"image/color"
	"math"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// HeatmapOptions describe a heatmap of a rows × cols matrix.
type HeatmapOptions struct {
	Title              string
	RowNames, ColNames []string
	// Diverging centres the colour scale on zero (blue–white–red), for
	// signed values such as correlations or GRN weights; otherwise viridis.
	Diverging bool
}

// Heatmap draws values[i][j] as coloured cells, row 0 at the top.
func Heatmap(values [][]float64, opt HeatmapOptions) (*Figure, error) {
	rows := len(values)
	if rows == 0 || len(values[0]) == 0 {
		return nil, fmt.Errorf("plot: heatmap %q is empty", opt.Title)
	}
	cols := len(values[0])
	for i, r := range values {
		if len(r) != cols {
			return nil, fmt.Errorf("plot: heatmap row %d has %d values, want %d", i, len(r), cols)
		}
	}
	if opt.RowNames != nil && len(opt.RowNames) != rows || opt.ColNames != nil && len(opt.ColNames) != cols {
		return nil, fmt.Errorf("plot: heatmap names do not match its %d×%d shape", rows, cols)
	}
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, r := range values {
		for _, v := range r {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	if lo > hi {
		lo, hi = 0, 1
	}
	absMax := math.Max(math.Abs(lo), math.Abs(hi))
	colour := func(v float64) color.Color {
		if opt.Diverging {
			if absMax == 0 {
				return diverging(0)
			}
			return diverging(v / absMax)
		}
		if hi == lo {
			return Viridis(0.5)
		}
		return Viridis((v - lo) / (hi - lo))
	}
	p := newPlot(opt.Title, "", "")
	for i, r := range values {
		for j, v := range r {
			y := float64(rows - 1 - i)
			cell := plotter.XYs{{X: float64(j) - 0.5, Y: y - 0.5}, {X: float64(j) + 0.5, Y: y - 0.5}, {X: float64(j) + 0.5, Y: y + 0.5}, {X: float64(j) - 0.5, Y: y + 0.5}}
			poly, _ := plotter.NewPolygon(cell)
			poly.Color = colour(v)
			poly.LineStyle = draw.LineStyle{Color: color.Gray{Y: 235}, Width: vg.Points(0.3)}
			p.Add(poly)
		}
	}
	p.X.Min, p.X.Max = -0.5, float64(cols)-0.5
	p.Y.Min, p.Y.Max = -0.5, float64(rows)-0.5
	p.X.Tick.Marker = namedTicks(opt.ColNames, cols, false, rows)
	p.Y.Tick.Marker = namedTicks(opt.RowNames, rows, true, rows)
	if cols > 8 {
		p.X.Tick.Label.Rotation = math.Pi / 3
		p.X.Tick.Label.XAlign = draw.XRight
	}
	fig := newFigure(p)
	// Legend: five swatches along the scale.
	legend := gplot.NewLegend()
	legend.Top, legend.Left = true, true
	for _, t := range []float64{1, 0.75, 0.5, 0.25, 0} {
		v := lo + t*(hi-lo)
		if opt.Diverging {
			v = -absMax + t*2*absMax
		}
		sw := &plotter.Scatter{GlyphStyle: draw.GlyphStyle{Color: colour(v), Radius: vg.Points(5), Shape: draw.BoxGlyph{}}}
		legend.Add(fmt.Sprintf("%.3g", v), sw)
	}
	fig.side, fig.sideWidth = &legend, vg.Inch
	fig.width += fig.sideWidth
	side := math.Max(4, math.Min(12, 0.25*float64(max(rows, cols))))
	fig.height = vg.Length(side) * vg.Inch
	fig.width = fig.height + fig.sideWidth + vg.Inch
	return fig, nil
}

// namedTicks labels integer positions with names (every k-th when many);
// reversed maps position p to names[rows-1-p] for rows drawn top-down.
func namedTicks(names []string, n int, reversed bool, rows int) gplot.ConstantTicks {
	step := 1
	if n > 40 {
		step = (n + 39) / 40
	}
	var ticks []gplot.Tick
	for k := 0; k < n; k += step {
		label := fmt.Sprint(k)
		if names != nil {
			label = names[k]
		}
		pos := float64(k)
		if reversed {
			pos = float64(rows - 1 - k)
		}
		ticks = append(ticks, gplot.Tick{Value: pos, Label: label})
	}
	return ticks
}
