package sivae

import (
	"math"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/train"
)

// outputMetric returns M = Σ_c z_{c,L} z_{c,L}ᵀ / σ̄² (lastWidth ×
// lastWidth, row-major) over the training cells at their posterior means,
// where σ̄² is the mean observation variance e^{σ_d} of the cell-wise model
// (1 for the NB variant, whose σ_d is a dispersion). See featureLoss.
func (mdl *Model) outputMetric(d *Data) ([]float32, error) {
	cfg := mdl.cfg
	exec, err := model.NewExec(mdl.backend, mdl.store, func(scope *model.Scope, in []*Node) []*Node {
		var s *Node
		if len(in) > 1 {
			s = in[1]
		}
		p := cfg.cellForward(scope, in[0], s, nil)
		gram := DotGeneral(p.last, []int{0}, nil, p.last, []int{0}, nil)
		return []*Node{gram, ReduceAllSum(Exp(p.noise))}
	})
	if err != nil {
		return nil, err
	}
	defer exec.Finalize()
	width := cfg.lastWidth()
	sum := make([]float64, width*width)
	var noise float64
	err = forChunks(d.Cells, func(cells []int) error {
		res, err := exec.Exec(rowArgs(cells, d.X, d.Genes, d.Batch, d.numBatches())...)
		if err != nil {
			return err
		}
		gram, err := tensors.CopyFlatData[float32](res[0])
		if err != nil {
			return err
		}
		for i, v := range gram {
			sum[i] += float64(v)
		}
		vals, err := train.ScalarValues(res[1])
		if err != nil {
			return err
		}
		noise += vals[0]
		return nil
	})
	if err != nil {
		return nil, err
	}
	variance := noise / float64(d.Cells)
	if cfg.Variant == NegBinomial || !(variance > 0) || math.IsInf(variance, 0) {
		variance = 1
	}
	out := make([]float32, len(sum))
	for i, v := range sum {
		out[i] = float32(v / variance)
	}
	return out, nil
}
