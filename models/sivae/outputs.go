package sivae

import (
	"fmt"
	"math"
	"slices"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn/train"
)

// chunk is the number of cells evaluated per executor call.
const chunk = 512

// Scores returns the siVAE scores (posterior means of z_{c,1}) of the cells
// of d, cells × K row-major. d may hold cells the model was not trained on
// (same genes, same batch levels).
func (mdl *Model) Scores(d *Data) ([]float32, error) {
	if err := mdl.checkData(d); err != nil {
		return nil, err
	}
	if mdl.encodeExec == nil {
		var err error
		mdl.encodeExec, err = model.NewExec(mdl.backend, mdl.store, func(scope *model.Scope, in []*Node) []*Node {
			var s *Node
			if len(in) > 1 {
				s = in[1]
			}
			mean, _ := mdl.cfg.cellEncode(scope, in[0], s)
			return []*Node{mean}
		})
		if err != nil {
			return nil, err
		}
	}
	out := make([]float32, 0, d.Cells*mdl.cfg.Latent)
	err := forChunks(d.Cells, func(cells []int) error {
		res, err := mdl.encodeExec.Exec(rowArgs(cells, d.X, d.Genes, d.Batch, d.numBatches())...)
		if err != nil {
			return err
		}
		vals, err := tensors.CopyFlatData[float32](res[0])
		out = append(out, vals...)
		return err
	})
	return out, err
}

// checkData verifies that d matches the training data's genes and batches.
func (mdl *Model) checkData(d *Data) error {
	if d.Genes != mdl.sh.genes {
		return fmt.Errorf("sivae: data has %d genes, the model was trained on %d", d.Genes, mdl.sh.genes)
	}
	if d.numBatches() != mdl.sh.batches {
		return fmt.Errorf("sivae: data has %d batch levels, the model was trained with %d", d.numBatches(), mdl.sh.batches)
	}
	return nil
}

// span returns [lo, hi).
func span(lo, hi int) []int {
	out := make([]int, hi-lo)
	for i := range out {
		out[i] = lo + i
	}
	return out
}

// forChunks calls fn on the consecutive cells [0, n) in slices of at most
// chunk cells, stopping at the first error.
func forChunks(n int, fn func(cells []int) error) error {
	for start := 0; start < n; start += chunk {
		if err := fn(span(start, min(start+chunk, n))); err != nil {
			return err
		}
	}
	return nil
}

// rowArgs returns the executable inputs for the given rows: those rows of
// x (width values each) and, when batch is not nil, of the batch one-hots
// (b levels each).
func rowArgs(cells []int, x []float32, width int, batch []float32, b int) []any {
	args := []any{tensors.FromFlatDataAndDimensions(train.GatherRows(x, width, cells), len(cells), width)}
	if batch != nil {
		args = append(args, tensors.FromFlatDataAndDimensions(train.GatherRows(batch, b, cells), len(cells), b))
	}
	return args
}

// featureEmbedding returns the loadings (posterior means of v_{f,1}, G × K)
// and the last decoder layer v_{f,L} evaluated at them (G × lastWidth).
func (mdl *Model) featureEmbedding() (loadings, last []float32, err error) {
	if !mdl.cfg.hasLoadings() {
		return nil, nil, fmt.Errorf("sivae: the plain VAE has no loadings")
	}
	if mdl.featureExec == nil {
		mdl.featureExec, err = model.NewExec(mdl.backend, mdl.store, func(scope *model.Scope, xf *Node) []*Node {
			p := mdl.cfg.featureForward(scope, xf, nil, 0)
			return []*Node{p.mean, p.last}
		})
		if err != nil {
			return nil, nil, err
		}
	}
	res, err := mdl.featureExec.Exec(tensors.FromFlatDataAndDimensions(mdl.features, mdl.sh.genes, mdl.reduced))
	if err != nil {
		return nil, nil, err
	}
	if loadings, err = tensors.CopyFlatData[float32](res[0]); err != nil {
		return nil, nil, err
	}
	last, err = tensors.CopyFlatData[float32](res[1])
	return loadings, last, err
}

// Loadings returns the siVAE loadings V (G × K row-major), the posterior
// means of the feature embeddings v_{f,1}.
func (mdl *Model) Loadings() ([]float32, error) {
	v, _, err := mdl.featureEmbedding()
	return v, err
}

// outputWeights returns the last-layer weights of the cell decoder's output:
// v_{f,L} of the feature-wise decoder, or the free weights of the plain VAE.
func (mdl *Model) outputWeights() ([]float32, error) {
	if !mdl.cfg.hasLoadings() {
		return mdl.freeLoadingsValue()
	}
	_, last, err := mdl.featureEmbedding()
	return last, err
}

// decodeGraph returns the output logits v_{f,L}ᵀ z_{c,L} (+ the output's
// per-gene batch weights, when it has them) for scores z [n, K], batch one-hot s (or nil) and
// output weights w [G, lastWidth].
func (mdl *Model) decodeGraph(scope *model.Scope, z, s, w *Node) *Node {
	last := mdl.cfg.cellDecode(scope, z, s)
	logits := dotRows(last, w)
	if j := mdl.cfg.outputBatchWeights(scope, z.Graph(), mdl.sh); s != nil && j != nil {
		logits = Add(logits, batchShift(s, j))
	}
	return logits
}

// Reconstruct returns the model's mean expression of every cell of d
// (cells × genes) at the posterior mean of its embedding: centred, scaled
// values for the Gaussian variants, expected counts for the NB variant.
func (mdl *Model) Reconstruct(d *Data) ([]float32, error) {
	scores, err := mdl.Scores(d)
	if err != nil {
		return nil, err
	}
	out, err := mdl.decodeScores(scores, d.Batch, d.Cells)
	if err != nil {
		return nil, err
	}
	if mdl.cfg.Variant == NegBinomial {
		g := d.Genes
		for c := 0; c < d.Cells; c++ {
			var lib float32
			for _, v := range d.Counts[c*g : (c+1)*g] {
				lib += v
			}
			for j := 0; j < g; j++ {
				out[c*g+j] *= lib
			}
		}
	}
	return out, nil
}

// decodeScores runs the cell-wise decoder on scores (n × K) with the batch
// one-hot (n × b, or nil): the output means for the Gaussian variants, the
// softmax proportions for the NB variant; n × G.
func (mdl *Model) decodeScores(scores, batch []float32, n int) ([]float32, error) {
	w, err := mdl.outputWeights()
	if err != nil {
		return nil, err
	}
	if mdl.decodeExec == nil {
		mdl.decodeExec, err = model.NewExec(mdl.backend, mdl.store, func(scope *model.Scope, in []*Node) []*Node {
			var s *Node
			if len(in) > 2 {
				s = in[2]
			}
			logits := mdl.decodeGraph(scope, in[0], s, in[1])
			if mdl.cfg.Variant == NegBinomial {
				logits = Softmax(logits, 1)
			}
			return []*Node{logits}
		})
		if err != nil {
			return nil, err
		}
	}
	k, g, width, b := mdl.cfg.Latent, mdl.sh.genes, mdl.cfg.lastWidth(), mdl.sh.batches
	wt := tensors.FromFlatDataAndDimensions(w, g, width)
	out := make([]float32, 0, n*g)
	err = forChunks(n, func(cells []int) error {
		args := slices.Insert(rowArgs(cells, scores, k, batch, b), 1, any(wt)) // scores, weights[, batch]
		res, err := mdl.decodeExec.Exec(args...)
		if err != nil {
			return err
		}
		vals, err := tensors.CopyFlatData[float32](res[0])
		out = append(out, vals...)
		return err
	})
	return out, err
}

// Centrality returns siVAE's degree centrality of every gene: its
// reconstruction accuracy on the cells of d, 1 − Σ_c (x − x̂)² / Σ_c (x −
// x̄)² (the fraction of the gene's variance the model reproduces; on
// centred, scaled data a monotone transform of the paper's negative
// reconstruction error). The NB variant compares log1p counts.
func (mdl *Model) Centrality(d *Data) ([]float64, error) {
	xHat, err := mdl.Reconstruct(d)
	if err != nil {
		return nil, err
	}
	x := d.X
	if mdl.cfg.Variant == NegBinomial {
		x = make([]float32, len(d.Counts))
		for i, v := range d.Counts {
			x[i] = float32(math.Log1p(float64(v)))
			xHat[i] = float32(math.Log1p(float64(xHat[i])))
		}
	}
	return varianceExplained(x, xHat, d.Cells, d.Genes), nil
}

// varianceExplained returns, per column, 1 − SSE / total sum of squares
// (0 for a constant column).
func varianceExplained(x, xHat []float32, rows, cols int) []float64 {
	mean := make([]float64, cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			mean[j] += float64(x[i*cols+j])
		}
	}
	for j := range mean {
		mean[j] /= float64(rows)
	}
	sse, sst := make([]float64, cols), make([]float64, cols)
	for i := 0; i < rows; i++ {
		for j := 0; j < cols; j++ {
			v := float64(x[i*cols+j])
			e := v - float64(xHat[i*cols+j])
			sse[j] += e * e
			sst[j] += (v - mean[j]) * (v - mean[j])
		}
	}
	out := make([]float64, cols)
	for j := range out {
		if sst[j] > 0 {
			out[j] = 1 - sse[j]/sst[j]
		}
	}
	return out
}
