package plot

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Edge is a directed weighted edge for Network drawings.
type Edge struct {
	From, To string
	Weight   float64
}

// NetworkOptions describe a small GRN drawing.
type NetworkOptions struct {
	Title string
	// Focus lists genes to centre the drawing on: only edges touching them
	// are drawn (all edges when empty).
	Focus []string
	// MaxEdges keeps the strongest edges by |weight| (default 40).
	MaxEdges int
}

// Network draws the strongest edges of a GRN around the focus genes: genes
// on a circle (focus genes in the middle), edges as lines whose width
// follows |weight| (red positive, blue negative), arrow heads at targets.
func Network(edges []Edge, opt NetworkOptions) (*Figure, error) {
	focus := map[string]bool{}
	for _, g := range opt.Focus {
		focus[g] = true
	}
	var keep []Edge
	for _, e := range edges {
		if len(focus) == 0 || focus[e.From] || focus[e.To] {
			keep = append(keep, e)
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("plot: network %q: no edges touch the chosen genes", opt.Title)
	}
	sort.SliceStable(keep, func(a, b int) bool { return math.Abs(keep[a].Weight) > math.Abs(keep[b].Weight) })
	max := opt.MaxEdges
	if max <= 0 {
		max = 40
	}
	if len(keep) > max {
		keep = keep[:max]
	}
	// Layout: focus genes on an inner circle (or the centre), others outside.
	var inner, outer []string
	seen := map[string]bool{}
	add := func(g string) {
		if seen[g] {
			return
		}
		seen[g] = true
		if focus[g] {
			inner = append(inner, g)
		} else {
			outer = append(outer, g)
		}
	}
	for _, e := range keep {
		add(e.From)
		add(e.To)
	}
	pos := map[string]plotter.XY{}
	place := func(genes []string, r float64) {
		for k, g := range genes {
			a := 2*math.Pi*float64(k)/float64(len(genes)) + math.Pi/2
			pos[g] = plotter.XY{X: r * math.Cos(a), Y: r * math.Sin(a)}
		}
	}
	if len(inner) == 1 {
		pos[inner[0]] = plotter.XY{}
	} else {
		place(inner, 0.35)
	}
	place(outer, 1)
	if len(focus) == 0 {
		place(append(inner, outer...), 1)
	}

	p := newPlot(opt.Title, "", "")
	p.HideAxes()
	wmax := math.Abs(keep[0].Weight)
	for _, e := range keep {
		a, b := pos[e.From], pos[e.To]
		w := 0.5
		if wmax > 0 {
			w = math.Abs(e.Weight) / wmax
		}
		c := color.NRGBA{180, 4, 38, 255}
		if e.Weight < 0 {
			c = color.NRGBA{59, 76, 192, 255}
		}
		c.A = uint8(90 + 165*w)
		// Stop short of the target node and draw an arrow head.
		dx, dy := b.X-a.X, b.Y-a.Y
		d := math.Hypot(dx, dy)
		if d == 0 {
			continue
		}
		ux, uy := dx/d, dy/d
		end := plotter.XY{X: b.X - 0.07*ux, Y: b.Y - 0.07*uy}
		l, _ := plotter.NewLine(plotter.XYs{a, end})
		l.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(0.8 + 3.5*w)}
		p.Add(l)
		hx, hy := end.X-0.05*ux, end.Y-0.05*uy
		head, _ := plotter.NewPolygon(plotter.XYs{end, {X: hx - 0.025*uy, Y: hy + 0.025*ux}, {X: hx + 0.025*uy, Y: hy - 0.025*ux}})
		head.Color = c
		head.LineStyle.Width = 0
		p.Add(head)
	}
	var nodes plotter.XYs
	var labels []string
	for g, xy := range pos {
		nodes = append(nodes, xy)
		labels = append(labels, g)
	}
	s, _ := plotter.NewScatter(nodes)
	s.GlyphStyleFunc = func(i int) draw.GlyphStyle {
		c := color.Color(color.RGBA{160, 160, 160, 255})
		if focus[labels[i]] {
			c = CategoryColor(1, 10)
		}
		return draw.GlyphStyle{Color: c, Radius: vg.Points(7), Shape: draw.CircleGlyph{}}
	}
	p.Add(s)
	lab, err := plotter.NewLabels(plotter.XYLabels{XYs: nodes, Labels: labels})
	if err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	}
	for i := range lab.TextStyle {
		lab.TextStyle[i].XAlign = draw.XCenter
		lab.TextStyle[i].YAlign = draw.YCenter
		lab.Offset = vg.Point{Y: vg.Points(12)}
	}
	p.Add(lab)
	p.X.Min, p.X.Max, p.Y.Min, p.Y.Max = -1.25, 1.25, -1.25, 1.3
	fig := newFigure(p)
	fig.width, fig.height = 7*vg.Inch, 7*vg.Inch
	return fig, nil
}
