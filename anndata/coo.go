package anndata

import (
	"cmp"
	"slices"
)

// cooToCSR builds a rows × cols CSR matrix from the triplets
// (r[k], c[k], v[k]), 0-based and in range. Entries at the same position
// are summed (as scipy does) and entries that are zero are dropped, so the
// result holds only true non-zeros with each row's columns ascending.
func cooToCSR(rows, cols int, r, c []int32, v []float32) *CSR {
	m := &CSR{Rows: rows, Cols: cols, Indptr: make([]int64, rows+1),
		Indices: make([]int32, len(v)), Data: make([]float32, len(v))}
	for _, i := range r {
		m.Indptr[i+1]++
	}
	for i := range rows {
		m.Indptr[i+1] += m.Indptr[i]
	}
	next := slices.Clone(m.Indptr[:rows])
	for k, i := range r {
		p := next[i]
		m.Indices[p], m.Data[p] = c[k], v[k]
		next[i]++
	}
	type entry struct {
		col int32
		val float32
	}
	var buf []entry
	w := int64(0)
	for i := range rows {
		lo, hi := m.Indptr[i], m.Indptr[i+1]
		idx, val := m.Indices[lo:hi], m.Data[lo:hi]
		if !slices.IsSorted(idx) {
			buf = buf[:0]
			for k := range idx {
				buf = append(buf, entry{idx[k], val[k]})
			}
			slices.SortStableFunc(buf, func(a, b entry) int { return cmp.Compare(a.col, b.col) })
			for k, e := range buf {
				idx[k], val[k] = e.col, e.val
			}
		}
		m.Indptr[i] = w
		for k := lo; k < hi; k++ {
			col, x := m.Indices[k], m.Data[k]
			for k+1 < hi && m.Indices[k+1] == col {
				k++
				x += m.Data[k]
			}
			if x != 0 {
				m.Indices[w], m.Data[w] = col, x
				w++
			}
		}
	}
	m.Indptr[rows] = w
	m.Indices, m.Data = m.Indices[:w:w], m.Data[:w:w]
	return m
}
