package train

import (
	"fmt"

	"github.com/gomlx/gomlx/ml/model"
)

// SeedStore makes the store's random number generator, which variable
// initialisers, dropout and in-graph sampling draw from, start from seed:
// two stores seeded alike and built alike get identical initial variables
// and random draws.
func SeedStore(store *model.Store, seed int64) error {
	store.SetParam(model.ParamInitialSeed, seed)
	if err := store.SetRNGStateFromSeed(seed); err != nil {
		return fmt.Errorf("seed store RNG with %d: %w", seed, err)
	}
	return nil
}
