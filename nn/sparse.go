package nn

import (
	"fmt"

	"github.com/gomlx/compute/shapes"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
)

// SparseMatMul multiplies the sparse matrix S given as an edge list
// (S[rows[e], cols[e]] = values[e], repeated pairs add up) by the dense x
// [numCols, features], giving [numRows, features]: gather the x rows of the
// edges' columns, scale them by the edge values, scatter-sum them into the
// edges' rows. rows and cols are int32 [edges]; values [edges] may be variables
// (their gradient is exact). Memory is proportional to edges·features.
func SparseMatMul(rows, cols, values, x *Node, numRows int) *Node {
	edges := rows.Shape().Dim(0)
	if rows.Rank() != 1 || cols.Rank() != 1 || values.Rank() != 1 ||
		cols.Shape().Dim(0) != edges || values.Shape().Dim(0) != edges || x.Rank() != 2 {
		panic(fmt.Errorf("nn.SparseMatMul: want rows, cols, values [edges] and x [n, f]; got %s, %s, %s, %s",
			rows.Shape(), cols.Shape(), values.Shape(), x.Shape()))
	}
	features := x.Shape().Dim(1)
	gathered := Gather(x, InsertAxes(cols, 1)) // [edges, features]
	scaled := Mul(gathered, BroadcastToDims(InsertAxes(values, 1), edges, features))
	out := Zeros(x.Graph(), shapes.Make(x.DType(), numRows, features))
	return ScatterSum(out, InsertAxes(rows, 1), scaled, false, false)
}
