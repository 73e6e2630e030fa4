package nn

import (
	"fmt"
	"math"

	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/ml/model"
)

// WeightInit names a weight initialisation scheme, with PyTorch's formulas.
// Fans are those of a [in, out] weight matrix (fan_in = in, fan_out = out).
// Biases are always initialised to zero.
type WeightInit int

const (
	// XavierUniform draws U(−a, a), a = √(6 / (fan_in + fan_out))
	// (torch.nn.init.xavier_uniform_, gain 1).
	XavierUniform WeightInit = iota
	// XavierNormal draws N(0, σ²), σ = √(2 / (fan_in + fan_out))
	// (torch.nn.init.xavier_normal_, gain 1): DeepSEM's choice.
	XavierNormal
	// KaimingUniform draws U(−b, b), b = √(6 / fan_in)
	// (torch.nn.init.kaiming_uniform_ with ReLU gain √2): He et al. for ReLU nets.
	KaimingUniform
	// KaimingNormal draws N(0, σ²), σ = √(2 / fan_in)
	// (torch.nn.init.kaiming_normal_, ReLU gain).
	KaimingNormal
	// TorchLinearDefault draws U(−b, b), b = 1/√fan_in: what torch.nn.Linear
	// does by default (kaiming_uniform_ with a = √5), as in GRouNdGAN's reference.
	TorchLinearDefault
)

// String names the scheme.
func (w WeightInit) String() string {
	switch w {
	case XavierUniform:
		return "xavier-uniform"
	case XavierNormal:
		return "xavier-normal"
	case KaimingUniform:
		return "kaiming-uniform"
	case KaimingNormal:
		return "kaiming-normal"
	case TorchLinearDefault:
		return "torch-linear-default"
	}
	return fmt.Sprintf("WeightInit(%d)", int(w))
}

// Initializer returns a variable initialiser drawing from the store's random
// state (seed it with store.SetRNGStateFromSeed for reproducibility). Shapes of
// rank ≤ 1 (biases) are zero-initialised; for rank ≥ 3 the leading axes are
// treated as independent blocks ([blocks, in, out]).
func (w WeightInit) Initializer(store *model.Store) model.VariableInitializer {
	return func(g *Graph, shape shapes.Shape) *Node {
		if shape.Rank() <= 1 || !shape.DType.IsFloat() {
			return Zeros(g, shape)
		}
		fanIn := float64(shape.Dimensions[shape.Rank()-2])
		fanOut := float64(shape.Dimensions[shape.Rank()-1])
		switch w {
		case XavierUniform:
			return uniform(store, g, shape, math.Sqrt(6/(fanIn+fanOut)))
		case XavierNormal:
			return MulScalar(store.RandomNormal(g, shape), math.Sqrt(2/(fanIn+fanOut)))
		case KaimingUniform:
			return uniform(store, g, shape, math.Sqrt(6/fanIn))
		case KaimingNormal:
			return MulScalar(store.RandomNormal(g, shape), math.Sqrt(2/fanIn))
		case TorchLinearDefault:
			return uniform(store, g, shape, 1/math.Sqrt(fanIn))
		}
		panic(fmt.Errorf("nn: unknown weight initialisation %v", w))
	}
}

// uniform draws U(−bound, bound).
func uniform(store *model.Store, g *Graph, shape shapes.Shape, bound float64) *Node {
	u := store.RandomUniform(g, shape) // [0, 1)
	return AddScalar(MulScalar(u, 2*bound), -bound)
}

// weightVariable returns the [in, out] (or [blocks…, in, out]) weight variable
// "weights" of scope, initialised with init.
func weightVariable(scope *model.Scope, name string, shape shapes.Shape, init WeightInit) *model.Variable {
	return scope.WithInitializer(init.Initializer(scope.Store())).VariableWithShape(name, shape)
}

// biasVariable returns the zero-initialised bias variable "biases" of scope.
func biasVariable(scope *model.Scope, name string, shape shapes.Shape) *model.Variable {
	return scope.WithInitializer(Zeros).VariableWithShape(name, shape)
}
