package grn

import (
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
)

// Pearson scores every regulator → target pair (no self-loops) by the
// absolute Pearson correlation of their expression across cells. x is
// cells × genes; regulators are TF names (empty: every gene). Genes with
// constant expression correlate with nothing (weight 0). Edges are returned
// sorted by decreasing weight.
func Pearson(x anndata.Matrix, genes, regulators []string) ([]Edge, error) {
	cols, err := expressionColumns(x, genes)
	if err != nil {
		return nil, err
	}
	return correlationEdges(cols, genes, regulators)
}

// Spearman is Pearson on the per-gene ranks of the expression (ties get
// their average rank): the absolute Spearman correlation.
func Spearman(x anndata.Matrix, genes, regulators []string) ([]Edge, error) {
	cols, err := expressionColumns(x, genes)
	if err != nil {
		return nil, err
	}
	for _, c := range cols {
		rankInPlace(c)
	}
	return correlationEdges(cols, genes, regulators)
}

// correlationEdges computes |corr| between each regulator column and every
// other column.
func correlationEdges(cols [][]float64, genes, regulators []string) ([]Edge, error) {
	regs, err := RegulatorIndices(genes, regulators)
	if err != nil {
		return nil, err
	}
	n := len(cols[0])
	// Z: cells × genes, each column centred and scaled to unit norm, so that
	// ZᵀZ holds the correlations.
	z := mat.NewDense(n, len(cols), nil)
	for j, c := range cols {
		standardiseUnitNorm(c)
		z.SetCol(j, c)
	}
	zr := mat.NewDense(n, len(regs), nil)
	for k, j := range regs {
		zr.SetCol(k, cols[j])
	}
	var corr mat.Dense
	corr.Mul(zr.T(), z)
	edges := make([]Edge, 0, len(regs)*(len(genes)-1))
	for k, r := range regs {
		for t := range genes {
			if t == r {
				continue
			}
			edges = append(edges, Edge{From: genes[r], To: genes[t], Weight: math.Abs(corr.At(k, t))})
		}
	}
	SortEdges(edges)
	return edges, nil
}

// standardiseUnitNorm centres v and scales it to unit Euclidean norm; a
// constant vector becomes all zeros.
func standardiseUnitNorm(v []float64) {
	var mean float64
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	var ss float64
	for i, x := range v {
		v[i] = x - mean
		ss += v[i] * v[i]
	}
	if ss <= 1e-24 {
		clear(v)
		return
	}
	s := 1 / math.Sqrt(ss)
	for i := range v {
		v[i] *= s
	}
}

// rankInPlace replaces v by its ranks 1..n, ties sharing their average rank.
func rankInPlace(v []float64) {
	order := make([]int, len(v))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		switch {
		case v[a] < v[b]:
			return -1
		case v[a] > v[b]:
			return 1
		}
		return 0
	})
	ranks := make([]float64, len(v))
	for i := 0; i < len(order); {
		j := i
		for j+1 < len(order) && v[order[j+1]] == v[order[i]] {
			j++
		}
		avg := float64(i+j)/2 + 1
		for k := i; k <= j; k++ {
			ranks[order[k]] = avg
		}
		i = j + 1
	}
	copy(v, ranks)
}
