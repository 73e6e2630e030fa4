package anndata

import (
	"fmt"
	"slices"
	"strconv"

	"regula/internal/hdf5"
)

// ReadH5AD reads an .h5ad file written by anndata 0.7 or later.
//
// X may be dense or CSR/CSC (CSC is converted to CSR); a file without X
// (anndata allows that) gets an all-zero sparse X shaped by obs and var.
// obs and var columns become typed Frame columns; categoricals keep their
// categories and order flag; nullable integers with missing values become
// float columns with NaN, nullable booleans with missing values become
// categoricals over "False"/"True" with missing codes. obsm and varm keep
// dense and sparse arrays (densified); obsp keeps sparse and dense graphs
// (as CSR); layers keep every matrix; uns keeps nested dicts, scalars and
// numeric, boolean and string arrays. raw.X is loaded as Layers["raw"] only
// when raw.var lists exactly var's genes (the usual case after scaling);
// otherwise it is left out. Anything that cannot be represented (dataframes
// in obsm/varm, varp, record arrays in uns, a raw with other genes) is
// listed under Uns[SkippedKey] rather than failing the read.
func ReadH5AD(path string) (*AnnData, error) {
	f, err := hdf5.Open(path)
	if err != nil {
		return nil, fmt.Errorf("h5ad: %w", err)
	}
	defer f.Close()
	r := &h5adReader{}
	a, err := r.read(&f.Group)
	if err != nil {
		return nil, fmt.Errorf("h5ad %s: %w", path, err)
	}
	if len(r.skipped) > 0 {
		a.Uns[SkippedKey] = r.skipped
	}
	return a, nil
}

// h5adReader reads one file, collecting the elements it skips.
type h5adReader struct {
	skipped []string
}

func (r *h5adReader) skip(path, reason string) {
	r.skipped = append(r.skipped, path+": "+reason)
}

func (r *h5adReader) read(root *hdf5.Group) (*AnnData, error) {
	a := &AnnData{Obsm: map[string]*Dense{}, Varm: map[string]*Dense{}, Obsp: map[string]*CSR{},
		Layers: map[string]Matrix{}, Uns: Uns{}}
	var err error
	if root.Has("X") {
		if a.X, err = readMatrix(root, "X"); err != nil {
			return nil, fmt.Errorf("X: %w", err)
		}
	}
	if a.Obs, err = r.readOptionalFrame(root, "obs"); err != nil {
		return nil, err
	}
	if a.Var, err = r.readOptionalFrame(root, "var"); err != nil {
		return nil, err
	}
	if err := completeShape(a); err != nil {
		return nil, err
	}
	if err := a.Validate(); err != nil {
		return nil, err
	}
	if err := r.readDenseMap(root, "obsm", a.Obsm); err != nil {
		return nil, err
	}
	if err := r.readDenseMap(root, "varm", a.Varm); err != nil {
		return nil, err
	}
	if err := r.readGraphs(root, "obsp", a.Obsp); err != nil {
		return nil, err
	}
	if err := r.readLayers(root, a.Layers); err != nil {
		return nil, err
	}
	if root.Has("uns") {
		g, err := root.OpenGroup("uns")
		if err != nil {
			return nil, err
		}
		defer g.Close()
		if err := r.readUnsGroup(g, a.Uns); err != nil {
			return nil, err
		}
	}
	if root.Has("varp") {
		if n := memberCount(root, "varp"); n > 0 {
			r.skip("/varp", fmt.Sprintf("%d gene × gene arrays not loaded (regula's AnnData has no varp)", n))
		}
	}
	if root.Has("raw") {
		if err := r.readRaw(root, a); err != nil {
			return nil, err
		}
	}
	return a, a.Validate()
}

// completeShape fills whichever of X, obs and var is missing from the
// others: anndata writes files without X, and obs/var default to the
// row numbers as names.
func completeShape(a *AnnData) error {
	if a.X == nil {
		if a.Obs == nil || a.Var == nil {
			return fmt.Errorf("no X, and no obs and var to tell its shape: not an AnnData file")
		}
		a.X = &CSR{Rows: a.Obs.Len(), Cols: a.Var.Len(), Indptr: make([]int64, a.Obs.Len()+1)}
	}
	rows, cols := a.X.Dims()
	if a.Obs == nil {
		a.Obs = NewFrame(rowNumbers(rows))
	}
	if a.Var == nil {
		a.Var = NewFrame(rowNumbers(cols))
	}
	return nil
}

func rowNumbers(n int) []string {
	out := make([]string, n)
	for i := range out {
		out[i] = strconv.Itoa(i)
	}
	return out
}

func memberCount(g *hdf5.Group, name string) int {
	sub, err := g.OpenGroup(name)
	if err != nil {
		return 0
	}
	defer sub.Close()
	names, _ := sub.Members()
	return len(names)
}

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
	m := &CSR{Rows: int(shape[0]), Cols: int(shape[1])}
	if format == encCSC {
		m.Rows, m.Cols = m.Cols, m.Rows
	}
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
		return nil, fmt.Errorf("%s: indptr has %d entries for %d compressed rows", g.Path(), len(m.Indptr), m.Rows)
	}
	sortRowIndices(m)
	if err := m.Validate(); err != nil {
		return nil, fmt.Errorf("%s: %w", g.Path(), err)
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

// readOptionalFrame reads the dataframe name, or returns nil when absent.
func (r *h5adReader) readOptionalFrame(root *hdf5.Group, name string) (*Frame, error) {
	if !root.Has(name) {
		return nil, nil
	}
	g, err := root.OpenGroup(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	defer g.Close()
	fr, err := r.readFrame(g)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	return fr, nil
}

// readDenseMap reads obsm or varm: dense arrays as they are, sparse ones
// densified; dataframes are skipped.
func (r *h5adReader) readDenseMap(root *hdf5.Group, name string, into map[string]*Dense) error {
	return eachMember(root, name, func(g *hdf5.Group, key string, kind hdf5.Kind) error {
		if kind == hdf5.KindGroup {
			sub, err := g.OpenGroup(key)
			if err != nil {
				return err
			}
			enc := encodingOf(sub)
			sub.Close()
			if enc != encCSR && enc != encCSC {
				r.skip(g.Path()+"/"+key, fmt.Sprintf("%q element not loaded (regula's %s holds arrays only)", enc, name))
				return nil
			}
		}
		m, err := readMatrix(g, key)
		if err != nil {
			return err
		}
		into[key] = m.ToDense()
		return nil
	})
}

// readGraphs reads obsp: sparse graphs, and dense ones converted to CSR.
func (r *h5adReader) readGraphs(root *hdf5.Group, name string, into map[string]*CSR) error {
	return eachMember(root, name, func(g *hdf5.Group, key string, _ hdf5.Kind) error {
		m, err := readMatrix(g, key)
		if err != nil {
			return err
		}
		into[key] = m.ToCSR()
		return nil
	})
}

// readLayers reads every layer matrix.
func (r *h5adReader) readLayers(root *hdf5.Group, into map[string]Matrix) error {
	return eachMember(root, "layers", func(g *hdf5.Group, key string, _ hdf5.Kind) error {
		m, err := readMatrix(g, key)
		if err != nil {
			return err
		}
		into[key] = m
		return nil
	})
}

// eachMember calls f for every member of root's group name (if present).
func eachMember(root *hdf5.Group, name string, f func(g *hdf5.Group, key string, kind hdf5.Kind) error) error {
	if !root.Has(name) {
		return nil
	}
	g, err := root.OpenGroup(name)
	if err != nil {
		return err
	}
	defer g.Close()
	keys, err := g.Members()
	if err != nil {
		return err
	}
	for _, key := range keys {
		kind, err := g.Kind(key)
		if err != nil {
			return err
		}
		if err := f(g, key, kind); err != nil {
			return fmt.Errorf("%s/%s: %w", name, key, err)
		}
	}
	return nil
}

// readRaw loads raw.X as Layers["raw"] when raw.var matches var.
func (r *h5adReader) readRaw(root *hdf5.Group, a *AnnData) error {
	raw, err := root.OpenGroup("raw")
	if err != nil {
		return err
	}
	defer raw.Close()
	if !raw.Has("X") {
		return nil
	}
	genes, err := rawGenes(raw)
	if err != nil {
		return fmt.Errorf("raw/var: %w", err)
	}
	switch {
	case !slices.Equal(genes, a.Var.Index):
		r.skip("/raw", fmt.Sprintf("raw.X not loaded: raw.var has %d genes that differ from var's %d", len(genes), a.NVars()))
		return nil
	case a.Layers["raw"] != nil:
		r.skip("/raw", `raw.X not loaded: a layer named "raw" already exists`)
		return nil
	}
	m, err := readMatrix(raw, "X")
	if err != nil {
		return fmt.Errorf("raw/X: %w", err)
	}
	a.Layers["raw"] = m
	return nil
}

// rawGenes returns the gene names of raw.var.
func rawGenes(raw *hdf5.Group) ([]string, error) {
	if !raw.Has("var") {
		return nil, fmt.Errorf("missing")
	}
	g, err := raw.OpenGroup("var")
	if err != nil {
		return nil, err
	}
	defer g.Close()
	return readFrameIndex(g)
}
