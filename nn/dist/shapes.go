package dist

import (
	"strings"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// assertSameShape panics (the GoMLX graph-building convention; model.Exec
// turns it into an error) unless all operands have the shape of the first.
func assertSameShape(op string, operands ...*Node) {
	first := operands[0].Shape()
	for _, n := range operands[1:] {
		if !n.Shape().Equal(first) {
			shapes := make([]string, len(operands))
			for i, o := range operands {
				shapes[i] = o.Shape().String()
			}
			exceptions.Panicf("dist: %s needs operands of identical shape (no implicit broadcasting), got %s",
				op, strings.Join(shapes, ", "))
		}
	}
}
