package pp

import (
	"cmp"
	"fmt"
	"math"
	"slices"
)

// Loess returns the fitted values of a one-predictor loess regression of y
// on x (Cleveland's local regression, the model of R's loess and of
// skmisc.loess that scanpy's seurat_v3 flavour uses), evaluated directly
// at every x[i]:
//
//   - the neighbourhood of x0 is its q = floor(n·span) nearest points and h
//     their largest distance to x0 (times sqrt(span) when span > 1, as in
//     netlib's dloess);
//   - point i gets the tricube weight (1 − (|x_i − x0|/h)³)³, 0 beyond h;
//   - a weighted least-squares polynomial of the given degree (1 or 2) in
//     x − x0 is fitted, and its value at x0 is the fitted value.
//
// Near-singular local fits use a pseudo-inverse, as dloess does. Where more
// than q points share x0's value (h = 0), the fit there is the mean of
// their y. skmisc evaluates by default on a k-d tree and interpolates
// (surface="interpolate"); direct evaluation differs from that by the
// interpolation error only, typically well below 1%.
func Loess(x, y []float64, span float64, degree int) ([]float64, error) {
	n := len(x)
	if len(y) != n {
		return nil, fmt.Errorf("pp.Loess: %d x values but %d y values", n, len(y))
	}
	if degree != 1 && degree != 2 {
		return nil, fmt.Errorf("pp.Loess: degree = %d, want 1 or 2", degree)
	}
	if !(span > 0) || math.IsInf(span, 0) {
		return nil, fmt.Errorf("pp.Loess: span = %v must be > 0", span)
	}
	for i := range n {
		if math.IsNaN(x[i]) || math.IsInf(x[i], 0) || math.IsNaN(y[i]) || math.IsInf(y[i], 0) {
			return nil, fmt.Errorf("pp.Loess: point %d (x = %v, y = %v) is not finite", i, x[i], y[i])
		}
	}
	q := min(int(math.Floor(float64(n)*span)), n)
	if q < degree+1 {
		return nil, fmt.Errorf("pp.Loess: span × n = %v × %d leaves %d points per neighbourhood; need at least %d", span, n, q, degree+1)
	}
	order := make([]int, n)
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return cmp.Compare(x[a], x[b]) })
	xs := make([]float64, n)
	ys := make([]float64, n)
	for k, i := range order {
		xs[k], ys[k] = x[i], y[i]
	}
	widen := math.Sqrt(max(1, span))
	fitted := make([]float64, n)
	lo := 0 // window [lo, lo+q) of the q nearest sorted points; moves right only
	for k := range n {
		x0 := xs[k]
		for lo+q < n && xs[lo+q]-x0 < x0-xs[lo] {
			lo++
		}
		h := max(x0-xs[lo], xs[lo+q-1]-x0) * widen
		fitted[order[k]] = localFit(xs[lo:lo+q], ys[lo:lo+q], x0, h, degree)
	}
	return fitted, nil
}

// localFit returns the value at x0 of the tricube-weighted least-squares
// polynomial of the given degree through the points (xs, ys), all within
// distance h of x0.
func localFit(xs, ys []float64, x0, h float64, degree int) float64 {
	if h == 0 {
		s := 0.0
		for _, v := range ys {
			s += v
		}
		return s / float64(len(ys))
	}
	p := degree + 1
	// Normal equations in u = (x − x0)/h, which keeps the columns 1, u, u²
	// on the same scale. Accumulate Σw·φφᵀ and Σw·φ·y.
	var ata [3][3]float64
	var aty [3]float64
	for i, xv := range xs {
		u := (xv - x0) / h
		d := math.Abs(u)
		if d >= 1 {
			continue
		}
		t := 1 - d*d*d
		w := t * t * t
		phi := [3]float64{1, u, u * u}
		for r := range p {
			aty[r] += w * phi[r] * ys[i]
			for c := range p {
				ata[r][c] += w * phi[r] * phi[c]
			}
		}
	}
	beta := solveSymPinv(ata, aty, p)
	return beta[0] // the polynomial at u = 0
}

// solveSymPinv solves the p×p symmetric system A·β = b (p ≤ 3) through the
// pseudo-inverse: eigen-directions with eigenvalues below 1e-10 of the
// largest are dropped, as dloess drops small singular values.
func solveSymPinv(a [3][3]float64, b [3]float64, p int) [3]float64 {
	vals, vecs := jacobiEigen(a, p)
	top := 0.0
	for _, v := range vals[:p] {
		top = max(top, math.Abs(v))
	}
	var beta [3]float64
	if top == 0 {
		return beta
	}
	for k := range p {
		if math.Abs(vals[k]) <= 1e-10*top {
			continue
		}
		proj := 0.0
		for r := range p {
			proj += vecs[r][k] * b[r]
		}
		proj /= vals[k]
		for r := range p {
			beta[r] += proj * vecs[r][k]
		}
	}
	return beta
}

// jacobiEigen diagonalises a symmetric p×p matrix (p ≤ 3) by cyclic Jacobi
// rotations; it returns the eigenvalues and the eigenvectors as columns.
func jacobiEigen(a [3][3]float64, p int) (vals [3]float64, vecs [3][3]float64) {
	for i := range p {
		vecs[i][i] = 1
	}
	for range 50 {
		off := 0.0
		for r := range p {
			for c := r + 1; c < p; c++ {
				off += a[r][c] * a[r][c]
			}
		}
		if off < 1e-30 {
			break
		}
		for r := range p {
			for c := r + 1; c < p; c++ {
				if a[r][c] == 0 {
					continue
				}
				theta := (a[c][c] - a[r][r]) / (2 * a[r][c])
				t := math.Copysign(1, theta) / (math.Abs(theta) + math.Sqrt(theta*theta+1))
				cs := 1 / math.Sqrt(t*t+1)
				sn := t * cs
				for k := range p { // A ← A·J
					akr, akc := a[k][r], a[k][c]
					a[k][r] = cs*akr - sn*akc
					a[k][c] = sn*akr + cs*akc
				}
				for k := range p { // A ← Jᵀ·A
					ark, ack := a[r][k], a[c][k]
					a[r][k] = cs*ark - sn*ack
					a[c][k] = sn*ark + cs*ack
				}
				for k := range p {
					vkr, vkc := vecs[k][r], vecs[k][c]
					vecs[k][r] = cs*vkr - sn*vkc
					vecs[k][c] = sn*vkr + cs*vkc
				}
			}
		}
	}
	for i := range p {
		vals[i] = a[i][i]
	}
	return vals, vecs
}
