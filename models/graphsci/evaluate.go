package graphsci

import (
	"fmt"
	"math"

	"regula/eval"
)

// ImputationScore compares imputed with true counts on a set of entries.
type ImputationScore struct {
	Entries int
	// MAELog1p and PearsonLog1p compare log1p(imputed) with log1p(truth)
	// (the paper's MAE scale); MAECounts and PearsonCounts the counts.
	MAELog1p, PearsonLog1p   float64
	MAECounts, PearsonCounts float64
}

// ScoreImputation scores imputed against truth (same layout) on the given
// flat entries; nil entries means all of them.
func ScoreImputation(imputed, truth []float32, entries []int) (ImputationScore, error) {
	if len(imputed) != len(truth) {
		return ImputationScore{}, fmt.Errorf("graphsci: score: %d imputed values, %d true", len(imputed), len(truth))
	}
	if entries == nil {
		entries = make([]int, len(truth))
		for k := range entries {
			entries[k] = k
		}
	}
	if len(entries) < 2 {
		return ImputationScore{}, fmt.Errorf("graphsci: score: need at least 2 entries, got %d", len(entries))
	}
	a, b := make([]float64, len(entries)), make([]float64, len(entries))
	la, lb := make([]float64, len(entries)), make([]float64, len(entries))
	s := ImputationScore{Entries: len(entries)}
	for n, k := range entries {
		a[n], b[n] = float64(imputed[k]), float64(truth[k])
		la[n], lb[n] = math.Log1p(a[n]), math.Log1p(b[n])
		s.MAECounts += math.Abs(a[n] - b[n])
		s.MAELog1p += math.Abs(la[n] - lb[n])
	}
	s.MAECounts /= float64(len(entries))
	s.MAELog1p /= float64(len(entries))
	s.PearsonCounts, s.PearsonLog1p = pearsonOrNaN(a, b), pearsonOrNaN(la, lb)
	return s, nil
}

// pearsonOrNaN is Pearson's r, NaN when undefined (a constant input).
func pearsonOrNaN(x, y []float64) float64 {
	c, err := eval.Pearson(x, y)
	if err != nil {
		return math.NaN()
	}
	return c.R
}
