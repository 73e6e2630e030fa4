package eval

import (
	"errors"
	"fmt"
)

// contingency is the table of co-occurrence counts of two labellings of
// the same samples: counts[i][j] samples have truth label i and predicted
// label j (labels numbered in order of first appearance).
type contingency struct {
	counts         [][]float64
	rowSum, colSum []float64
	n              float64
}

func newContingency[L comparable](truth, pred []L) (*contingency, error) {
	if len(truth) != len(pred) {
		return nil, fmt.Errorf("eval: %d truth labels but %d predicted labels", len(truth), len(pred))
	}
	if len(truth) == 0 {
		return nil, errors.New("eval: no labels to compare")
	}
	ti, pi := codes(truth), codes(pred)
	c := &contingency{n: float64(len(truth))}
	c.rowSum = make([]float64, maxCode(ti)+1)
	c.colSum = make([]float64, maxCode(pi)+1)
	c.counts = make([][]float64, len(c.rowSum))
	for i := range c.counts {
		c.counts[i] = make([]float64, len(c.colSum))
	}
	for k := range ti {
		c.counts[ti[k]][pi[k]]++
		c.rowSum[ti[k]]++
		c.colSum[pi[k]]++
	}
	return c, nil
}

// codes numbers the distinct labels in order of first appearance.
func codes[L comparable](labels []L) []int {
	seen := map[L]int{}
	out := make([]int, len(labels))
	for i, l := range labels {
		c, ok := seen[l]
		if !ok {
			c = len(seen)
			seen[l] = c
		}
		out[i] = c
	}
	return out
}

func maxCode(c []int) int {
	m := -1
	for _, v := range c {
		m = max(m, v)
	}
	return m
}
