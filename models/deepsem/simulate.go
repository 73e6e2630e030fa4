package deepsem

import (
	"fmt"
	"math"
	"math/rand/v2"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

// SimulateOptions configures Simulate.
type SimulateOptions struct {
	// Cells is the number of cells to simulate (0 = as many as data has).
	Cells int
	// KeepZeros gives each simulated cell the zero pattern of the real cell
	// it was generated from, as the paper does ("we only focus on simulating
	// the expression of those non-zero input expression values").
	KeepZeros bool
	// Seed chooses the source cells and the latent perturbations.
	Seed uint64
	// Noise scales the latent perturbation: z̃ = μ + Noise·n·σ with
	// n ~ N(0, I). 0 means 1, the paper's z̃ = μ + n·σ; negative is an error.
	Noise float64
}

// Simulation is a set of simulated cells.
type Simulation struct {
	// X holds the simulated expression, cells × genes row-major, on the
	// scale of the input (the preprocessing is undone with each gene's
	// Mean and Std).
	X []float32
	// Source[i] is the real cell simulated cell i was generated from.
	Source []int
}

// Simulate generates cells as the paper does: for a real cell it perturbs
// the latent vector, z̃ = μ + n·σ with n ~ N(0, I) and μ, σ the cell's
// posterior, and decodes z̃ through the inverse GRN layer and the decoder.
// Source cells are drawn uniformly with replacement.
func (mdl *Model) Simulate(data *Data, opts SimulateOptions) (*Simulation, error) {
	if err := mdl.checkData(data); err != nil {
		return nil, err
	}
	n := opts.Cells
	if n == 0 {
		n = data.Cells
	}
	if n < 0 {
		return nil, fmt.Errorf("deepsem: cannot simulate %d cells", n)
	}
	noise := opts.Noise
	switch {
	case noise < 0 || math.IsNaN(noise) || math.IsInf(noise, 0):
		return nil, fmt.Errorf("deepsem: simulation noise scale must be a finite value ≥ 0, got %g", opts.Noise)
	case noise == 0:
		noise = 1
	}
	if mdl.decodeExec == nil {
		exec, err := model.NewExec(mdl.backend, mdl.store, func(scope *model.Scope, x, eps, inv *Node) *Node {
			return mdl.cfg.forwardPass(scope, x, eps, inv).xHat
		})
		if err != nil {
			return nil, err
		}
		mdl.decodeExec = exec
	}
	rng := rand.New(rand.NewPCG(opts.Seed, 0x51))
	sim := &Simulation{X: make([]float32, 0, n*data.Genes), Source: make([]int, n)}
	for i := range sim.Source {
		sim.Source[i] = rng.IntN(data.Cells)
	}
	m := data.Genes
	for start := 0; start < n; start += evalBatch {
		cells := sim.Source[start:min(n, start+evalBatch)]
		x, nonZero := data.Rows(cells)
		eps := make([]float32, len(cells)*m)
		for i := range eps {
			eps[i] = float32(noise * rng.NormFloat64())
		}
		res, err := mdl.decodeExec.Exec1(
			tensors.FromFlatDataAndDimensions(x, len(cells), m),
			tensors.FromFlatDataAndDimensions(eps, len(cells), m),
			mdl.inverse)
		if err != nil {
			return nil, err
		}
		values, err := tensors.CopyFlatData[float32](res)
		if err != nil {
			return nil, err
		}
		for k := range values {
			g := k % m
			v := float64(values[k])*data.Std[g] + data.Mean[g]
			if opts.KeepZeros && nonZero[k] == 0 {
				v = 0
			}
			values[k] = float32(v)
		}
		sim.X = append(sim.X, values...)
	}
	return sim, nil
}
