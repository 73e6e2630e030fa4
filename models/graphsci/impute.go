package graphsci

import (
	"fmt"
	"math"
	"slices"
	"time"

	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/anndata"
	"regula/grn"
)

// Impute returns the imputed counts (expected count = NB mean × size
// factor) of every cell and modelled gene, cells × data.Genes, row-major,
// from the complete input.
func (m *Model) Impute() ([]float32, error) {
	return m.imputeFrom(m.geneFeatures, m.data.X)
}

// imputeFrom runs the model in evaluation mode (latent means, no dropout)
// on an input x (cells × genes) and gene features.
func (m *Model) imputeFrom(geneFeatures *tensors.Tensor, x []float32) ([]float32, error) {
	d := m.data
	zN, err := m.latentExec.Exec(geneFeatures)
	if err != nil {
		return nil, fmt.Errorf("graphsci: gene latent: %w", err)
	}
	out := make([]float32, 0, d.Cells*d.Genes)
	batch := min(m.cfg.BatchSize, d.Cells)
	for lo := 0; lo < d.Cells; lo += batch {
		cells := make([]int, 0, batch)
		for i := lo; i < min(lo+batch, d.Cells); i++ {
			cells = append(cells, i)
		}
		res, err := m.predictExec.Exec(rowsTensor(x, d.Genes, cells), sizeFactorTensor(d.SizeFactors, cells), zN[0])
		if err != nil {
			return nil, fmt.Errorf("graphsci: predict cells %d–%d: %w", lo, lo+len(cells)-1, err)
		}
		vals, err := tensors.CopyFlatData[float32](res[0])
		if err != nil {
			return nil, err
		}
		out = append(out, vals...)
	}
	return out, nil
}

// GeneEmbedding returns the gene latent means Z_N, genes × Latent, row-major.
func (m *Model) GeneEmbedding() ([]float32, error) {
	zN, err := m.latentExec.Exec(m.geneFeatures)
	if err != nil {
		return nil, err
	}
	return tensors.CopyFlatData[float32](zN[0])
}

// RefinedNetwork returns the decoder's gene–gene edge probabilities
// sigmoid(z_i · z_j) for i < j, strongest first (ties by name), keeping
// those with probability ≥ minProb and at most top edges (0: no limit).
// Each undirected edge is listed once.
func (m *Model) RefinedNetwork(minProb float64, top int) ([]grn.Edge, error) {
	z, err := m.GeneEmbedding()
	if err != nil {
		return nil, err
	}
	d, n := m.cfg.Latent, m.data.Genes
	var edges []grn.Edge
	for i := range n {
		for j := i + 1; j < n; j++ {
			var dot float64
			for k := range d {
				dot += float64(z[i*d+k]) * float64(z[j*d+k])
			}
			p := 1 / (1 + math.Exp(-dot))
			if p >= minProb {
				edges = append(edges, grn.Edge{From: m.data.GeneNames[i], To: m.data.GeneNames[j], Weight: p})
			}
		}
	}
	slices.SortFunc(edges, func(a, b grn.Edge) int {
		if a.Weight != b.Weight {
			if a.Weight > b.Weight {
				return -1
			}
			return 1
		}
		if a.From != b.From {
			if a.From < b.From {
				return -1
			}
			return 1
		}
		if a.To < b.To {
			return -1
		}
		if a.To > b.To {
			return 1
		}
		return 0
	})
	if top > 0 && len(edges) > top {
		edges = edges[:top]
	}
	return edges, nil
}

// ExpandToInput places imputed counts of the modelled genes into a dense
// copy of the input counts (cells × all input genes): genes that
// preparation removed keep their input values.
func (d *Data) ExpandToInput(imputed []float32, input anndata.Matrix) (*anndata.Dense, error) {
	cells, genes := input.Dims()
	if cells != d.Cells || len(imputed) != d.Cells*d.Genes {
		return nil, fmt.Errorf("graphsci: imputed matrix %d values for %d × %d, input %d × %d", len(imputed), d.Cells, d.Genes, cells, genes)
	}
	out := input.ToDense()
	out = &anndata.Dense{Rows: cells, Cols: genes, Data: slices.Clone(out.Data)}
	for i := range cells {
		for k, j := range d.GeneColumns {
			out.Data[i*genes+j] = imputed[i*d.Genes+k]
		}
	}
	return out, nil
}

// History returns the per-epoch statistics.
func (m *Model) History() []EpochStats { return slices.Clone(m.history) }

// BestEpoch is the epoch whose parameters the model holds.
func (m *Model) BestEpoch() int { return m.bestEpoch }

// Duration is the training time.
func (m *Model) Duration() time.Duration { return m.duration }

// Notes are remarks from training (empty graph, early stopping).
func (m *Model) Notes() []string { return slices.Clone(m.notes) }

// Sparse reports whether the graph was handled as an edge list.
func (m *Model) Sparse() bool { return m.b.net.sparse }

// AdjacencyPairs is the number of sampled pairs per step of the adjacency
// loss, 0 when it is exact.
func (m *Model) AdjacencyPairs() int { return m.b.net.pairs }

// Close releases the compiled executors.
func (m *Model) Close() {
	for _, e := range []*model.Exec{m.trainStep, m.latentExec, m.predictExec} {
		if e != nil {
			e.Finalize()
		}
	}
}
