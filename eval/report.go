package eval

import (
	"fmt"

	"gonum.org/v1/gonum/mat"
)

// RealismOptions configures Realism.
type RealismOptions struct {
	// RF configures the random-forest AUROC (PCs, trees, folds, seed).
	RF RFOptions
	// LISIPCs is the number of principal components of the pooled cells
	// on which iLISI is computed (0 = 50).
	LISIPCs int
	// Perplexity is the LISI perplexity (0 = 30).
	Perplexity float64
	// Threads bounds the goroutines (0 = 1); it overrides RF.Threads.
	Threads int
}

// RealismReport holds GRouNdGAN's realism metrics of simulated cells.
type RealismReport struct {
	Euclidean, Cosine float64 // centroid distances
	MMDScale, MMD     float64 // kernel scale m (from the real cells) and MMD
	MILISI            float64 // mean iLISI, between 1 (separate) and 2 (mixed)
	RF                RFResult
}

// Realism computes every realism metric of sim against real (cells in
// rows, the same genes in the same order). iLISI is computed on the top
// principal components of the pooled cells (GRouNdGAN uses a 2-D t-SNE;
// pass your own embedding to LISI for that).
func Realism(real, sim *mat.Dense, opt RealismOptions) (RealismReport, error) {
	var r RealismReport
	var err error
	threads := max(1, opt.Threads)
	if r.Euclidean, r.Cosine, err = CentroidDistances(real, sim); err != nil {
		return r, err
	}
	if r.MMDScale, err = MMDScale(real, threads); err != nil {
		return r, err
	}
	if r.MMD, err = MMD(real, sim, r.MMDScale, threads); err != nil {
		return r, err
	}
	pcs := opt.LISIPCs
	if pcs == 0 {
		pcs = 50
	}
	perplexity := opt.Perplexity
	if perplexity == 0 {
		perplexity = 30
	}
	var all mat.Dense
	all.Stack(real, sim)
	emb, err := principalComponents(&all, pcs)
	if err != nil {
		return r, err
	}
	nr, _ := real.Dims()
	ns, _ := sim.Dims()
	labels := make([]string, nr+ns)
	for i := range labels {
		labels[i] = "real"
		if i >= nr {
			labels[i] = "simulated"
		}
	}
	lisi, err := LISI(emb, labels, perplexity, threads)
	if err != nil {
		return r, fmt.Errorf("iLISI: %w", err)
	}
	for _, v := range lisi {
		r.MILISI += v / float64(len(lisi))
	}
	rf := opt.RF
	rf.Threads = threads
	if r.RF, err = RandomForestAUROC(real, sim, rf); err != nil {
		return r, err
	}
	return r, nil
}
