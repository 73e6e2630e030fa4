package sivae

import (
	"context"
	"fmt"
	"math/rand/v2"
	"time"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/train"
)

// fit runs the training steps in order.
func (mdl *Model) fit(ctx context.Context, d *Data, opts TrainOptions) error {
	cfg := mdl.cfg
	noise := rand.New(rand.NewPCG(cfg.Seed, 0x51fae))
	cellEpochs := cfg.CellEpochs
	if !cfg.hasLoadings() {
		cellEpochs += cfg.JointEpochs
	}
	if scope := cfg.outputBatchScope(mdl.sh); d.Batch != nil && scope != "" && cfg.Variant != NegBinomial {
		if err := mdl.initBatchWeights(d, scope); err != nil {
			return err
		}
	}
	if d.Batch != nil && cfg.correctsEncoderInput() {
		if err := mdl.initBatchWeights(d, scopeBatchInput); err != nil {
			return err
		}
		mdl.store.GetVariable("/" + scopeBatchInput + "/" + varBatchTerm).SetTrainable(false)
	}
	if err := mdl.runCellPhase(ctx, d, cellEpochs, noise, opts); err != nil {
		return err
	}
	if !cfg.hasLoadings() {
		return nil
	}
	if err := mdl.runFeaturePhase(ctx, d, noise, opts); err != nil {
		return err
	}
	return mdl.runJointPhase(ctx, d, noise, opts)
}

// phaseLoop runs epochs of one phase: batches(epoch) lists the steps of an
// epoch and step runs one and returns its loss terms.
func (mdl *Model) phaseLoop(ctx context.Context, phase Phase, epochs int, opts TrainOptions,
	batches func(epoch int) int, step func(epoch, i, global int) ([]float64, error)) error {
	var progress *train.Progress
	if opts.Progress != nil && epochs > 0 {
		progress = train.NewProgress(opts.Progress, "sivae "+string(phase), epochs, 5*time.Second)
	}
	global := 0
	for epoch := 0; epoch < epochs; epoch++ {
		start := time.Now()
		meter := train.NewMeter(lossNames...)
		n := batches(epoch)
		for i := 0; i < n; i++ {
			if err := ctx.Err(); err != nil {
				return err
			}
			values, err := step(epoch, i, global)
			if err != nil {
				return fmt.Errorf("sivae: %s step, epoch %d batch %d: %w", phase, epoch+1, i+1, err)
			}
			if err := train.CheckFinite(epoch+1, i+1, lossNames, values); err != nil {
				return fmt.Errorf("sivae: %s step diverged (lower the learning rate): %w", phase, err)
			}
			if err := meter.Add(values); err != nil {
				return err
			}
			if progress != nil {
				progress.Step(epoch+1, i+1, n, lossNames, values)
			}
			global++
		}
		m := meter.Means()
		mdl.losses = append(mdl.losses, EpochLoss{Phase: phase, Epoch: epoch + 1, Total: m[0],
			Reconstruction: m[1], KL: m[2], Interpretability: m[3], Seconds: time.Since(start).Seconds()})
		if progress != nil {
			progress.EndEpoch(epoch+1, lossNames, m)
		}
	}
	return nil
}

// newBatcher batches n items by size (all n when size is 0 or larger),
// dropping the last partial batch so every step has the same shape.
func newBatcher(n, size int, seed uint64) (*train.Batcher, error) {
	if size == 0 || size > n {
		size = n
	}
	return train.NewBatcher(n, size, seed, true)
}

// runCellPhase trains the cell-wise network with free last-layer weights.
func (mdl *Model) runCellPhase(ctx context.Context, d *Data, epochs int, noise *rand.Rand, opts TrainOptions) error {
	cfg := mdl.cfg
	batcher, err := newBatcher(d.Cells, cfg.BatchSize, cfg.Seed)
	if err != nil {
		return err
	}
	var epochBatches [][]int
	return mdl.phaseLoop(ctx, PhaseCell, epochs, opts,
		func(epoch int) int { epochBatches = batcher.Epoch(epoch); return len(epochBatches) },
		func(_, i, global int) ([]float64, error) {
			cells := epochBatches[i]
			args := []any{
				tensors.FromFlatDataAndDimensions(train.GatherRows(d.X, d.Genes, cells), len(cells), d.Genes),
				tensors.FromFlatDataAndDimensions(normals(noise, len(cells)*cfg.Latent), len(cells), cfg.Latent),
				scalar(cfg.klWeight(global)),
			}
			args = append(args, d.cellExtras(cells, cfg)...)
			return runStep(mdl.cellStep, args)
		})
}

// cellExtras are the optional per-cell inputs: the batch one-hot and, for
// the NB variant, the counts.
func (d *Data) cellExtras(cells []int, cfg Config) []any {
	var extra []any
	if d.Batch != nil {
		extra = append(extra, tensors.FromFlatDataAndDimensions(train.GatherRows(d.Batch, d.numBatches(), cells), len(cells), d.numBatches()))
	}
	if cfg.Variant == NegBinomial {
		extra = append(extra, tensors.FromFlatDataAndDimensions(train.GatherRows(d.Counts, d.Genes, cells), len(cells), d.Genes))
	}
	return extra
}

// runStep executes one training step and returns its loss terms.
func runStep(exec *model.Exec, args []any) ([]float64, error) {
	out, err := exec.Exec(args...)
	if err != nil {
		return nil, err
	}
	return train.ScalarValues(out...)
}

// runFeaturePhase fits the feature-wise VAE to the free weights learned by
// the cell-wise step.
func (mdl *Model) runFeaturePhase(ctx context.Context, d *Data, noise *rand.Rand, opts TrainOptions) error {
	cfg := mdl.cfg
	target, err := mdl.freeLoadingsValue()
	if err != nil {
		return err
	}
	width := cfg.lastWidth()
	metric, err := mdl.outputMetric(d)
	if err != nil {
		return err
	}
	metricT := tensors.FromFlatDataAndDimensions(metric, width, width)
	batcher, err := newBatcher(d.Genes, cfg.FeatureBatchSize, cfg.Seed^0xfea7)
	if err != nil {
		return err
	}
	var align *alignData
	if cfg.alignsLoadings() {
		if align, err = mdl.newAlignData(d); err != nil {
			return err
		}
	}
	var epochBatches [][]int
	return mdl.phaseLoop(ctx, PhaseFeature, cfg.FeatureEpochs, opts,
		func(epoch int) int { epochBatches = batcher.Epoch(epoch); return len(epochBatches) },
		func(_, i, global int) ([]float64, error) {
			genes := epochBatches[i]
			m := len(genes)
			args := []any{
				tensors.FromFlatDataAndDimensions(train.GatherRows(mdl.features, mdl.reduced, genes), m, mdl.reduced),
				tensors.FromFlatDataAndDimensions(normals(noise, m*cfg.Latent), m, cfg.Latent),
				scalar(cfg.klWeight(global)),
				tensors.FromFlatDataAndDimensions(train.GatherRows(target, width, genes), m, width),
				metricT,
			}
			if align != nil {
				args = append(args, align.scores,
					tensors.FromFlatDataAndDimensions(train.GatherRows(align.profiles, align.cells, genes), m, align.cells),
					scalar(cfg.Gamma*float64(d.Cells)/float64(align.cells)))
			}
			return runStep(mdl.featureStep, args)
		})
}

// alignData holds what the aligned feature-wise pre-training
// (Config.AlignLoadings) needs besides the feature-wise input: the scores
// of T training cells from the pre-trained cell encoder, fixed for the
// whole step, and the genes' profiles over those cells.
type alignData struct {
	cells    int             // T
	scores   *tensors.Tensor // [T, K]
	profiles []float32       // [G, T]: X with per-batch gene means removed, transposed
}

// newAlignData draws T = min(ReducedCells, C) training cells (seeded) and
// computes their scores with the pre-trained cell encoder.
func (mdl *Model) newAlignData(d *Data) (*alignData, error) {
	cfg := mdl.cfg
	t := min(cfg.ReducedCells, d.Cells)
	cells := rand.New(rand.NewPCG(cfg.Seed, 0xa119)).Perm(d.Cells)[:t]
	scores, err := mdl.Scores(d.Subset(cells))
	if err != nil {
		return nil, fmt.Errorf("sivae: scores for the aligned feature-wise step: %w", err)
	}
	x := withinBatch(d)
	return &alignData{
		cells:    t,
		scores:   tensors.FromFlatDataAndDimensions(scores, t, cfg.Latent),
		profiles: transpose(train.GatherRows(x, d.Genes, cells), t, d.Genes),
	}, nil
}

// runJointPhase trains everything on batches of cells × genes; the gene
// batches cycle through their own shuffled epochs.
func (mdl *Model) runJointPhase(ctx context.Context, d *Data, noise *rand.Rand, opts TrainOptions) error {
	cfg := mdl.cfg
	if d.Batch != nil && cfg.hasInterpretability() {
		if err := mdl.initBatchWeights(d, scopeBatchTerm); err != nil {
			return err
		}
	}
	cellBatcher, err := newBatcher(d.Cells, cfg.BatchSize, cfg.Seed^0x101)
	if err != nil {
		return err
	}
	geneBatcher, err := newBatcher(d.Genes, cfg.JointGeneBatchSize, cfg.Seed^0x202)
	if err != nil {
		return err
	}
	totalSteps := cfg.JointEpochs * cellBatcher.NumBatches()
	var cellBatches, geneBatches [][]int
	geneEpoch, geneNext := 0, 0
	nextGenes := func() []int {
		if geneNext == len(geneBatches) {
			geneBatches = geneBatcher.Epoch(geneEpoch)
			geneEpoch++
			geneNext = 0
		}
		geneNext++
		return geneBatches[geneNext-1]
	}
	return mdl.phaseLoop(ctx, PhaseJoint, cfg.JointEpochs, opts,
		func(epoch int) int { cellBatches = cellBatcher.Epoch(epoch); return len(cellBatches) },
		func(_, i, global int) ([]float64, error) {
			cells, genes := cellBatches[i], nextGenes()
			n, m := len(cells), len(genes)
			idx := make([]int32, m)
			for k, g := range genes {
				idx[k] = int32(g)
			}
			args := []any{
				tensors.FromFlatDataAndDimensions(train.GatherRows(d.X, d.Genes, cells), n, d.Genes),
				tensors.FromFlatDataAndDimensions(normals(noise, n*cfg.Latent), n, cfg.Latent),
				scalar(1),
				scalar(cfg.gammaWeight(global, totalSteps)),
				tensors.FromFlatDataAndDimensions(idx, m),
				tensors.FromFlatDataAndDimensions(train.GatherRows(mdl.features, mdl.reduced, genes), m, mdl.reduced),
				tensors.FromFlatDataAndDimensions(normals(noise, m*cfg.Latent), m, cfg.Latent),
				tensors.FromFlatDataAndDimensions(block(d.X, d.Genes, cells, genes), n, m),
			}
			if d.Batch != nil {
				args = append(args, tensors.FromFlatDataAndDimensions(train.GatherRows(d.Batch, d.numBatches(), cells), n, d.numBatches()))
			}
			if cfg.Variant == NegBinomial {
				args = append(args, tensors.FromFlatDataAndDimensions(block(d.Counts, d.Genes, cells, genes), n, m))
			}
			return runStep(mdl.jointStep, args)
		})
}

// block copies m[rows, cols] of a row-major matrix with width columns.
func block(m []float32, width int, rows, cols []int) []float32 {
	out := make([]float32, 0, len(rows)*len(cols))
	for _, r := range rows {
		row := m[r*width : (r+1)*width]
		for _, c := range cols {
			out = append(out, row[c])
		}
	}
	return out
}

// freeLoadingsValue returns ṽ_{f,L} [G × lastWidth] after the cell step.
func (mdl *Model) freeLoadingsValue() ([]float32, error) {
	v := mdl.store.GetVariable("/" + scopeFreeLoadings + "/" + varFreeLoadings)
	if v == nil {
		return nil, fmt.Errorf("sivae: free loadings missing from the store")
	}
	t, err := v.Value()
	if err != nil {
		return nil, err
	}
	return tensors.CopyFlatData[float32](t)
}

// initBatchWeights starts per-gene batch weights (the interpretability
// term's j_f, the output's j'_f, or the encoder's fixed batch means m,
// named by their scope) at their
// least-squares value with z = 0: each gene's mean centred, scaled value
// within each batch. From zero Adam moves them by about one learning rate
// per step, too slowly to absorb a batch shift of the order of a gene's s.d.
// while the rest trains; meanwhile the cell embedding takes up the batch
// direction (pbmc3k with a shifted half, j_f started at zero: iLISI over
// batches 1.00 with γ = 0.05 against 1.40 with γ = 0).
func (mdl *Model) initBatchWeights(d *Data, scope string) error {
	j, b := d.batchMeans(), d.numBatches()
	value := tensors.FromFlatDataAndDimensions(j, d.Genes, b)
	path := "/" + scope + "/" + varBatchTerm
	if v := mdl.store.GetVariable(path); v != nil {
		return v.SetValue(value)
	}
	_, err := mdl.store.CreateVariable(path, value)
	return err
}
