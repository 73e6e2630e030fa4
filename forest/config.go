package forest

import (
	"fmt"
	"math"
)

// SqrtFeatures as Config.MaxFeatures draws ⌊√p⌋ candidate features per
// split (at least one), like scikit-learn's max_features="sqrt".
const SqrtFeatures = -1

// Config sets the shape of a random forest. The zero value gives
// scikit-learn's defaults: 100 bootstrapped, fully grown trees, √p features
// per split for classification and all p for regression.
type Config struct {
	// Trees is the number of trees (0 = 100).
	Trees int
	// MaxFeatures is the number of features drawn as split candidates at
	// each node: 0 = the task default (SqrtFeatures for classification, all
	// features for regression), SqrtFeatures = ⌊√p⌋, n > 0 = min(n, p).
	// Constant features do not count, as in scikit-learn.
	MaxFeatures int
	// MaxDepth limits the depth of each tree (0 = unlimited).
	MaxDepth int
	// MinSamplesLeaf is the minimum number of (bootstrap) samples in a leaf
	// (0 = 1).
	MinSamplesLeaf int
	// MinSamplesSplit is the minimum number of samples a node needs to be
	// split (0 = 2).
	MinSamplesSplit int
	// NoBootstrap grows every tree on the full training set instead of a
	// bootstrap sample of the same size.
	NoBootstrap bool
	// Seed makes the forest reproducible: tree t draws from a generator
	// seeded with (Seed, t), so the result does not depend on Threads.
	Seed uint64
	// Threads bounds the goroutines that grow trees (0 = 1).
	Threads int
}

// resolved is a Config with every default filled in for a data set.
type resolved struct {
	Config
	maxFeatures int
}

// resolve checks cfg and fills its defaults for p features; classification
// selects the task default of MaxFeatures.
func (cfg Config) resolve(p int, classification bool) (resolved, error) {
	switch {
	case cfg.Trees < 0:
		return resolved{}, fmt.Errorf("forest: Trees = %d, want ≥ 0", cfg.Trees)
	case cfg.MaxFeatures < SqrtFeatures:
		return resolved{}, fmt.Errorf("forest: MaxFeatures = %d, want ≥ 1, 0 (default) or SqrtFeatures", cfg.MaxFeatures)
	case cfg.MaxDepth < 0:
		return resolved{}, fmt.Errorf("forest: MaxDepth = %d, want ≥ 0", cfg.MaxDepth)
	case cfg.MinSamplesLeaf < 0:
		return resolved{}, fmt.Errorf("forest: MinSamplesLeaf = %d, want ≥ 0", cfg.MinSamplesLeaf)
	case cfg.MinSamplesSplit < 0 || cfg.MinSamplesSplit == 1:
		return resolved{}, fmt.Errorf("forest: MinSamplesSplit = %d, want ≥ 2 or 0 (default)", cfg.MinSamplesSplit)
	case cfg.Threads < 0:
		return resolved{}, fmt.Errorf("forest: Threads = %d, want ≥ 0", cfg.Threads)
	}
	r := resolved{Config: cfg}
	if r.Trees == 0 {
		r.Trees = 100
	}
	if r.MinSamplesLeaf == 0 {
		r.MinSamplesLeaf = 1
	}
	if r.MinSamplesSplit == 0 {
		r.MinSamplesSplit = 2
	}
	if r.Threads == 0 {
		r.Threads = 1
	}
	mf := cfg.MaxFeatures
	if mf == 0 {
		mf = p
		if classification {
			mf = SqrtFeatures
		}
	}
	if mf == SqrtFeatures {
		mf = max(1, int(math.Sqrt(float64(p))))
	}
	r.maxFeatures = min(mf, p)
	return r, nil
}
