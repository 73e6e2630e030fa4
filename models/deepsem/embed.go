package deepsem

import (
	"fmt"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// evalBatch is the number of cells evaluated per graph call by Embed and
// Simulate.
const evalBatch = 256

// Embed returns the cell representation of the paper: the posterior mean
// μ = μ₀·(I − W) of every cell, cells × genes row-major. With beforeGRN it
// returns the encoder output μ₀ instead (what the reference's `hidden`
// holds). data must have the model's genes.
func (mdl *Model) Embed(data *Data, beforeGRN bool) ([]float32, error) {
	if err := mdl.checkData(data); err != nil {
		return nil, err
	}
	if mdl.encodeExec == nil {
		// One output [b, 2m] = [μ₀ | μ]: the pure-Go backend mishandles two
		// outputs where one feeds the other.
		exec, err := model.NewExec(mdl.backend, mdl.store, func(scope *model.Scope, x *Node) *Node {
			a := adjacencyNode(scope, x.Graph(), x.Shape().Dim(1))
			mu0, _, mu, _ := mdl.cfg.encode(scope, x, a)
			return Concatenate([]*Node{mu0, mu}, 1)
		})
		if err != nil {
			return nil, err
		}
		mdl.encodeExec = exec
	}
	out := make([]float32, 0, data.Cells*data.Genes)
	for start := 0; start < data.Cells; start += evalBatch {
		cells := span(start, min(data.Cells, start+evalBatch))
		x, _ := data.Rows(cells)
		res, err := mdl.encodeExec.Exec(tensors.FromFlatDataAndDimensions(x, len(cells), data.Genes))
		if err != nil {
			return nil, err
		}
		both, err := tensors.CopyFlatData[float32](res[0])
		if err != nil {
			return nil, err
		}
		m := data.Genes
		for k := range cells {
			row := both[k*2*m : (k+1)*2*m]
			if beforeGRN {
				out = append(out, row[:m]...)
			} else {
				out = append(out, row[m:]...)
			}
		}
	}
	return out, nil
}

// checkData verifies that data matches the model's genes.
func (mdl *Model) checkData(data *Data) error {
	if data.Genes != len(mdl.genes) {
		return fmt.Errorf("deepsem: data has %d genes, the model %d", data.Genes, len(mdl.genes))
	}
	return nil
}

// span returns the integers [from, to).
func span(from, to int) []int {
	s := make([]int, to-from)
	for i := range s {
		s[i] = from + i
	}
	return s
}
