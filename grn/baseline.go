package grn

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"regula/anndata"
)

// expressionColumns copies a cells × genes matrix into one float64 slice per
// gene (column-major), the layout every baseline works on. It checks that the
// gene names match the matrix, are unique, and that the values are finite.
func expressionColumns(x anndata.Matrix, genes []string) ([][]float64, error) {
	rows, cols := x.Dims()
	if cols != len(genes) {
		return nil, fmt.Errorf("grn: %d gene names for a matrix with %d columns (genes)", len(genes), cols)
	}
	if rows < 3 {
		return nil, fmt.Errorf("grn: %d cells; at least 3 are needed to score edges", rows)
	}
	seen := make(map[string]int, len(genes))
	for j, g := range genes {
		if k, dup := seen[g]; dup {
			return nil, fmt.Errorf("grn: gene %q appears twice (columns %d and %d)", g, k+1, j+1)
		}
		seen[g] = j
	}
	d := x.ToDense()
	out := make([][]float64, cols)
	for j := range out {
		out[j] = make([]float64, rows)
	}
	for i := 0; i < rows; i++ {
		row := d.Row(i)
		for j, v := range row {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				return nil, fmt.Errorf("grn: expression of gene %q in cell %d is %v", genes[j], i+1, v)
			}
			out[j][i] = float64(v)
		}
	}
	return out, nil
}

// RegulatorIndices returns the column indices of the regulators among genes,
// in the order of genes. An empty regulator list means every gene may
// regulate. Regulators absent from genes are ignored (TF lists usually cover a
// whole genome); an error is returned when none of them is present.
func RegulatorIndices(genes, regulators []string) ([]int, error) {
	if len(regulators) == 0 {
		idx := make([]int, len(genes))
		for j := range idx {
			idx[j] = j
		}
		return idx, nil
	}
	want := make(map[string]bool, len(regulators))
	for _, r := range regulators {
		want[r] = true
	}
	var idx []int
	for j, g := range genes {
		if want[g] {
			idx = append(idx, j)
		}
	}
	if len(idx) == 0 {
		return nil, fmt.Errorf("grn: none of the %d regulators (TFs) is among the %d genes of the expression data", len(regulators), len(genes))
	}
	return idx, nil
}

// SortEdges orders edges by decreasing |Weight|, ties broken by regulator then
// target name, so that rankings are deterministic.
func SortEdges(edges []Edge) {
	slices.SortFunc(edges, func(a, b Edge) int {
		if c := cmp.Compare(math.Abs(b.Weight), math.Abs(a.Weight)); c != 0 {
			return c
		}
		if c := cmp.Compare(a.From, b.From); c != 0 {
			return c
		}
		return cmp.Compare(a.To, b.To)
	})
}
