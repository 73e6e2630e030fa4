package eval

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"regula/forest"
	"regula/pp"
)

// CentroidDistances returns the Euclidean and cosine distances between the
// centroids (per-gene means) of the real and simulated cells (rows), as
// GRouNdGAN's evaluation. The cosine distance of a zero centroid is an
// error.
func CentroidDistances(real, sim *mat.Dense) (euclidean, cosine float64, err error) {
	if err := checkPair(real, sim); err != nil {
		return 0, 0, err
	}
	a, b := columnMeans(real), columnMeans(sim)
	var d2, ab, aa, bb float64
	for j := range a {
		d2 += (a[j] - b[j]) * (a[j] - b[j])
		ab += a[j] * b[j]
		aa += a[j] * a[j]
		bb += b[j] * b[j]
	}
	if aa == 0 || bb == 0 {
		return 0, 0, errors.New("eval: cosine distance undefined: a centroid is zero")
	}
	return math.Sqrt(d2), 1 - ab/math.Sqrt(aa)/math.Sqrt(bb), nil
}

func checkPair(real, sim *mat.Dense) error {
	if err := checkMatrix("real cells", real); err != nil {
		return err
	}
	if err := checkMatrix("simulated cells", sim); err != nil {
		return err
	}
	if _, p := real.Dims(); p != sim.RawMatrix().Cols {
		return fmt.Errorf("eval: real cells have %d genes, simulated cells %d", p, sim.RawMatrix().Cols)
	}
	return nil
}

func columnMeans(m *mat.Dense) []float64 {
	n, p := m.Dims()
	out := make([]float64, p)
	for i := range n {
		for j, v := range m.RawRowView(i) {
			out[j] += v
		}
	}
	for j := range out {
		out[j] /= float64(n)
	}
	return out
}

// MMDNeighbours is the neighbourhood size that sets the MMD kernel scale.
const MMDNeighbours = 25

// MMDScale returns m, the median over the cells of ref and their
// MMDNeighbours−1 nearest other cells of the Euclidean distance (the
// reference implementation queries 25 neighbours including the cell
// itself and drops the first). It needs at least MMDNeighbours cells.
func MMDScale(ref *mat.Dense, threads int) (float64, error) {
	if err := checkMatrix("reference cells", ref); err != nil {
		return 0, err
	}
	n, _ := ref.Dims()
	if n < MMDNeighbours {
		return 0, fmt.Errorf("eval: MMD scale needs at least %d reference cells, got %d", MMDNeighbours, n)
	}
	nbrs := nearestNeighbours(ref, ref, MMDNeighbours-1, true, max(1, threads))
	d := make([]float64, 0, n*(MMDNeighbours-1))
	for _, nb := range nbrs {
		for _, v := range nb {
			d = append(d, v.dist)
		}
	}
	return Median(d), nil
}

// Median returns the median of v (the mean of the two middle values for
// an even count; NaN for an empty slice); v is not changed.
func Median(v []float64) float64 { return pp.Median(v) }

// MMD returns the (biased, V-statistic) squared maximum mean discrepancy
// between the rows of a and b,
//
//	mean k(a,a′) + mean k(b,b′) − 2 mean k(a,b),
//
// with GRouNdGAN's kernel k(x,y) = Σ_{s ∈ {m/2, m, 2m}} exp(−|x−y|²/s²),
// where m is the scale (see MMDScale; GRouNdGAN computes it on the real
// cells). The means include the diagonal, as the reference. Note that
// GRouNdGAN's code multiplies the kernel by 3 (its "weights" is the number
// of scales); multiply this value by 3 to compare with its published MMDs.
func MMD(a, b *mat.Dense, scale float64, threads int) (float64, error) {
	if err := checkPair(a, b); err != nil {
		return 0, err
	}
	if !(scale > 0) || math.IsInf(scale, 0) {
		return 0, fmt.Errorf("eval: MMD kernel scale %v, want a positive number", scale)
	}
	inv := [3]float64{}
	for i, s := range [3]float64{scale / 2, scale, 2 * scale} {
		inv[i] = 1 / (s * s)
	}
	meanKernel := func(x, y *mat.Dense) float64 {
		nx, _ := x.Dims()
		ny, _ := y.Dims()
		partial := make([]float64, (nx+blockRows-1)/blockRows)
		forEachSqDistBlock(x, y, max(1, threads), func(lo int, d *mat.Dense) {
			var s float64
			for _, v := range d.RawMatrix().Data {
				s += math.Exp(-v*inv[0]) + math.Exp(-v*inv[1]) + math.Exp(-v*inv[2])
			}
			partial[lo/blockRows] = s
		})
		var s float64
		for _, v := range partial {
			s += v
		}
		return s / float64(nx) / float64(ny)
	}
	return meanKernel(a, a) + meanKernel(b, b) - 2*meanKernel(a, b), nil
}

// LISI returns the local inverse Simpson's index of each row of x with
// respect to labels, as harmony's compute_lisi (used by GRouNdGAN): the
// 3·perplexity nearest neighbours (the cell itself excluded) are weighted
// by a Gaussian kernel exp(−β·d) on the Euclidean distance d, β found by
// binary search (50 steps, tolerance 1e-5) so that the entropy of the
// weights is log(perplexity); the index is 1 / Σ_label (weight of the
// label)². iLISI with labels real/simulated ranges from 1 (no mixing) to 2.
// It needs at least 3·perplexity cells.
func LISI(x *mat.Dense, labels []string, perplexity float64, threads int) ([]float64, error) {
	if err := checkMatrix("embedding", x); err != nil {
		return nil, err
	}
	n, _ := x.Dims()
	if len(labels) != n {
		return nil, fmt.Errorf("eval: %d labels for %d cells", len(labels), n)
	}
	if !(perplexity > 0) {
		return nil, fmt.Errorf("eval: perplexity %v, want a positive number", perplexity)
	}
	k := int(3*perplexity) - 1
	if k < 1 || n < k+1 {
		return nil, fmt.Errorf("eval: LISI with perplexity %v needs at least %d cells, got %d", perplexity, k+1, n)
	}
	code := codes(labels)
	nbrs := nearestNeighbours(x, x, k, true, max(1, threads))
	out := make([]float64, n)
	weights := make([]float64, k)
	byLabel := make([]float64, maxCode(code)+1)
	logU := math.Log(perplexity)
	for i, nb := range nbrs {
		h := lisiWeights(nb, weights, logU)
		clear(byLabel)
		for j, v := range nb {
			byLabel[code[v.index]] += weights[j]
		}
		simpson := 0.0
		if h == 0 {
			simpson = -1 // harmony's marker for a failed search, kept as is
		}
		for _, w := range byLabel {
			simpson += w * w
		}
		out[i] = 1 / simpson
	}
	return out, nil
}

// lisiWeights fills w with the normalised kernel weights of the
// neighbours after the β search and returns the entropy H reached.
func lisiWeights(nb []neighbour, w []float64, logU float64) float64 {
	beta, betaMin, betaMax := 1.0, math.Inf(-1), math.Inf(1)
	entropy := func() float64 {
		var sum, dot float64
		for j, v := range nb {
			w[j] = math.Exp(-v.dist * beta)
			sum += w[j]
			dot += v.dist * w[j]
		}
		if sum == 0 {
			clear(w)
			return 0
		}
		for j := range w {
			w[j] /= sum
		}
		return math.Log(sum) + beta*dot/sum
	}
	h := entropy()
	for range 50 {
		diff := h - logU
		if math.Abs(diff) < 1e-5 {
			break
		}
		if diff > 0 {
			betaMin = beta
			if math.IsInf(betaMax, 0) {
				beta *= 2
			} else {
				beta = (beta + betaMax) / 2
			}
		} else {
			betaMax = beta
			if math.IsInf(betaMin, 0) {
				beta /= 2
			} else {
				beta = (beta + betaMin) / 2
			}
		}
		h = entropy()
	}
	return h
}

// RFOptions configures RandomForestAUROC. The zero value is GRouNdGAN's
// setting: top 50 PCs, 1000 Gini trees, here with 5-fold stratified
// cross-validation.
type RFOptions struct {
	// PCs is the number of principal components used as features (0 = 50;
	// negative = use the genes directly).
	PCs int
	// Trees is the number of trees (0 = 1000).
	Trees int
	// Folds is the number of cross-validation folds (0 = 5).
	Folds int
	// Seed seeds the folds and the forests.
	Seed uint64
	// Threads bounds the goroutines (0 = 1).
	Threads int
}

// RFResult is the outcome of RandomForestAUROC.
type RFResult struct {
	// AUROC is the mean over the folds of the held-out AUROC; 0.5 means
	// real and simulated cells cannot be told apart.
	AUROC float64
	// FoldAUROC holds the AUROC of each fold.
	FoldAUROC []float64
	// ROC is the curve of the pooled held-out predictions (for plots).
	ROC ROCCurve
}

// RandomForestAUROC trains random-forest classifiers to tell real from
// simulated cells and returns their cross-validated AUROC (the score is
// the predicted probability of "real"). As GRouNdGAN, the features are the
// top principal components; here PCA is fitted once on all cells (it does
// not see the labels), and the score is cross-validated rather than taken
// from one 70/30 split.
func RandomForestAUROC(real, sim *mat.Dense, opt RFOptions) (RFResult, error) {
	if err := checkPair(real, sim); err != nil {
		return RFResult{}, err
	}
	if opt.PCs == 0 {
		opt.PCs = 50
	}
	if opt.Trees == 0 {
		opt.Trees = 1000
	}
	if opt.Folds == 0 {
		opt.Folds = 5
	}
	nr, _ := real.Dims()
	ns, _ := sim.Dims()
	if nr < opt.Folds || ns < opt.Folds {
		return RFResult{}, fmt.Errorf("eval: %d real and %d simulated cells cannot fill %d folds", nr, ns, opt.Folds)
	}
	var all mat.Dense
	all.Stack(real, sim)
	x := &all
	if opt.PCs > 0 {
		var err error
		if x, err = principalComponents(x, opt.PCs); err != nil {
			return RFResult{}, err
		}
	}
	isReal := make([]bool, nr+ns)
	labels := make([]int, nr+ns)
	for i := range nr {
		isReal[i], labels[i] = true, 1
	}
	fold, err := StratifiedFolds(labels, opt.Folds, opt.Seed)
	if err != nil {
		return RFResult{}, err
	}
	score := make([]float64, nr+ns)
	res := RFResult{}
	for f := range opt.Folds {
		var tr, te []int
		for i, g := range fold {
			if g == f {
				te = append(te, i)
			} else {
				tr = append(tr, i)
			}
		}
		cfg := forest.Config{Trees: opt.Trees, Seed: opt.Seed*1000 + uint64(f), Threads: max(1, opt.Threads)}
		clf, err := forest.FitClassifier(subsetRows(x, tr), pick(labels, tr), cfg)
		if err != nil {
			return RFResult{}, err
		}
		proba, err := clf.PredictProba(subsetRows(x, te))
		if err != nil {
			return RFResult{}, err
		}
		realCol := slices.Index(clf.Classes(), 1)
		foldScore := make([]float64, len(te))
		for j, i := range te {
			if realCol >= 0 {
				foldScore[j] = proba.At(j, realCol)
			}
			score[i] = foldScore[j]
		}
		auc, err := AUROC(pick(isReal, te), foldScore)
		if err != nil {
			return RFResult{}, fmt.Errorf("eval: fold %d: %w", f+1, err)
		}
		res.FoldAUROC = append(res.FoldAUROC, auc)
		res.AUROC += auc / float64(opt.Folds)
	}
	if res.ROC, err = ROC(isReal, score); err != nil {
		return RFResult{}, err
	}
	return res, nil
}
