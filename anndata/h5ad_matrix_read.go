package anndata

import (
	"fmt"
	"slices"

	"regula/internal/hdf5"
)

// readMatrix reads a dense (dataset) or sparse (CSR/CSC group) matrix.
func readMatrix(parent *hdf5.Group, name string) (Matrix, error) {
	kind, err := parent.Kind(name)
	if err != nil {
		return nil, err
	}
	if kind == hdf5.KindDataset {
		return readDense(parent, name)
	}
	g, err := parent.OpenGroup(name)
	if err != nil {
		return nil, err
	}
	defer g.Close()
	return readSparse(g)
}

// readDense reads a 1- or 2-dimensional numeric dataset as a matrix (a
// vector becomes one column).
func readDense(parent *hdf5.Group, name string) (*Dense, error) {
	d, err := parent.OpenDataset(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	shape := d.Shape()
	var rows, cols int
	switch len(shape) {
	case 1:
		rows, cols = shape[0], 1
	case 2:
		rows, cols = shape[0], shape[1]
	default:
		return nil, fmt.Errorf("%s: %d-dimensional array, want a matrix", d.Path(), len(shape))
	}
	switch d.Class() {
	case hdf5.ClassFloat, hdf5.ClassInt, hdf5.ClassUint, hdf5.ClassBool:
	default:
		return nil, fmt.Errorf("%s: holds %s values, want numbers", d.Path(), d.Class())
	}
	data, err := hdf5.Read[float32](d)
	if err != nil {
		return nil, err
	}
	return &Dense{Rows: rows, Cols: cols, Data: data}, nil
}

// readSparse reads a scipy CSR or CSC matrix stored as a group with data,
// indices and indptr datasets and a shape attribute; CSC becomes CSR.
func readSparse(g *hdf5.Group) (*CSR, error) {
	format := encodingOf(g)
	if format == "" && g.HasAttr("h5sparse_format") { // anndata < 0.7
		if f, err := g.AttrString("h5sparse_format"); err == nil {
			format = f + "_matrix"
		}
	}
	if format != encCSR && format != encCSC {
		return nil, fmt.Errorf("%s: group with encoding %q is not a matrix", g.Path(), format)
	}
	shapeAttr := "shape"
	if !g.HasAttr(shapeAttr) && g.HasAttr("h5sparse_shape") {
		shapeAttr = "h5sparse_shape"
	}
	shape, err := g.AttrInts(shapeAttr)
	if err != nil {
		return nil, err
	}
	if len(shape) != 2 || shape[0] < 0 || shape[1] < 0 {
		return nil, fmt.Errorf("%s: shape attribute %v, want two sizes", g.Path(), shape)
	}
	rows, cols := int(shape[0]), int(shape[1])
	if format == encCSC {
		rows, cols = cols, rows
	}
	m, err := readCompressed(g, rows, cols, "compressed rows")
	if err != nil {
		return nil, err
	}
	if format == encCSC {
		return m.Transpose(), nil
	}
	return m, nil
}

// readNumbers reads the whole member dataset name converted to T.
func readNumbers[T hdf5.Number](g *hdf5.Group, name string) ([]T, error) {
	d, err := g.OpenDataset(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return hdf5.Read[T](d)
}

// sortRowIndices sorts the column indices within each row (scipy allows
// unsorted rows; regula's CSR requires sorted ones).
func sortRowIndices(m *CSR) {
	type entry struct {
		c int32
		v float32
	}
	var buf []entry
	for i := 0; i < m.Rows; i++ {
		lo, hi := m.Indptr[i], m.Indptr[i+1]
		if lo < 0 || hi > int64(len(m.Indices)) || lo > hi {
			return // Validate reports it
		}
		idx := m.Indices[lo:hi]
		if slices.IsSorted(idx) {
			continue
		}
		buf = buf[:0]
		for k, c := range idx {
			buf = append(buf, entry{c, m.Data[lo+int64(k)]})
		}
		slices.SortStableFunc(buf, func(x, y entry) int { return int(x.c) - int(y.c) })
		for k, e := range buf {
			idx[k] = e.c
			m.Data[lo+int64(k)] = e.v
		}
	}
}

// readCompressed reads the data/indices/indptr datasets of g as a rows ×
// cols CSR matrix (the compressed axis is the rows: read a CSC group with
// rows and cols swapped), sorts each row's indices and validates it.
// unit names the compressed axis in errors ("cells", "compressed rows").
func readCompressed(g *hdf5.Group, rows, cols int, unit string) (*CSR, error) {
	m := &CSR{Rows: rows, Cols: cols}
	var err error
	if m.Data, err = readNumbers[float32](g, "data"); err != nil {
		return nil, err
	}
	if m.Indices, err = readNumbers[int32](g, "indices"); err != nil {
		return nil, err
	}
	if m.Indptr, err = readNumbers[int64](g, "indptr"); err != nil {
		return nil, err
	}
	if len(m.Indptr) != m.Rows+1 {
		return nil, fmt.Errorf("%s: indptr has %d entries for %d %s", g.Path(), len(m.Indptr), m.Rows, unit)
	}
	sortRowIndices(m)
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", g.Path(), err)
	}
	return m, nil
}
