package tl

import (
	"fmt"
	"math"
)

// FitUMAPCurve finds UMAP's a and b from min_dist and spread as umap-learn
// does: a least-squares fit of 1/(1 + a x^(2b)) to the target membership
// curve (1 for x < minDist, exp(−(x − minDist)/spread) beyond) on 300
// points evenly spaced in [0, 3·spread]. The fit is Levenberg–Marquardt
// from a = b = 1, as scipy's curve_fit.
func FitUMAPCurve(minDist, spread float64) (a, b float64, err error) {
	if !(spread > 0) || !(minDist >= 0) || math.IsInf(spread, 0) || math.IsInf(minDist, 0) {
		return 0, 0, fmt.Errorf("umap: need spread > 0 and min_dist ≥ 0, got spread=%v min_dist=%v", spread, minDist)
	}
	const nPts = 300
	xs := make([]float64, nPts)
	ys := make([]float64, nPts)
	for i := range xs {
		xs[i] = 3 * spread * float64(i) / (nPts - 1)
		if xs[i] < minDist {
			ys[i] = 1
		} else {
			ys[i] = math.Exp(-(xs[i] - minDist) / spread)
		}
	}
	sse := func(a, b float64) float64 {
		var s float64
		for i, x := range xs {
			r := 1/(1+a*math.Pow(x, 2*b)) - ys[i]
			s += r * r
		}
		return s
	}
	a, b = 1, 1
	lambda := 1e-3
	cur := sse(a, b)
	for range 500 {
		// Normal equations JᵀJ δ = −Jᵀr for the two parameters.
		var jaa, jab, jbb, ga, gb float64
		for i, x := range xs {
			if x == 0 {
				continue
			}
			p := math.Pow(x, 2*b)
			den := 1 + a*p
			r := 1/den - ys[i]
			da := -p / (den * den)
			db := -a * p * 2 * math.Log(x) / (den * den)
			jaa += da * da
			jab += da * db
			jbb += db * db
			ga += da * r
			gb += db * r
		}
		improved := false
		for range 30 {
			m11, m22 := jaa*(1+lambda), jbb*(1+lambda)
			det := m11*m22 - jab*jab
			if det == 0 {
				lambda *= 10
				continue
			}
			dA := (-ga*m22 + gb*jab) / det
			dB := (-gb*m11 + ga*jab) / det
			na, nb := a+dA, b+dB
			if s := sse(na, nb); na > 0 && nb > 0 && s < cur {
				converged := cur-s < 1e-15*(1+cur) && math.Abs(dA) < 1e-12*(1+a) && math.Abs(dB) < 1e-12*(1+b)
				a, b, cur = na, nb, s
				lambda = max(lambda/10, 1e-12)
				improved = !converged
				break
			}
			lambda *= 10
		}
		if !improved {
			break
		}
	}
	if !(a > 0 && b > 0) || math.IsNaN(a) || math.IsNaN(b) {
		return 0, 0, fmt.Errorf("umap: curve fit failed for min_dist=%v spread=%v", minDist, spread)
	}
	return a, b, nil
}
