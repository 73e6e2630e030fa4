package anndata

import (
	"fmt"
	"math"
	"slices"
	"strconv"

	"regula/internal/hdf5"
)

// legacyCategories is the group where anndata 0.7 keeps the categories of
// categorical columns, one string dataset per column.
const legacyCategories = "__categories"

// readFrameIndex returns the row names of a dataframe group: the dataset
// named by its _index attribute.
func readFrameIndex(g *hdf5.Group) ([]string, error) {
	name, err := indexName(g)
	if err != nil {
		return nil, err
	}
	d, err := g.OpenDataset(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return datasetAsStrings(d)
}

// indexName returns the name of the index dataset of a dataframe group.
func indexName(g *hdf5.Group) (string, error) {
	if !g.HasAttr("_index") {
		return "", fmt.Errorf("%s: dataframe has no _index attribute", g.Path())
	}
	return g.AttrString("_index")
}

// datasetAsStrings reads strings, or formats numbers (an integer index).
func datasetAsStrings(d *hdf5.Dataset) ([]string, error) {
	switch d.Class() {
	case hdf5.ClassString:
		return d.ReadStrings()
	case hdf5.ClassInt, hdf5.ClassUint, hdf5.ClassEnum:
		v, err := hdf5.Read[int64](d)
		if err != nil {
			return nil, err
		}
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = strconv.FormatInt(x, 10)
		}
		return out, nil
	case hdf5.ClassFloat:
		v, err := hdf5.Read[float64](d)
		if err != nil {
			return nil, err
		}
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = strconv.FormatFloat(x, 'g', -1, 64)
		}
		return out, nil
	case hdf5.ClassBool:
		v, err := d.ReadBools()
		if err != nil {
			return nil, err
		}
		out := make([]string, len(v))
		for i, x := range v {
			out[i] = pythonBool(x)
		}
		return out, nil
	}
	return nil, fmt.Errorf("%s: holds %s values, want names", d.Path(), d.Class())
}

// pythonBool spells a boolean as Python prints it.
func pythonBool(b bool) string {
	if b {
		return "True"
	}
	return "False"
}

// readFrame reads a dataframe group in either encoding: columns listed by
// the column-order attribute (or, lacking it, every member but the index).
func (r *h5adReader) readFrame(g *hdf5.Group) (*Frame, error) {
	index, err := readFrameIndex(g)
	if err != nil {
		return nil, err
	}
	fr := NewFrame(index)
	fr.IndexName, _ = indexName(g)
	columns, err := columnOrder(g, fr.IndexName)
	if err != nil {
		return nil, err
	}
	for _, name := range columns {
		col, err := r.readColumn(g, name)
		if err != nil {
			return nil, fmt.Errorf("column %q: %w", name, err)
		}
		if col == nil {
			continue
		}
		if err := fr.Set(name, col); err != nil {
			return nil, fmt.Errorf("%s: %w", g.Path(), err)
		}
	}
	return fr, nil
}

// columnOrder returns the frame's column names in order.
func columnOrder(g *hdf5.Group, index string) ([]string, error) {
	if g.HasAttr("column-order") {
		return g.AttrStrings("column-order")
	}
	members, err := g.Members()
	if err != nil {
		return nil, err
	}
	return slices.DeleteFunc(members, func(m string) bool { return m == index || m == legacyCategories }), nil
}

// readColumn reads one column; it returns nil (and notes why) for a
// column it cannot represent.
func (r *h5adReader) readColumn(g *hdf5.Group, name string) (Column, error) {
	kind, err := g.Kind(name)
	if err != nil {
		return nil, err
	}
	if kind == hdf5.KindGroup {
		sub, err := g.OpenGroup(name)
		if err != nil {
			return nil, err
		}
		defer sub.Close()
		switch enc := encodingOf(sub); enc {
		case encCategorical:
			return readCategorical(sub)
		case encNullableInt, encNullableBool:
			return readNullable(sub, enc)
		default:
			r.skip(sub.Path(), fmt.Sprintf("column with encoding %q not loaded", enc))
			return nil, nil
		}
	}
	d, err := g.OpenDataset(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	if len(d.Shape()) != 1 {
		r.skip(d.Path(), fmt.Sprintf("column of shape %v not loaded", d.Shape()))
		return nil, nil
	}
	if d.HasAttr("categories") { // anndata 0.7 categorical: codes here, categories beside
		return readLegacyCategorical(g, d, name)
	}
	switch d.Class() {
	case hdf5.ClassString:
		v, err := d.ReadStrings()
		return &StringColumn{v}, err
	case hdf5.ClassBool:
		v, err := d.ReadBools()
		return &BoolColumn{v}, err
	case hdf5.ClassInt, hdf5.ClassUint, hdf5.ClassEnum:
		v, err := hdf5.Read[int64](d)
		return &IntColumn{v}, err
	case hdf5.ClassFloat:
		v, err := hdf5.Read[float64](d)
		return &FloatColumn{v}, err
	}
	r.skip(d.Path(), fmt.Sprintf("column of %s values not loaded", d.Class()))
	return nil, nil
}

// readCategorical reads an anndata ≥ 0.8 categorical group.
func readCategorical(g *hdf5.Group) (*Categorical, error) {
	codes, err := readNumbers[int32](g, "codes")
	if err != nil {
		return nil, err
	}
	d, err := g.OpenDataset("categories")
	if err != nil {
		return nil, err
	}
	defer d.Close()
	cats, err := datasetAsStrings(d)
	if err != nil {
		return nil, err
	}
	ordered, err := orderedAttr(g)
	if err != nil {
		return nil, err
	}
	return newCheckedCategorical(g.Path(), codes, cats, ordered)
}

// readLegacyCategorical reads an anndata 0.7 categorical: integer codes in
// the column dataset, categories in __categories/<name>.
func readLegacyCategorical(frame *hdf5.Group, codesSet *hdf5.Dataset, name string) (*Categorical, error) {
	codes, err := hdf5.Read[int32](codesSet)
	if err != nil {
		return nil, err
	}
	catPath := legacyCategories + "/" + name
	if !frame.Has(catPath) {
		return nil, fmt.Errorf("%s: categorical codes without %s", codesSet.Path(), catPath)
	}
	d, err := frame.OpenDataset(catPath)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	cats, err := datasetAsStrings(d)
	if err != nil {
		return nil, err
	}
	ordered, err := orderedAttr(d)
	if err != nil {
		return nil, err
	}
	return newCheckedCategorical(codesSet.Path(), codes, cats, ordered)
}

// truthy interprets a boolean attribute that may be stored as an integer.
func truthy(v any) bool {
	switch x := v.(type) {
	case bool:
		return x
	case int64:
		return x != 0
	}
	return false
}

// newCheckedCategorical builds a Categorical after checking every code.
func newCheckedCategorical(path string, codes []int32, cats []string, ordered bool) (*Categorical, error) {
	for i, c := range codes {
		if c < -1 || int(c) >= len(cats) {
			return nil, fmt.Errorf("%s: row %d has code %d outside the %d categories", path, i, c, len(cats))
		}
	}
	return &Categorical{Codes: codes, Categories: cats, Ordered: ordered}, nil
}

// readNullable reads a pandas nullable integer or boolean column: values
// plus an optional mask (true = missing). Without missing values it is a
// plain IntColumn or BoolColumn; with them, integers become floats with
// NaN and booleans a "False"/"True" categorical with missing codes.
func readNullable(g *hdf5.Group, enc string) (Column, error) {
	var mask []bool
	if g.Has("mask") {
		d, err := g.OpenDataset("mask")
		if err != nil {
			return nil, err
		}
		mask, err = d.ReadBools()
		d.Close()
		if err != nil {
			return nil, err
		}
	}
	missing := slices.Contains(mask, true)
	if enc == encNullableBool {
		d, err := g.OpenDataset("values")
		if err != nil {
			return nil, err
		}
		defer d.Close()
		v, err := d.ReadBools()
		if err != nil {
			return nil, err
		}
		if !missing {
			return &BoolColumn{v}, nil
		}
		c := &Categorical{Codes: make([]int32, len(v)), Categories: []string{"False", "True"}}
		for i, x := range v {
			switch {
			case mask[i]:
				c.Codes[i] = -1
			case x:
				c.Codes[i] = 1
			}
		}
		return c, nil
	}
	v, err := readNumbers[int64](g, "values")
	if err != nil {
		return nil, err
	}
	if !missing {
		return &IntColumn{v}, nil
	}
	f := make([]float64, len(v))
	for i, x := range v {
		f[i] = float64(x)
		if mask[i] {
			f[i] = math.NaN()
		}
	}
	return &FloatColumn{f}, nil
}

// attrHolder is an HDF5 object with attributes (a group or a dataset).
type attrHolder interface {
	HasAttr(name string) bool
	Attr(name string) (any, error)
}

// orderedAttr reads a categorical's "ordered" flag (false when absent): on
// the categorical group in anndata ≥ 0.8, on the categories dataset in 0.7.
func orderedAttr(h attrHolder) (bool, error) {
	if !h.HasAttr("ordered") {
		return false, nil
	}
	v, err := h.Attr("ordered")
	if err != nil {
		return false, err
	}
	return truthy(v), nil
}
