package optim

import (
	"math"
	"slices"
	"strings"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
)

// twoGroupStore has variables /a/w and /b/w; the loss depends on both.
func twoGroupStore(t *testing.T) (*model.Store, *model.Variable, *model.Variable) {
	store := model.NewStore()
	a := setVariable(t, store.RootScope().In("a"), "w", []float64{1, -2, 0.5})
	b := setVariable(t, store.RootScope().In("b"), "w", []float64{0.3, 0.7, -1})
	return store, a, b
}

func twoGroupLoss(g *Graph, a, b *model.Variable) *Node {
	return ReduceAllSum(Square(Sub(Mul(a.NodeValue(g), b.NodeValue(g)), Const(g, []float64{1, 1, 1}))))
}

func TestOptimizerUpdatesOnlyItsVariables(t *testing.T) {
	for _, mode := range []string{"scope", "list"} {
		store, a, b := twoGroupStore(t)
		opt, err := NewRMSprop("only-a", DefaultRMSprop())
		if err != nil {
			t.Fatal(err)
		}
		exec, err := model.NewExec(testBackend(t), store, func(s *model.Scope, g *Graph) *Node {
			loss := twoGroupLoss(g, a, b)
			if mode == "scope" {
				opt.UpdateGraph(store.Scope("/a"), g, loss)
			} else {
				opt.UpdateVariables(loss, a)
			}
			return loss
		})
		if err != nil {
			t.Fatal(err)
		}
		aBefore, bBefore := flatValue(t, a), flatValue(t, b)
		for range 3 {
			if _, err := exec.Exec(); err != nil {
				t.Fatal(err)
			}
		}
		if slices.Equal(flatValue(t, a), aBefore) {
			t.Errorf("%s: /a/w was not updated", mode)
		}
		if !slices.Equal(flatValue(t, b), bBefore) {
			t.Errorf("%s: /b/w changed from %v to %v although the optimiser was not given it", mode, bBefore, flatValue(t, b))
		}
		for v := range store.IterVariables() {
			if strings.Contains(v.Path(), "/b/") && strings.HasPrefix(v.Path(), StateScope) {
				t.Errorf("%s: optimiser created state %s for a variable it does not own", mode, v.Path())
			}
		}
	}
}

// TestAlternatingOptimizersKeepSeparateState runs two optimisers over
// disjoint variables in separate graphs, as DeepSEM's alternating schedule
// and GAN training do: each counts its own steps and has its own moments.
func TestAlternatingOptimizersKeepSeparateState(t *testing.T) {
	store, a, b := twoGroupStore(t)
	optA, _ := NewAdam("phase-a", DefaultAdam())
	optB, _ := NewAdam("phase-b", DefaultAdam())
	build := func(opt *Optimizer, v *model.Variable) *model.Exec {
		exec, err := model.NewExec(testBackend(t), store, func(s *model.Scope, g *Graph) *Node {
			loss := twoGroupLoss(g, a, b)
			opt.UpdateVariables(loss, v)
			return loss
		})
		if err != nil {
			t.Fatal(err)
		}
		return exec
	}
	execA, execB := build(optA, a), build(optB, b)
	for _, e := range []*model.Exec{execA, execB, execB, execA, execB} {
		if _, err := e.Exec(); err != nil {
			t.Fatal(err)
		}
	}
	for _, c := range []struct {
		opt  *Optimizer
		want int64
	}{{optA, 2}, {optB, 3}} {
		if n, err := c.opt.Steps(store); err != nil || n != c.want {
			t.Errorf("%s: Steps = %d, %v; want %d", c.opt.Name(), n, err, c.want)
		}
	}
	if err := optA.Clear(store.RootScope()); err != nil {
		t.Fatal(err)
	}
	if n, _ := optA.Steps(store); n != 0 {
		t.Errorf("after Clear, Steps = %d, want 0", n)
	}
	if n, _ := optB.Steps(store); n != 3 {
		t.Errorf("clearing phase-a changed phase-b's steps to %d", n)
	}
}

// TestFloat32MatchesFloat64 runs the same Adam updates on float32 and
// float64 copies of a model: the optimiser must keep the variable dtype and
// agree to float32 precision.
func TestFloat32MatchesFloat64(t *testing.T) {
	results := map[string][]float64{}
	for _, dtype := range []string{"f32", "f64"} {
		store := model.NewStore()
		var w *model.Variable
		if dtype == "f32" {
			w = setVariable(t, store.RootScope(), "w", []float32{0.5, -1.5, 2, 0.1})
		} else {
			w = setVariable(t, store.RootScope(), "w", []float64{0.5, -1.5, 2, 0.1})
		}
		c := DefaultAdam()
		c.LearningRate = ExponentialDecay{LR: 0.05, Gamma: 0.5, Period: 3}
		c.AMSGrad = true
		c.DecoupledWeightDecay = 0.1
		opt, err := NewAdam("adam", c)
		if err != nil {
			t.Fatal(err)
		}
		exec, err := model.NewExec(testBackend(t), store, func(s *model.Scope, g *Graph) *Node {
			x := w.NodeValue(g)
			loss := ReduceAllSum(Mul(Square(x), Tanh(x)))
			opt.UpdateGraph(s, g, loss)
			return loss
		})
		if err != nil {
			t.Fatal(err)
		}
		for range 10 {
			if _, err := exec.Exec(); err != nil {
				t.Fatal(err)
			}
		}
		if w.DType().String() != map[string]string{"f32": "Float32", "f64": "Float64"}[dtype] {
			t.Errorf("variable dtype changed to %s", w.DType())
		}
		results[dtype] = flatValue(t, w)
	}
	for i := range results["f64"] {
		if d := math.Abs(results["f32"][i] - results["f64"][i]); d > 1e-5 {
			t.Errorf("w[%d]: float32 %g vs float64 %g", i, results["f32"][i], results["f64"][i])
		}
	}
}

func TestSchedules(t *testing.T) {
	cases := []struct {
		s     Schedule
		steps []int64
		want  []float64
	}{
		{Constant(0.1), []int64{0, 7}, []float64{0.1, 0.1}},
		{ExponentialDecay{LR: 2e-3, Gamma: 0.9, Period: 1000}, []int64{0, 500, 1000, 3000},
			[]float64{2e-3, 2e-3 * math.Sqrt(0.9), 2e-3 * 0.9, 2e-3 * 0.729}},
		{ExponentialDecay{LR: 0.01, Gamma: 0.9, Period: 50, Staircase: true}, []int64{0, 49, 50, 120},
			[]float64{0.01, 0.01, 0.009, 0.01 * 0.81}},
		{StepDecay{LR: 1, Gamma: 0.1, Milestones: []int{10, 20}}, []int64{0, 9, 10, 19, 20, 100},
			[]float64{1, 1, 0.1, 0.1, 0.01, 0.01}},
	}
	for _, c := range cases {
		if err := c.s.Validate(); err != nil {
			t.Fatalf("%#v: %v", c.s, err)
		}
		steps := make([]float64, len(c.steps))
		for i, s := range c.steps {
			steps[i] = float64(s)
			if got := c.s.Rate(s); math.Abs(got-c.want[i]) > 1e-15*c.want[i]+1e-18 {
				t.Errorf("%#v.Rate(%d) = %g, want %g", c.s, s, got, c.want[i])
			}
		}
		exec := MustNewExec(testBackend(t), func(step *Node) *Node { return c.s.RateGraph(step) })
		for i, s := range steps {
			got := exec.MustExec(s)[0].Value().(float64)
			if math.Abs(got-c.want[i]) > 1e-14*c.want[i] {
				t.Errorf("%#v.RateGraph(%g) = %g, want %g", c.s, s, got, c.want[i])
			}
		}
	}
	for _, bad := range []Schedule{
		Constant(0), Constant(math.Inf(1)),
		ExponentialDecay{LR: 1, Gamma: 1.5, Period: 1}, ExponentialDecay{LR: 1, Gamma: 0.5, Period: 0},
		StepDecay{LR: 1, Gamma: 0.5}, StepDecay{LR: 1, Gamma: 0.5, Milestones: []int{5, 5}},
	} {
		if bad.Validate() == nil {
			t.Errorf("%#v validated", bad)
		}
	}
}

func TestConstructorsRejectBadConfig(t *testing.T) {
	adam := DefaultAdam()
	adam.Beta1 = 1
	rms := DefaultRMSprop()
	rms.Alpha = -0.1
	noLR := DefaultAdam()
	noLR.LearningRate = nil
	negWD := DefaultRMSprop()
	negWD.WeightDecay = -1
	for name, err := range map[string]error{
		"beta1=1":     second(NewAdam("a", adam)),
		"alpha<0":     second(NewRMSprop("r", rms)),
		"no lr":       second(NewAdam("a", noLR)),
		"negative wd": second(NewRMSprop("r", negWD)),
		"slash name":  second(NewAdam("a/b", DefaultAdam())),
		"empty name":  second(NewRMSprop("", DefaultRMSprop())),
	} {
		if err == nil {
			t.Errorf("%s: no error", name)
		}
	}
}

func second[T any](_ T, err error) error { return err }

// TestClipNormRecordsTheNorm checks that with Config.ClipNorm the norm of
// the gradient before clipping is recorded, whether it clips (cap below the
// norm) or not (+Inf), on a loss whose gradient is known: for
// L = Σ(a·b − 1)² it is 2(a·b − 1)·b with respect to a. The cap itself is
// checked against torch.nn.utils.clip_grad_norm_ in
// TestOptimizersMatchTorchTrajectories (run adam-l2-clip-norm).
func TestClipNormRecordsTheNorm(t *testing.T) {
	aVal, bVal := []float64{1, -2, 0.5}, []float64{0.3, 0.7, -1}
	var want float64
	for i := range aVal {
		r := 2 * (aVal[i]*bVal[i] - 1) * bVal[i]
		want += r * r
	}
	want = math.Sqrt(want)
	for _, clip := range []float64{math.Inf(1), want / 4} {
		store, a, b := twoGroupStore(t)
		c := DefaultAdam()
		c.ClipNorm = clip
		opt, err := NewAdam("clip", c)
		if err != nil {
			t.Fatal(err)
		}
		exec, err := model.NewExec(testBackend(t), store, func(s *model.Scope, g *Graph) *Node {
			loss := twoGroupLoss(g, a, b)
			opt.UpdateVariables(loss, a)
			return loss
		})
		if err != nil {
			t.Fatal(err)
		}
		if n, err := opt.LastGradNorm(store); err != nil || n != 0 {
			t.Fatalf("norm before the first step = %v, %v; want 0", n, err)
		}
		if _, err := exec.Exec(); err != nil {
			t.Fatal(err)
		}
		got, err := opt.LastGradNorm(store)
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(got-want) > 1e-12*want {
			t.Errorf("clip %g: recorded norm %.15g, want %.15g", clip, got, want)
		}
	}
	c := DefaultAdam()
	c.ClipNorm = -1
	if _, err := NewAdam("bad", c); err == nil || !strings.Contains(err.Error(), "clipping") {
		t.Errorf("negative clip norm: got %v, want an error", err)
	}
}
