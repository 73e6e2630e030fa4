package eval

import (
	"fmt"
	"math"
)

// AdjustedRandIndex returns the adjusted Rand index of two labellings of
// the same samples (scikit-learn's adjusted_rand_score): 1 for identical
// partitions, about 0 for independent ones, possibly negative. When the
// pair counts show full agreement (for example a single cluster in both,
// or a single sample) it is 1, as in scikit-learn. Empty input is an
// error.
func AdjustedRandIndex[L comparable](truth, pred []L) (float64, error) {
	c, err := newContingency(truth, pred)
	if err != nil {
		return 0, err
	}
	var sumSq, rowSq, colSq float64
	for _, row := range c.counts {
		for _, v := range row {
			sumSq += v * v
		}
	}
	for _, v := range c.rowSum {
		rowSq += v * v
	}
	for _, v := range c.colSum {
		colSq += v * v
	}
	// Ordered pair counts as scikit-learn's pair_confusion_matrix.
	tp := sumSq - c.n
	fp := colSq - sumSq
	fn := rowSq - sumSq
	tn := c.n*c.n - fp - fn - sumSq
	if fn == 0 && fp == 0 {
		return 1, nil
	}
	return 2 * (tp*tn - fn*fp) / ((tp+fn)*(fn+tn) + (tp+fp)*(fp+tn)), nil
}

// NormalizedMutualInfo returns the mutual information of two labellings
// divided by the arithmetic mean of their entropies (scikit-learn's
// normalized_mutual_info_score with average_method="arithmetic"). If both
// labellings have a single label it is 1; otherwise zero mutual
// information gives 0 (both as scikit-learn). Empty input is an error.
func NormalizedMutualInfo[L comparable](truth, pred []L) (float64, error) {
	c, err := newContingency(truth, pred)
	if err != nil {
		return 0, err
	}
	if len(c.rowSum) == 1 && len(c.colSum) == 1 {
		return 1, nil
	}
	mi := mutualInformation(c)
	if mi == 0 {
		return 0, nil
	}
	return mi / ((entropy(c.rowSum, c.n) + entropy(c.colSum, c.n)) / 2), nil
}

// mutualInformation is scikit-learn's mutual_info_score from a
// contingency table (natural logarithm).
func mutualInformation(c *contingency) float64 {
	if len(c.rowSum) == 1 || len(c.colSum) == 1 {
		return 0
	}
	var mi float64
	logN := math.Log(c.n)
	for i, row := range c.counts {
		for j, v := range row {
			if v == 0 {
				continue
			}
			term := v / c.n * (math.Log(v) + logN - math.Log(c.rowSum[i]*c.colSum[j]))
			if math.Abs(term) < 2.220446049250313e-16 {
				term = 0
			}
			mi += term
		}
	}
	return max(0, mi)
}

// entropy returns the Shannon entropy (natural logarithm) of the label
// counts.
func entropy(counts []float64, n float64) float64 {
	var h float64
	for _, v := range counts {
		if v > 0 {
			h -= v / n * math.Log(v/n)
		}
	}
	return h
}

// ClusteringAccuracy returns the fraction of samples whose predicted
// cluster maps to their true label under the one-to-one mapping of
// clusters to labels that maximises that fraction (found with the
// Hungarian algorithm). The numbers of clusters and labels may differ:
// the samples of clusters left without a label (or of labels left without
// a cluster) count as errors. Empty input is an error.
func ClusteringAccuracy[L comparable, M comparable](truth []L, pred []M) (float64, error) {
	if len(truth) != len(pred) {
		return 0, fmt.Errorf("eval: %d truth labels but %d predicted labels", len(truth), len(pred))
	}
	c, err := newContingency(codes(truth), codes(pred))
	if err != nil {
		return 0, err
	}
	assign := maxWeightMatching(c.counts)
	var matched float64
	for i, j := range assign {
		if j >= 0 {
			matched += c.counts[i][j]
		}
	}
	return matched / c.n, nil
}
