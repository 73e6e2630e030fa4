package sivae

import (
	"fmt"
	"math"
	"slices"

	"regula/nn/train"
)

// Data is a training set prepared for siVAE: cells × genes, row-major.
type Data struct {
	// Cells and Genes are the matrix dimensions.
	Cells, Genes int
	// X is the centred, scaled expression: the input of both encoders and
	// the target of the Gaussian variants.
	X []float32
	// Counts are the raw counts observed by the NB variant (nil otherwise).
	Counts []float32
	// Batch is the one-hot batch covariate s_c, cells × len(BatchLevels);
	// nil without batch correction.
	Batch []float32
	// BatchLevels names the batch columns.
	BatchLevels []string
	// Strata optionally labels each cell (e.g. its cell type) so that the
	// downsampled feature-wise input keeps the label proportions.
	Strata []string
}

// NewData wraps a centred, scaled cells × genes matrix.
func NewData(x []float32, cells, genes int) (*Data, error) {
	if cells < 2 || genes < 2 {
		return nil, fmt.Errorf("sivae: need at least 2 cells and 2 genes, got %d × %d", cells, genes)
	}
	if len(x) != cells*genes {
		return nil, fmt.Errorf("sivae: matrix has %d values, want %d cells × %d genes", len(x), cells, genes)
	}
	for i, v := range x {
		if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
			return nil, fmt.Errorf("sivae: non-finite value at cell %d gene %d", i/genes, i%genes)
		}
	}
	return &Data{Cells: cells, Genes: genes, X: x}, nil
}

// SetCounts attaches raw counts (cells × genes, non-negative) for the NB
// variant.
func (d *Data) SetCounts(counts []float32) error {
	if len(counts) != d.Cells*d.Genes {
		return fmt.Errorf("sivae: counts have %d values, want %d", len(counts), d.Cells*d.Genes)
	}
	for i, v := range counts {
		if !(v >= 0) || math.IsInf(float64(v), 0) {
			return fmt.Errorf("sivae: count at cell %d gene %d is %g; the NB variant needs raw counts ≥ 0", i/d.Genes, i%d.Genes, v)
		}
	}
	d.Counts = counts
	return nil
}

// SetBatch one-hot encodes one batch label per cell (levels sorted).
func (d *Data) SetBatch(labels []string) error {
	if len(labels) != d.Cells {
		return fmt.Errorf("sivae: %d batch labels for %d cells", len(labels), d.Cells)
	}
	levels := slices.Clone(labels)
	slices.Sort(levels)
	levels = slices.Compact(levels)
	index := make(map[string]int, len(levels))
	for i, l := range levels {
		index[l] = i
	}
	d.BatchLevels = levels
	d.Batch = make([]float32, d.Cells*len(levels))
	for c, l := range labels {
		d.Batch[c*len(levels)+index[l]] = 1
	}
	return nil
}

// SetStrata labels the cells for the stratified downsampling of the
// feature-wise input.
func (d *Data) SetStrata(labels []string) error {
	if len(labels) != d.Cells {
		return fmt.Errorf("sivae: %d strata labels for %d cells", len(labels), d.Cells)
	}
	d.Strata = labels
	return nil
}

// batchMeans returns each gene's mean value of X within each batch, genes ×
// batches row-major (weights s_c; 0 for an empty batch).
func (d *Data) batchMeans() []float32 {
	b := d.numBatches()
	sums := make([]float64, d.Genes*b)
	counts := make([]float64, b)
	for c := range d.Cells {
		row := d.X[c*d.Genes : (c+1)*d.Genes]
		for k := range b {
			w := float64(d.Batch[c*b+k])
			if w == 0 {
				continue
			}
			counts[k] += w
			for g, x := range row {
				sums[g*b+k] += w * float64(x)
			}
		}
	}
	means := make([]float32, d.Genes*b)
	for i := range means {
		if n := counts[i%b]; n > 0 {
			means[i] = float32(sums[i] / n)
		}
	}
	return means
}

// numBatches is the width of the batch covariate (0 without one).
func (d *Data) numBatches() int { return len(d.BatchLevels) }

// Subset returns the data of the given cells (e.g. a training fold).
func (d *Data) Subset(cells []int) *Data {
	out := &Data{Cells: len(cells), Genes: d.Genes, BatchLevels: d.BatchLevels}
	out.X = train.GatherRows(d.X, d.Genes, cells)
	if d.Counts != nil {
		out.Counts = train.GatherRows(d.Counts, d.Genes, cells)
	}
	if d.Batch != nil {
		out.Batch = train.GatherRows(d.Batch, d.numBatches(), cells)
	}
	if d.Strata != nil {
		out.Strata = make([]string, len(cells))
		for i, c := range cells {
			out.Strata[i] = d.Strata[c]
		}
	}
	return out
}
