package optim

import (
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	gomlxtrain "github.com/gomlx/gomlx/ml/train"
	"github.com/gomlx/gomlx/ml/train/loss"
)

// TestWorksWithGoMLXTrainer plugs an RMSprop optimiser into GoMLX's
// train.Trainer: the loss of a linear fit must fall and the optimiser must
// count the trainer's steps.
func TestWorksWithGoMLXTrainer(t *testing.T) {
	store := model.NewStore()
	w := setVariable(t, store.RootScope(), "w", [][]float64{{0}, {0}})
	c := DefaultRMSprop()
	c.LearningRate = Constant(0.05)
	opt, err := NewRMSprop("rmsprop", c)
	if err != nil {
		t.Fatal(err)
	}
	trainer := gomlxtrain.NewTrainer(testBackend(t), store, func(scope *model.Scope, x *Node) *Node {
		return Dot(x, w.NodeValue(x.Graph())).Product()
	}, loss.MeanSquaredError, opt, nil, nil)
	x := [][]float64{{1, 0}, {0, 1}, {1, 1}, {2, -1}}
	y := [][]float64{{2}, {-1}, {1}, {5}} // y = 2·x0 − x1
	var first, last float64
	for step := range 60 {
		metrics, err := trainer.TrainStep(gomlxtrain.Batch{
			Inputs: []*tensors.Tensor{tensors.FromValue(x)},
			Labels: []*tensors.Tensor{tensors.FromValue(y)},
		})
		if err != nil {
			t.Fatal(err)
		}
		l := metrics[0].Value().(float64)
		if step == 0 {
			first = l
		}
		last = l
	}
	if !(last < 0.01*first) {
		t.Errorf("loss went from %g to %g", first, last)
	}
	if n, err := opt.Steps(store); err != nil || n != 60 {
		t.Errorf("Steps = %d, %v; want 60", n, err)
	}
}
