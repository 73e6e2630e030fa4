package nn

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/gradcheck"
)

// smallGraph is a 5-node undirected weighted graph, both directions listed.
func smallGraph() EdgeList {
	e := EdgeList{N: 5}
	add := func(a, b int32, w float64) {
		e.Rows = append(e.Rows, a, b)
		e.Cols = append(e.Cols, b, a)
		e.Values = append(e.Values, w, w)
	}
	add(0, 1, 1)
	add(1, 2, 0.5)
	add(2, 3, 2)
	add(0, 3, 1)
	return e
}

// TestBlockGradients checks the remaining blocks' gradients w.r.t. their variables.
func TestBlockGradients(t *testing.T) {
	backend := testBackend(t)
	adj, err := NormalizeAdjacency(smallGraph())
	if err != nil {
		t.Fatal(err)
	}
	features := randomFloat64(41, 1, 5, 3)
	tfs := randomFloat64(42, 1, 4, 3)   // batch 4, 3 regulators
	noise := randomFloat64(43, 1, 4, 4) // 4 targets
	regulators := [][]int{{0, 2}, {1}, {0, 1, 2}, {2, 0}}
	real, fake := randomFloat64(44, 1, 4, 3), randomFloat64(45, 1, 4, 3)
	alpha := tensors.FromValue([]float64{0.1, 0.5, 0.7, 0.95})
	cases := []struct {
		name     string
		training bool
		fn       gradcheck.ModelFunc
	}{
		{"gcn-dense", false, func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(GCN(scope, DenseAdjacency(ConstTensor(g, adj.Dense())), ConstTensor(g, features), 4, 2, XavierUniform))
		}},
		{"gcn-edge-list", false, func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(GCN(scope, SparseAdjacency(g, adj), ConstTensor(g, features), 4, 2, XavierUniform))
		}},
		{"block-sparse-mlp", false, func(scope *model.Scope, g *Graph) *Node {
			return weightedSum(BlockSparseMLP(scope, ConstTensor(g, tfs), ConstTensor(g, noise), regulators,
				BlockSparseConfig{HiddenLayers: 3, WidthFactor: 2, Init: KaimingUniform}))
		}},
		{"batch-norm-train", true, func(scope *model.Scope, g *Graph) *Node {
			h := Dense(scope.In("dense"), ConstTensor(g, features), 3, XavierUniform)
			return weightedSum(Tanh(BatchNorm(scope.In("bn"), h)))
		}},
		{"dropout-train", true, func(scope *model.Scope, g *Graph) *Node {
			h := Dense(scope, ConstTensor(g, features), 6, XavierUniform)
			return weightedSum(Tanh(Dropout(scope, h, 0.3)))
		}},
		{"wgan-gp", false, func(scope *model.Scope, g *Graph) *Node {
			c0, c1 := scope.In("c0"), scope.In("c1")
			critic := func(x *Node) *Node {
				return Dense(c1, Tanh(Dense(c0, x, 5, KaimingUniform)), 1, KaimingUniform)
			}
			return GradientPenalty(critic, ConstTensor(g, real), ConstTensor(g, fake), ConstTensor(g, alpha), 10)
		}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			store := model.NewStore()
			if err := store.SetRNGStateFromSeed(7); err != nil {
				t.Fatal(err)
			}
			fn := tc.fn
			if tc.training {
				fn = func(scope *model.Scope, g *Graph) *Node {
					store.SetTraining(g, true)
					return tc.fn(scope, g)
				}
			}
			res, err := gradcheck.CheckVariables(backend, store, fn, gradcheck.Options{})
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

// TestSparseMatMul: edge-list product equals the dense one, and its gradient
// with respect to the edge values and x passes finite differences.
func TestSparseMatMul(t *testing.T) {
	backend := testBackend(t)
	adj, err := NormalizeAdjacency(smallGraph())
	if err != nil {
		t.Fatal(err)
	}
	x := randomFloat64(51, 1, 5, 3)
	out := MustExecOnceN(backend, func(g *Graph, in []*Node) []*Node {
		sparse := SparseAdjacency(g, adj)(in[0])
		dense := DenseAdjacency(ConstTensor(g, adj.Dense()))(in[0])
		return []*Node{ReduceAllMax(Abs(Sub(sparse, dense)))}
	}, x)
	if diff := tensors.ToScalar[float64](out[0]); diff > 1e-14 {
		t.Errorf("sparse and dense products differ by %g", diff)
	}
	rows, cols := tensors.FromValue(adj.Rows), tensors.FromValue(adj.Cols)
	values := tensors.FromFlatDataAndDimensions(adj.Values, len(adj.Values))
	res, err := gradcheck.CheckGraph(backend, func(g *Graph, in []*Node) *Node {
		return weightedSum(Tanh(SparseMatMul(ConstTensor(g, rows), ConstTensor(g, cols), in[0], in[1], 5)))
	}, []*tensors.Tensor{values, x}, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr >= gradTolerance {
		t.Errorf("SparseMatMul: %v", res)
	}
	// Normalisation: rows of D^-½(A+I)D^-½ for a graph with unit weights.
	dense := tensors.MustCopyFlatData[float64](adj.Dense())
	// Node 4 is isolated: its only entry is the self-loop 1/1.
	if dense[4*5+4] != 1 {
		t.Errorf("isolated node self-loop weight %g, want 1", dense[24])
	}
	// Entry (0,1): degrees (with self-loop) d0 = 3, d1 = 2.5.
	if want := 1 / math.Sqrt(3*2.5); math.Abs(dense[1]-want) > 1e-15 {
		t.Errorf("Â[0,1] = %g, want %g", dense[1], want)
	}
}

// TestBlockSparseMLPSparsity: a target's output depends only on its own regulators and noise.
func TestBlockSparseMLPSparsity(t *testing.T) {
	backend := testBackend(t)
	regulators := [][]int{{0, 2}, {1}, {}, {2, 0, 1}}
	tfs := randomFloat64(61, 1, 3, 3)
	noise := randomFloat64(62, 1, 3, 4)
	store := model.NewStore()
	if err := store.SetRNGStateFromSeed(3); err != nil {
		t.Fatal(err)
	}
	exec := model.MustNewExec(backend, store, func(scope *model.Scope, tf, nz *Node) *Node {
		return BlockSparseMLP(scope, tf, nz, regulators, BlockSparseConfig{HiddenLayers: 2, WidthFactor: 2, Init: KaimingUniform})
	})
	base := tensors.MustCopyFlatData[float64](exec.MustCall(tfs, noise)[0])
	// Perturb regulator 1: only targets 1 and 3 may change.
	tf2 := tensors.MustCopyFlatData[float64](tfs)
	for b := range 3 {
		tf2[b*3+1] += 0.5
	}
	moved := tensors.MustCopyFlatData[float64](exec.MustCall(tensors.FromFlatDataAndDimensions(tf2, 3, 3), noise)[0])
	for b := range 3 {
		for tgt := range 4 {
			changed := base[b*4+tgt] != moved[b*4+tgt]
			if (tgt == 0 || tgt == 2) && changed {
				t.Errorf("target %d changed although regulator 1 does not regulate it", tgt)
			}
		}
	}
}

// TestDropoutModes: identity in eval mode; in training about rate of the values are zeroed
// and the rest scaled by 1/(1−rate); the same seed gives the same mask.
func TestDropoutModes(t *testing.T) {
	backend := testBackend(t)
	x := tensors.FromFlatDataAndDimensions(make([]float32, 10000), 100, 100)
	tensors.MustMutableFlatData[float32](x, func(f []float32) {
		for i := range f {
			f[i] = 1
		}
	})
	run := func(training bool, seed int64) []float32 {
		store := model.NewStore()
		if err := store.SetRNGStateFromSeed(seed); err != nil {
			t.Fatal(err)
		}
		out := model.MustExecOnce(backend, store, func(scope *model.Scope, x *Node) *Node {
			store.SetTraining(x.Graph(), training)
			return Dropout(scope, x, 0.25)
		}, x)
		return tensors.MustCopyFlatData[float32](out)
	}
	for _, v := range run(false, 1) {
		if v != 1 {
			t.Fatal("dropout changed values in eval mode")
		}
	}
	a, b := run(true, 5), run(true, 5)
	zeros := 0
	for i, v := range a {
		if v != b[i] {
			t.Fatal("same seed gave different masks")
		}
		switch {
		case v == 0:
			zeros++
		case math.Abs(float64(v)-1/0.75) > 1e-6:
			t.Fatalf("kept value %g, want %g", v, 1/0.75)
		}
	}
	if frac := float64(zeros) / float64(len(a)); math.Abs(frac-0.25) > 0.02 {
		t.Errorf("dropped fraction %g, want ≈0.25", frac)
	}
}
