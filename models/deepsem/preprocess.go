package deepsem

import (
	"fmt"
	"math"

	"regula/anndata"
)

// Data is the model input: z-scored expression and the mask of entries that
// were non-zero in the raw data, both cells × genes, row-major float32.
type Data struct {
	// Cells and Genes are the matrix dimensions.
	Cells, Genes int
	// X holds the preprocessed values.
	X []float32
	// NonZero is 1 where the raw value was non-zero, 0 elsewhere.
	NonZero []float32
	// Mean and Std are the per-gene statistics X was standardised with
	// (over the non-zero values in cell-type mode; 0 where undefined).
	Mean, Std []float64
}

// Preprocess standardises a cells × genes matrix of log-normalised
// expression as the paper's reference does for mode:
//
//   - CellType: per gene, subtract the mean and divide by the (population)
//     standard deviation of its NON-ZERO values; zeros are transformed too
//     (they become negative values, still seen by the encoder but ignored
//     by the masked loss). Undefined results (a gene with fewer than two
//     distinct non-zero values) become 0; values are clipped to ±clip.
//   - NonSpecific: ordinary per-gene z-scores; constant genes become 0, and
//     clip is applied if > 0.
//
// Non-finite input values are an error naming the cell and gene.
func Preprocess(x anndata.Matrix, mode Mode, clip float64) (*Data, error) {
	if _, err := ParseMode(string(mode)); err != nil {
		return nil, err
	}
	rows, cols := x.Dims()
	if rows < 2 || cols < 2 {
		return nil, fmt.Errorf("deepsem: expression matrix is %d cells × %d genes; need at least 2 of each", rows, cols)
	}
	d := x.ToDense()
	out := &Data{
		Cells: rows, Genes: cols,
		X:       make([]float32, rows*cols),
		NonZero: make([]float32, rows*cols),
		Mean:    make([]float64, cols),
		Std:     make([]float64, cols),
	}
	sum := make([]float64, cols)
	count := make([]float64, cols)
	for i := 0; i < rows; i++ {
		for j, v := range d.Row(i) {
			f := float64(v)
			if math.IsNaN(f) || math.IsInf(f, 0) {
				return nil, fmt.Errorf("deepsem: expression value %v in cell %d, gene %d", v, i+1, j+1)
			}
			if v != 0 {
				out.NonZero[i*cols+j] = 1
			}
			if mode == NonSpecific || v != 0 {
				sum[j] += f
				count[j]++
			}
		}
	}
	for j := range sum {
		if count[j] > 0 {
			out.Mean[j] = sum[j] / count[j]
		}
	}
	ss := make([]float64, cols)
	for i := 0; i < rows; i++ {
		for j, v := range d.Row(i) {
			if mode == NonSpecific || v != 0 {
				dv := float64(v) - out.Mean[j]
				ss[j] += dv * dv
			}
		}
	}
	for j := range ss {
		if count[j] > 0 {
			out.Std[j] = math.Sqrt(ss[j] / count[j])
		}
	}
	for i := 0; i < rows; i++ {
		for j, v := range d.Row(i) {
			var z float64
			if out.Std[j] > 0 {
				z = (float64(v) - out.Mean[j]) / out.Std[j]
			}
			if clip > 0 {
				z = max(-clip, min(clip, z))
			}
			out.X[i*cols+j] = float32(z)
		}
	}
	return out, nil
}

// Rows returns the sub-matrices of X and NonZero for the given cells, in
// that order, row-major.
func (d *Data) Rows(cells []int) (x, nonZero []float32) {
	x = make([]float32, len(cells)*d.Genes)
	nonZero = make([]float32, len(cells)*d.Genes)
	for k, c := range cells {
		copy(x[k*d.Genes:(k+1)*d.Genes], d.X[c*d.Genes:(c+1)*d.Genes])
		copy(nonZero[k*d.Genes:(k+1)*d.Genes], d.NonZero[c*d.Genes:(c+1)*d.Genes])
	}
	return x, nonZero
}
