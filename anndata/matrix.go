package anndata

import (
	"fmt"
	"sort"
)

// Matrix is a two-dimensional float32 matrix stored either densely (*Dense)
// or as compressed sparse rows (*CSR). X and the layers of an AnnData are
// Matrices with one row per cell (observation) and one column per gene
// (variable).
type Matrix interface {
	// Dims returns the number of rows and columns.
	Dims() (rows, cols int)
	// At returns the element at row i, column j.
	At(i, j int) float32
	// NNZ returns the number of stored non-zero entries (for Dense, the
	// number of entries that are not zero).
	NNZ() int
	// ToDense returns a dense copy (or the receiver itself for *Dense).
	ToDense() *Dense
	// ToCSR returns a CSR copy (or the receiver itself for *CSR).
	ToCSR() *CSR
	// Clone returns a deep copy of the same storage kind.
	Clone() Matrix
}

// Dense is a row-major dense float32 matrix.
type Dense struct {
	Rows, Cols int
	// Data holds Rows*Cols values, row after row.
	Data []float32
}

// NewDense returns a zero-filled Rows×Cols matrix.
func NewDense(rows, cols int) *Dense {
	return &Dense{Rows: rows, Cols: cols, Data: make([]float32, rows*cols)}
}

// Dims implements Matrix.
func (m *Dense) Dims() (int, int) { return m.Rows, m.Cols }

// At implements Matrix.
func (m *Dense) At(i, j int) float32 { return m.Data[i*m.Cols+j] }

// Set stores v at row i, column j.
func (m *Dense) Set(i, j int, v float32) { m.Data[i*m.Cols+j] = v }

// Row returns row i as a slice that aliases the matrix storage.
func (m *Dense) Row(i int) []float32 { return m.Data[i*m.Cols : (i+1)*m.Cols] }

// NNZ implements Matrix.
func (m *Dense) NNZ() int {
	n := 0
	for _, v := range m.Data {
		if v != 0 {
			n++
		}
	}
	return n
}

// ToDense implements Matrix; it returns the receiver.
func (m *Dense) ToDense() *Dense { return m }

// ToCSR implements Matrix.
func (m *Dense) ToCSR() *CSR {
	c := &CSR{Rows: m.Rows, Cols: m.Cols, Indptr: make([]int64, m.Rows+1)}
	for i := 0; i < m.Rows; i++ {
		for j, v := range m.Row(i) {
			if v != 0 {
				c.Indices = append(c.Indices, int32(j))
				c.Data = append(c.Data, v)
			}
		}
		c.Indptr[i+1] = int64(len(c.Data))
	}
	return c
}

// Clone implements Matrix.
func (m *Dense) Clone() Matrix {
	return &Dense{Rows: m.Rows, Cols: m.Cols, Data: append([]float32(nil), m.Data...)}
}

// T returns the transpose as a new dense matrix.
func (m *Dense) T() *Dense {
	t := NewDense(m.Cols, m.Rows)
	for i := 0; i < m.Rows; i++ {
		for j := 0; j < m.Cols; j++ {
			t.Data[j*m.Rows+i] = m.Data[i*m.Cols+j]
		}
	}
	return t
}

// CSR is a compressed-sparse-row float32 matrix with the scipy.sparse
// layout: the entries of row i are Data[Indptr[i]:Indptr[i+1]] in the
// columns Indices[Indptr[i]:Indptr[i+1]], columns sorted ascending.
type CSR struct {
	Rows, Cols int
	Indptr     []int64
	Indices    []int32
	Data       []float32
}

// Dims implements Matrix.
func (m *CSR) Dims() (int, int) { return m.Rows, m.Cols }

// At implements Matrix (binary search within the row).
func (m *CSR) At(i, j int) float32 {
	lo, hi := int(m.Indptr[i]), int(m.Indptr[i+1])
	idx := m.Indices[lo:hi]
	k := sort.Search(len(idx), func(k int) bool { return idx[k] >= int32(j) })
	if k < len(idx) && idx[k] == int32(j) {
		return m.Data[lo+k]
	}
	return 0
}

// NNZ implements Matrix: the number of stored entries.
func (m *CSR) NNZ() int { return len(m.Data) }

// ToDense implements Matrix.
func (m *CSR) ToDense() *Dense {
	d := NewDense(m.Rows, m.Cols)
	for i := 0; i < m.Rows; i++ {
		row := d.Row(i)
		for k := m.Indptr[i]; k < m.Indptr[i+1]; k++ {
			row[m.Indices[k]] += m.Data[k]
		}
	}
	return d
}

// ToCSR implements Matrix; it returns the receiver.
func (m *CSR) ToCSR() *CSR { return m }

// Clone implements Matrix.
func (m *CSR) Clone() Matrix {
	return &CSR{Rows: m.Rows, Cols: m.Cols,
		Indptr:  append([]int64(nil), m.Indptr...),
		Indices: append([]int32(nil), m.Indices...),
		Data:    append([]float32(nil), m.Data...)}
}

// RowView returns the column indices and values stored in row i (aliases).
func (m *CSR) RowView(i int) ([]int32, []float32) {
	lo, hi := m.Indptr[i], m.Indptr[i+1]
	return m.Indices[lo:hi], m.Data[lo:hi]
}

// Validate checks the structural invariants of the CSR arrays: Indptr has
// Rows+1 non-decreasing entries starting at 0 and ending at len(Data), and
// each row's column indices are in range and strictly increasing.
func (m *CSR) Validate() error {
	if len(m.Indptr) != m.Rows+1 {
		return fmt.Errorf("csr: indptr has %d entries, want rows+1 = %d", len(m.Indptr), m.Rows+1)
	}
	if len(m.Indices) != len(m.Data) {
		return fmt.Errorf("csr: %d indices but %d values", len(m.Indices), len(m.Data))
	}
	if m.Indptr[0] != 0 || m.Indptr[m.Rows] != int64(len(m.Data)) {
		return fmt.Errorf("csr: indptr must run from 0 to %d, got %d..%d", len(m.Data), m.Indptr[0], m.Indptr[m.Rows])
	}
	for i := 0; i < m.Rows; i++ {
		if m.Indptr[i+1] < m.Indptr[i] {
			return fmt.Errorf("csr: indptr decreases at row %d", i)
		}
		if m.Indptr[i+1] > int64(len(m.Data)) {
			return fmt.Errorf("csr: indptr[%d] = %d is beyond the %d values", i+1, m.Indptr[i+1], len(m.Data))
		}
		prev := int32(-1)
		for k := m.Indptr[i]; k < m.Indptr[i+1]; k++ {
			c := m.Indices[k]
			if c < 0 || int(c) >= m.Cols {
				return fmt.Errorf("csr: row %d has column index %d outside [0,%d)", i, c, m.Cols)
			}
			if c <= prev {
				return fmt.Errorf("csr: row %d column indices not strictly increasing (%d after %d)", i, c, prev)
			}
			prev = c
		}
	}
	return nil
}

// Transpose returns the transpose of a CSR matrix as CSR (equivalently, the
// CSC form of m).
func (m *CSR) Transpose() *CSR {
	t := &CSR{Rows: m.Cols, Cols: m.Rows, Indptr: make([]int64, m.Cols+1),
		Indices: make([]int32, len(m.Data)), Data: make([]float32, len(m.Data))}
	for _, c := range m.Indices {
		t.Indptr[c+1]++
	}
	for j := 0; j < m.Cols; j++ {
		t.Indptr[j+1] += t.Indptr[j]
	}
	next := append([]int64(nil), t.Indptr[:m.Cols]...)
	for i := 0; i < m.Rows; i++ {
		for k := m.Indptr[i]; k < m.Indptr[i+1]; k++ {
			c := m.Indices[k]
			p := next[c]
			t.Indices[p] = int32(i)
			t.Data[p] = m.Data[k]
			next[c]++
		}
	}
	return t
}
