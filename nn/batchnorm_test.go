package nn

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// TestBatchNormMatchesPyTorch compares with torch.nn.BatchNorm1d (testdata/make_fixtures.py).
func TestBatchNormMatchesPyTorch(t *testing.T) {
	raw, err := os.ReadFile("testdata/batchnorm.json")
	if err != nil {
		t.Fatal(err)
	}
	var fx struct {
		X, R, TrainOut, TrainGradX, EvalOut [][]float64
		RunningMean, RunningVar             []float64
	}
	var m map[string]json.RawMessage
	if err := json.Unmarshal(raw, &m); err != nil {
		t.Fatal(err)
	}
	for key, dst := range map[string]any{"x": &fx.X, "r": &fx.R, "train_out": &fx.TrainOut, "train_grad_x": &fx.TrainGradX,
		"eval_out": &fx.EvalOut, "running_mean": &fx.RunningMean, "running_var": &fx.RunningVar} {
		if err := json.Unmarshal(m[key], dst); err != nil {
			t.Fatalf("%s: %v", key, err)
		}
	}
	backend := testBackend(t)
	store := model.NewStore()
	x, r := tensors.FromValue(fx.X), tensors.FromValue(fx.R)
	train := model.MustNewExec(backend, store, func(scope *model.Scope, x, r *Node) []*Node {
		store.SetTraining(x.Graph(), true)
		y := BatchNorm(scope, x)
		return []*Node{y, Gradient(ReduceAllSum(Mul(y, r)), x)[0]}
	})
	out := train.MustCall(x, r)
	compare(t, "train output", out[0], fx.TrainOut)
	compare(t, "train grad x", out[1], fx.TrainGradX)
	compare(t, "running mean", store.GetVariable("/running_mean").MustValue(), [][]float64{fx.RunningMean})
	compare(t, "running var", store.GetVariable("/running_var").MustValue(), [][]float64{fx.RunningVar})
	eval := model.MustExecOnce(backend, store, func(scope *model.Scope, x *Node) *Node {
		return BatchNorm(scope, x)
	}, x)
	compare(t, "eval output", eval, fx.EvalOut)
}

func compare(t *testing.T, what string, got *tensors.Tensor, want [][]float64) {
	t.Helper()
	flat := tensors.MustCopyFlatData[float64](got)
	i := 0
	for _, row := range want {
		for _, w := range row {
			if math.Abs(flat[i]-w) > 1e-10*max(1, math.Abs(w)) {
				t.Errorf("%s[%d] = %.12g, PyTorch %.12g", what, i, flat[i], w)
				return
			}
			i++
		}
	}
	if i != len(flat) {
		t.Errorf("%s: %d values, PyTorch %d", what, len(flat), i)
	}
}
