package optim

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// stackWidths is siVAE's cell-encoder stack (2000 genes → 1024 → 512 → 128).
var stackWidths = []int{2000, 1024, 512, 128}

const stackBatch = 128

// newStack creates the float32 weights and biases of the stack in a fresh store.
func newStack(b *testing.B) (*model.Store, []*model.Variable) {
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(1); err != nil {
		b.Fatal(err)
	}
	var vars []*model.Variable
	for i := 0; i+1 < len(stackWidths); i++ {
		s := store.RootScope().In("layer%d", i)
		vars = append(vars,
			s.VariableWithShape("weights", shapes.Make(dtypes.Float32, stackWidths[i], stackWidths[i+1])),
			s.VariableWithShape("biases", shapes.Make(dtypes.Float32, stackWidths[i+1])))
	}
	return store, vars
}

func randomMatrix(rng *rand.Rand, rows, cols int) *tensors.Tensor {
	v := make([]float32, rows*cols)
	for i := range v {
		v[i] = float32(rng.NormFloat64())
	}
	return tensors.FromFlatDataAndDimensions(v, rows, cols)
}

func runBench(b *testing.B, exec *model.Exec, args ...any) {
	step := func() {
		outs, err := exec.Exec(args...)
		if err != nil {
			b.Fatal(err)
		}
		for _, o := range outs {
			o.FinalizeAll()
		}
	}
	step() // compile and initialise
	b.ResetTimer()
	for b.Loop() {
		step()
	}
}

// BenchmarkAdamTrainStepMLPStack is one training step (forward, backward
// and Adam update) of a 2000→1024→512→128 tanh stack on a batch of 128,
// float32, mean squared error to a random target.
func BenchmarkAdamTrainStepMLPStack(b *testing.B) {
	store, vars := newStack(b)
	opt, err := NewAdam("adam", DefaultAdam())
	if err != nil {
		b.Fatal(err)
	}
	exec, err := model.NewExec(testBackend(b), store, func(scope *model.Scope, x, target *Node) *Node {
		h := x
		for i := 0; i < len(vars); i += 2 {
			h = dense(h, vars[i].NodeValue(x.Graph()), vars[i+1].NodeValue(x.Graph()))
			if i+2 < len(vars) {
				h = Tanh(h)
			}
		}
		loss := ReduceAllMean(Square(Sub(h, target)))
		opt.UpdateGraph(scope, x.Graph(), loss)
		return loss
	})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(1, 2))
	runBench(b, exec, randomMatrix(rng, stackBatch, stackWidths[0]), randomMatrix(rng, stackBatch, stackWidths[len(stackWidths)-1]))
}

// BenchmarkAdamUpdateMLPStack is the Adam update alone (moments and
// weights, 2.7M parameters) of the same stack, with gradients given as
// inputs.
func BenchmarkAdamUpdateMLPStack(b *testing.B) {
	store, vars := newStack(b)
	opt, err := NewAdam("adam", DefaultAdam())
	if err != nil {
		b.Fatal(err)
	}
	exec, err := model.NewExec(testBackend(b), store, func(scope *model.Scope, grads []*Node) *Node {
		opt.ApplyGradients(vars, grads)
		return ScalarZero(grads[0].Graph(), dtypes.Float32)
	})
	if err != nil {
		b.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(3, 4))
	var grads []any
	for _, v := range vars {
		dims := v.Shape().Dimensions
		if len(dims) == 1 {
			dims = []int{1, dims[0]}
		}
		t := randomMatrix(rng, dims[0], dims[1])
		if v.Shape().Rank() == 1 {
			t = tensors.FromFlatDataAndDimensions(tensors.MustCopyFlatData[float32](t), dims[1])
		}
		grads = append(grads, t)
	}
	runBench(b, exec, grads...)
}
