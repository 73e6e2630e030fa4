package pp

import (
	"fmt"
	"math"

	"regula/anndata"
)

// Criterion names one of the thresholds of scanpy's filter_cells and
// filter_genes; its value is scanpy's parameter name.
type Criterion string

// The filter criteria. Counts are sums of X; genes (per cell) and cells
// (per gene) count the entries of X that are > 0. Minimums and maximums are
// inclusive: a cell passes min_genes=200 with exactly 200 genes.
const (
	MinCounts Criterion = "min_counts" // cells or genes with at least this total
	MaxCounts Criterion = "max_counts" // cells or genes with at most this total
	MinGenes  Criterion = "min_genes"  // cells expressing at least this many genes
	MaxGenes  Criterion = "max_genes"  // cells expressing at most this many genes
	MinCells  Criterion = "min_cells"  // genes expressed in at least this many cells
	MaxCells  Criterion = "max_cells"  // genes expressed in at most this many cells
)

// isMin reports whether c is a lower bound.
func (c Criterion) isMin() bool { return c == MinCounts || c == MinGenes || c == MinCells }

// FilterCells keeps the cells that pass one threshold, like
// sc.pp.filter_cells with a single parameter (scanpy accepts exactly one per
// call; apply several by chaining calls). c must be MinCounts, MaxCounts,
// MinGenes or MaxGenes. It returns a new AnnData holding the kept cells,
// with obs["n_counts"] (float64, for the counts criteria) or obs["n_genes"]
// (int64, for the genes criteria) recorded as scanpy does; a is unchanged.
func FilterCells(a *anndata.AnnData, c Criterion, threshold float64) (*anndata.AnnData, error) {
	return filterAxis(a, cellAxis, c, threshold)
}

// FilterGenes keeps the genes that pass one threshold, like
// sc.pp.filter_genes with a single parameter. c must be MinCounts,
// MaxCounts, MinCells or MaxCells. It returns a new AnnData holding the kept
// genes, with var["n_counts"] (float64) or var["n_cells"] (int64) recorded
// as scanpy does; a is unchanged.
func FilterGenes(a *anndata.AnnData, c Criterion, threshold float64) (*anndata.AnnData, error) {
	return filterAxis(a, geneAxis, c, threshold)
}

// filterAxisSpec says how FilterCells and FilterGenes differ: which
// criteria count non-zero entries, how to sum along the axis and which
// annotation frame receives the recorded column.
type filterAxisSpec struct {
	op                 string    // the exported function's name, for errors
	noun               string    // what the axis holds: "cells" or "genes"
	minCount, maxCount Criterion // the criteria on non-zero entries
	countKey           string    // annotation of the non-zero counts
	sums               func(anndata.Matrix) []float64
	positive           func(anndata.Matrix) []int64
	subset             func(*anndata.AnnData, []int) *anndata.AnnData
	frame              func(*anndata.AnnData) *anndata.Frame
}

var (
	cellAxis = filterAxisSpec{op: "FilterCells", noun: "cells", minCount: MinGenes, maxCount: MaxGenes, countKey: "n_genes",
		sums: RowSums, positive: RowPositive, subset: (*anndata.AnnData).SubsetObs,
		frame: func(a *anndata.AnnData) *anndata.Frame { return a.Obs }}
	geneAxis = filterAxisSpec{op: "FilterGenes", noun: "genes", minCount: MinCells, maxCount: MaxCells, countKey: "n_cells",
		sums: ColSums, positive: ColPositive, subset: (*anndata.AnnData).SubsetVars,
		frame: func(a *anndata.AnnData) *anndata.Frame { return a.Var }}
)

// filterAxis applies one threshold along the axis ax describes.
func filterAxis(a *anndata.AnnData, ax filterAxisSpec, c Criterion, threshold float64) (*anndata.AnnData, error) {
	if err := checkMatrix(a, ax.op); err != nil {
		return nil, err
	}
	if err := checkThreshold(ax.op, c, threshold); err != nil {
		return nil, err
	}
	var values []float64
	var column func(idx []int) anndata.Column
	var key string
	switch c {
	case MinCounts, MaxCounts:
		key = "n_counts"
		values = ax.sums(a.X)
		column = func(idx []int) anndata.Column { return (&anndata.FloatColumn{Values: values}).Subset(idx) }
	case ax.minCount, ax.maxCount:
		key = ax.countKey
		counts := ax.positive(a.X)
		values = int64sToFloats(counts)
		column = func(idx []int) anndata.Column { return (&anndata.IntColumn{Values: counts}).Subset(idx) }
	default:
		return nil, fmt.Errorf("pp.%s: criterion %q does not apply to %s (use %s, %s, %s or %s)",
			ax.op, c, ax.noun, MinCounts, MaxCounts, ax.minCount, ax.maxCount)
	}
	keep := passing(values, c, threshold)
	out := ax.subset(a, keep)
	if err := ax.frame(out).Set(key, column(keep)); err != nil {
		return nil, fmt.Errorf("pp.%s: %w", ax.op, err)
	}
	return out, nil
}

func checkThreshold(op string, c Criterion, threshold float64) error {
	if math.IsNaN(threshold) || threshold < 0 {
		return fmt.Errorf("pp.%s: %s = %v must be a number ≥ 0", op, c, threshold)
	}
	return nil
}

// passing returns the positions whose value meets the criterion.
func passing(values []float64, c Criterion, threshold float64) []int {
	keep := make([]int, 0, len(values))
	for i, v := range values {
		if (c.isMin() && v >= threshold) || (!c.isMin() && v <= threshold) {
			keep = append(keep, i)
		}
	}
	return keep
}

func int64sToFloats(v []int64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = float64(x)
	}
	return out
}
