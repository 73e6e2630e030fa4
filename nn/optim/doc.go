// Package optim provides the optimisers and learning-rate schedules of
// regula's models with PyTorch's semantics, so that published
// hyperparameters carry over unchanged: Adam (optionally with L2 weight
// decay, decoupled weight decay as in AdamW, and the AMSGrad variant) and
// RMSprop (torch form: no bias correction, ε outside the square root,
// optional momentum and centring), plus constant, exponential and step
// learning-rate decay.
//
// An [*Optimizer] implements GoMLX's optimizer.Interface, so it plugs into
// train.Trainer or a hand-written loop built with model.Exec. It updates
// only the variables it is given: the trainable variables under the scope
// passed to [Optimizer.UpdateGraph], or exactly the list passed to
// [Optimizer.UpdateVariables]. That is what alternating schedules (DeepSEM:
// network weights, then the GRN matrix) and adversarial training (critic and
// generator) need: each phase gets its own optimiser with its own state.
//
// Optimiser state (the step counter and per-variable moments) lives in the
// model.Store under /optim/<name>/, so saving all variables of the store
// checkpoints it; names must therefore be unique within a store.
package optim
