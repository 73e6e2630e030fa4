package nn

import (
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/gradcheck"
)

// gradTolerance is the bound on gradcheck's element-wise relative error.
const gradTolerance = 1e-5

// randomFloat64 returns a float64 tensor of N(0, scale²) values.
func randomFloat64(seed uint64, scale float64, dims ...int) *tensors.Tensor {
	rng := rand.New(rand.NewPCG(seed, 7))
	size := 1
	for _, d := range dims {
		size *= d
	}
	data := make([]float64, size)
	for i := range data {
		data[i] = scale * rng.NormFloat64()
	}
	return tensors.FromFlatDataAndDimensions(data, dims...)
}

// weightedSum is a scalar loss with a non-trivial gradient: Σ r ⊙ y for a fixed random r.
func weightedSum(y *Node) *Node {
	r := ConstTensor(y.Graph(), randomFloat64(99, 1, y.Shape().Dimensions...))
	return ReduceAllSum(Mul(y, r))
}

// TestLayerGradients checks every layer's gradients with respect to its variables.
func TestLayerGradients(t *testing.T) {
	backend := testBackend(t)
	x := randomFloat64(1, 1, 5, 4)
	mask := tensors.FromValue([][]float64{{1, 0, 1}, {0, 1, 1}, {1, 1, 0}, {0, 0, 1}})
	cases := []struct {
		name string
		fn   gradcheck.ModelFunc
	}{
		{"dense", func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(Dense(scope, ConstTensor(g, x), 3, XavierUniform))
		}},
		{"dense-rank3", func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(Dense(scope, Reshape(ConstTensor(g, x), 5, 2, 2), 3, KaimingNormal))
		}},
		{"masked-dense", func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(FastTanh(MaskedDense(scope, ConstTensor(g, x), ConstTensor(g, mask), XavierNormal)))
		}},
		{"per-gene-mlp", func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(PerGeneMLP(scope, ConstTensor(g, x), 6, 2, XavierNormal, false))
		}},
		{"per-gene-mlp-out1", func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(PerGeneMLP(scope, ConstTensor(g, x), 3, 1, XavierUniform, false))
		}},
		{"per-gene-mlp-constant-input", func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(PerGeneMLP(scope, ConstTensor(g, x), 4, 2, XavierNormal, true))
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := model.NewStore()
			if err := store.SetRNGStateFromSeed(42); err != nil {
				t.Fatal(err)
			}
			res, err := gradcheck.CheckVariables(backend, store, tc.fn, gradcheck.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.MaxRelErr >= gradTolerance {
				t.Errorf("%s: %v", tc.name, res)
			} else {
				t.Logf("%s: %v", tc.name, res)
			}
		})
	}
}

// TestInputGradients checks gradients with respect to layer inputs (the
// per-gene MLP is DeepSEM's decoder, whose input z needs a gradient).
func TestInputGradients(t *testing.T) {
	backend := testBackend(t)
	cases := []struct {
		name   string
		fn     gradcheck.GraphFunc
		inputs []*tensors.Tensor
	}{
		{"fast-tanh", func(g *Graph, in []*Node) *Node {
			return weightedSum(FastTanh(in[0]))
		}, []*tensors.Tensor{randomFloat64(2, 1, 4, 5)}},
		{"linear-rows", func(g *Graph, in []*Node) *Node {
			return weightedSum(Tanh(linearRows(in[0], in[1], in[2])))
		}, []*tensors.Tensor{randomFloat64(3, 1, 6, 4), randomFloat64(4, 1, 4, 3), randomFloat64(5, 1, 3)}},
		{"linear-columns", func(g *Graph, in []*Node) *Node {
			return weightedSum(Tanh(linearColumns(in[0], in[1], in[2])))
		}, []*tensors.Tensor{randomFloat64(6, 1, 4, 6), randomFloat64(7, 1, 4, 3), randomFloat64(8, 1, 3)}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			res, err := gradcheck.CheckGraph(backend, tc.fn, tc.inputs, gradcheck.Options{})
			if err != nil {
				t.Fatal(err)
			}
			if res.MaxRelErr >= gradTolerance {
				t.Errorf("%s: %v", tc.name, res)
			} else {
				t.Logf("%s: %v", tc.name, res)
			}
		})
	}
}
