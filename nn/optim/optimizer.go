package optim

import (
	"fmt"
	"math"
	"strings"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"
	"github.com/gomlx/gomlx/ml/train/optimizer"
	"github.com/gomlx/gomlx/support/exceptions"
)

// StateScope is the root scope under which optimisers keep their state:
// /optim/<name>/step and /optim/<name>/<variable path>/<slot>.
const StateScope = "/optim"

// Config holds the settings shared by all optimisers.
type Config struct {
	// LearningRate schedule; required.
	LearningRate Schedule
	// WeightDecay is an L2 penalty added to the gradient, g ← g + WeightDecay·θ
	// (torch's weight_decay for Adam and RMSprop).
	WeightDecay float64
	// DecoupledWeightDecay shrinks the weights before the update,
	// θ ← θ·(1 − lr·DecoupledWeightDecay) (torch's AdamW weight_decay).
	DecoupledWeightDecay float64
	// ClipNorm, when > 0, rescales the gradients of one update together so
	// that their global L2 norm is at most ClipNorm, before weight decay:
	// g ← g·min(1, ClipNorm/(‖g‖ + 1e-6)), as torch.nn.utils.clip_grad_norm_
	// called before step(). The norm before clipping is kept in the store
	// (see [Optimizer.LastGradNorm]); +Inf clips nothing and only records it.
	ClipNorm float64
}

func (c Config) validate() error {
	if c.LearningRate == nil {
		return fmt.Errorf("learning rate schedule is not set")
	}
	if err := c.LearningRate.Validate(); err != nil {
		return err
	}
	if !(c.WeightDecay >= 0) || math.IsInf(c.WeightDecay, 0) {
		return fmt.Errorf("weight decay %g must be finite and ≥ 0", c.WeightDecay)
	}
	if !(c.DecoupledWeightDecay >= 0) || math.IsInf(c.DecoupledWeightDecay, 0) {
		return fmt.Errorf("decoupled weight decay %g must be finite and ≥ 0", c.DecoupledWeightDecay)
	}
	if !(c.ClipNorm >= 0) {
		return fmt.Errorf("gradient clipping norm %g must be ≥ 0", c.ClipNorm)
	}
	return nil
}

// rule is an optimiser's per-variable update.
type rule interface {
	// slots names the per-variable state tensors (zero-initialised, shaped like the variable).
	slots() []string
	// direction returns Δ and a scalar factor c (nil for 1) for the update
	// θ ← θ − lr·c·Δ, and the new slot values, given the (weight-decayed)
	// gradient, the current slots and step, the 1-based number of this update
	// as a float64 scalar. Folding scalar factors into c saves full passes
	// over the variable.
	direction(grad *Node, slots []*Node, step *Node) (delta, factor *Node, newSlots []*Node)
}

// Optimizer applies one update rule to a set of variables; it implements
// GoMLX's optimizer.Interface. Create it with [NewAdam] or [NewRMSprop].
type Optimizer struct {
	name   string
	config Config
	rule   rule
}

var _ optimizer.Interface = (*Optimizer)(nil)

func newOptimizer(name string, config Config, r rule) (*Optimizer, error) {
	if name == "" || strings.ContainsAny(name, "/") {
		return nil, fmt.Errorf("optimiser name %q must be non-empty and contain no '/'", name)
	}
	if err := config.validate(); err != nil {
		return nil, fmt.Errorf("optimiser %q: %w", name, err)
	}
	return &Optimizer{name: name, config: config, rule: r}, nil
}

// Name returns the optimiser's name, which keys its state in the store.
func (o *Optimizer) Name() string { return o.name }

// LearningRate returns the learning rate the next update will use, given
// how many updates were already applied.
func (o *Optimizer) LearningRate(completedSteps int64) float64 {
	return o.config.LearningRate.Rate(completedSteps)
}

// UpdateGraph adds one update of all trainable variables under scope that
// the graph of loss uses (the optimizer.Interface contract, as used by
// train.Trainer). loss must be a scalar. Graph-building function: it panics
// on error.
func (o *Optimizer) UpdateGraph(scope *model.Scope, g *Graph, loss *Node) {
	var vars []*model.Variable
	for v := range scope.IterVariables() {
		if v.Trainable && v.InUseByGraph(g) && !strings.HasPrefix(v.Path(), StateScope+"/") {
			vars = append(vars, v)
		}
	}
	o.UpdateVariables(loss, vars...)
}

// UpdateVariables adds one update of exactly the given variables (whatever
// their Trainable flag); variables the graph of loss does not use are
// skipped, as PyTorch skips parameters without a gradient. loss must be a
// scalar. Graph-building function: it panics on error.
func (o *Optimizer) UpdateVariables(loss *Node, vars ...*model.Variable) {
	if !loss.Shape().IsScalar() {
		exceptions.Panicf("optimiser %q: loss must be a scalar, got shape %s", o.name, loss.Shape())
	}
	g := loss.Graph()
	var used []*model.Variable
	var values []*Node
	for _, v := range vars {
		if !v.DType().IsFloat() {
			exceptions.Panicf("optimiser %q: variable %s has non-float dtype %s", o.name, v.Path(), v.DType())
		}
		if v.InUseByGraph(g) {
			used = append(used, v)
			values = append(values, v.NodeValue(g))
		}
	}
	if len(used) == 0 {
		exceptions.Panicf("optimiser %q: none of the %d variables given is used by the loss graph", o.name, len(vars))
	}
	o.ApplyGradients(used, Gradient(loss, values...))
}

// ApplyGradients adds one update of vars given their gradients (same order
// and shapes). Graph-building function: it panics on error.
func (o *Optimizer) ApplyGradients(vars []*model.Variable, grads []*Node) {
	if len(vars) != len(grads) || len(vars) == 0 {
		exceptions.Panicf("optimiser %q: %d variables but %d gradients", o.name, len(vars), len(grads))
	}
	g := grads[0].Graph()
	store := model.GetStore(g)
	if store == nil {
		exceptions.Panicf("optimiser %q: the graph has no model.Store; build it with model.Exec", o.name)
	}
	optimizer.IncrementGlobalStep(g, dtypes.Int64) // keeps train.Loop's step count meaningful
	stepVar := store.VariableWithValue(o.statePath("step"), int64(0)).SetTrainable(false)
	stepCount := AddScalar(stepVar.NodeValue(g), 1)
	stepVar.SetNodeValue(stepCount)
	step := ConvertDType(stepCount, dtypes.Float64)
	lr := o.config.LearningRate.RateGraph(AddScalar(step, -1))
	if o.config.ClipNorm > 0 {
		grads = o.clipGradients(store, grads)
	}

	for i, v := range vars {
		o.updateVariable(store, v, grads[i], step, lr)
	}
}

func (o *Optimizer) updateVariable(store *model.Store, v *model.Variable, grad, step, lr *Node) {
	g := grad.Graph()
	dtype := v.DType()
	if !grad.Shape().Equal(v.Shape()) {
		exceptions.Panicf("optimiser %q: gradient of %s has shape %s, want %s", o.name, v.Path(), grad.Shape(), v.Shape())
	}
	value := v.NodeValue(g)
	lrT := ConvertDType(lr, dtype)
	if o.config.WeightDecay > 0 {
		grad = Add(grad, MulScalar(value, o.config.WeightDecay))
	}
	if o.config.DecoupledWeightDecay > 0 {
		value = Mul(value, OneMinus(MulScalar(lrT, o.config.DecoupledWeightDecay)))
	}
	names := o.rule.slots()
	slotVars := make([]*model.Variable, len(names))
	slots := make([]*Node, len(names))
	for i, name := range names {
		slotVars[i] = store.VariableWithShape(o.statePath(v.Path(), name), shapes.Make(dtype, v.Shape().Dimensions...), Zeros).
			SetTrainable(false)
		slots[i] = slotVars[i].NodeValue(g)
	}
	delta, factor, newSlots := o.rule.direction(grad, slots, step)
	for i, s := range newSlots {
		slotVars[i].SetNodeValue(s)
	}
	scale := lrT
	if factor != nil {
		scale = Mul(lrT, factor)
	}
	v.SetNodeValue(Sub(value, Mul(scale, delta)))
}

// clipGradients records the global norm of grads in the store and returns
// them rescaled to a norm of at most ClipNorm (Config.ClipNorm).
func (o *Optimizer) clipGradients(store *model.Store, grads []*Node) []*Node {
	g := grads[0].Graph()
	var sumSq *Node
	for _, grad := range grads {
		s := ConvertDType(ReduceAllSum(Square(grad)), dtypes.Float64)
		if sumSq == nil {
			sumSq = s
		} else {
			sumSq = Add(sumSq, s)
		}
	}
	norm := Sqrt(sumSq)
	normVar := store.VariableWithValue(o.statePath("grad_norm"), float64(0)).SetTrainable(false)
	normVar.SetNodeValue(norm)
	if math.IsInf(o.config.ClipNorm, 1) {
		return grads
	}
	coef := Min(Div(Const(g, o.config.ClipNorm), AddScalar(norm, 1e-6)), Const(g, 1.0))
	out := make([]*Node, len(grads))
	for i, grad := range grads {
		out[i] = Mul(grad, scalarAs(coef, grad.DType()))
	}
	return out
}

// LastGradNorm returns the global gradient norm of the last update before
// clipping (0 before the first update, or when Config.ClipNorm is 0).
func (o *Optimizer) LastGradNorm(store *model.Store) (float64, error) {
	return readState[float64](o, store, "grad_norm", "gradient norm")
}

// statePath is the store path of one piece of this optimiser's state.
func (o *Optimizer) statePath(elems ...string) string {
	return model.JoinPath(append([]string{StateScope, o.name}, elems...)...)
}

// Clear deletes this optimiser's state (step counter and slots) from the
// store of scope, so that training restarts with fresh moments.
func (o *Optimizer) Clear(scope *model.Scope) error {
	return scope.Store().DeleteVariablesInScope(o.statePath())
}

// Steps returns how many updates this optimiser has applied to the store
// (0 before the first).
func (o *Optimizer) Steps(store *model.Store) (int64, error) {
	return readState[int64](o, store, "step", "step counter")
}

// readState returns the scalar state variable name of o in store (the zero
// value when it does not exist yet); what names it in errors.
func readState[T int64 | float64](o *Optimizer, store *model.Store, name, what string) (T, error) {
	var zero T
	v := store.GetVariable(o.statePath(name))
	if v == nil {
		return zero, nil
	}
	t, err := v.Value()
	if err != nil {
		return zero, fmt.Errorf("optimiser %q %s: %w", o.name, what, err)
	}
	n, ok := t.Value().(T)
	if !ok {
		return zero, fmt.Errorf("optimiser %q %s has dtype %s, want %T", o.name, what, t.DType(), zero)
	}
	return n, nil
}

// scalarAs converts a float64 scalar node to dtype.
func scalarAs(x *Node, dtype dtypes.DType) *Node {
	if x.DType() == dtype {
		return x
	}
	return ConvertDType(x, dtype)
}
