package train

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
)

func smallStore(t *testing.T) *model.Store {
	t.Helper()
	store := model.NewStore()
	for path, value := range map[string]any{
		"/enc/weights": [][]float32{{1, 2, 3}, {4, 5, 6}},
		"/enc/bias":    []float64{-1, 0.5},
		"/steps":       int64(17),
	} {
		if _, err := store.CreateVariable(path, tensors.MustFromAnyValue(value)); err != nil {
			t.Fatal(err)
		}
	}
	store.GetVariable("/steps").SetTrainable(false)
	return store
}

func TestCheckpointRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "c.ckpt")
	if err := SaveCheckpoint(path, smallStore(t), map[string]string{"epoch": "3"}); err != nil {
		t.Fatal(err)
	}
	loaded := model.NewStore()
	meta, err := LoadCheckpoint(path, loaded)
	if err != nil {
		t.Fatal(err)
	}
	if meta["epoch"] != "3" {
		t.Errorf("meta = %v", meta)
	}
	w := loaded.GetVariable("/enc/weights")
	if w == nil || !w.Trainable || !slices.Equal(tensors.MustCopyFlatData[float32](w.MustValue()), []float32{1, 2, 3, 4, 5, 6}) ||
		!slices.Equal(w.Shape().Dimensions, []int{2, 3}) {
		t.Errorf("weights not restored: %v", w)
	}
	if s := loaded.GetVariable("/steps"); s == nil || s.Trainable || s.MustValue().Value().(int64) != 17 {
		t.Errorf("non-trainable int64 counter not restored: %v", s)
	}
	if b := loaded.GetVariable("/enc/bias"); b == nil || !slices.Equal(tensors.MustCopyFlatData[float64](b.MustValue()), []float64{-1, 0.5}) {
		t.Errorf("float64 bias not restored: %v", b)
	}
}

func TestLoadCheckpointRejectsDamage(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "c.ckpt")
	if err := SaveCheckpoint(path, smallStore(t), nil); err != nil {
		t.Fatal(err)
	}
	good, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	flipped := slices.Clone(good)
	flipped[len(flipped)/2] ^= 0x40
	for name, data := range map[string][]byte{
		"truncated": good[:len(good)-9],
		"flipped":   flipped,
		"not ckpt":  []byte("hello world, this is not a checkpoint"),
	} {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, data, 0o644); err != nil {
			t.Fatal(err)
		}
		if _, err := LoadCheckpoint(p, model.NewStore()); err == nil || !strings.Contains(err.Error(), p) {
			t.Errorf("%s: error %v (want one naming the file)", name, err)
		}
	}

	// A shape mismatch names the variable and leaves the store untouched.
	store := model.NewStore()
	if _, err := store.CreateVariable("/enc/weights", tensors.FromValue([][]float32{{9, 9}, {9, 9}})); err != nil {
		t.Fatal(err)
	}
	_, err = LoadCheckpoint(path, store)
	if err == nil || !strings.Contains(err.Error(), "/enc/weights") {
		t.Errorf("shape mismatch: error %v", err)
	}
	if store.GetVariable("/enc/bias") != nil || store.GetVariable("/enc/weights").MustValue().Value().([][]float32)[0][0] != 9 {
		t.Error("a failed load modified the store")
	}
}

func TestSeedStoreMakesInitialisationReproducible(t *testing.T) {
	initial := func(seed int64) []float32 {
		store := model.NewStore()
		if err := SeedStore(store, seed); err != nil {
			t.Fatal(err)
		}
		store.RootScope().VariableWithShape("w", shapes.Make(dtypes.Float32, 4, 3))
		if err := store.InitializeVariables(testBackend(t), nil); err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float32](store.GetVariable("/w").MustValue())
	}
	a, b, c := initial(1), initial(1), initial(2)
	if !slices.Equal(a, b) {
		t.Errorf("same seed, different initial values: %v vs %v", a, b)
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave identical initial values")
	}
}
