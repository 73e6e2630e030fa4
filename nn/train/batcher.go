package train

import (
	"fmt"
	"math/rand/v2"
)

// Batcher yields the minibatches of an epoch as lists of example indices,
// shuffled by a permutation that depends only on the seed and the epoch
// number. Resuming at epoch e therefore reproduces the order of an
// uninterrupted run.
type Batcher struct {
	n, batchSize int
	seed         uint64
	dropLast     bool
}

// NewBatcher returns a Batcher over n examples in batches of batchSize.
// With dropLast, a final batch smaller than batchSize is left out (each
// epoch still sees a different random subset); otherwise it is kept.
func NewBatcher(n, batchSize int, seed uint64, dropLast bool) (*Batcher, error) {
	if n < 1 {
		return nil, fmt.Errorf("batcher: number of examples %d must be ≥ 1", n)
	}
	if batchSize < 1 {
		return nil, fmt.Errorf("batcher: batch size %d must be ≥ 1", batchSize)
	}
	if dropLast && batchSize > n {
		return nil, fmt.Errorf("batcher: batch size %d exceeds the %d examples and the last partial batch is dropped: no batches", batchSize, n)
	}
	return &Batcher{n: n, batchSize: batchSize, seed: seed, dropLast: dropLast}, nil
}

// NumBatches returns the number of batches per epoch.
func (b *Batcher) NumBatches() int {
	if b.dropLast {
		return b.n / b.batchSize
	}
	return (b.n + b.batchSize - 1) / b.batchSize
}

// Epoch returns the batches of epoch (any integer; 0 for the first), each a
// slice of distinct example indices in [0, n).
func (b *Batcher) Epoch(epoch int) [][]int {
	rng := rand.New(rand.NewPCG(b.seed, uint64(epoch)))
	perm := rng.Perm(b.n)
	batches := make([][]int, b.NumBatches())
	for i := range batches {
		batches[i] = perm[i*b.batchSize : min((i+1)*b.batchSize, b.n)]
	}
	return batches
}

// GatherRows copies the given rows of a row-major matrix with cols columns
// into a new slice (the batch's rows, in order).
func GatherRows[T any](matrix []T, cols int, rows []int) []T {
	out := make([]T, 0, len(rows)*cols)
	for _, r := range rows {
		out = append(out, matrix[r*cols:(r+1)*cols]...)
	}
	return out
}
