package graphsci

import (
	"context"
	"fmt"
	"io"
	"math"
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

// TrainOptions are run-time settings that do not change the result.
type TrainOptions struct {
	// Progress, if non-nil, receives progress lines.
	Progress io.Writer
}

// EpochStats are one epoch's mean loss terms and validation score.
type EpochStats struct {
	Epoch      int
	Loss       float64 // total
	Expression float64 // count negative log-likelihood per entry
	Adjacency  float64 // adjacency cross-entropy per entry
	KL         float64 // KL terms per entry
	// ValidationMAE is the mean |log1p(imputed) − log1p(count)| over the
	// held-out entries (NaN without a validation split).
	ValidationMAE float64
	LearningRate  float64 // at the end of the epoch
	Seconds       float64
}

// lossNames are the loss terms in the order the training step returns them.
var lossNames = []string{"loss", "expression", "adjacency", "kl"}

// Model is a trained GraphSCI model.
type Model struct {
	cfg     Config
	data    *Data
	graph   *GeneGraph
	b       *builder
	backend compute.Backend
	store   *model.Store
	// trainStep runs one update; latentExec gives the gene latent mean;
	// predictExec the expected counts of a batch given that latent.
	trainStep, latentExec, predictExec *model.Exec
	// geneFeatures is the input transposed, [genes, cells].
	geneFeatures *tensors.Tensor
	history      []EpochStats
	bestEpoch    int
	duration     time.Duration
	notes        []string
}

// defaultBackend is $GOMLX_BACKEND when set, else the pure-Go backend with
// ops executed one at a time: with the Go backend's default, independent
// large matmuls of the training step (the three decoder heads and their
// gradients) run at once and can deadlock its worker pool (compute v0.1.2:
// every task waits in workerspool.Saturate; seen on pbmc3k with 2 cores).
// Each matmul still uses every core.
var defaultBackend = sync.OnceValues(func() (compute.Backend, error) {
	if os.Getenv(compute.ConfigEnvVar) != "" {
		return compute.New()
	}
	return compute.NewWithConfig("go:ops_sequential")
})

// Train fits GraphSCI to prepared data on a gene graph over data's genes.
// The same data, graph and configuration give the same model. Training
// stops early when the validation error has not improved for
// cfg.Patience epochs, and with an error when the context is cancelled or
// a loss becomes NaN or infinite.
func Train(ctx context.Context, data *Data, graph *GeneGraph, cfg Config, opts TrainOptions) (*Model, error) {
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	if graph.N != data.Genes {
		return nil, fmt.Errorf("graphsci: gene graph has %d genes, data %d", graph.N, data.Genes)
	}
	backend, err := defaultBackend()
	if err != nil {
		return nil, fmt.Errorf("graphsci: compute backend: %w", err)
	}
	m := &Model{cfg: cfg, data: data, graph: graph, backend: backend, store: model.NewStore()}
	if graph.NumEdges() == 0 {
		note := "the gene graph is empty: the GCN sees each gene alone and the first cell layer is diagonal"
		if cfg.LatentMask {
			note = "the gene graph is empty: the GCN sees each gene alone and the adjacency target is the identity"
		}
		m.notes = append(m.notes, note)
	}
	if err := train.SeedStore(m.store, int64(cfg.Seed)); err != nil {
		return nil, err
	}
	m.b = &builder{cfg: cfg, net: newNetwork(graph, cfg), meanBias: meanLogBias(data)}
	if err := m.buildExecs(); err != nil {
		return nil, err
	}
	if err := m.fit(ctx, opts); err != nil {
		m.Close()
		return nil, err
	}
	return m, nil
}

// meanLogBias is log(mean over cells of counts/s + 1e-4) per gene.
func meanLogBias(d *Data) []float32 {
	out := make([]float32, d.Genes)
	for j := range d.Genes {
		var sum float64
		cells := 0
		for i, s := range d.SizeFactors {
			if s > 0 {
				sum += float64(d.Counts[i*d.Genes+j]) / s
				cells++
			}
		}
		out[j] = float32(math.Log(sum/float64(max(cells, 1)) + 1e-4))
	}
	return out
}

func (m *Model) buildExecs() error {
	cfg := m.cfg
	opt, err := optim.NewAdam("graphsci", optim.AdamConfig{
		Config: optim.Config{
			LearningRate: optim.ExponentialDecay{LR: cfg.LearningRate, Gamma: cfg.DecayRate, Period: cfg.DecaySteps},
			WeightDecay:  cfg.WeightDecay,
		},
		Beta1: 0.9, Beta2: 0.999, Eps: 1e-8,
	})
	if err != nil {
		return err
	}
	m.trainStep, err = model.NewExec(m.backend, m.store, func(scope *model.Scope, in []*Node) []*Node {
		g := in[0].Graph()
		m.store.SetTraining(g, true)
		s := scope.In(scopeModel)
		terms := m.b.trainingLoss(s, in)
		opt.UpdateGraph(s, g, terms[0])
		return terms
	})
	if err != nil {
		return err
	}
	m.latentExec, err = model.NewExec(m.backend, m.store, func(scope *model.Scope, geneFeatures *Node) *Node {
		return m.b.geneBranch(scope.In(scopeModel), geneFeatures).mean
	})
	if err != nil {
		return err
	}
	m.predictExec, err = model.NewExec(m.backend, m.store, func(scope *model.Scope, x, sizeFactors, zN *Node) *Node {
		_, h := m.b.cellBranch(scope.In(scopeModel), x, zN)
		return expectedCounts(h.mean, sizeFactors)
	})
	return err
}

// fit runs the training loop with early stopping.
func (m *Model) fit(ctx context.Context, opts TrainOptions) error {
	cfg, d := m.cfg, m.data
	validation, err := HideEntries(d.Counts, cfg.ValidationFraction, cfg.Seed)
	if err != nil {
		return err
	}
	input := ZeroEntries(d.X, validation)
	weights := constant(len(d.X), 1)
	for _, k := range validation {
		weights[k] = 0
	}
	m.geneFeatures = transposed(input, d.Cells, d.Genes)
	batcher, err := train.NewBatcher(d.Cells, min(cfg.BatchSize, d.Cells), cfg.Seed, false)
	if err != nil {
		return err
	}
	pairRNG := rand.New(rand.NewPCG(cfg.Seed, 0xAD1))
	var progress *train.Progress
	if opts.Progress != nil {
		progress = train.NewProgress(opts.Progress, "graphsci", cfg.Epochs, 5*time.Second)
	}
	start := time.Now()
	best, bestEpoch, stale := math.Inf(1), 0, 0
	var snapshot map[string]*tensors.Tensor
	var steps int64
	for epoch := range cfg.Epochs {
		epochStart := time.Now()
		meter := train.NewMeter(lossNames...)
		batches := batcher.Epoch(epoch)
		for step, cells := range batches {
			if err := ctx.Err(); err != nil {
				return err
			}
			args := []any{
				m.geneFeatures,
				rowsTensor(input, d.Genes, cells),
				rowsTensor(d.Counts, d.Genes, cells),
				rowsTensor(weights, d.Genes, cells),
				sizeFactorTensor(d.SizeFactors, cells),
			}
			args = append(args, m.adjacencyArgs(pairRNG)...)
			out, err := m.trainStep.Exec(args...)
			if err != nil {
				return fmt.Errorf("graphsci: epoch %d step %d: %w", epoch+1, step+1, err)
			}
			values, err := train.ScalarValues(out...)
			if err != nil {
				return err
			}
			if err := train.CheckFinite(epoch+1, step+1, lossNames, values); err != nil {
				return fmt.Errorf("graphsci: training diverged (lower the learning rate): %w", err)
			}
			if err := meter.Add(values); err != nil {
				return err
			}
			steps++
			if progress != nil {
				progress.Step(epoch+1, step+1, len(batches), lossNames, values)
			}
		}
		means := meter.Means()
		stats := EpochStats{
			Epoch: epoch + 1, Loss: means[0], Expression: means[1], Adjacency: means[2], KL: means[3],
			ValidationMAE: math.NaN(),
			LearningRate:  optim.ExponentialDecay{LR: cfg.LearningRate, Gamma: cfg.DecayRate, Period: cfg.DecaySteps}.Rate(steps),
		}
		if len(validation) > 0 {
			imputed, err := m.imputeFrom(m.geneFeatures, input)
			if err != nil {
				return err
			}
			stats.ValidationMAE = log1pMAE(imputed, d.Counts, validation)
		}
		stats.Seconds = time.Since(epochStart).Seconds()
		m.history = append(m.history, stats)
		if progress != nil {
			progress.EndEpoch(epoch+1, append(lossNames[:4:4], "val_mae"), append(means, stats.ValidationMAE))
		}
		if len(validation) == 0 {
			continue
		}
		if stats.ValidationMAE < best-1e-5 {
			best, bestEpoch, stale = stats.ValidationMAE, epoch+1, 0
			if snapshot, err = m.snapshot(); err != nil {
				return err
			}
		} else if stale++; stale >= cfg.Patience {
			m.notes = append(m.notes, fmt.Sprintf("early stopping after epoch %d: validation MAE best %.4f at epoch %d", epoch+1, best, bestEpoch))
			break
		}
	}
	m.bestEpoch = len(m.history)
	if snapshot != nil {
		m.bestEpoch = bestEpoch
		if err := m.restore(snapshot); err != nil {
			return err
		}
	}
	// Impute from the complete input: the validation entries are restored.
	m.geneFeatures = transposed(d.X, d.Cells, d.Genes)
	m.duration = time.Since(start)
	return nil
}

// adjacencyArgs are the adjacency-loss inputs of a step: the dense target
// A+I, or a fresh sample of pairs.
func (m *Model) adjacencyArgs(rng *rand.Rand) []any {
	net := m.b.net
	if net.pairs == 0 {
		n := net.genes
		target := make([]float32, n*n)
		for k := range net.edgeSet {
			target[k] = 1
		}
		return []any{tensors.FromFlatDataAndDimensions(target, n, n)}
	}
	rows, cols, negative := net.samplePairs(rng)
	return []any{
		tensors.FromFlatDataAndDimensions(rows, len(rows)),
		tensors.FromFlatDataAndDimensions(cols, len(cols)),
		tensors.FromFlatDataAndDimensions(negative, len(negative)),
	}
}

// snapshot copies the model's variables to the host.
func (m *Model) snapshot() (map[string]*tensors.Tensor, error) {
	out := map[string]*tensors.Tensor{}
	for v := range m.store.Scope("/" + scopeModel).IterVariables() {
		t, err := v.Value()
		if err != nil {
			return nil, err
		}
		c, err := t.LocalClone()
		if err != nil {
			return nil, err
		}
		out[v.Path()] = c
	}
	return out, nil
}

// restore sets the model's variables from a snapshot.
func (m *Model) restore(s map[string]*tensors.Tensor) error {
	for v := range m.store.Scope("/" + scopeModel).IterVariables() {
		if t, ok := s[v.Path()]; ok {
			if err := v.SetValue(t); err != nil {
				return err
			}
		}
	}
	return nil
}

// transposed returns the cells × genes matrix as a genes × cells tensor.
func transposed(x []float32, cells, genes int) *tensors.Tensor {
	t := make([]float32, len(x))
	for i := range cells {
		for j := range genes {
			t[j*cells+i] = x[i*genes+j]
		}
	}
	return tensors.FromFlatDataAndDimensions(t, genes, cells)
}

func rowsTensor(x []float32, cols int, rows []int) *tensors.Tensor {
	return tensors.FromFlatDataAndDimensions(train.GatherRows(x, cols, rows), len(rows), cols)
}

func sizeFactorTensor(s []float64, rows []int) *tensors.Tensor {
	out := make([]float32, len(rows))
	for k, r := range rows {
		out[k] = float32(s[r])
	}
	return tensors.FromFlatDataAndDimensions(out, len(rows), 1)
}

// log1pMAE is the mean |log1p(a) − log1p(b)| over the given entries.
func log1pMAE(a, b []float32, entries []int) float64 {
	var sum float64
	for _, k := range entries {
		sum += math.Abs(math.Log1p(float64(a[k])) - math.Log1p(float64(b[k])))
	}
	return sum / float64(len(entries))
}
