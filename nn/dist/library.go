package dist

import (
	"fmt"
	"math"
	"slices"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// NormalizeLibrarySize scales each row (cell) of the rank-2 x (cells ×
// genes) so that it sums to target: x·target/Σ_row x. Rows that sum to zero
// stay zero. It is GRouNdGAN's library-size normalisation (LSN) layer and is
// differentiable.
func NormalizeLibrarySize(x *Node, target float64) *Node {
	if x.Rank() != 2 {
		exceptions.Panicf("dist: NormalizeLibrarySize needs a rank-2 cells×genes input, got shape %s", x.Shape())
	}
	if !(target > 0) || math.IsInf(target, 0) {
		exceptions.Panicf("dist: NormalizeLibrarySize needs a finite target > 0, got %g", target)
	}
	libSize := ReduceAndKeep(x, ReduceSum, 1) // [cells, 1]
	zero := ZerosLike(libSize)
	positive := GreaterThan(libSize, zero)
	scale := Where(positive, Div(ConstAsDType(x.Graph(), x.DType(), target), Where(positive, libSize, OnesLike(libSize))), zero)
	return Mul(x, BroadcastToDims(scale, x.Shape().Dimensions...))
}

// SizeFactors returns each cell's library size divided by the median
// library size (GraphSCI's and DESeq-style size factors). It fails on an
// empty input, a negative or non-finite library size, or a zero median.
func SizeFactors(libSizes []float64) ([]float64, error) {
	if len(libSizes) == 0 {
		return nil, fmt.Errorf("size factors: no cells")
	}
	for i, s := range libSizes {
		if s < 0 || math.IsNaN(s) || math.IsInf(s, 0) {
			return nil, fmt.Errorf("size factors: cell %d has library size %g (must be finite and ≥ 0)", i, s)
		}
	}
	sorted := slices.Clone(libSizes)
	slices.Sort(sorted)
	n := len(sorted)
	median := sorted[n/2]
	if n%2 == 0 {
		median = (sorted[n/2-1] + sorted[n/2]) / 2
	}
	if median == 0 {
		return nil, fmt.Errorf("size factors: median library size is 0 (more than half the cells are empty)")
	}
	factors := make([]float64, n)
	for i, s := range libSizes {
		factors[i] = s / median
	}
	return factors, nil
}
