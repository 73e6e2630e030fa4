package graphsci

import (
	"fmt"

	"gonum.org/v1/gonum/mat"

	"regula/pp"
	"regula/tl"
)

// KNNSmooth is the kNN-smoothing baseline imputer: each cell's counts are
// replaced by the average size-normalised counts of its k nearest other
// cells in the space of the first pcs principal components of
// log(counts/s + 1), rescaled by the cell's size factor.
func KNNSmooth(d *Data, k, pcs int, seed uint64) ([]float32, error) {
	if k < 1 || k >= d.Cells {
		return nil, fmt.Errorf("graphsci: kNN smoothing: k = %d must be in [1, %d)", k, d.Cells)
	}
	pca, err := pp.PCAFloat32(d.X, d.Cells, d.Genes, pp.PCAOptions{NComps: min(pcs, d.Genes-1, d.Cells-1), Seed: seed})
	if err != nil {
		return nil, err
	}
	knn, err := tl.KNNGraph(mat.DenseCopyOf(pca.Scores), tl.KNNOptions{K: k + 1, Method: tl.KNNExact, Seed: seed})
	if err != nil {
		return nil, err
	}
	out := make([]float32, len(d.Counts))
	avg := make([]float64, d.Genes)
	for i := range d.Cells {
		clear(avg)
		idx, _ := knn.Row(i)
		for _, n := range idx[1:] { // idx[0] is the cell itself
			if s := d.SizeFactors[n]; s > 0 {
				row := d.Counts[int(n)*d.Genes : (int(n)+1)*d.Genes]
				for j, v := range row {
					avg[j] += float64(v) / s
				}
			}
		}
		for j := range avg {
			out[i*d.Genes+j] = float32(avg[j] / float64(len(idx)-1) * d.SizeFactors[i])
		}
	}
	return out, nil
}
