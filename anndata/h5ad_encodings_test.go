package anndata

import (
	"math"
	"slices"
	"testing"

	"regula/internal/hdf5"
)

// writeRawDataset writes a dataset with an optional encoding attribute.
func writeRawDataset(t *testing.T, g *hdf5.Group, name string, data any, enc string) {
	t.Helper()
	d, err := g.CreateDataset(name, data)
	must(t, err)
	defer d.Close()
	if enc != "" {
		must(t, setEncoding(d, enc))
	}
}

// TestReadH5ADOtherEncodings reads elements the shared fixtures lack: a
// CSC X, nullable integer and boolean columns with and without missing
// values, a frame without column-order and unsorted CSR rows.
func TestReadH5ADOtherEncodings(t *testing.T) {
	path := buildH5(t, func(root *hdf5.Group) {
		// X = [[1 0 2] [0 3 0]] as CSC: columns (1), (3), (2).
		x, err := root.CreateGroup("X")
		must(t, err)
		must(t, x.SetAttr("encoding-type", encCSC))
		must(t, x.SetAttr("encoding-version", "0.1.0"))
		must(t, x.SetAttr("shape", []int64{2, 3}))
		writeRawDataset(t, x, "data", []float64{1, 3, 2}, "")
		writeRawDataset(t, x, "indices", []int32{0, 1, 0}, "")
		writeRawDataset(t, x, "indptr", []int32{0, 1, 2, 3}, "")
		x.Close()

		obs, err := root.CreateGroup("obs")
		must(t, err)
		must(t, setEncoding(obs, encDataFrame))
		must(t, obs.SetAttr("_index", "_index"))
		must(t, obs.SetAttr("column-order", []string{"nint", "nint_full", "nbool", "nbool_full"}))
		writeRawDataset(t, obs, "_index", []string{"c1", "c2"}, encStringArray)
		for _, col := range []struct {
			name, enc string
			values    any
			mask      []bool
		}{
			{"nint", encNullableInt, []int64{5, 0}, []bool{false, true}},
			{"nint_full", encNullableInt, []int64{5, 6}, nil},
			{"nbool", encNullableBool, []bool{true, false}, []bool{true, false}},
			{"nbool_full", encNullableBool, []bool{true, false}, []bool{false, false}},
		} {
			g, err := obs.CreateGroup(col.name)
			must(t, err)
			must(t, g.SetAttr("encoding-type", col.enc))
			must(t, g.SetAttr("encoding-version", "0.1.0"))
			writeRawDataset(t, g, "values", col.values, encArray)
			if col.mask != nil {
				writeRawDataset(t, g, "mask", col.mask, encArray)
			}
			g.Close()
		}
		obs.Close()

		// A frame without column-order (very old files): members but the index.
		v, err := root.CreateGroup("var")
		must(t, err)
		must(t, v.SetAttr("_index", "gene"))
		writeRawDataset(t, v, "gene", []string{"g1", "g2", "g3"}, "")
		writeRawDataset(t, v, "len", []uint16{10, 20, 30}, "")
		v.Close()

		// Unsorted column indices within a row.
		layers, err := root.CreateGroup("layers")
		must(t, err)
		must(t, writeCSR(layers, "unsorted", &CSR{Rows: 2, Cols: 3, Indptr: []int64{0, 2, 3}, Indices: []int32{2, 0, 1}, Data: []float32{2, 1, 3}}))
		layers.Close()
	})
	a, err := ReadH5AD(path)
	if err != nil {
		t.Fatal(err)
	}
	x, ok := a.X.(*CSR)
	if !ok || !slices.Equal(x.ToDense().Data, []float32{1, 0, 2, 0, 3, 0}) {
		t.Errorf("CSC X read as %T %v", a.X, a.X.ToDense().Data)
	}
	if !slices.Equal(a.Layers["unsorted"].ToDense().Data, []float32{1, 0, 2, 0, 3, 0}) {
		t.Errorf("unsorted CSR: %v", a.Layers["unsorted"].ToDense().Data)
	}
	nint := a.Obs.Col("nint").(*FloatColumn).Values
	if nint[0] != 5 || !math.IsNaN(nint[1]) {
		t.Errorf("nullable int with missing: %v", nint)
	}
	if c := a.Obs.Col("nint_full").(*IntColumn); !slices.Equal(c.Values, []int64{5, 6}) {
		t.Errorf("nullable int without missing: %v", c.Values)
	}
	nb := a.Obs.Col("nbool").(*Categorical)
	if !slices.Equal(nb.Codes, []int32{-1, 0}) || !slices.Equal(nb.Categories, []string{"False", "True"}) {
		t.Errorf("nullable bool with missing: %+v", nb)
	}
	if c := a.Obs.Col("nbool_full").(*BoolColumn); !slices.Equal(c.Values, []bool{true, false}) {
		t.Errorf("nullable bool without missing: %v", c.Values)
	}
	if a.Var.IndexName != "gene" || !slices.Equal(a.Var.Names(), []string{"len"}) {
		t.Errorf("var without column-order: index %q columns %v", a.Var.IndexName, a.Var.Names())
	}
	if c := a.Var.Col("len").(*IntColumn); !slices.Equal(c.Values, []int64{10, 20, 30}) {
		t.Errorf("uint16 column: %v", c.Values)
	}
}
