package eval

import (
	"errors"
	"fmt"
	"math"
	"slices"

	"regula/grn"
)

// GRNMetrics scores a predicted network against a ground truth on the
// BEELINE candidate set.
type GRNMetrics struct {
	// Candidates is the number of candidate edges: regulator among the TFs
	// of the ground truth present in the data, target among the genes of
	// the data, no self-loops.
	Candidates int
	// TrueEdges (k) is the number of ground-truth edges among the
	// candidates; Density = k / Candidates is the precision of a random
	// predictor.
	TrueEdges int
	Density   float64
	// EarlyPrecision is BEELINE's early precision: the fraction of true
	// edges among the predicted candidate edges whose |weight| is at least
	// that of the k-th one (ties included, zero weights excluded).
	// EPR = EarlyPrecision / Density.
	EarlyPrecision, EPR float64
	// AUPRC is the average precision of |weight| over all candidates
	// (candidates without a prediction score 0); AUPRCRatio = AUPRC /
	// Density.
	AUPRC, AUPRCRatio float64
	// AUROC is the area under the ROC curve over all candidates.
	AUROC float64
}

// candidateSet is the BEELINE candidate edge set of a ground truth.
type candidateSet struct {
	tfs, genes map[string]bool
	truth      map[[2]string]bool
	size       int
}

func newCandidateSet(truth []grn.Edge, genes []string) (*candidateSet, error) {
	c := &candidateSet{tfs: map[string]bool{}, genes: map[string]bool{}, truth: map[[2]string]bool{}}
	for _, g := range genes {
		c.genes[g] = true
	}
	if len(c.genes) == 0 {
		return nil, errors.New("eval: no genes given for the candidate set")
	}
	for _, e := range truth {
		if c.genes[e.From] {
			c.tfs[e.From] = true
		}
	}
	for _, e := range truth {
		if c.isCandidate(e.From, e.To) {
			c.truth[[2]string{e.From, e.To}] = true
		}
	}
	if len(c.truth) == 0 {
		return nil, errors.New("eval: no ground-truth edge lies among the candidate edges (are the gene names those of the data?)")
	}
	// Each TF may regulate every other gene of the data.
	c.size = len(c.tfs) * (len(c.genes) - 1)
	return c, nil
}

func (c *candidateSet) isCandidate(from, to string) bool {
	return from != to && c.tfs[from] && c.genes[to]
}

// rankedCandidates returns the predicted candidate edges, duplicates
// dropped (the first occurrence kept), ordered by |weight| descending
// (input order among ties), with |weight| as score.
func (c *candidateSet) rankedCandidates(pred []grn.Edge) ([]grn.Edge, error) {
	seen := map[[2]string]bool{}
	var out []grn.Edge
	for i, e := range pred {
		if math.IsNaN(e.Weight) {
			return nil, fmt.Errorf("eval: predicted edge %d (%s → %s) has weight NaN", i+1, e.From, e.To)
		}
		key := [2]string{e.From, e.To}
		if !c.isCandidate(e.From, e.To) || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, grn.Edge{From: e.From, To: e.To, Weight: math.Abs(e.Weight)})
	}
	slices.SortStableFunc(out, func(a, b grn.Edge) int { return compareFloat(b.Weight, a.Weight) })
	return out, nil
}

// EvaluateGRN scores the predicted edges against the ground truth, both
// restricted to the BEELINE candidate set built from the truth's
// regulators and the data's genes (METHODS.md §5).
func EvaluateGRN(pred, truth []grn.Edge, genes []string) (GRNMetrics, error) {
	cs, err := newCandidateSet(truth, genes)
	if err != nil {
		return GRNMetrics{}, err
	}
	ranked, err := cs.rankedCandidates(pred)
	if err != nil {
		return GRNMetrics{}, err
	}
	m := GRNMetrics{Candidates: cs.size, TrueEdges: len(cs.truth)}
	m.Density = float64(m.TrueEdges) / float64(m.Candidates)

	// Early precision (BEELINE): edges scoring at least the k-th score.
	if len(ranked) > 0 && ranked[0].Weight > 0 {
		cut := ranked[min(m.TrueEdges, len(ranked))-1].Weight
		var top, hits int
		for _, e := range ranked {
			if e.Weight < cut || e.Weight == 0 {
				break
			}
			top++
			if cs.truth[[2]string{e.From, e.To}] {
				hits++
			}
		}
		m.EarlyPrecision = float64(hits) / float64(top)
	}
	m.EPR = m.EarlyPrecision / m.Density

	// All candidates: predicted ones with their score, the others with 0.
	isTrue := make([]bool, 0, cs.size)
	score := make([]float64, 0, cs.size)
	predicted := map[[2]string]bool{}
	for _, e := range ranked {
		key := [2]string{e.From, e.To}
		predicted[key] = true
		isTrue = append(isTrue, cs.truth[key])
		score = append(score, e.Weight)
	}
	missing := cs.size - len(ranked)
	missingTrue := 0
	for key := range cs.truth {
		if !predicted[key] {
			missingTrue++
		}
	}
	for i := range missing {
		isTrue = append(isTrue, i < missingTrue)
		score = append(score, 0)
	}
	if m.AUPRC, err = AveragePrecision(isTrue, score); err != nil {
		return GRNMetrics{}, err
	}
	m.AUPRCRatio = m.AUPRC / m.Density
	if m.TrueEdges == m.Candidates {
		return GRNMetrics{}, errors.New("eval: every candidate edge is a true edge: AUROC undefined")
	}
	if m.AUROC, err = AUROC(isTrue, score); err != nil {
		return GRNMetrics{}, err
	}
	return m, nil
}

// PrecisionAtK returns the fraction of true edges among the k predicted
// candidate edges with the largest |weight| (input order among ties).
// Fewer than k predicted candidates are an error.
func PrecisionAtK(pred, truth []grn.Edge, genes []string, k int) (float64, error) {
	if k < 1 {
		return 0, fmt.Errorf("eval: precision at k = %d, want k ≥ 1", k)
	}
	cs, err := newCandidateSet(truth, genes)
	if err != nil {
		return 0, err
	}
	ranked, err := cs.rankedCandidates(pred)
	if err != nil {
		return 0, err
	}
	if len(ranked) < k {
		return 0, fmt.Errorf("eval: precision at %d needs %d predicted candidate edges, got %d", k, k, len(ranked))
	}
	hits := 0
	for _, e := range ranked[:k] {
		if cs.truth[[2]string{e.From, e.To}] {
			hits++
		}
	}
	return float64(hits) / float64(k), nil
}

// GRNConsistency is DeepSEM's GRN consistency: with N = round(fraction ×
// number of edges of reference) (at least 1), the fraction of the top N
// edges of reference (by |weight|) that are also among the top N edges of
// other. Typically reference is inferred from real cells and other from
// simulated ones, fraction 0.001 … 0.025. Self-loops and duplicate edges
// (after the first) are ignored.
func GRNConsistency(reference, other []grn.Edge, fraction float64) (float64, error) {
	if !(fraction > 0 && fraction <= 1) {
		return 0, fmt.Errorf("eval: GRN consistency fraction %v, want a value in (0, 1]", fraction)
	}
	a, err := topEdges(reference)
	if err != nil {
		return 0, err
	}
	b, err := topEdges(other)
	if err != nil {
		return 0, err
	}
	if len(a) == 0 {
		return 0, errors.New("eval: GRN consistency: the reference network has no edges")
	}
	n := max(1, int(math.Round(fraction*float64(len(a)))))
	inB := map[[2]string]bool{}
	for _, e := range b[:min(n, len(b))] {
		inB[[2]string{e.From, e.To}] = true
	}
	overlap := 0
	for _, e := range a[:min(n, len(a))] {
		if inB[[2]string{e.From, e.To}] {
			overlap++
		}
	}
	return float64(overlap) / float64(n), nil
}

func topEdges(edges []grn.Edge) ([]grn.Edge, error) {
	seen := map[[2]string]bool{}
	var out []grn.Edge
	for i, e := range edges {
		if math.IsNaN(e.Weight) {
			return nil, fmt.Errorf("eval: edge %d (%s → %s) has weight NaN", i+1, e.From, e.To)
		}
		key := [2]string{e.From, e.To}
		if e.From == e.To || seen[key] {
			continue
		}
		seen[key] = true
		out = append(out, grn.Edge{From: e.From, To: e.To, Weight: math.Abs(e.Weight)})
	}
	slices.SortStableFunc(out, func(x, y grn.Edge) int { return compareFloat(y.Weight, x.Weight) })
	return out, nil
}
