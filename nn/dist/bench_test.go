package dist

import (
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// BenchmarkZINBForwardBackward measures the ZINB negative log-likelihood
// and its gradient w.r.t. the three parameter tensors (log-mean, log-θ and
// dropout logits) on a 256 cells × 2000 genes float32 batch.
func BenchmarkZINBForwardBackward(b *testing.B) {
	const cells, genes = 256, 2000
	rng := rand.New(rand.NewPCG(1, 2))
	counts := make([]float32, cells*genes)
	logMean := make([]float32, cells*genes)
	logTheta := make([]float32, cells*genes)
	logits := make([]float32, cells*genes)
	for i := range counts {
		if rng.Float64() < 0.6 {
			counts[i] = float32(rng.IntN(30))
		}
		logMean[i] = float32(rng.NormFloat64())
		logTheta[i] = float32(rng.NormFloat64())
		logits[i] = float32(rng.NormFloat64())
	}
	mk := func(v []float32) *tensors.Tensor { return tensors.FromFlatDataAndDimensions(v, cells, genes) }
	exec, err := NewExec(testBackend(b), func(x, logMean, logTheta, logits *Node) []*Node {
		nll := Neg(ReduceAllMean(ZINBLogPMF(x, Exp(logMean), Exp(logTheta), logits)))
		return append([]*Node{nll}, Gradient(nll, logMean, logTheta, logits)...)
	})
	if err != nil {
		b.Fatal(err)
	}
	args := []any{mk(counts), mk(logMean), mk(logTheta), mk(logits)}
	run := func() {
		outs, err := exec.Exec(args...)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range outs {
			o.FinalizeAll()
		}
	}
	run() // compile
	b.ResetTimer()
	for b.Loop() {
		run()
	}
}
