package eval

import (
	"errors"
	"fmt"
	"math"
)

// Alternative is the alternative hypothesis of a test.
type Alternative int

// The alternative hypotheses, as SciPy's alternative argument.
const (
	TwoSided Alternative = iota // the distributions differ
	Less                        // x is stochastically smaller than y
	Greater                     // x is stochastically greater than y
)

// TestResult is the outcome of a statistical test.
type TestResult struct {
	// Statistic is the test statistic as SciPy reports it.
	Statistic float64
	// PValue is the p-value for the chosen alternative.
	PValue float64
	// Exact says whether PValue comes from the exact null distribution
	// rather than the normal approximation.
	Exact bool
}

// normalSF is the survival function of the standard normal distribution.
func normalSF(z float64) float64 { return math.Erfc(z/math.Sqrt2) / 2 }

// WilcoxonSignedRank tests whether the paired differences x − y are
// symmetric about zero, as SciPy 1.10's wilcoxon(x, y,
// zero_method="wilcox", correction=continuity, alternative=alt,
// mode="auto"):
//
//   - with at most 50 pairs and no zero difference, the p-value is exact
//     (with tied |differences| SciPy truncates the rank sum to an integer;
//     so does this function);
//   - otherwise zero differences are dropped and the normal approximation
//     is used, with the tie correction of the variance and, if continuity,
//     a continuity correction of 1/2.
//
// The statistic is min(R+, R−) for TwoSided and R+ otherwise. Empty input,
// different lengths and all-zero differences are errors.
func WilcoxonSignedRank(x, y []float64, alt Alternative, continuity bool) (TestResult, error) {
	if len(x) != len(y) {
		return TestResult{}, fmt.Errorf("eval: Wilcoxon test needs paired samples, got %d and %d values", len(x), len(y))
	}
	if len(x) == 0 {
		return TestResult{}, errors.New("eval: Wilcoxon test on empty samples")
	}
	if err := checkFinite("x", x); err != nil {
		return TestResult{}, err
	}
	if err := checkFinite("y", y); err != nil {
		return TestResult{}, err
	}
	d := make([]float64, len(x))
	zeros := 0
	for i := range x {
		d[i] = x[i] - y[i]
		if d[i] == 0 {
			zeros++
		}
	}
	exact := len(d) <= 50 && zeros == 0
	if !exact {
		if zeros == len(d) {
			return TestResult{}, errors.New("eval: Wilcoxon test undefined: every difference x − y is zero")
		}
		nz := d[:0:0]
		for _, v := range d {
			if v != 0 {
				nz = append(nz, v)
			}
		}
		d = nz
	}
	abs := make([]float64, len(d))
	for i, v := range d {
		abs[i] = math.Abs(v)
	}
	r := Ranks(abs)
	var rPlus, rMinus float64
	for i, v := range d {
		if v > 0 {
			rPlus += r[i]
		} else {
			rMinus += r[i]
		}
	}
	t := rPlus
	if alt == TwoSided {
		t = min(rPlus, rMinus)
	}
	n := float64(len(d))
	if exact {
		pmf := wilcoxonPMF(len(d))
		k := int(rPlus)
		below, above := 0.0, 0.0
		for i, p := range pmf {
			if i <= k {
				below += p
			}
			if i >= k {
				above += p
			}
		}
		var p float64
		switch alt {
		case TwoSided:
			p = 1
			if k != (len(pmf)-1)/2 {
				p = 2 * min(below, above)
			}
		case Greater:
			p = above
		case Less:
			p = below
		}
		return TestResult{Statistic: t, PValue: min(1, max(0, p)), Exact: true}, nil
	}
	mean := n * (n + 1) / 4
	variance := n * (n + 1) * (2*n + 1)
	for _, s := range tieSizes(r) {
		if s > 1 {
			variance -= 0.5 * float64(s*(s*s-1))
		}
	}
	se := math.Sqrt(variance / 24)
	var corr float64
	if continuity {
		switch alt {
		case TwoSided:
			corr = 0.5 * sign(t-mean)
		case Less:
			corr = -0.5
		case Greater:
			corr = 0.5
		}
	}
	z := (t - mean - corr) / se
	var p float64
	switch alt {
	case TwoSided:
		p = 2 * normalSF(math.Abs(z))
	case Greater:
		p = normalSF(z)
	case Less:
		p = 1 - normalSF(z)
	}
	return TestResult{Statistic: t, PValue: p}, nil
}

func sign(v float64) float64 {
	switch {
	case v > 0:
		return 1
	case v < 0:
		return -1
	}
	return 0
}

// wilcoxonPMF returns the null distribution of the positive rank sum R+ of
// n pairs: element r is P(R+ = r), r = 0 … n(n+1)/2.
func wilcoxonPMF(n int) []float64 {
	c := []float64{1}
	for k := 1; k <= n; k++ {
		next := make([]float64, k*(k+1)/2+1)
		for i, v := range c {
			next[i] += v / 2
			next[i+k] += v / 2
		}
		c = next
	}
	return c
}

// maxExactMannWhitney bounds (min(n1,n2)·max(n1,n2))² / 4, the work of the
// exact Mann–Whitney distribution; beyond it the normal approximation is
// used even where SciPy would compute the exact one.
const maxExactMannWhitney = 4e8

// MannWhitneyU tests whether x and y come from the same distribution
// against alt, as SciPy 1.10's mannwhitneyu(x, y,
// use_continuity=continuity, alternative=alt, method="auto"): the p-value
// is exact when one sample has at most 8 values and there are no ties
// (and the exact distribution is not prohibitively large), otherwise it
// uses the normal approximation with tie correction and, if continuity, a
// continuity correction of 1/2. The statistic is U of x.
func MannWhitneyU(x, y []float64, alt Alternative, continuity bool) (TestResult, error) {
	if len(x) == 0 || len(y) == 0 {
		return TestResult{}, errors.New("eval: Mann–Whitney test needs two non-empty samples")
	}
	if err := checkFinite("x", x); err != nil {
		return TestResult{}, err
	}
	if err := checkFinite("y", y); err != nil {
		return TestResult{}, err
	}
	n1, n2 := len(x), len(y)
	all := append(append(make([]float64, 0, n1+n2), x...), y...)
	r := Ranks(all)
	var r1 float64
	for _, v := range r[:n1] {
		r1 += v
	}
	u1 := r1 - float64(n1*(n1+1))/2
	u2 := float64(n1*n2) - u1
	u, factor := u1, 1.0
	switch alt {
	case Less:
		u = u2
	case TwoSided:
		u, factor = max(u1, u2), 2
	}
	ties := tieSizes(all)
	small, large := min(n1, n2), max(n1, n2)
	exact := (n1 <= 8 || n2 <= 8) && len(ties) == n1+n2 &&
		float64(small*large)*float64(small*large)/4 <= maxExactMannWhitney
	var p float64
	if exact {
		p = mannWhitneySF(int(u), n1, n2)
	} else {
		n := float64(n1 + n2)
		var tieTerm float64
		for _, t := range ties {
			tieTerm += float64(t*t*t - t)
		}
		s := math.Sqrt(float64(n1*n2) / 12 * ((n + 1) - tieTerm/(n*(n-1))))
		num := u - float64(n1*n2)/2
		if continuity {
			num -= 0.5
		}
		p = normalSF(num / s)
	}
	return TestResult{Statistic: u1, PValue: min(1, max(0, p*factor)), Exact: exact}, nil
}

// mannWhitneySF returns P(U ≥ u) under the null for samples of sizes m and
// n: the number of arrangements f(m, n, k) with U = k follows
// f(i, j, k) = f(i−1, j, k−j) + f(i, j−1, k), updated in place over j.
func mannWhitneySF(u, m, n int) float64 {
	if m > n {
		m, n = n, m
	}
	// f[i][k] = f(i, j, k) for the current j.
	f := make([][]float64, m+1)
	for i := range f {
		f[i] = make([]float64, m*n+1)
		f[i][0] = 1
	}
	for j := 1; j <= n; j++ {
		for i := 1; i <= m; i++ {
			for k := i * j; k >= j; k-- {
				f[i][k] += f[i-1][k-j]
			}
		}
	}
	var total, tail float64
	for k, c := range f[m] {
		total += c
		if k >= u {
			tail += c
		}
	}
	return tail / total
}
