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
