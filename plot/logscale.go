package plot

import (
	"math"
	"strconv"

	gplot "gonum.org/v1/plot"
)

// logScale is a base-10 log axis that tolerates a zero minimum (it clamps
// to a tiny positive value instead of panicking like plot.LogScale).
type logScale struct{}

// Normalize implements gplot.Normalizer.
func (logScale) Normalize(min, max, x float64) float64 {
	min = math.Max(min, 1e-300)
	x = math.Max(x, min)
	lmin := math.Log10(min)
	return (math.Log10(x) - lmin) / (math.Log10(math.Max(max, min*10)) - lmin)
}

// logTicks puts major ticks at powers of ten (and 2×, 5× when the range is
// under two decades).
type logTicks struct{}

// Ticks implements gplot.Ticker.
func (logTicks) Ticks(min, max float64) []gplot.Tick {
	min = math.Max(min, 1e-300)
	var ticks []gplot.Tick
	lo, hi := math.Floor(math.Log10(min)), math.Ceil(math.Log10(max))
	few := hi-lo <= 2
	for e := lo; e <= hi; e++ {
		base := math.Pow(10, e)
		for _, m := range []float64{1, 2, 5} {
			v := base * m
			if v < min || v > max {
				continue
			}
			label := ""
			if m == 1 || few {
				label = strconv.FormatFloat(v, 'g', 3, 64)
			}
			ticks = append(ticks, gplot.Tick{Value: v, Label: label})
		}
	}
	if len(ticks) < 2 {
		return gplot.DefaultTicks{}.Ticks(min, max)
	}
	return ticks
}
