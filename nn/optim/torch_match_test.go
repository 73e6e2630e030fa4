package optim

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// trajectoryFixture mirrors testdata/torch_trajectories.json (testdata/make_fixtures.py).
type trajectoryFixture struct {
	X    [][]float64                `json:"x"`
	Y    [][]float64                `json:"y"`
	Init map[string]json.RawMessage `json:"init"`
	Runs []struct {
		Name        string    `json:"name"`
		Optimizer   string    `json:"optimizer"`
		LR          float64   `json:"lr"`
		Betas       []float64 `json:"betas"`
		Eps         float64   `json:"eps"`
		WeightDecay float64   `json:"weight_decay"`
		AMSGrad     bool      `json:"amsgrad"`
		Alpha       float64   `json:"alpha"`
		Momentum    float64   `json:"momentum"`
		Centered    bool      `json:"centered"`
		ClipNorm    float64   `json:"clip_norm"`
		Schedule    *struct {
			Kind       string  `json:"kind"`
			Gamma      float64 `json:"gamma"`
			Period     int     `json:"period"`
			Milestones []int   `json:"milestones"`
		} `json:"schedule"`
		Trajectory []map[string]json.RawMessage `json:"trajectory"`
	} `json:"runs"`
}

var mlpParams = []string{"w1", "b1", "w2", "b2"}

// flattenJSON decodes a nested JSON array of numbers into a flat slice.
func flattenJSON(t *testing.T, raw json.RawMessage) []float64 {
	t.Helper()
	var v any
	if err := json.Unmarshal(raw, &v); err != nil {
		t.Fatal(err)
	}
	var out []float64
	var walk func(any)
	walk = func(v any) {
		switch v := v.(type) {
		case float64:
			out = append(out, v)
		case []any:
			for _, e := range v {
				walk(e)
			}
		}
	}
	walk(v)
	return out
}

// TestOptimizersMatchTorchTrajectories replays torch.optim runs (Adam, AdamW,
// AMSGrad, RMSprop variants, with schedules) on a small MLP in float64 and
// compares all parameters after every step.
func TestOptimizersMatchTorchTrajectories(t *testing.T) {
	raw, err := os.ReadFile("testdata/torch_trajectories.json")
	if err != nil {
		t.Fatal(err)
	}
	var fix trajectoryFixture
	if err := json.Unmarshal(raw, &fix); err != nil {
		t.Fatal(err)
	}
	if len(fix.Runs) == 0 {
		t.Fatal("fixture has no runs")
	}
	for _, run := range fix.Runs {
		t.Run(run.Name, func(t *testing.T) {
			var schedule Schedule = Constant(run.LR)
			if s := run.Schedule; s != nil {
				switch s.Kind {
				case "exponential":
					schedule = ExponentialDecay{LR: run.LR, Gamma: s.Gamma, Period: s.Period}
				case "staircase":
					schedule = ExponentialDecay{LR: run.LR, Gamma: s.Gamma, Period: s.Period, Staircase: true}
				case "multistep":
					schedule = StepDecay{LR: run.LR, Gamma: s.Gamma, Milestones: s.Milestones}
				default:
					t.Fatalf("unknown schedule %q", s.Kind)
				}
			}
			var opt *Optimizer
			var err error
			switch run.Optimizer {
			case "adam", "adamw":
				c := DefaultAdam()
				c.LearningRate, c.Beta1, c.Beta2, c.Eps, c.AMSGrad = schedule, run.Betas[0], run.Betas[1], run.Eps, run.AMSGrad
				c.ClipNorm = run.ClipNorm
				if run.Optimizer == "adamw" {
					c.DecoupledWeightDecay = run.WeightDecay
				} else {
					c.WeightDecay = run.WeightDecay
				}
				opt, err = NewAdam(run.Name, c)
			case "rmsprop":
				c := DefaultRMSprop()
				c.LearningRate, c.Alpha, c.Eps, c.Momentum, c.Centered, c.WeightDecay =
					schedule, run.Alpha, run.Eps, run.Momentum, run.Centered, run.WeightDecay
				opt, err = NewRMSprop(run.Name, c)
			default:
				t.Fatalf("unknown optimizer %q", run.Optimizer)
			}
			if err != nil {
				t.Fatal(err)
			}

			store := model.NewStore()
			scope := store.RootScope().In("mlp")
			vars := map[string]*model.Variable{}
			for _, name := range mlpParams {
				var value any
				if name[0] == 'w' {
					var m [][]float64
					json.Unmarshal(fix.Init[name], &m)
					value = m
				} else {
					var v []float64
					json.Unmarshal(fix.Init[name], &v)
					value = v
				}
				vars[name] = setVariable(t, scope, name, value)
			}
			exec, err := model.NewExec(testBackend(t), store, func(s *model.Scope, x, y *Node) *Node {
				loss := mlpLoss(scope, x, y)
				opt.UpdateGraph(s, x.Graph(), loss)
				return loss
			})
			if err != nil {
				t.Fatal(err)
			}
			for step, want := range run.Trajectory {
				if _, err := exec.Exec(tensors.FromValue(fix.X), tensors.FromValue(fix.Y)); err != nil {
					t.Fatal(err)
				}
				for _, name := range mlpParams {
					got := flatValue(t, vars[name])
					wantFlat := flattenJSON(t, want[name])
					for i := range wantFlat {
						if math.Abs(got[i]-wantFlat[i]) > 1e-12 {
							t.Fatalf("step %d: %s[%d] = %.15g, torch %.15g", step+1, name, i, got[i], wantFlat[i])
						}
					}
				}
			}
			steps, err := opt.Steps(store)
			if err != nil || steps != int64(len(run.Trajectory)) {
				t.Errorf("Steps = %d, %v; want %d", steps, err, len(run.Trajectory))
			}
		})
	}
}
