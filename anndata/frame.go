package anndata

import (
	"fmt"
	"strconv"
)

// Column is one column of a Frame. Its concrete type is one of
// *StringColumn, *FloatColumn, *IntColumn, *BoolColumn or *Categorical.
type Column interface {
	// Len returns the number of rows.
	Len() int
	// String returns row i formatted as text (used by CSV writers and `regula info`).
	String(i int) string
	// Subset returns a new column holding rows idx, in that order.
	Subset(idx []int) Column
}

// StringColumn holds free-text values.
type StringColumn struct{ Values []string }

// FloatColumn holds float64 values (NaN marks a missing value).
type FloatColumn struct{ Values []float64 }

// IntColumn holds int64 values.
type IntColumn struct{ Values []int64 }

// BoolColumn holds booleans.
type BoolColumn struct{ Values []bool }

// Categorical holds values as integer codes into Categories, as pandas does.
// Code -1 marks a missing value.
type Categorical struct {
	Codes      []int32
	Categories []string
	Ordered    bool
}

// Len implements Column.
func (c *StringColumn) Len() int { return len(c.Values) }

// String implements Column.
func (c *StringColumn) String(i int) string { return c.Values[i] }

// Subset implements Column.
func (c *StringColumn) Subset(idx []int) Column {
	out := make([]string, len(idx))
	for k, i := range idx {
		out[k] = c.Values[i]
	}
	return &StringColumn{out}
}

// Len implements Column.
func (c *FloatColumn) Len() int { return len(c.Values) }

// String implements Column.
func (c *FloatColumn) String(i int) string { return strconv.FormatFloat(c.Values[i], 'g', -1, 64) }

// Subset implements Column.
func (c *FloatColumn) Subset(idx []int) Column {
	out := make([]float64, len(idx))
	for k, i := range idx {
		out[k] = c.Values[i]
	}
	return &FloatColumn{out}
}

// Len implements Column.
func (c *IntColumn) Len() int { return len(c.Values) }

// String implements Column.
func (c *IntColumn) String(i int) string { return strconv.FormatInt(c.Values[i], 10) }

// Subset implements Column.
func (c *IntColumn) Subset(idx []int) Column {
	out := make([]int64, len(idx))
	for k, i := range idx {
		out[k] = c.Values[i]
	}
	return &IntColumn{out}
}

// Len implements Column.
func (c *BoolColumn) Len() int { return len(c.Values) }

// String implements Column.
func (c *BoolColumn) String(i int) string { return strconv.FormatBool(c.Values[i]) }

// Subset implements Column.
func (c *BoolColumn) Subset(idx []int) Column {
	out := make([]bool, len(idx))
	for k, i := range idx {
		out[k] = c.Values[i]
	}
	return &BoolColumn{out}
}

// Len implements Column.
func (c *Categorical) Len() int { return len(c.Codes) }

// String implements Column; a missing value (code -1) is "".
func (c *Categorical) String(i int) string {
	if c.Codes[i] < 0 {
		return ""
	}
	return c.Categories[c.Codes[i]]
}

// Subset implements Column; the categories are kept unchanged.
func (c *Categorical) Subset(idx []int) Column {
	out := make([]int32, len(idx))
	for k, i := range idx {
		out[k] = c.Codes[i]
	}
	return &Categorical{Codes: out, Categories: append([]string(nil), c.Categories...), Ordered: c.Ordered}
}

// NewCategorical encodes string values as a Categorical whose categories are
// the distinct values in order of first appearance. Empty strings are coded
// as missing (-1).
func NewCategorical(values []string) *Categorical {
	c := &Categorical{Codes: make([]int32, len(values))}
	seen := map[string]int32{}
	for i, v := range values {
		if v == "" {
			c.Codes[i] = -1
			continue
		}
		code, ok := seen[v]
		if !ok {
			code = int32(len(c.Categories))
			seen[v] = code
			c.Categories = append(c.Categories, v)
		}
		c.Codes[i] = code
	}
	return c
}

// Frame is a table of named columns sharing a row index, like the obs and
// var DataFrames of AnnData. Column order is preserved.
type Frame struct {
	// Index holds the row names (cell barcodes for obs, gene names for var).
	Index []string
	// IndexName is the name of the index column ("_index" when unnamed).
	IndexName string
	names     []string
	cols      map[string]Column
}

// NewFrame returns a frame with the given row names and no columns.
func NewFrame(index []string) *Frame {
	return &Frame{Index: index, cols: map[string]Column{}}
}

// Len returns the number of rows.
func (f *Frame) Len() int { return len(f.Index) }

// Names returns the column names in order.
func (f *Frame) Names() []string { return append([]string(nil), f.names...) }

// Col returns the named column, or nil if absent.
func (f *Frame) Col(name string) Column { return f.cols[name] }

// Set adds or replaces a column. It returns an error when the column length
// differs from the number of rows.
func (f *Frame) Set(name string, c Column) error {
	if c.Len() != len(f.Index) {
		return fmt.Errorf("column %q has %d values, frame has %d rows", name, c.Len(), len(f.Index))
	}
	if f.cols == nil {
		f.cols = map[string]Column{}
	}
	if _, ok := f.cols[name]; !ok {
		f.names = append(f.names, name)
	}
	f.cols[name] = c
	return nil
}

// Delete removes a column if present.
func (f *Frame) Delete(name string) {
	if _, ok := f.cols[name]; !ok {
		return
	}
	delete(f.cols, name)
	for i, n := range f.names {
		if n == name {
			f.names = append(f.names[:i], f.names[i+1:]...)
			break
		}
	}
}

// Subset returns a new frame with rows idx, in that order.
func (f *Frame) Subset(idx []int) *Frame {
	index := make([]string, len(idx))
	for k, i := range idx {
		index[k] = f.Index[i]
	}
	out := &Frame{Index: index, IndexName: f.IndexName, names: append([]string(nil), f.names...), cols: map[string]Column{}}
	for _, n := range f.names {
		out.cols[n] = f.cols[n].Subset(idx)
	}
	return out
}

// Lookup returns a map from row name to row position. It returns an error
// naming the first duplicated name.
func (f *Frame) Lookup() (map[string]int, error) {
	m := make(map[string]int, len(f.Index))
	for i, name := range f.Index {
		if j, dup := m[name]; dup {
			return nil, fmt.Errorf("duplicate name %q at rows %d and %d", name, j+1, i+1)
		}
		m[name] = i
	}
	return m, nil
}

// Strings returns the named column as strings (any column type), or an
// error naming the missing column and listing those present.
func (f *Frame) Strings(name string) ([]string, error) {
	c := f.cols[name]
	if c == nil {
		return nil, fmt.Errorf("no column %q (have %v)", name, f.names)
	}
	out := make([]string, c.Len())
	for i := range out {
		out[i] = c.String(i)
	}
	return out, nil
}
