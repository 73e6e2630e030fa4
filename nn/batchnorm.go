package nn

import (
	"fmt"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/ml/model"
)

// PyTorch's BatchNorm1d defaults.
const (
	BatchNormMomentum = 0.1
	BatchNormEpsilon  = 1e-5
)

// BatchNorm is torch.nn.BatchNorm1d for x [batch, features] with affine
// parameters and running statistics (momentum 0.1, eps 1e-5). In training
// mode (store.SetTraining(g, true)) it normalises with the batch mean and
// biased variance and updates running_mean and running_var (with the UNBIASED
// batch variance, as PyTorch does): r ← (1 − 0.1)·r + 0.1·batch. In eval mode
// it uses the running statistics. Variables in scope: "weight" (ones),
// "bias" (zeros), "running_mean" (zeros), "running_var" (ones); the last two
// are not trainable.
func BatchNorm(scope *model.Scope, x *Node) *Node {
	if x.Rank() != 2 || x.Shape().Dim(0) < 2 {
		panic(fmt.Errorf("nn.BatchNorm: input must be [batch ≥ 2, features], got %s", x.Shape()))
	}
	g, dtype := x.Graph(), x.DType()
	n, f := x.Shape().Dim(0), x.Shape().Dim(1)
	vec := shapes.Make(dtype, f)
	gamma := scope.WithInitializer(Ones).VariableWithShape("weight", vec).NodeValue(g)
	beta := scope.WithInitializer(Zeros).VariableWithShape("bias", vec).NodeValue(g)
	runMeanVar := scope.WithInitializer(Zeros).VariableWithShape("running_mean", vec).SetTrainable(false)
	runVarVar := scope.WithInitializer(Ones).VariableWithShape("running_var", vec).SetTrainable(false)

	row := func(v *Node) *Node { return BroadcastToDims(InsertAxes(v, 0), n, f) }
	var mean, variance *Node
	if scope.IsTraining(g) {
		mean = ReduceMean(x, 0)
		centred := Sub(x, row(mean))
		variance = ReduceMean(Square(centred), 0)
		unbiased := MulScalar(StopGradient(variance), float64(n)/float64(n-1))
		runMeanVar.SetNodeValue(Add(MulScalar(runMeanVar.NodeValue(g), 1-BatchNormMomentum), MulScalar(StopGradient(mean), BatchNormMomentum)))
		runVarVar.SetNodeValue(Add(MulScalar(runVarVar.NodeValue(g), 1-BatchNormMomentum), MulScalar(unbiased, BatchNormMomentum)))
		scale := Mul(gamma, Reciprocal(Sqrt(AddScalar(variance, BatchNormEpsilon))))
		return Add(Mul(centred, row(scale)), row(beta))
	}
	mean, variance = runMeanVar.NodeValue(g), runVarVar.NodeValue(g)
	scale := Mul(gamma, Reciprocal(Sqrt(AddScalar(variance, BatchNormEpsilon))))
	return Add(Mul(Sub(x, row(mean)), row(scale)), row(beta))
}

// Dropout zeroes each element of x with probability rate and scales the rest
// by 1/(1 − rate), in training mode only (identity in eval mode). Random draws
// come from the store's random state: seed it (store.SetRNGStateFromSeed) for
// reproducible masks.
func Dropout(scope *model.Scope, x *Node, rate float64) *Node {
	if rate < 0 || rate >= 1 {
		panic(fmt.Errorf("nn.Dropout: rate %g outside [0, 1)", rate))
	}
	g := x.Graph()
	if rate == 0 || !scope.IsTraining(g) {
		return x
	}
	u := scope.RandomUniform(g, x.Shape())
	keep := ConvertDType(GreaterOrEqual(u, Scalar(g, u.DType(), rate)), x.DType())
	return Mul(x, MulScalar(keep, 1/(1-rate)))
}
