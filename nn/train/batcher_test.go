package train

import (
	"slices"
	"testing"
)

func TestBatcherCoversEveryExampleOncePerEpoch(t *testing.T) {
	for _, dropLast := range []bool{false, true} {
		b, err := NewBatcher(23, 5, 11, dropLast)
		if err != nil {
			t.Fatal(err)
		}
		wantBatches := map[bool]int{false: 5, true: 4}[dropLast]
		if b.NumBatches() != wantBatches {
			t.Errorf("dropLast=%v: NumBatches = %d, want %d", dropLast, b.NumBatches(), wantBatches)
		}
		batches := b.Epoch(0)
		if len(batches) != wantBatches {
			t.Fatalf("dropLast=%v: %d batches, want %d", dropLast, len(batches), wantBatches)
		}
		seen := map[int]int{}
		for i, batch := range batches {
			wantSize := 5
			if !dropLast && i == len(batches)-1 {
				wantSize = 3
			}
			if len(batch) != wantSize {
				t.Errorf("dropLast=%v: batch %d has %d examples, want %d", dropLast, i, len(batch), wantSize)
			}
			for _, idx := range batch {
				if idx < 0 || idx >= 23 {
					t.Fatalf("index %d out of range", idx)
				}
				seen[idx]++
			}
		}
		wantSeen := map[bool]int{false: 23, true: 20}[dropLast]
		if len(seen) != wantSeen {
			t.Errorf("dropLast=%v: %d distinct examples, want %d", dropLast, len(seen), wantSeen)
		}
		for idx, n := range seen {
			if n != 1 {
				t.Errorf("example %d seen %d times", idx, n)
			}
		}
	}
}

func TestBatcherOrderDependsOnlyOnSeedAndEpoch(t *testing.T) {
	a, _ := NewBatcher(100, 10, 3, false)
	b, _ := NewBatcher(100, 10, 3, false)
	c, _ := NewBatcher(100, 10, 4, false)
	flat := func(batches [][]int) []int { return slices.Concat(batches...) }
	_ = a.Epoch(0) // drawing other epochs first must not matter
	if !slices.Equal(flat(a.Epoch(5)), flat(b.Epoch(5))) {
		t.Error("same seed and epoch gave different orders")
	}
	if slices.Equal(flat(a.Epoch(5)), flat(a.Epoch(6))) {
		t.Error("consecutive epochs have the same order")
	}
	if slices.Equal(flat(a.Epoch(5)), flat(c.Epoch(5))) {
		t.Error("different seeds gave the same order")
	}
	if slices.IsSorted(flat(a.Epoch(0))) {
		t.Error("epoch order is not shuffled")
	}
}

func TestNewBatcherRejectsBadArguments(t *testing.T) {
	for _, c := range []struct {
		n, size  int
		dropLast bool
	}{{0, 4, false}, {10, 0, false}, {3, 4, true}} {
		if _, err := NewBatcher(c.n, c.size, 1, c.dropLast); err == nil {
			t.Errorf("NewBatcher(%d, %d, dropLast=%v) returned no error", c.n, c.size, c.dropLast)
		}
	}
}

func TestGatherRows(t *testing.T) {
	m := []float32{0, 1, 10, 11, 20, 21}
	if got := GatherRows(m, 2, []int{2, 0}); !slices.Equal(got, []float32{20, 21, 0, 1}) {
		t.Errorf("GatherRows = %v", got)
	}
}
