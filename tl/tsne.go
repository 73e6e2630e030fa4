package tl

import (
	"fmt"
	"maps"
	"math"
	"slices"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
	"regula/pp"
)

// TSNEOptions configures TSNEEmbed; zero values take the defaults of
// scikit-learn's TSNE (which scanpy.tl.tsne wraps).
type TSNEOptions struct {
	// Perplexity is the effective number of neighbours (30).
	Perplexity float64
	// EarlyExaggeration multiplies P during the first ExaggerationIters (12).
	EarlyExaggeration float64
	// ExaggerationIters is the length of the early exaggeration phase (250).
	ExaggerationIters int
	// LearningRate is the gradient descent step; 0 means scikit-learn's
	// "auto": max(N / EarlyExaggeration / 4, 50).
	LearningRate float64
	// Iterations is the total number of iterations (1000).
	Iterations int
	// Theta is the Barnes–Hut opening angle (0.5).
	Theta float64
	// Init is "pca" (default: the first two principal components scaled to
	// standard deviation 1e-4) or "random" (N(0, 1e-4²)).
	Init string
	// Seed drives the neighbour search and initialisation.
	Seed uint64
	// Threads bounds the worker goroutines (0 = all cores).
	Threads int
}

func (o *TSNEOptions) defaults(n int) error {
	if o.Perplexity == 0 {
		o.Perplexity = 30
	}
	if o.EarlyExaggeration == 0 {
		o.EarlyExaggeration = 12
	}
	if o.ExaggerationIters == 0 {
		o.ExaggerationIters = 250
	}
	if o.Iterations == 0 {
		o.Iterations = 1000
	}
	if o.Theta == 0 {
		o.Theta = 0.5
	}
	if o.Init == "" {
		o.Init = "pca"
	}
	if o.LearningRate == 0 {
		o.LearningRate = max(float64(n)/o.EarlyExaggeration/4, 50)
	}
	switch {
	case !(o.Perplexity > 0):
		return fmt.Errorf("tsne: perplexity %v must be > 0", o.Perplexity)
	case o.Perplexity >= float64(n):
		return fmt.Errorf("tsne: perplexity %v must be smaller than the number of cells (%d)", o.Perplexity, n)
	case !(o.EarlyExaggeration >= 1):
		return fmt.Errorf("tsne: early exaggeration %v must be ≥ 1", o.EarlyExaggeration)
	case !(o.LearningRate > 0):
		return fmt.Errorf("tsne: learning rate %v must be > 0", o.LearningRate)
	case o.Iterations < o.ExaggerationIters || o.ExaggerationIters < 0:
		return fmt.Errorf("tsne: need 0 ≤ exaggeration iterations (%d) ≤ iterations (%d)", o.ExaggerationIters, o.Iterations)
	case !(o.Theta >= 0):
		return fmt.Errorf("tsne: theta %v must be ≥ 0", o.Theta)
	case o.Init != "pca" && o.Init != "random":
		return fmt.Errorf("tsne: init %q must be pca or random", o.Init)
	}
	return nil
}

// TSNEEmbed embeds the rows of x in two dimensions with Barnes–Hut t-SNE
// following scikit-learn: joint probabilities from the 3·perplexity
// nearest neighbours (squared Euclidean distances, per-cell bandwidth by
// binary search on the entropy), early exaggeration with momentum 0.5, then
// momentum 0.8, per-parameter gains, and a stop when the gradient norm falls
// below 1e-7 (checked every 50 iterations). Gradients are computed in
// parallel; the result does not depend on the thread count.
func TSNEEmbed(x *mat.Dense, opt TSNEOptions) (*mat.Dense, error) {
	n, _ := x.Dims()
	if n < 3 {
		return nil, fmt.Errorf("tsne: need at least 3 cells, got %d", n)
	}
	if err := opt.defaults(n); err != nil {
		return nil, err
	}
	k := min(n-1, int(3*opt.Perplexity+1))
	knn, err := KNNGraph(x, KNNOptions{K: k + 1, Seed: opt.Seed, Threads: opt.Threads})
	if err != nil {
		return nil, fmt.Errorf("tsne: %w", err)
	}
	p := tsneAffinities(knn, opt.Perplexity, opt.Threads)
	var y []float64
	if opt.Init == "pca" {
		var err error
		if y, err = pcaInit(x, opt.Seed); err != nil {
			return nil, err
		}
	} else {
		rng := newRand(opt.Seed, 0x75e)
		y = make([]float64, 2*n)
		for i := range y {
			y[i] = 1e-4 * rng.NormFloat64()
		}
	}
	tsneDescent(p, y, opt)
	return mat.NewDense(n, 2, y), nil
}

// sparseP is a symmetric sparse matrix in CSR form (float64).
type sparseP struct {
	n      int
	indptr []int
	cols   []int32
	vals   []float64
}

// tsneAffinities computes scikit-learn's joint probabilities: conditional
// P(j|i) ∝ exp(−β_i d²_ij) over the kNN with β_i set by binary search so
// that the entropy equals log(perplexity), then P = (P + Pᵀ)/Σ.
func tsneAffinities(knn *KNN, perplexity float64, threads int) *sparseP {
	n, m := knn.N, knn.K-1
	cond := make([]float64, n*m)
	target := math.Log(perplexity)
	parallelRange(n, threads, func(_, lo, hi int) {
		d2 := make([]float64, m)
		for i := lo; i < hi; i++ {
			_, dist := knn.Row(i)
			for r := range m {
				d2[r] = dist[r+1] * dist[r+1]
			}
			row := cond[i*m : (i+1)*m]
			beta, betaMin, betaMax := 1.0, math.Inf(-1), math.Inf(1)
			for range 100 {
				var sum, sumDP float64
				for r, d := range d2 {
					row[r] = math.Exp(-d * beta)
					sum += row[r]
				}
				if sum == 0 {
					sum = 1e-8
				}
				for r, d := range d2 {
					row[r] /= sum
					sumDP += d * row[r]
				}
				entropy := math.Log(sum) + beta*sumDP
				diff := entropy - target
				if math.Abs(diff) <= 1e-5 {
					break
				}
				if diff > 0 {
					betaMin = beta
					if math.IsInf(betaMax, 1) {
						beta *= 2
					} else {
						beta = (beta + betaMax) / 2
					}
				} else {
					betaMax = beta
					if math.IsInf(betaMin, -1) {
						beta /= 2
					} else {
						beta = (beta + betaMin) / 2
					}
				}
			}
		}
	})
	// Symmetrise: P_ij = cond(i,j) + cond(j,i), then normalise.
	rows := make([]map[int32]float64, n)
	for i := range rows {
		rows[i] = make(map[int32]float64, 2*m)
	}
	for i := range n {
		idx, _ := knn.Row(i)
		for r := range m {
			j := idx[r+1]
			v := cond[i*m+r]
			rows[i][j] += v
			rows[j][int32(i)] += v
		}
	}
	p := &sparseP{n: n, indptr: make([]int, n+1)}
	var total float64
	for i := range n {
		keys := slices.Sorted(maps.Keys(rows[i]))
		for _, j := range keys {
			p.cols = append(p.cols, j)
			p.vals = append(p.vals, rows[i][j])
			total += rows[i][j]
		}
		p.indptr[i+1] = len(p.cols)
	}
	total = max(total, math.SmallestNonzeroFloat64)
	for k := range p.vals {
		p.vals[k] /= total
	}
	return p
}

// tsneDescent runs scikit-learn's two-phase gradient descent with gains on
// the embedding y (row-major n×2).
func tsneDescent(p *sparseP, y []float64, opt TSNEOptions) {
	n := p.n
	grad := make([]float64, 2*n)
	negX, negY, sumQ := make([]float64, n), make([]float64, n), make([]float64, n)
	var update, gains []float64
	const minGain, minGradNorm, checkEvery = 0.01, 1e-7, 50
	phaseStart := 0
	for it := range opt.Iterations {
		exaggeration, momentum := 1.0, 0.8
		if it < opt.ExaggerationIters {
			exaggeration, momentum = opt.EarlyExaggeration, 0.5
		}
		if it == 0 || it == opt.ExaggerationIters {
			// scikit-learn restarts the optimiser state for each phase.
			update = make([]float64, 2*n)
			gains = make([]float64, 2*n)
			for i := range gains {
				gains[i] = 1
			}
			phaseStart = it
		}
		tree := buildQuadtree(y)
		parallelRange(n, opt.Threads, func(_, lo, hi int) {
			var stack []int32
			for i := lo; i < hi; i++ {
				negX[i], negY[i], sumQ[i], stack = tree.repulsion(i, opt.Theta, stack)
			}
		})
		var z float64
		for _, q := range sumQ {
			z += q
		}
		parallelRange(n, opt.Threads, func(_, lo, hi int) {
			for i := lo; i < hi; i++ {
				var ax, ay float64
				yi, yj := y[2*i], y[2*i+1]
				for k := p.indptr[i]; k < p.indptr[i+1]; k++ {
					j := p.cols[k]
					dx, dy := yi-y[2*j], yj-y[2*j+1]
					q := 1 / (1 + dx*dx + dy*dy)
					ax += p.vals[k] * q * dx
					ay += p.vals[k] * q * dy
				}
				grad[2*i] = 4 * (exaggeration*ax - negX[i]/z)
				grad[2*i+1] = 4 * (exaggeration*ay - negY[i]/z)
			}
		})
		var norm2 float64
		for k, g := range grad {
			if update[k]*g < 0 {
				gains[k] += 0.2
			} else {
				gains[k] = max(gains[k]*0.8, minGain)
			}
			g *= gains[k]
			norm2 += g * g
			update[k] = momentum*update[k] - opt.LearningRate*g
			y[k] += update[k]
		}
		if (it-phaseStart+1)%checkEvery == 0 && math.Sqrt(norm2) <= minGradNorm {
			if it < opt.ExaggerationIters {
				continue // scikit-learn moves on to the second phase
			}
			break
		}
	}
}

// pcaInit returns the first two principal components of x scaled so the
// first has standard deviation 1e-4 (scikit-learn's init="pca"), computed
// by pp's seeded randomised PCA.
func pcaInit(x *mat.Dense, seed uint64) ([]float64, error) {
	n, _ := x.Dims()
	res, err := pp.PCAMatrix(x, pp.PCAOptions{NComps: 2, Solver: pp.SolverRandomized, Seed: seed})
	if err != nil {
		return nil, fmt.Errorf("t-SNE PCA initialisation: %w", err)
	}
	out := make([]float64, 2*n)
	for i := range n {
		out[2*i], out[2*i+1] = res.Scores.At(i, 0), res.Scores.At(i, 1)
	}
	var mean, sd float64
	for i := range n {
		mean += out[2*i]
	}
	mean /= float64(n)
	for i := range n {
		sd += (out[2*i] - mean) * (out[2*i] - mean)
	}
	sd = math.Sqrt(sd / float64(n))
	if sd > 0 {
		for k := range out {
			out[k] *= 1e-4 / sd
		}
	}
	return out, nil
}

// TSNEObsOptions configures TSNE on an AnnData.
type TSNEObsOptions struct {
	TSNEOptions
	// UseRep is the obsm key of the representation ("X_pca").
	UseRep string
	// NPCs keeps the first NPCs columns (0 = all).
	NPCs int
}

// TSNE embeds the cells like scanpy.tl.tsne and stores obsm["X_tsne"] and
// uns["tsne"]["params"].
func TSNE(a *anndata.AnnData, opt TSNEObsOptions) error {
	if opt.UseRep == "" {
		opt.UseRep = "X_pca"
	}
	x, err := Representation(a, opt.UseRep, opt.NPCs)
	if err != nil {
		return fmt.Errorf("tsne: %w", err)
	}
	if err := opt.defaults(a.NObs()); err != nil {
		return err
	}
	emb, err := TSNEEmbed(x, opt.TSNEOptions)
	if err != nil {
		return err
	}
	a.Obsm["X_tsne"] = denseToAnnData(emb)
	a.Uns["tsne"] = anndata.Uns{"params": anndata.Uns{
		"perplexity": opt.Perplexity, "early_exaggeration": opt.EarlyExaggeration,
		"learning_rate": opt.LearningRate, "n_iter": int64(opt.Iterations),
		"random_state": int64(opt.Seed), "use_rep": opt.UseRep, "init": opt.Init,
	}}
	return nil
}
