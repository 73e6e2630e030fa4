package deepsem

import (
	"context"
	"fmt"
	"io"
	"math/rand/v2"
	"sync"
	"time"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // pure-Go backend
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/optim"
	"regula/nn/train"
)

// TrainOptions are the run-time settings of Train that do not change the
// result.
type TrainOptions struct {
	// Progress, if non-nil, receives progress lines (epoch, loss terms, ETA)
	// and conditioning recoveries.
	Progress io.Writer
	// OnEpoch, if non-nil, is called after every epoch with the 1-based
	// epoch number and the current W (layout of Model.W). It observes the
	// run, e.g. to follow how the network converges; it must not keep w.
	OnEpoch func(epoch int, w []float64)
}

// Model is a trained DeepSEM model.
type Model struct {
	cfg     Config
	genes   []string
	backend compute.Backend
	store   *model.Store
	// mlpStep and wStep are the compiled training steps of the two phases;
	// encodeExec and decodeExec evaluate the trained model.
	mlpStep, wStep         *model.Exec
	encodeExec, decodeExec *model.Exec
	// inverse is (I − Aᵀ)⁻¹ for the current adjacency.
	inverse *tensors.Tensor
	result  Result
}

var defaultBackend = sync.OnceValues(func() (compute.Backend, error) { return compute.New() })

// lossNames are the loss terms in the order the training steps return them.
var lossNames = []string{"total", "reconstruction", "kl", "sparsity"}

// Train fits one DeepSEM model to data (preprocessed with Preprocess) whose
// columns are genes. The run is reproducible: the same data, config and seed
// give the same model. Training stops with an error when the context is
// cancelled or a loss term becomes NaN or infinite.
func Train(ctx context.Context, data *Data, genes []string, cfg Config, opts TrainOptions) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if len(genes) != data.Genes {
		return nil, fmt.Errorf("deepsem: %d gene names for %d genes in the data", len(genes), data.Genes)
	}
	backend, err := defaultBackend()
	if err != nil {
		return nil, fmt.Errorf("deepsem: compute backend: %w", err)
	}
	mdl := &Model{cfg: cfg, genes: genes, backend: backend, store: model.NewStore()}
	mdl.result.Recoveries = []Recovery{}
	if err := train.SeedStore(mdl.store, int64(cfg.Seed)); err != nil {
		return nil, err
	}
	if err := mdl.initAdjacency(); err != nil {
		return nil, err
	}
	if err := mdl.buildSteps(data); err != nil {
		return nil, err
	}
	if err := mdl.fit(ctx, data, opts); err != nil {
		mdl.Close()
		return nil, err
	}
	return mdl, nil
}

// initAdjacency creates A with the paper's initialisation: diagonal 0,
// off-diagonal 1/(m−1) + U[0, InitNoise).
func (mdl *Model) initAdjacency() error {
	m := len(mdl.genes)
	rng := rand.New(rand.NewPCG(mdl.cfg.Seed, 0xA11CE))
	a := make([]float32, m*m)
	for i := 0; i < m; i++ {
		for j := 0; j < m; j++ {
			if i != j {
				a[i*m+j] = float32(1/float64(m-1) + rng.Float64()*mdl.cfg.InitNoise)
			}
		}
	}
	_, err := mdl.store.Scope(scopeAdjacency).CreateVariable(varAdjacency, tensors.FromFlatDataAndDimensions(a, m, m))
	return err
}

// buildSteps creates the executors of the two training phases.
func (mdl *Model) buildSteps(data *Data) error {
	cfg := mdl.cfg
	mlpOpt, err := optim.NewRMSprop("mlp", rmspropConfig(cfg.LearningRate, cfg.LRDecay, cfg, stepsPerEpoch(data.Cells, cfg.BatchSize)))
	if err != nil {
		return err
	}
	wOpt, err := optim.NewRMSprop("w", rmspropConfig(cfg.LearningRateW, 1, cfg, 1))
	if err != nil {
		return err
	}
	step := func(update func(scope *model.Scope, loss *Node)) func(scope *model.Scope, in []*Node) []*Node {
		return func(scope *model.Scope, in []*Node) []*Node {
			total, rec, kl, sparse := cfg.lossTerms(scope, in[0], in[1], in[2], in[3])
			update(scope, total)
			return []*Node{total, rec, kl, sparse}
		}
	}
	mdl.mlpStep, err = model.NewExec(mdl.backend, mdl.store, step(func(scope *model.Scope, loss *Node) {
		mlpOpt.UpdateVariables(loss, mlpVariables(mdl.store)...)
	}))
	if err != nil {
		return err
	}
	mdl.wStep, err = model.NewExec(mdl.backend, mdl.store, step(func(scope *model.Scope, loss *Node) {
		wOpt.UpdateVariables(loss, adjacencyVariable(mdl.store))
	}))
	return err
}

// mlpVariables lists the encoder, decoder and prior variables.
func mlpVariables(store *model.Store) []*model.Variable {
	var vars []*model.Variable
	for _, s := range []string{scopeEncoder, scopeDecoder, scopePrior} {
		for v := range store.Scope(s).IterVariables() {
			vars = append(vars, v)
		}
	}
	return vars
}

// stepsPerEpoch is the number of batches of an epoch (the last one may be
// smaller, as PyTorch's DataLoader without drop_last).
func stepsPerEpoch(cells, batch int) int { return (cells + batch - 1) / batch }

// fit runs the alternating training schedule.
func (mdl *Model) fit(ctx context.Context, data *Data, opts TrainOptions) error {
	cfg := mdl.cfg
	batcher, err := train.NewBatcher(data.Cells, cfg.BatchSize, cfg.Seed, false)
	if err != nil {
		return err
	}
	noise := rand.New(rand.NewPCG(cfg.Seed, 0xE95))
	var progress *train.Progress
	if opts.Progress != nil {
		progress = train.NewProgress(opts.Progress, "deepsem", cfg.Epochs, 5*time.Second)
	}
	start := time.Now()
	for epoch := 0; epoch < cfg.Epochs; epoch++ {
		epochStart := time.Now()
		phase, exec := PhaseW, mdl.wStep
		if cfg.isMLPEpoch(epoch) {
			phase, exec = PhaseMLP, mdl.mlpStep
		}
		sums := make([]float64, len(lossNames))
		batches := batcher.Epoch(epoch)
		for step, cells := range batches {
			if err := ctx.Err(); err != nil {
				return err
			}
			// W changes at every step of a W epoch; in an MLP epoch it is
			// fixed, so the inverse is computed once.
			if phase == PhaseW || step == 0 {
				if err := mdl.refreshInverse(epoch, step, opts.Progress); err != nil {
					return err
				}
			}
			values, err := mdl.runStep(exec, data, cells, noise)
			if err != nil {
				return fmt.Errorf("deepsem: epoch %d step %d: %w", epoch+1, step+1, err)
			}
			if err := train.CheckFinite(epoch+1, step+1, lossNames, values); err != nil {
				return fmt.Errorf("deepsem: training diverged (lower the learning rates or alpha): %w", err)
			}
			for k, v := range values {
				sums[k] += v
			}
			if progress != nil {
				progress.Step(epoch+1, step+1, len(batches), lossNames, values)
			}
		}
		for k := range sums {
			sums[k] /= float64(len(batches))
		}
		mdl.result.Losses = append(mdl.result.Losses, EpochLoss{
			Epoch: epoch + 1, Phase: phase,
			Total: sums[0], Reconstruction: sums[1], KL: sums[2], Sparsity: sums[3],
			Seconds: time.Since(epochStart).Seconds(),
		})
		if progress != nil {
			progress.EndEpoch(epoch+1, lossNames, sums)
		}
		if opts.OnEpoch != nil {
			opts.OnEpoch(epoch+1, mdl.W())
		}
	}
	if err := mdl.refreshInverse(cfg.Epochs, 0, opts.Progress); err != nil {
		return err
	}
	mdl.result.Duration = time.Since(start)
	mdl.result.Config = cfg
	mdl.result.Genes = mdl.genes
	mdl.result.W = mdl.W()
	return nil
}

// runStep executes one training step on the given cells and returns the
// loss terms.
func (mdl *Model) runStep(exec *model.Exec, data *Data, cells []int, noise *rand.Rand) ([]float64, error) {
	x, nonZero := data.Rows(cells)
	b, m := len(cells), data.Genes
	eps := make([]float32, b*m)
	for i := range eps {
		eps[i] = float32(noise.NormFloat64())
	}
	out, err := exec.Exec(
		tensors.FromFlatDataAndDimensions(x, b, m),
		tensors.FromFlatDataAndDimensions(nonZero, b, m),
		tensors.FromFlatDataAndDimensions(eps, b, m),
		mdl.inverse)
	if err != nil {
		return nil, err
	}
	return train.ScalarValues(out...)
}

// refreshInverse recomputes (I − Aᵀ)⁻¹ for the current adjacency. When
// I − Aᵀ is ill-conditioned it shrinks A until it is not (see
// inverseOrDamp), stores the shrunk A, records the recovery and logs it.
func (mdl *Model) refreshInverse(epoch, step int, log io.Writer) error {
	a, err := mdl.adjacency()
	if err != nil {
		return err
	}
	m := len(mdl.genes)
	inv, scale, cond, crossed, err := inverseOrDamp(a, m, mdl.cfg.MaxCondition, mdl.cfg.PositiveDeterminant)
	if err != nil {
		return fmt.Errorf("deepsem: epoch %d step %d: %w", epoch+1, step+1, err)
	}
	if scale != 1 {
		for i := range a {
			a[i] *= float32(scale)
		}
		v := adjacencyVariable(mdl.store)
		if err := v.SetValue(tensors.FromFlatDataAndDimensions(a, m, m)); err != nil {
			return err
		}
		rec := Recovery{Epoch: epoch + 1, Step: step + 1, Condition: cond, Damping: scale, Reason: "condition"}
		if crossed {
			rec.Reason = "determinant"
		}
		mdl.result.Recoveries = append(mdl.result.Recoveries, rec)
		if log != nil {
			why := fmt.Sprintf("is ill-conditioned (condition ≈ %.3g > %.3g)", cond, mdl.cfg.MaxCondition)
			if crossed {
				why = fmt.Sprintf("has a non-positive determinant (W is past a singular point; condition ≈ %.3g)", cond)
			}
			fmt.Fprintf(log, "deepsem: epoch %d step %d: I − W %s; W shrunk by %.3g, training continues\n",
				rec.Epoch, rec.Step, why, scale)
		}
	}
	mdl.inverse = inv
	return nil
}

// adjacency returns the current reference-layout A (A[t][r], diagonal 0).
func (mdl *Model) adjacency() ([]float32, error) {
	t, err := adjacencyVariable(mdl.store).Value()
	if err != nil {
		return nil, err
	}
	a, err := tensors.CopyFlatData[float32](t)
	if err != nil {
		return nil, err
	}
	m := len(mdl.genes)
	for i := 0; i < m; i++ {
		a[i*m+i] = 0
	}
	return a, nil
}

// W returns the learned network, row-major, W[r*m+t] = weight of regulator
// r on target t (the transpose of the reference's adj_A), diagonal 0.
func (mdl *Model) W() []float64 {
	a, err := mdl.adjacency()
	if err != nil {
		return nil
	}
	m := len(mdl.genes)
	w := make([]float64, m*m)
	for t := 0; t < m; t++ {
		for r := 0; r < m; r++ {
			w[r*m+t] = float64(a[t*m+r])
		}
	}
	return w
}

// Result returns the run's outputs: W, losses per epoch, recoveries and
// configuration.
func (mdl *Model) Result() *Result {
	r := mdl.result
	return &r
}

// Genes returns the gene names the model was trained on.
func (mdl *Model) Genes() []string { return mdl.genes }

// Close releases the compiled executors.
func (mdl *Model) Close() {
	for _, e := range []*model.Exec{mdl.mlpStep, mdl.wStep, mdl.encodeExec, mdl.decodeExec} {
		if e != nil {
			e.Finalize()
		}
	}
}
