package tl

import (
	"fmt"
	"math"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
)

// points is a row-major n × d float64 matrix, the internal form of every
// representation the toolkit works on.
type points struct {
	n, d int
	data []float64
}

func (p *points) row(i int) []float64 { return p.data[i*p.d : (i+1)*p.d] }

// pointsFromDense views (or, for strided matrices, copies) a gonum matrix as
// points, rejecting empty input and non-finite values.
func pointsFromDense(x *mat.Dense, what string) (*points, error) {
	if x == nil || x.IsEmpty() {
		return nil, fmt.Errorf("%s: empty matrix", what)
	}
	n, d := x.Dims()
	raw := x.RawMatrix()
	data := raw.Data
	if raw.Stride != d {
		data = make([]float64, n*d)
		for i := range n {
			copy(data[i*d:(i+1)*d], raw.Data[i*raw.Stride:i*raw.Stride+d])
		}
	} else {
		data = data[:n*d]
	}
	for k, v := range data {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("%s: non-finite value %v at row %d, column %d", what, v, k/d, k%d)
		}
	}
	return &points{n: n, d: d, data: data}, nil
}

// DenseFromAnnData converts a float32 AnnData matrix (e.g. obsm["X_pca"])
// to a float64 gonum matrix, keeping only its first nCols columns when
// nCols > 0.
func DenseFromAnnData(m *anndata.Dense, nCols int) (*mat.Dense, error) {
	if m == nil || m.Rows == 0 || m.Cols == 0 {
		return nil, fmt.Errorf("empty representation")
	}
	if nCols <= 0 || nCols > m.Cols {
		if nCols > m.Cols {
			return nil, fmt.Errorf("asked for %d columns but the representation has %d", nCols, m.Cols)
		}
		nCols = m.Cols
	}
	out := mat.NewDense(m.Rows, nCols, nil)
	raw := out.RawMatrix()
	for i := range m.Rows {
		src := m.Row(i)[:nCols]
		dst := raw.Data[i*raw.Stride : i*raw.Stride+nCols]
		for j, v := range src {
			dst[j] = float64(v)
		}
	}
	return out, nil
}

// denseToAnnData converts an n × d float64 row-major slice into an AnnData
// float32 matrix.
func denseToAnnData(x *mat.Dense) *anndata.Dense {
	r, c := x.Dims()
	out := anndata.NewDense(r, c)
	for i := range r {
		row := out.Row(i)
		for j := range c {
			row[j] = float32(x.At(i, j))
		}
	}
	return out
}

// sqDist is the squared Euclidean distance between two equal-length rows.
func sqDist(a, b []float64) float64 {
	b = b[:len(a)]
	var s0, s1, s2, s3 float64
	i := 0
	for ; i+4 <= len(a); i += 4 {
		d0, d1, d2, d3 := a[i]-b[i], a[i+1]-b[i+1], a[i+2]-b[i+2], a[i+3]-b[i+3]
		s0 += d0 * d0
		s1 += d1 * d1
		s2 += d2 * d2
		s3 += d3 * d3
	}
	for ; i < len(a); i++ {
		d := a[i] - b[i]
		s0 += d * d
	}
	return (s0 + s1) + (s2 + s3)
}
