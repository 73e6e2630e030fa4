package nn

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// randomTensor returns a float32 tensor of N(0,1) values.
func randomTensor(seed uint64, dims ...int) *tensors.Tensor {
	rng := rand.New(rand.NewPCG(seed, 1))
	size := 1
	for _, d := range dims {
		size *= d
	}
	data := make([]float32, size)
	for i := range data {
		data[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

// benchmarkLossAndGradients times one forward+backward pass of loss with
// respect to all trainable variables (gradients returned, not applied).
func benchmarkLossAndGradients(b *testing.B, loss func(scope *model.Scope, inputs []*Node) *Node, inputs ...*tensors.Tensor) {
	backend := testBackend(b)
	store := model.NewStore()
	exec := model.MustNewExec(backend, store, func(scope *model.Scope, inputs []*Node) []*Node {
		l := loss(scope, inputs)
		return append([]*Node{l}, scope.BuildTrainableVariablesGradientsGraph(l)...)
	})
	args := make([]any, len(inputs))
	for i, t := range inputs {
		args[i] = t
	}
	exec.MustCall(args...) // compile and initialise
	b.ResetTimer()
	for b.Loop() {
		for _, out := range exec.MustCall(args...) {
			out.FinalizeAll()
		}
	}
}

// BenchmarkPerGeneMLP: DeepSEM's encoder shape, 64 cells × 1000 genes, 1→128→128→2, fwd+bwd.
func BenchmarkPerGeneMLP(b *testing.B) {
	x := randomTensor(1, 64, 1000)
	benchmarkLossAndGradients(b, func(scope *model.Scope, in []*Node) *Node {
		return ReduceAllSum(Square(PerGeneMLP(scope, in[0], 128, 2, XavierNormal, false)))
	}, x)
}

// shapesOf returns the shape with x's dtype and the given dimensions.
func shapesOf(x *Node, dims ...int) shapes.Shape { return shapes.Make(x.DType(), dims...) }
