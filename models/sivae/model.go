package sivae

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"sync"
	"time"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // pure-Go backend
	. "github.com/gomlx/gomlx/core/graph"  //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/optim"
	"regula/nn/train"
)

// Phase names a training step of the three-step procedure.
type Phase string

const (
	// PhaseCell is the cell-wise pre-training (the whole of the plain VAE).
	PhaseCell Phase = "cell"
	// PhaseFeature is the feature-wise pre-training.
	PhaseFeature Phase = "feature"
	// PhaseJoint is the joint training of everything.
	PhaseJoint Phase = "joint"
)

// EpochLoss is the mean of each loss term over one epoch.
type EpochLoss struct {
	Phase            Phase   `json:"phase"`
	Epoch            int     `json:"epoch"`
	Total            float64 `json:"total"`
	Reconstruction   float64 `json:"reconstruction"`
	KL               float64 `json:"kl"`
	Interpretability float64 `json:"interpretability"`
	Seconds          float64 `json:"seconds"`
}

// TrainOptions are run-time settings that do not change the result.
type TrainOptions struct {
	// Progress, if non-nil, receives progress lines.
	Progress io.Writer
}

// Model is a trained siVAE (or plain VAE) model.
type Model struct {
	cfg     Config
	sh      shape
	backend compute.Backend
	store   *model.Store
	// features is the feature-wise input, genes × reduced.
	features []float32
	reduced  int
	losses   []EpochLoss
	duration time.Duration

	cellStep, featureStep, jointStep *model.Exec
	encodeExec, featureExec          *model.Exec
	decodeExec, attributionExec      *model.Exec
}

// defaultBackend is the backend all models share: $GOMLX_BACKEND when set,
// else the pure-Go backend with ops executed one at a time. The Go backend's
// default runs independent ops in parallel, and two large matmuls that run
// at once (siVAE's cell-wise and feature-wise networks are independent) can
// deadlock its worker pool (compute v0.1.2, seen on 2 cores: both wait in
// workerspool.Saturate); each matmul still uses every core.
var defaultBackend = sync.OnceValues(func() (compute.Backend, error) {
	if os.Getenv(compute.ConfigEnvVar) != "" {
		return compute.New()
	}
	return compute.NewWithConfig("go:ops_sequential")
})

// cellScopes are the variables of the cell-wise network.
var cellScopes = []string{scopeCellEncoder, scopeCellDecoder, scopeCellNoise}

// featureScopes are the variables of the feature-wise network.
var featureScopes = []string{scopeFeatureEncoder, scopeFeatureDecoder}

// variablesIn lists the variables under the given top-level scopes.
func variablesIn(store *model.Store, scopes ...string) []*model.Variable {
	var vars []*model.Variable
	for _, s := range scopes {
		for v := range store.Scope(s).IterVariables() {
			vars = append(vars, v)
		}
	}
	return vars
}

// Train fits the model to d with the three-step procedure (the plain VAE:
// the cell-wise step only). The same data, configuration and seed give the
// same model. Training stops with an error when ctx is cancelled or a loss
// term becomes NaN or infinite.
func Train(ctx context.Context, d *Data, cfg Config, opts TrainOptions) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if cfg.Variant == NegBinomial && d.Counts == nil {
		return nil, fmt.Errorf("sivae: the NB variant needs raw counts (Data.SetCounts)")
	}
	backend, err := defaultBackend()
	if err != nil {
		return nil, fmt.Errorf("sivae: compute backend: %w", err)
	}
	mdl := &Model{
		cfg: cfg, backend: backend, store: model.NewStore(),
		sh: shape{genes: d.Genes, cells: d.Cells, batches: d.numBatches()},
	}
	if err := train.SeedStore(mdl.store, int64(cfg.Seed)); err != nil {
		return nil, err
	}
	if cfg.hasLoadings() {
		if mdl.features, mdl.reduced, err = featureInput(d, cfg); err != nil {
			return nil, err
		}
	}
	if err := mdl.buildSteps(); err != nil {
		return nil, err
	}
	start := time.Now()
	if err := mdl.fit(ctx, d, opts); err != nil {
		mdl.Close()
		return nil, err
	}
	mdl.duration = time.Since(start)
	return mdl, nil
}

// adam returns the configured Adam optimiser under a distinct name.
func (c Config) adam(name string) (*optim.Optimizer, error) {
	a := optim.DefaultAdam()
	a.LearningRate = optim.ExponentialDecay{LR: c.LearningRate, Gamma: c.LRDecay, Period: c.LRDecayPeriod, Staircase: true}
	a.WeightDecay = c.L2
	a.ClipNorm = c.ClipNorm
	return optim.NewAdam(name, a)
}

// buildSteps creates the training executors of the three steps.
func (mdl *Model) buildSteps() error {
	cfg, sh, store := mdl.cfg, mdl.sh, mdl.store
	cellOpt, err := cfg.adam("cell")
	if err != nil {
		return err
	}
	cellVars := append(append([]string{}, cellScopes...), scopeFreeLoadings)
	if scope := cfg.outputBatchScope(sh); scope != "" {
		cellVars = append(cellVars, scope)
	}
	mdl.cellStep, err = model.NewExec(mdl.backend, store, func(scope *model.Scope, in []*Node) []*Node {
		t := cfg.cellLoss(scope, sh, sh.unpackCell(cfg, in))
		cellOpt.UpdateVariables(t.total, variablesIn(store, cellVars...)...)
		return t.nodes()
	})
	if err != nil || !cfg.hasLoadings() {
		return err
	}
	featureOpt, err := cfg.adam("feature")
	if err != nil {
		return err
	}
	mdl.featureStep, err = model.NewExec(mdl.backend, store, func(scope *model.Scope, in []*Node) []*Node {
		var align *alignInputs
		if cfg.alignsLoadings() {
			align = &alignInputs{scores: in[5], block: in[6], weight: in[7]}
		}
		t := cfg.featureLoss(scope, in[0], in[1], in[2], in[3], in[4], align)
		featureOpt.UpdateVariables(t.total, variablesIn(store, featureScopes...)...)
		return t.nodes()
	})
	if err != nil {
		return err
	}
	// The joint step continues both pre-training optimisers (their Adam
	// moments and learning-rate schedules) instead of starting a fresh one:
	// a fresh Adam moves every weight by ≈ lr on its first steps, which
	// knocks the pre-trained networks far from their optimum.
	mdl.jointStep, err = model.NewExec(mdl.backend, store, func(scope *model.Scope, in []*Node) []*Node {
		t := cfg.jointLoss(scope, sh, sh.unpackJoint(cfg, in))
		g := t.total.Graph()
		cellNames := append([]string{}, cellScopes...)
		if scope := cfg.outputBatchScope(sh); scope != "" {
			cellNames = append(cellNames, scope)
		}
		if sh.batches > 0 && cfg.hasInterpretability() {
			cellNames = append(cellNames, scopeBatchTerm)
		}
		cellVars, featureVars := usedVariables(g, variablesIn(store, cellNames...)), usedVariables(g, variablesIn(store, featureScopes...))
		values := make([]*Node, 0, len(cellVars)+len(featureVars))
		for _, v := range append(append([]*model.Variable{}, cellVars...), featureVars...) {
			values = append(values, v.NodeValue(g))
		}
		grads := Gradient(t.total, values...)
		cellOpt.ApplyGradients(cellVars, grads[:len(cellVars)])
		featureOpt.ApplyGradients(featureVars, grads[len(cellVars):])
		return t.nodes()
	})
	return err
}

// usedVariables keeps the variables the graph uses.
func usedVariables(g *Graph, vars []*model.Variable) []*model.Variable {
	var out []*model.Variable
	for _, v := range vars {
		if v.InUseByGraph(g) {
			out = append(out, v)
		}
	}
	return out
}

// normals returns n standard normal values.
func normals(rng *rand.Rand, n int) []float32 {
	out := make([]float32, n)
	for i := range out {
		out[i] = float32(rng.NormFloat64())
	}
	return out
}

// Config returns the configuration the model was trained with.
func (mdl *Model) Config() Config { return mdl.cfg }

// Losses returns the mean loss terms of every epoch of every step.
func (mdl *Model) Losses() []EpochLoss { return append([]EpochLoss(nil), mdl.losses...) }

// Duration is the wall time of training.
func (mdl *Model) Duration() time.Duration { return mdl.duration }

// ReducedCells is the width of the feature-wise input actually used.
func (mdl *Model) ReducedCells() int { return mdl.reduced }

// Close releases the compiled executors.
func (mdl *Model) Close() {
	for _, e := range []*model.Exec{mdl.cellStep, mdl.featureStep, mdl.jointStep, mdl.encodeExec, mdl.featureExec, mdl.decodeExec, mdl.attributionExec} {
		if e != nil {
			e.Finalize()
		}
	}
}

// scalar wraps a float32 scalar input.
func scalar(v float64) *tensors.Tensor { return tensors.FromScalar(float32(v)) }
