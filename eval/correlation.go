package eval

import (
	"errors"
	"fmt"
	"math"

	"gonum.org/v1/gonum/mathext"
)

// Correlation is a correlation coefficient with its two-sided p-value.
type Correlation struct {
	R, PValue float64
}

// Pearson returns Pearson's r of x and y and the two-sided p-value of
// r = 0 under bivariate normality (SciPy's pearsonr: r follows a Beta
// distribution on [−1, 1]). Two points give r = ±1 with p = 1, as SciPy.
// Fewer than two points, different lengths or a constant input are errors.
func Pearson(x, y []float64) (Correlation, error) {
	if len(x) != len(y) {
		return Correlation{}, fmt.Errorf("eval: correlation of %d and %d values", len(x), len(y))
	}
	if len(x) < 2 {
		return Correlation{}, errors.New("eval: correlation needs at least two points")
	}
	if err := checkFinite("x", x); err != nil {
		return Correlation{}, err
	}
	if err := checkFinite("y", y); err != nil {
		return Correlation{}, err
	}
	n := float64(len(x))
	var mx, my float64
	for i := range x {
		mx += x[i]
		my += y[i]
	}
	mx /= n
	my /= n
	var sxy, sxx, syy float64
	for i := range x {
		dx, dy := x[i]-mx, y[i]-my
		sxy += dx * dy
		sxx += dx * dx
		syy += dy * dy
	}
	if sxx == 0 || syy == 0 {
		return Correlation{}, errors.New("eval: correlation undefined: an input is constant")
	}
	r := max(-1, min(1, sxy/math.Sqrt(sxx)/math.Sqrt(syy)))
	if len(x) == 2 {
		return Correlation{R: r, PValue: 1}, nil
	}
	ab := n/2 - 1
	p := 2 * mathext.RegIncBeta(ab, ab, (1-math.Abs(r))/2)
	return Correlation{R: r, PValue: min(1, p)}, nil
}

// Spearman returns Spearman's rank correlation (Pearson's r of the
// average-tie ranks) and its two-sided p-value from Student's t with n − 2
// degrees of freedom, as SciPy's spearmanr. Errors as Pearson.
func Spearman(x, y []float64) (Correlation, error) {
	if len(x) != len(y) {
		return Correlation{}, fmt.Errorf("eval: correlation of %d and %d values", len(x), len(y))
	}
	if err := checkFinite("x", x); err != nil {
		return Correlation{}, err
	}
	if err := checkFinite("y", y); err != nil {
		return Correlation{}, err
	}
	return Pearson(Ranks(x), Ranks(y))
}
