package sivae

import (
	"fmt"
	"math"

	"regula/pp"
)

// featureInput builds the feature-wise encoder's input: one row per gene,
// ReducedCells columns (or all cells when there are no more than that).
// Downsample keeps a random, label-stratified subset of the cells; PCA
// projects Xᵀ (genes as observations) on its first ReducedCells principal
// axes and divides the scores by their overall standard deviation (one
// scalar, so relative variances are kept: no whitening) to give the network
// inputs of unit scale.
func featureInput(d *Data, cfg Config) ([]float32, int, error) {
	g, c := d.Genes, d.Cells
	x := withinBatch(d)
	if cfg.ReducedCells >= c {
		return transpose(x, c, g), c, nil
	}
	switch cfg.Reduction {
	case PCA:
		k := min(cfg.ReducedCells, g-1, c-1)
		res, err := pp.PCAFloat32(transpose(x, c, g), g, c, pp.PCAOptions{NComps: k, Solver: pp.SolverRandomized, Seed: cfg.Seed})
		if err != nil {
			return nil, 0, fmt.Errorf("sivae: PCA of the feature-wise input: %w", err)
		}
		raw := res.Scores.RawMatrix()
		var ss float64
		for i := 0; i < g; i++ {
			for j := 0; j < k; j++ {
				v := raw.Data[i*raw.Stride+j]
				ss += v * v
			}
		}
		scale := math.Sqrt(ss / float64(g*k))
		if scale == 0 {
			scale = 1
		}
		out := make([]float32, g*k)
		for i := 0; i < g; i++ {
			for j := 0; j < k; j++ {
				out[i*k+j] = float32(raw.Data[i*raw.Stride+j] / scale)
			}
		}
		return out, k, nil
	default:
		labels := d.Strata
		if labels == nil {
			labels = make([]string, c)
		}
		_, keep, err := pp.StratifiedSplit(labels, float64(cfg.ReducedCells)/float64(c), cfg.Seed^0x5eed)
		if err != nil {
			return nil, 0, fmt.Errorf("sivae: downsampling the feature-wise input: %w", err)
		}
		sub := make([]float32, 0, len(keep)*g)
		for _, cell := range keep {
			sub = append(sub, x[cell*g:(cell+1)*g]...)
		}
		return transpose(sub, len(keep), g), len(keep), nil
	}
}

// transpose returns the transpose of a rows × cols row-major matrix.
func transpose(m []float32, rows, cols int) []float32 {
	out := make([]float32, len(m))
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			out[j*rows+i] = m[i*cols+j]
		}
	}
	return out
}

// withinBatch returns d.X with each gene's mean within each batch removed
// (d.X itself without a batch covariate). The feature-wise encoder embeds a
// gene from its profile over cells; a gene-wise batch shift is, for every
// gene, the largest common pattern of those profiles, and the loadings
// would encode it, so that the interpretability term v_{f,1}ᵀ z_{c,1} then
// pulls the scores towards the batch. The model explains the shift through
// its per-gene batch weights (j_f, Eq. 23, and the output's, Config.
// BatchOutput), so the loadings are learnt from what is left.
func withinBatch(d *Data) []float32 {
	if d.Batch == nil {
		return d.X
	}
	g, b := d.Genes, d.numBatches()
	means := d.batchMeans()
	out := make([]float32, len(d.X))
	for c := range d.Cells {
		s := d.Batch[c*b : (c+1)*b]
		for f, v := range d.X[c*g : (c+1)*g] {
			var shift float32
			for k, w := range s {
				shift += w * means[f*b+k]
			}
			out[c*g+f] = v - shift
		}
	}
	return out
}
