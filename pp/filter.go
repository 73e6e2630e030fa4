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
	if err := checkMatrix(a, "FilterCells"); err != nil {
		return nil, err
	}
	if err := checkThreshold("FilterCells", c, threshold); err != nil {
		return nil, err
	}
	var values []float64
	var column func(idx []int) anndata.Column
	var key string
	switch c {
	case MinCounts, MaxCounts:
		key = "n_counts"
		values = RowSums(a.X)
		column = func(idx []int) anndata.Column { return (&anndata.FloatColumn{Values: values}).Subset(idx) }
	case MinGenes, MaxGenes:
		key = "n_genes"
		counts := RowPositive(a.X)
		values = int64sToFloats(counts)
		column = func(idx []int) anndata.Column { return (&anndata.IntColumn{Values: counts}).Subset(idx) }
	default:
		return nil, fmt.Errorf("pp.FilterCells: criterion %q does not apply to cells (use min_counts, max_counts, min_genes or max_genes)", c)
	}
	keep := passing(values, c, threshold)
	out := a.SubsetObs(keep)
	if err := out.Obs.Set(key, column(keep)); err != nil {
		return nil, fmt.Errorf("pp.FilterCells: %w", err)
	}
	return out, nil
}

// FilterGenes keeps the genes that pass one threshold, like
// sc.pp.filter_genes with a single parameter. c must be MinCounts,
// MaxCounts, MinCells or MaxCells. It returns a new AnnData holding the kept
// genes, with var["n_counts"] (float64) or var["n_cells"] (int64) recorded
// as scanpy does; a is unchanged.
func FilterGenes(a *anndata.AnnData, c Criterion, threshold float64) (*anndata.AnnData, error) {
	if err := checkMatrix(a, "FilterGenes"); err != nil {
		return nil, err
	}
	if err := checkThreshold("FilterGenes", c, threshold); err != nil {
		return nil, err
	}
	var values []float64
	var column func(idx []int) anndata.Column
	var key string
	switch c {
	case MinCounts, MaxCounts:
		key = "n_counts"
		values = ColSums(a.X)
		column = func(idx []int) anndata.Column { return (&anndata.FloatColumn{Values: values}).Subset(idx) }
	case MinCells, MaxCells:
		key = "n_cells"
		counts := ColPositive(a.X)
		values = int64sToFloats(counts)
		column = func(idx []int) anndata.Column { return (&anndata.IntColumn{Values: counts}).Subset(idx) }
	default:
		return nil, fmt.Errorf("pp.FilterGenes: criterion %q does not apply to genes (use min_counts, max_counts, min_cells or max_cells)", c)
	}
	keep := passing(values, c, threshold)
	out := a.SubsetVars(keep)
	if err := out.Var.Set(key, column(keep)); err != nil {
		return nil, fmt.Errorf("pp.FilterGenes: %w", err)
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
