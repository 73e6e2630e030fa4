package tl

import (
	"fmt"
	"math"

	"regula/anndata"
)

// ResolutionSearch is the result of ResolutionForClusters.
type ResolutionSearch struct {
	// Resolution is the resolution whose partition is returned.
	Resolution float64
	// Labels is that partition (0..k−1 by decreasing size).
	Labels []int
	// NClusters is the number of clusters found (equal to the target when
	// the search succeeded).
	NClusters int
	// Steps is the number of clusterings run.
	Steps int
}

// ResolutionForClusters binary-searches the resolution in [lo, hi] so that
// the algorithm finds exactly target clusters, as DeepSEM's evaluation does
// to match the number of annotated cell types. lo and hi default to 0.01
// and 5 when zero. If no resolution within maxSteps (default 30) gives the
// target, the closest count found is returned with an error that says so.
func ResolutionForClusters(alg Algorithm, adj *anndata.CSR, target int, lo, hi float64, maxSteps int, opt ClusterOptions) (*ResolutionSearch, error) {
	if target < 1 || target > adj.Rows {
		return nil, fmt.Errorf("resolution search: target %d clusters outside [1, %d]", target, adj.Rows)
	}
	if lo == 0 {
		lo = 0.01
	}
	if hi == 0 {
		hi = 5
	}
	if maxSteps == 0 {
		maxSteps = 30
	}
	if !(lo > 0 && hi > lo) {
		return nil, fmt.Errorf("resolution search: need 0 < lo < hi, got lo=%v hi=%v", lo, hi)
	}
	var best *ResolutionSearch
	for step := 1; step <= maxSteps; step++ {
		// Bisect on a log scale: cluster counts grow roughly with log γ.
		mid := math.Sqrt(lo * hi)
		opt.Resolution = mid
		labels, err := Partition(alg, adj, opt)
		if err != nil {
			return nil, err
		}
		k := 0
		for _, l := range labels {
			k = max(k, l+1)
		}
		if best == nil || abs(k-target) < abs(best.NClusters-target) {
			best = &ResolutionSearch{Resolution: mid, Labels: labels, NClusters: k}
		}
		best.Steps = step
		switch {
		case k == target:
			return best, nil
		case k < target:
			lo = mid
		default:
			hi = mid
		}
	}
	return best, fmt.Errorf("resolution search: no resolution gave %d clusters in %d steps (closest: %d at %.4g)",
		target, maxSteps, best.NClusters, best.Resolution)
}

func abs(x int) int {
	if x < 0 {
		return -x
	}
	return x
}
