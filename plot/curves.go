package plot

import (
	"fmt"
	"math"

	"gonum.org/v1/plot/plotter"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
)

// Series is one named curve: Y[i] at X[i] (X nil: 1, 2, 3, …).
type Series struct {
	Name string
	X, Y []float64
}

// LinesOptions describe a line chart.
type LinesOptions struct {
	Title, XLabel, YLabel string
	// LogY draws the y axis on a log scale (non-positive values are dropped).
	LogY bool
}

// Lines draws one or more curves with a legend, e.g. training loss terms
// per epoch.
func Lines(series []Series, opt LinesOptions) (*Figure, error) {
	p := newPlot(opt.Title, opt.XLabel, opt.YLabel)
	p.Add(plotter.NewGrid())
	if opt.LogY {
		p.Y.Scale = logScale{}
		p.Y.Tick.Marker = logTicks{}
	}
	for k, s := range series {
		if s.X != nil && len(s.X) != len(s.Y) {
			return nil, fmt.Errorf("plot: series %q has %d x and %d y values", s.Name, len(s.X), len(s.Y))
		}
		var pts plotter.XYs
		for i, y := range s.Y {
			x := float64(i + 1)
			if s.X != nil {
				x = s.X[i]
			}
			if math.IsNaN(y) || math.IsInf(y, 0) || (opt.LogY && y <= 0) {
				continue
			}
			pts = append(pts, plotter.XY{X: x, Y: y})
		}
		if len(pts) == 0 {
			continue
		}
		l, err := plotter.NewLine(pts)
		if err != nil {
			return nil, fmt.Errorf("plot: series %q: %w", s.Name, err)
		}
		l.LineStyle = draw.LineStyle{Color: CategoryColor(k, len(series)), Width: vg.Points(2)}
		p.Add(l)
		p.Legend.Add(s.Name, l)
	}
	p.Legend.Top = true
	return newFigure(p), nil
}

// TrainingCurves draws each loss term against the epoch on its own line;
// terms with values spanning more than two decades use a log axis.
func TrainingCurves(title string, terms []Series) (*Figure, error) {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, s := range terms {
		for _, v := range s.Y {
			if v > 0 && !math.IsInf(v, 0) {
				lo, hi = math.Min(lo, v), math.Max(hi, v)
			}
		}
	}
	logY := hi/lo > 100
	return Lines(terms, LinesOptions{Title: title, XLabel: "epoch", YLabel: "loss", LogY: logY})
}

// PRCurve draws precision against recall for one or more methods; baseline is
// the precision of a random predictor (positives / candidates), drawn dashed.
func PRCurve(title string, curves []Series, baseline float64) (*Figure, error) {
	fig, err := Lines(curves, LinesOptions{Title: title, XLabel: "recall", YLabel: "precision"})
	if err != nil {
		return nil, err
	}
	if baseline > 0 {
		l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: baseline}, {X: 1, Y: baseline}})
		l.LineStyle = draw.LineStyle{Color: CategoryColor(7, 10), Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
		fig.plot.Add(l)
		fig.plot.Legend.Add(fmt.Sprintf("random (%.3g)", baseline), l)
	}
	fig.plot.X.Min, fig.plot.X.Max, fig.plot.Y.Min = 0, 1, 0
	fig.plot.Legend.Top = true
	return fig, nil
}

// ROCCurve draws true- against false-positive rate with the diagonal.
func ROCCurve(title string, curves []Series) (*Figure, error) {
	fig, err := Lines(curves, LinesOptions{Title: title, XLabel: "false positive rate", YLabel: "true positive rate"})
	if err != nil {
		return nil, err
	}
	l, _ := plotter.NewLine(plotter.XYs{{X: 0, Y: 0}, {X: 1, Y: 1}})
	l.LineStyle = draw.LineStyle{Color: CategoryColor(7, 10), Width: vg.Points(1), Dashes: []vg.Length{vg.Points(4), vg.Points(3)}}
	fig.plot.Add(l)
	fig.plot.X.Min, fig.plot.X.Max, fig.plot.Y.Min, fig.plot.Y.Max = 0, 1, 0, 1
	fig.plot.Legend.Top, fig.plot.Legend.Left = false, false
	return fig, nil
}
