package gradcheck

import (
	"errors"
	"fmt"

	"github.com/gomlx/compute"
	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// ModelFunc builds a scalar node from the variables of scope (created on first
// use, as layers do); data are closed over as constants.
type ModelFunc func(scope *model.Scope, g *Graph) *Node

// CheckVariables compares GoMLX's gradient of fn with respect to every
// trainable variable fn uses with central finite differences. Variables must be
// float64 (layers take their dtype from their input, so feed float64 data).
//
// Non-trainable variables (random-number state, batch-norm running statistics)
// are restored before every evaluation, so a function using dropout or updating
// running statistics is evaluated with the same random draws each time. Options.Aux
// is not supported here.
func CheckVariables(backend compute.Backend, store *model.Store, fn ModelFunc, opts Options) (Result, error) {
	if opts.Aux != nil {
		return Result{}, errors.New("gradcheck: Options.Aux is not supported by CheckVariables")
	}
	valueExec, err := model.NewExec(backend, store, func(scope *model.Scope, g *Graph) *Node {
		return checkedScalar(fn(scope, g))
	})
	if err != nil {
		return Result{}, fmt.Errorf("gradcheck: building value graph: %w", err)
	}
	defer valueExec.Finalize()

	// A first evaluation creates and initialises the variables and tells which the graph uses.
	_, g, err := valueExec.CallWithGraph()
	if err != nil {
		return Result{}, fmt.Errorf("gradcheck: evaluating: %w", err)
	}
	snapshot, err := snapshotVariables(store)
	if err != nil {
		return Result{}, err
	}
	var trainable []*model.Variable
	for v := range store.IterVariables() {
		if v.Trainable && v.InUseByGraph(g) {
			trainable = append(trainable, v)
		}
	}
	if len(trainable) == 0 {
		return Result{}, errors.New("gradcheck: the function uses no trainable variable")
	}
	restore := func() error {
		for v, t := range snapshot {
			if v.Trainable {
				continue
			}
			c, err := t.Clone()
			if err != nil {
				return err
			}
			if err := v.SetValue(c); err != nil {
				return err
			}
		}
		return nil
	}
	setTrainable := func(in []*tensors.Tensor) error {
		for i, v := range trainable {
			c, err := in[i].Clone()
			if err != nil {
				return err
			}
			if err := v.SetValue(c); err != nil {
				return fmt.Errorf("setting %s: %w", v.Path(), err)
			}
		}
		return restore()
	}

	gradExec, err := model.NewExec(backend, store, func(scope *model.Scope, g *Graph) []*Node {
		loss := checkedScalar(fn(scope, g))
		nodes := make([]*Node, len(trainable))
		for i, v := range trainable {
			nodes[i] = v.NodeValue(g)
		}
		return Gradient(loss, nodes...)
	})
	if err != nil {
		return Result{}, fmt.Errorf("gradcheck: building gradient graph: %w", err)
	}
	defer gradExec.Finalize()

	inputs := make([]*tensors.Tensor, len(trainable))
	for i, v := range trainable {
		inputs[i] = snapshot[v]
	}
	value := func(in []*tensors.Tensor) (float64, error) {
		if err := setTrainable(in); err != nil {
			return 0, err
		}
		out, err := valueExec.Call()
		if err != nil {
			return 0, err
		}
		return scalarFloat64(out[0])
	}
	gradient := func(in []*tensors.Tensor) ([]*tensors.Tensor, error) {
		if err := setTrainable(in); err != nil {
			return nil, err
		}
		out, err := gradExec.Call()
		if err != nil {
			return nil, err
		}
		if len(out) < len(trainable) {
			return nil, fmt.Errorf("gradient graph returned %d outputs for %d variables", len(out), len(trainable))
		}
		return out[:len(trainable)], nil
	}
	res, checkErr := Check(inputs, value, gradient, opts)
	// Leave the store as we found it.
	if err := setTrainable(inputs); err != nil && checkErr == nil {
		checkErr = fmt.Errorf("gradcheck: restoring variables: %w", err)
	}
	return res, checkErr
}

// snapshotVariables copies the current value of every variable of the store.
func snapshotVariables(store *model.Store) (map[*model.Variable]*tensors.Tensor, error) {
	snap := make(map[*model.Variable]*tensors.Tensor)
	for v := range store.IterVariables() {
		if !v.HasValue() {
			continue
		}
		t, err := v.Value()
		if err != nil {
			return nil, fmt.Errorf("gradcheck: reading %s: %w", v.Path(), err)
		}
		c, err := t.Clone()
		if err != nil {
			return nil, fmt.Errorf("gradcheck: copying %s: %w", v.Path(), err)
		}
		snap[v] = c
	}
	return snap, nil
}
