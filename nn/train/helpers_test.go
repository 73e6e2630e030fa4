package train

import (
	"math/rand/v2"
	"testing"

	"github.com/gomlx/compute"
	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/optim"

	"regula/nn/internal/nntest"
)

// testBackend returns the backend shared by the tests.
func testBackend(t testing.TB) compute.Backend { return nntest.Backend(t) }

// toyData is a fixed regression problem: 40 examples, 6 features, 2 targets.
func toyData() (x, y []float32) {
	rng := rand.New(rand.NewPCG(7, 7))
	x = make([]float32, 40*6)
	y = make([]float32, 40*2)
	for i := range x {
		x[i] = float32(rng.NormFloat64())
	}
	for i := range y {
		y[i] = float32(rng.NormFloat64())
	}
	return x, y
}

// toyTrainer is a 6→8→2 tanh network with a noisy (reparameterised) hidden
// layer, so each step draws from the store's RNG, trained with Adam.
type toyTrainer struct {
	store *model.Store
	exec  *model.Exec
	opt   *optim.Optimizer
}

func newToyTrainer(t testing.TB, seed int64) *toyTrainer {
	t.Helper()
	store := model.NewStore()
	if err := SeedStore(store, seed); err != nil {
		t.Fatal(err)
	}
	opt, err := optim.NewAdam("adam", optim.DefaultAdam())
	if err != nil {
		t.Fatal(err)
	}
	tt := &toyTrainer{store: store, opt: opt}
	tt.exec, err = model.NewExec(testBackend(t), store, func(scope *model.Scope, x, y *Node) *Node {
		g := x.Graph()
		layer := func(name string, h *Node, out int) *Node {
			s := scope.At("%s", name)
			w := s.VariableWithShape("weights", shapes.Make(dtypes.Float32, h.Shape().Dim(1), out)).NodeValue(g)
			b := s.VariableWithShape("biases", shapes.Make(dtypes.Float32, out)).NodeValue(g)
			hw := Dot(h, w).Product()
			return Add(hw, BroadcastToDims(InsertAxes(b, 0), hw.Shape().Dimensions...))
		}
		h := Tanh(layer("hidden", x, 8))
		h = Add(h, MulScalar(scope.RandomNormal(g, h.Shape()), 0.1))
		loss := ReduceAllMean(Square(Sub(layer("out", h, 2), y)))
		opt.UpdateGraph(scope, g, loss)
		return loss
	})
	if err != nil {
		t.Fatal(err)
	}
	return tt
}

// runEpochs trains epochs [from, to) with batches of 8 from a Batcher
// seeded with batchSeed and returns the losses.
func (tt *toyTrainer) runEpochs(t testing.TB, from, to int, batchSeed uint64) []float64 {
	t.Helper()
	x, y := toyData()
	batcher, err := NewBatcher(40, 8, batchSeed, false)
	if err != nil {
		t.Fatal(err)
	}
	var losses []float64
	for epoch := from; epoch < to; epoch++ {
		for step, rows := range batcher.Epoch(epoch) {
			xb := tensors.FromFlatDataAndDimensions(GatherRows(x, 6, rows), len(rows), 6)
			yb := tensors.FromFlatDataAndDimensions(GatherRows(y, 2, rows), len(rows), 2)
			outs, err := tt.exec.Exec(xb, yb)
			if err != nil {
				t.Fatal(err)
			}
			values, err := ScalarValues(outs[0])
			if err != nil {
				t.Fatal(err)
			}
			if err := CheckFinite(epoch, step, []string{"mse"}, values); err != nil {
				t.Fatal(err)
			}
			losses = append(losses, values[0])
		}
	}
	return losses
}

// variableValues snapshots every variable of the store as float64 slices keyed by path.
func variableValues(t testing.TB, store *model.Store) map[string][]float64 {
	t.Helper()
	out := map[string][]float64{}
	for v := range store.IterVariables() {
		value, err := v.Value()
		if err != nil {
			t.Fatal(err)
		}
		var flat []float64
		switch data := value.Value().(type) {
		case [][]float32:
			for _, row := range data {
				for _, f := range row {
					flat = append(flat, float64(f))
				}
			}
		case []float32:
			for _, f := range data {
				flat = append(flat, float64(f))
			}
		case int64:
			flat = []float64{float64(data)}
		case []uint64:
			for _, u := range data {
				flat = append(flat, float64(u))
			}
		default:
			t.Fatalf("variable %s: unexpected value type %T", v.Path(), data)
		}
		out[v.Path()] = flat
	}
	return out
}
