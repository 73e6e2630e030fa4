package nn

import (
	"fmt"
	"math/rand/v2"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// BenchmarkPerGeneMLPNaive is the baseline formulation of the per-gene MLP
// (row-major MatMul chain with GoMLX's generic gradients and the backend's
// tanh), for before/after comparison with BenchmarkPerGeneMLP.
func BenchmarkPerGeneMLPNaive(b *testing.B) {
	x := randomTensor(1, 64, 1000)
	benchmarkLossAndGradients(b, func(scope *model.Scope, in []*Node) *Node {
		h := Reshape(in[0], 64000, 1)
		for i, width := range []int{128, 128, 2} {
			s := scope.In("l%d", i)
			w := s.VariableWithShape("w", shapesOf(h, h.Shape().Dim(1), width)).NodeValue(h.Graph())
			bias := s.VariableWithShape("b", shapesOf(h, width)).NodeValue(h.Graph())
			h = Add(MatMul(h, w), BroadcastToDims(InsertAxes(bias, 0), 64000, width))
			if i < 2 {
				h = Tanh(h)
			}
		}
		return ReduceAllSum(Square(h))
	}, x)
}

// BenchmarkDenseStack: 2000 → 1024 → 512 → 128 (ReLU), batch 128, fwd+bwd.
func BenchmarkDenseStack(b *testing.B) {
	x := randomTensor(2, 128, 2000)
	benchmarkLossAndGradients(b, func(scope *model.Scope, in []*Node) *Node {
		h := in[0]
		for i, width := range []int{1024, 512, 128} {
			h = relu(Dense(scope.In("dense%d", i), h, width, KaimingUniform))
		}
		return ReduceAllSum(Square(h))
	}, x)
}

// randomGraph returns a symmetric random graph on n nodes with about
// edges undirected edges, normalised.
func randomGraph(b *testing.B, n, edges int) EdgeList {
	rng := rand.New(rand.NewPCG(5, 5))
	e := EdgeList{N: n}
	seen := map[[2]int32]bool{}
	for len(seen) < edges {
		i, j := int32(rng.IntN(n)), int32(rng.IntN(n))
		if i == j || seen[[2]int32{i, j}] || seen[[2]int32{j, i}] {
			continue
		}
		seen[[2]int32{i, j}] = true
		e.Rows = append(e.Rows, i, j)
		e.Cols = append(e.Cols, j, i)
		e.Values = append(e.Values, 1, 1)
	}
	norm, err := NormalizeAdjacency(e)
	if err != nil {
		b.Fatal(err)
	}
	return norm
}

// BenchmarkGCN: 2-layer GCN on a 2000-gene graph (40k undirected edges, ~2%
// density), 500 cells as node features, hidden 32, output 16, fwd+bwd.
func BenchmarkGCN(b *testing.B) {
	adj := randomGraph(b, 2000, 40000)
	x := randomTensor(3, 2000, 500)
	denseAdj := adj.Dense()
	b.Run("dense", func(b *testing.B) {
		benchmarkLossAndGradients(b, func(scope *model.Scope, in []*Node) *Node {
			return ReduceAllSum(Square(GCN(scope, DenseAdjacency(in[1]), in[0], 32, 16, XavierUniform)))
		}, x, denseAdj)
	})
	b.Run("edge-list", func(b *testing.B) {
		benchmarkLossAndGradients(b, func(scope *model.Scope, in []*Node) *Node {
			return ReduceAllSum(Square(GCN(scope, SparseAdjacency(in[0].Graph(), adj), in[0], 32, 16, XavierUniform)))
		}, x)
	})
}

// BenchmarkBlockSparseMLP: 1000 targets × 15 regulators (of 100 TFs), 3 hidden
// layers of width 32, batch 128, fwd+bwd.
func BenchmarkBlockSparseMLP(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	regulators := make([][]int, 1000)
	for t := range regulators {
		regulators[t] = rng.Perm(100)[:15]
	}
	tfs, noise := randomTensor(4, 128, 100), randomTensor(5, 128, 1000)
	benchmarkLossAndGradients(b, func(scope *model.Scope, in []*Node) *Node {
		return ReduceAllSum(Square(BlockSparseMLP(scope, in[0], in[1], regulators,
			BlockSparseConfig{HiddenLayers: 3, WidthFactor: 2, Init: TorchLinearDefault})))
	}, tfs, noise)
}

// BenchmarkInverseGRN: host inverse of I − Wᵀ (gonum LU), one in-graph
// Newton–Schulz step, and the inverse GRN layer fwd+bwd for 64 cells.
func BenchmarkInverseGRN(b *testing.B) {
	for _, n := range []int{500, 1000} {
		w := deepsemW(uint64(n), n)
		w32 := toFloat32(w)
		b.Run(fmt.Sprintf("host-lu/n=%d", n), func(b *testing.B) {
			for b.Loop() {
				if _, _, err := InverseIMinusWTTensor(w32, InverseOptions{}); err != nil {
					b.Fatal(err)
				}
			}
		})
		c, _, err := InverseIMinusWTTensor(w32, InverseOptions{})
		if err != nil {
			b.Fatal(err)
		}
		b.Run(fmt.Sprintf("newton-schulz-step/n=%d", n), func(b *testing.B) {
			exec := MustNewExec(testBackend(b), func(w, c *Node) *Node { return NewtonSchulz(IMinusWT(w), c, 1) })
			exec.MustCall(w32, c)
			for b.Loop() {
				exec.MustCall(w32, c)[0].FinalizeAll()
			}
		})
		b.Run(fmt.Sprintf("layer-fwd-bwd/n=%d", n), func(b *testing.B) {
			z := randomTensor(6, 64, n)
			exec := MustNewExec(testBackend(b), func(z, w, c *Node) []*Node {
				loss := ReduceAllSum(Square(InverseGRN(z, w, c)))
				return Gradient(loss, z, w)
			})
			exec.MustCall(z, w32, c)
			for b.Loop() {
				for _, o := range exec.MustCall(z, w32, c) {
					o.FinalizeAll()
				}
			}
		})
	}
}

// BenchmarkTanh: backend tanh vs FastTanh over 64000×128 float32 values, value and gradient.
func BenchmarkTanh(b *testing.B) {
	x := randomTensor(7, 64000, 128)
	for name, fn := range map[string]func(*Node) *Node{
		"backend":      Tanh,
		"fast":         FastTanh,
		"backend-grad": func(x *Node) *Node { return Gradient(ReduceAllSum(Tanh(x)), x)[0] },
		"fast-grad":    func(x *Node) *Node { return Gradient(ReduceAllSum(FastTanh(x)), x)[0] },
	} {
		b.Run(name, func(b *testing.B) {
			exec := MustNewExec(testBackend(b), fn)
			exec.MustCall(x)
			for b.Loop() {
				exec.MustCall(x)[0].FinalizeAll()
			}
		})
	}
}

func toFloat32(t *tensors.Tensor) *tensors.Tensor {
	f := tensors.MustCopyFlatData[float64](t)
	out := make([]float32, len(f))
	for i, v := range f {
		out[i] = float32(v)
	}
	return tensors.FromFlatDataAndDimensions(out, t.Shape().Dimensions...)
}
