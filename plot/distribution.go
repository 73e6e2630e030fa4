package plot

import (
	"fmt"
	"image/color"
	"math"
	"sort"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Histogram draws the distribution of values in bins bins (0: Sturges'
// rule). NaN and Inf values are ignored.
func Histogram(values []float64, bins int, title, xlabel string) (*Figure, error) {
	var vs plotter.Values
	for _, v := range values {
		if !math.IsNaN(v) && !math.IsInf(v, 0) {
			vs = append(vs, v)
		}
	}
	if len(vs) == 0 {
		return nil, fmt.Errorf("plot: histogram %q has no finite values", title)
	}
	if bins <= 0 {
		bins = int(math.Ceil(math.Log2(float64(len(vs))))) + 1
	}
	p := newPlot(title, xlabel, "count")
	h, err := plotter.NewHist(vs, bins)
	if err != nil {
		return nil, fmt.Errorf("plot: %w", err)
	}
	h.FillColor = CategoryColor(0, 10)
	h.LineStyle.Color = color.White
	p.Add(h)
	return newFigure(p), nil
}

// Group is a named set of values (one violin).
type Group struct {
	Name   string
	Values []float64
}

// Violin draws one violin per group: a mirrored Gaussian kernel density
// estimate (Silverman bandwidth) with the median marked.
func Violin(groups []Group, title, ylabel string) (*Figure, error) {
	if len(groups) == 0 {
		return nil, fmt.Errorf("plot: violin %q has no groups", title)
	}
	p := newPlot(title, "", ylabel)
	var ticks []gplot.Tick
	for k, g := range groups {
		var vs []float64
		for _, v := range g.Values {
			if !math.IsNaN(v) && !math.IsInf(v, 0) {
				vs = append(vs, v)
			}
		}
		ticks = append(ticks, gplot.Tick{Value: float64(k), Label: g.Name})
		if len(vs) == 0 {
			continue
		}
		sort.Float64s(vs)
		lo, hi := vs[0], vs[len(vs)-1]
		bw := silverman(vs)
		if hi == lo || bw == 0 {
			hi, lo, bw = lo+0.5, lo-0.5, 0.1
		}
		const steps = 60
		ys := make([]float64, steps+1)
		ds := make([]float64, steps+1)
		maxD := 0.0
		for s := 0; s <= steps; s++ {
			y := lo + (hi-lo)*float64(s)/steps
			ys[s] = y
			ds[s] = kde(vs, y, bw)
			maxD = math.Max(maxD, ds[s])
		}
		var outline plotter.XYs
		for s := 0; s <= steps; s++ {
			outline = append(outline, plotter.XY{X: float64(k) + 0.4*ds[s]/maxD, Y: ys[s]})
		}
		for s := steps; s >= 0; s-- {
			outline = append(outline, plotter.XY{X: float64(k) - 0.4*ds[s]/maxD, Y: ys[s]})
		}
		poly, err := plotter.NewPolygon(outline)
		if err != nil {
			return nil, fmt.Errorf("plot: group %q: %w", g.Name, err)
		}
		c := CategoryColor(k, len(groups)).(color.RGBA)
		poly.Color = color.NRGBA{c.R, c.G, c.B, 180}
		poly.LineStyle = draw.LineStyle{Color: c, Width: vg.Points(1)}
		p.Add(poly)
		med := vs[len(vs)/2]
		if len(vs)%2 == 0 {
			med = (vs[len(vs)/2-1] + vs[len(vs)/2]) / 2
		}
		l, _ := plotter.NewLine(plotter.XYs{{X: float64(k) - 0.2, Y: med}, {X: float64(k) + 0.2, Y: med}})
		l.LineStyle = draw.LineStyle{Color: color.Black, Width: vg.Points(2)}
		p.Add(l)
	}
	p.X.Tick.Marker = gplot.ConstantTicks(ticks)
	p.X.Min, p.X.Max = -0.6, float64(len(groups))-0.4
	fig := newFigure(p)
	if len(groups) > 6 {
		p.X.Tick.Label.Rotation = math.Pi / 4
		p.X.Tick.Label.XAlign = draw.XRight
		fig.width = vg.Length(math.Max(float64(defaultWidth), float64(len(groups))*0.6*float64(vg.Inch)))
	}
	return fig, nil
}

func silverman(sorted []float64) float64 {
	n := float64(len(sorted))
	if n < 2 {
		return 0
	}
	mean, ss := 0.0, 0.0
	for _, v := range sorted {
		mean += v
	}
	mean /= n
	for _, v := range sorted {
		ss += (v - mean) * (v - mean)
	}
	sd := math.Sqrt(ss / (n - 1))
	iqr := sorted[int(0.75*(n-1))] - sorted[int(0.25*(n-1))]
	s := sd
	if iqr > 0 {
		s = math.Min(sd, iqr/1.34)
	}
	return 0.9 * s * math.Pow(n, -0.2)
}

func kde(sorted []float64, y, bw float64) float64 {
	sum := 0.0
	for _, v := range sorted {
		z := (y - v) / bw
		if z < -5 || z > 5 {
			continue
		}
		sum += math.Exp(-0.5 * z * z)
	}
	return sum / (float64(len(sorted)) * bw * math.Sqrt(2*math.Pi))
}
