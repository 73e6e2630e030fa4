package anndata

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"regula/internal/atomicfile"
	"regula/internal/hdf5"
)

// WriteH5AD writes a as an .h5ad file in the encoding of anndata 0.8
// (encoding-type/encoding-version attributes on every element), which
// anndata 0.8 and later read with the same values, names and categories.
// Large arrays are chunked and gzip-compressed. The file appears only when
// writing succeeded: it is written to a temporary file that is renamed
// over path at the end. Uns values may be string, bool, int, int64,
// float64, []string, []bool, []int64, []int32, []float64, []float32,
// *Dense and nested Uns (or map[string]any) maps.
func WriteH5AD(path string, a *AnnData) error {
	if a == nil || a.X == nil {
		return fmt.Errorf("write h5ad %s: no AnnData or no X", path)
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("write h5ad %s: %w", path, err)
	}
	return atomicfile.WriteFile(path, func(tmp string) error {
		f, err := hdf5.Create(tmp)
		if err != nil {
			return err
		}
		if err := writeAnnData(&f.Group, a); err != nil {
			f.Close()
			return err
		}
		return f.Close()
	})
}

func writeAnnData(root *hdf5.Group, a *AnnData) error {
	if err := setEncoding(root, encAnnData); err != nil {
		return err
	}
	if err := writeMatrix(root, "X", a.X); err != nil {
		return fmt.Errorf("X: %w", err)
	}
	if err := writeFrame(root, "obs", a.Obs); err != nil {
		return fmt.Errorf("obs: %w", err)
	}
	if err := writeFrame(root, "var", a.Var); err != nil {
		return fmt.Errorf("var: %w", err)
	}
	if err := writeDict(root, "obsm", a.Obsm, func(g *hdf5.Group, k string, m *Dense) error { return writeDense(g, k, m) }); err != nil {
		return err
	}
	if err := writeDict(root, "varm", a.Varm, func(g *hdf5.Group, k string, m *Dense) error { return writeDense(g, k, m) }); err != nil {
		return err
	}
	if err := writeDict(root, "obsp", a.Obsp, func(g *hdf5.Group, k string, m *CSR) error { return writeCSR(g, k, m) }); err != nil {
		return err
	}
	if err := writeDict(root, "varp", map[string]*CSR{}, nil); err != nil {
		return err
	}
	if err := writeDict(root, "layers", a.Layers, writeMatrix); err != nil {
		return err
	}
	uns, err := root.CreateGroup("uns")
	if err != nil {
		return err
	}
	defer uns.Close()
	if err := writeUns(uns, map[string]any(a.Uns)); err != nil {
		return fmt.Errorf("uns%w", err)
	}
	return nil
}

// writeDict writes a "dict" group holding m's values in key order.
func writeDict[V any](parent *hdf5.Group, name string, m map[string]V, write func(*hdf5.Group, string, V) error) error {
	g, err := parent.CreateGroup(name)
	if err != nil {
		return err
	}
	defer g.Close()
	if err := setEncoding(g, encDict); err != nil {
		return err
	}
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := write(g, k, m[k]); err != nil {
			return fmt.Errorf("%s[%q]: %w", name, k, err)
		}
	}
	return nil
}

// writeMatrix writes a dense matrix as an array, a CSR one as csr_matrix.
func writeMatrix(g *hdf5.Group, name string, m Matrix) error {
	switch t := m.(type) {
	case *Dense:
		return writeDense(g, name, t)
	case *CSR:
		return writeCSR(g, name, t)
	}
	return fmt.Errorf("unsupported matrix type %T", m)
}

func writeDense(g *hdf5.Group, name string, m *Dense) error {
	return writeArray(g, name, m.Data, m.Rows, m.Cols)
}

// writeArray writes a numeric, bool or string array with its encoding.
func writeArray(g *hdf5.Group, name string, data any, dims ...int) error {
	d, err := g.CreateDataset(name, data, dims...)
	if err != nil {
		return err
	}
	defer d.Close()
	enc := encArray
	if _, ok := data.([]string); ok {
		enc = encStringArray
	}
	return setEncoding(d, enc)
}

func writeCSR(parent *hdf5.Group, name string, m *CSR) error {
	g, err := parent.CreateGroup(name)
	if err != nil {
		return err
	}
	defer g.Close()
	if err := setEncoding(g, encCSR); err != nil {
		return err
	}
	if err := g.SetAttr("shape", []int64{int64(m.Rows), int64(m.Cols)}); err != nil {
		return err
	}
	// scipy requires indices and indptr of one integer type (its sparse
	// tools reject a mix): int32 like scipy whenever the entries fit, else
	// int64 for both.
	var indices, indptr any = m.Indices, m.Indptr
	if len(m.Data) <= math.MaxInt32 {
		p32 := make([]int32, len(m.Indptr))
		for i, v := range m.Indptr {
			p32[i] = int32(v)
		}
		indptr = p32
	} else {
		i64 := make([]int64, len(m.Indices))
		for i, v := range m.Indices {
			i64[i] = int64(v)
		}
		indices = i64
	}
	for _, part := range []struct {
		name string
		data any
	}{{"data", m.Data}, {"indices", indices}, {"indptr", indptr}} {
		d, err := g.CreateDataset(part.name, part.data)
		if err != nil {
			return err
		}
		d.Close()
	}
	return nil
}

// writeFrame writes a dataframe group: index, columns and their order.
func writeFrame(parent *hdf5.Group, name string, fr *Frame) error {
	g, err := parent.CreateGroup(name)
	if err != nil {
		return err
	}
	defer g.Close()
	names := fr.Names()
	index := fr.IndexName
	if index == "" || slices.Contains(names, index) {
		index = "_index"
	}
	if slices.Contains(names, "_index") {
		return fmt.Errorf(`column name "_index" is reserved by the h5ad format`)
	}
	if err := setEncoding(g, encDataFrame); err != nil {
		return err
	}
	if err := g.SetAttr("_index", index); err != nil {
		return err
	}
	if err := g.SetAttr("column-order", names); err != nil {
		return err
	}
	if err := writeArray(g, index, fr.Index); err != nil {
		return err
	}
	for _, col := range names {
		if err := writeColumn(g, col, fr.Col(col)); err != nil {
			return fmt.Errorf("column %q: %w", col, err)
		}
	}
	return nil
}

func writeColumn(g *hdf5.Group, name string, c Column) error {
	switch t := c.(type) {
	case *StringColumn:
		return writeArray(g, name, t.Values)
	case *FloatColumn:
		return writeArray(g, name, t.Values)
	case *IntColumn:
		return writeArray(g, name, t.Values)
	case *BoolColumn:
		return writeArray(g, name, t.Values)
	case *Categorical:
		return writeCategorical(g, name, t)
	}
	return fmt.Errorf("unsupported column type %T", c)
}

// writeCategorical writes codes (in the smallest integer type, as pandas
// does) and categories.
func writeCategorical(parent *hdf5.Group, name string, c *Categorical) error {
	g, err := parent.CreateGroup(name)
	if err != nil {
		return err
	}
	defer g.Close()
	if err := setEncoding(g, encCategorical); err != nil {
		return err
	}
	if err := g.SetAttr("ordered", c.Ordered); err != nil {
		return err
	}
	var codes any = c.Codes
	switch n := len(c.Categories); {
	case n < 1<<7:
		codes = narrow[int8](c.Codes)
	case n < 1<<15:
		codes = narrow[int16](c.Codes)
	}
	if err := writeArray(g, "codes", codes); err != nil {
		return err
	}
	return writeArray(g, "categories", c.Categories)
}

func narrow[T int8 | int16](codes []int32) []T {
	out := make([]T, len(codes))
	for i, c := range codes {
		out[i] = T(c)
	}
	return out
}

// writeUns writes an uns dict; errors name the key path.
func writeUns(g *hdf5.Group, m map[string]any) error {
	for _, k := range slices.Sorted(maps.Keys(m)) {
		if err := writeUnsValue(g, k, m[k]); err != nil {
			return fmt.Errorf("[%q]%w", k, err)
		}
	}
	return nil
}

func writeUnsValue(g *hdf5.Group, key string, v any) error {
	switch x := v.(type) {
	case Uns:
		return writeUnsDict(g, key, x)
	case map[string]any:
		return writeUnsDict(g, key, x)
	case *Dense:
		return wrapUns(writeDense(g, key, x))
	case string:
		return wrapUns(writeScalar(g, key, x, encString))
	case bool, int, int64, float64:
		return wrapUns(writeScalar(g, key, x, encScalar))
	case []string, []bool, []int64, []int32, []float64, []float32:
		return wrapUns(writeArray(g, key, x))
	}
	return fmt.Errorf(": values of type %T cannot be written to h5ad", v)
}

// wrapUns formats a leaf error for writeUns's key-path messages.
func wrapUns(err error) error {
	if err != nil {
		return fmt.Errorf(": %w", err)
	}
	return nil
}

func writeUnsDict(parent *hdf5.Group, key string, m map[string]any) error {
	g, err := parent.CreateGroup(key)
	if err != nil {
		return wrapUns(err)
	}
	defer g.Close()
	if err := setEncoding(g, encDict); err != nil {
		return wrapUns(err)
	}
	return writeUns(g, m)
}

func writeScalar(g *hdf5.Group, key string, v any, enc string) error {
	d, err := g.CreateScalar(key, v)
	if err != nil {
		return err
	}
	defer d.Close()
	return setEncoding(d, enc)
}
