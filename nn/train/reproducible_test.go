package train

import (
	"maps"
	"path/filepath"
	"slices"
	"testing"
)

func TestSameSeedGivesIdenticalTraining(t *testing.T) {
	a := newToyTrainer(t, 42)
	lossA := a.runEpochs(t, 0, 3, 9)
	b := newToyTrainer(t, 42)
	lossB := b.runEpochs(t, 0, 3, 9)
	if !slices.Equal(lossA, lossB) {
		t.Errorf("same seed, different losses:\n%v\n%v", lossA, lossB)
	}
	if va, vb := variableValues(t, a.store), variableValues(t, b.store); !maps.EqualFunc(va, vb, slices.Equal) {
		t.Error("same seed, different final variables")
	}
	c := newToyTrainer(t, 43)
	if lossC := c.runEpochs(t, 0, 3, 9); slices.Equal(lossA, lossC) {
		t.Error("different seeds gave identical losses")
	}
}

// TestCheckpointResumeMatchesUninterruptedRun trains 2 epochs, saves, trains
// 2 more; then loads the checkpoint into a fresh model (different seed, so
// nothing comes from initialisation) and trains the same 2 epochs: weights,
// optimiser moments, step counters and the RNG state must all match.
func TestCheckpointResumeMatchesUninterruptedRun(t *testing.T) {
	path := filepath.Join(t.TempDir(), "model.ckpt")
	full := newToyTrainer(t, 5)
	full.runEpochs(t, 0, 2, 1)
	if err := SaveCheckpoint(path, full.store, map[string]string{"epoch": "2", "model": "toy"}); err != nil {
		t.Fatal(err)
	}
	lossFull := full.runEpochs(t, 2, 4, 1)

	resumed := newToyTrainer(t, 999)
	meta, err := LoadCheckpoint(path, resumed.store)
	if err != nil {
		t.Fatal(err)
	}
	if meta["epoch"] != "2" || meta["model"] != "toy" {
		t.Errorf("metadata = %v", meta)
	}
	lossResumed := resumed.runEpochs(t, 2, 4, 1)
	if !slices.Equal(lossFull, lossResumed) {
		t.Errorf("resumed losses differ:\n%v\n%v", lossFull, lossResumed)
	}
	vFull, vResumed := variableValues(t, full.store), variableValues(t, resumed.store)
	if !maps.EqualFunc(vFull, vResumed, slices.Equal) {
		t.Errorf("resumed variables differ: %v vs %v", slices.Sorted(maps.Keys(vFull)), slices.Sorted(maps.Keys(vResumed)))
	}
	if n, err := resumed.opt.Steps(resumed.store); err != nil || n != 20 {
		t.Errorf("resumed optimiser steps = %d, %v; want 20", n, err)
	}
}
