// Package anndata holds regula's in-memory single-cell dataset, modelled on
// Python's AnnData: a cells × genes matrix X with per-cell (obs) and per-gene
// (var) tables, multi-dimensional annotations (obsm, varm), pairwise
// annotations (obsp), alternative matrices (layers) and unstructured
// metadata (uns); plus readers and writers for the file formats of the field.
package anndata

import (
	"fmt"
	"slices"
)

// AnnData is an annotated cells × genes matrix.
type AnnData struct {
	// X is the main matrix: one row per cell, one column per gene.
	X Matrix
	// Obs annotates cells; Obs.Index holds the cell names.
	Obs *Frame
	// Var annotates genes; Var.Index holds the gene names.
	Var *Frame
	// Obsm holds per-cell embeddings (each with NObs rows), e.g. "X_pca".
	Obsm map[string]*Dense
	// Varm holds per-gene arrays (each with NVars rows), e.g. "PCs".
	Varm map[string]*Dense
	// Obsp holds cell × cell graphs, e.g. "connectivities", "distances".
	Obsp map[string]*CSR
	// Layers holds matrices shaped like X, e.g. "counts".
	Layers map[string]Matrix
	// Uns holds unstructured metadata. Values are string, float64, int64,
	// bool, []string, []float64, []int64, []bool, *Dense or nested Uns maps.
	Uns Uns
}

// Uns is AnnData's unstructured metadata: a nested map. See AnnData.Uns for
// the value types that readers produce and writers accept.
type Uns map[string]any

// New returns an AnnData around X with the given cell and gene names and
// empty annotations. It checks that the names match X's shape.
func New(x Matrix, cells, genes []string) (*AnnData, error) {
	r, c := x.Dims()
	if len(cells) != r {
		return nil, fmt.Errorf("anndata: %d cell names for %d rows", len(cells), r)
	}
	if len(genes) != c {
		return nil, fmt.Errorf("anndata: %d gene names for %d columns", len(genes), c)
	}
	return &AnnData{
		X:      x,
		Obs:    NewFrame(cells),
		Var:    NewFrame(genes),
		Obsm:   map[string]*Dense{},
		Varm:   map[string]*Dense{},
		Obsp:   map[string]*CSR{},
		Layers: map[string]Matrix{},
		Uns:    Uns{},
	}, nil
}

// NObs returns the number of cells.
func (a *AnnData) NObs() int { r, _ := a.X.Dims(); return r }

// NVars returns the number of genes.
func (a *AnnData) NVars() int { _, c := a.X.Dims(); return c }

// CellNames returns the cell names (aliases Obs.Index).
func (a *AnnData) CellNames() []string { return a.Obs.Index }

// GeneNames returns the gene names (aliases Var.Index).
func (a *AnnData) GeneNames() []string { return a.Var.Index }

// Validate checks that every annotation agrees with X's shape.
func (a *AnnData) Validate() error {
	r, c := a.X.Dims()
	if a.Obs.Len() != r {
		return fmt.Errorf("anndata: obs has %d rows, X has %d", a.Obs.Len(), r)
	}
	if a.Var.Len() != c {
		return fmt.Errorf("anndata: var has %d rows, X has %d columns", a.Var.Len(), c)
	}
	for k, m := range a.Obsm {
		if m.Rows != r {
			return fmt.Errorf("anndata: obsm[%q] has %d rows, want %d", k, m.Rows, r)
		}
	}
	for k, m := range a.Varm {
		if m.Rows != c {
			return fmt.Errorf("anndata: varm[%q] has %d rows, want %d", k, m.Rows, c)
		}
	}
	for k, m := range a.Obsp {
		if m.Rows != r || m.Cols != r {
			return fmt.Errorf("anndata: obsp[%q] is %d×%d, want %d×%d", k, m.Rows, m.Cols, r, r)
		}
	}
	for k, m := range a.Layers {
		lr, lc := m.Dims()
		if lr != r || lc != c {
			return fmt.Errorf("anndata: layers[%q] is %d×%d, X is %d×%d", k, lr, lc, r, c)
		}
	}
	if cs, ok := a.X.(*CSR); ok {
		if err := cs.Validate(); err != nil {
			return fmt.Errorf("anndata: X: %w", err)
		}
	}
	return nil
}

// SubsetObs returns a new AnnData with the cells idx (in that order). Obsp
// graphs are dropped (they would need re-computation); Uns is shared.
func (a *AnnData) SubsetObs(idx []int) *AnnData {
	out := &AnnData{
		X:      subsetRows(a.X, idx),
		Obs:    a.Obs.Subset(idx),
		Var:    a.Var.Subset(seq(a.NVars())),
		Obsm:   map[string]*Dense{},
		Varm:   map[string]*Dense{},
		Obsp:   map[string]*CSR{},
		Layers: map[string]Matrix{},
		Uns:    a.Uns,
	}
	for k, m := range a.Obsm {
		out.Obsm[k] = subsetRows(m, idx).(*Dense)
	}
	for k, m := range a.Varm {
		out.Varm[k] = m.Clone().(*Dense)
	}
	for k, m := range a.Layers {
		out.Layers[k] = subsetRows(m, idx)
	}
	return out
}

// SubsetVars returns a new AnnData with the genes idx (in that order). Varm
// arrays are subset; Obsm, Obsp and Uns are kept.
func (a *AnnData) SubsetVars(idx []int) *AnnData {
	out := &AnnData{
		X:      subsetCols(a.X, idx),
		Obs:    a.Obs.Subset(seq(a.NObs())),
		Var:    a.Var.Subset(idx),
		Obsm:   map[string]*Dense{},
		Varm:   map[string]*Dense{},
		Obsp:   map[string]*CSR{},
		Layers: map[string]Matrix{},
		Uns:    a.Uns,
	}
	for k, m := range a.Obsm {
		out.Obsm[k] = m.Clone().(*Dense)
	}
	for k, m := range a.Obsp {
		out.Obsp[k] = m.Clone().(*CSR)
	}
	for k, m := range a.Varm {
		out.Varm[k] = subsetRows(m, idx).(*Dense)
	}
	for k, m := range a.Layers {
		out.Layers[k] = subsetCols(m, idx)
	}
	return out
}

func seq(n int) []int {
	s := make([]int, n)
	for i := range s {
		s[i] = i
	}
	return s
}

func subsetRows(m Matrix, idx []int) Matrix {
	switch t := m.(type) {
	case *Dense:
		out := NewDense(len(idx), t.Cols)
		for k, i := range idx {
			copy(out.Row(k), t.Row(i))
		}
		return out
	case *CSR:
		out := &CSR{Rows: len(idx), Cols: t.Cols, Indptr: make([]int64, len(idx)+1)}
		for k, i := range idx {
			cols, vals := t.RowView(i)
			out.Indices = append(out.Indices, cols...)
			out.Data = append(out.Data, vals...)
			out.Indptr[k+1] = int64(len(out.Data))
		}
		return out
	}
	panic(fmt.Sprintf("anndata: unknown matrix type %T", m))
}

func subsetCols(m Matrix, idx []int) Matrix {
	switch t := m.(type) {
	case *Dense:
		out := NewDense(t.Rows, len(idx))
		for i := 0; i < t.Rows; i++ {
			src, dst := t.Row(i), out.Row(i)
			for k, j := range idx {
				dst[k] = src[j]
			}
		}
		return out
	case *CSR:
		pos := make([]int32, t.Cols)
		for j := range pos {
			pos[j] = -1
		}
		for k, j := range idx {
			pos[j] = int32(k)
		}
		out := &CSR{Rows: t.Rows, Cols: len(idx), Indptr: make([]int64, t.Rows+1)}
		type entry struct {
			c int32
			v float32
		}
		var buf []entry
		for i := 0; i < t.Rows; i++ {
			buf = buf[:0]
			cols, vals := t.RowView(i)
			for k, c := range cols {
				if p := pos[c]; p >= 0 {
					buf = append(buf, entry{p, vals[k]})
				}
			}
			// idx may reorder columns: keep each row sorted.
			slices.SortFunc(buf, func(x, y entry) int { return int(x.c) - int(y.c) })
			for _, e := range buf {
				out.Indices = append(out.Indices, e.c)
				out.Data = append(out.Data, e.v)
			}
			out.Indptr[i+1] = int64(len(out.Data))
		}
		return out
	}
	panic(fmt.Sprintf("anndata: unknown matrix type %T", m))
}
