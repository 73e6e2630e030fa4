package deepsem

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"testing"

	"regula/anndata"
	"regula/nn/train"
)

// toyData returns a small preprocessed dataset: cells × genes where gene 1
// follows gene 0 and about a third of the values are zero.
func toyData(t testing.TB, cells, genes int, seed uint64) (*Data, []string) {
	t.Helper()
	rng := rand.New(rand.NewPCG(seed, 3))
	x := anndata.NewDense(cells, genes)
	for i := 0; i < cells; i++ {
		base := rng.Float64() * 3
		for j := 0; j < genes; j++ {
			v := rng.Float64() * 3
			if j == 1 {
				v = base + 0.1*rng.NormFloat64()
			} else if j == 0 {
				v = base
			}
			if rng.IntN(3) == 0 {
				v = 0
			}
			x.Set(i, j, float32(max(v, 0)))
		}
	}
	d, err := Preprocess(x, CellType, 10)
	if err != nil {
		t.Fatal(err)
	}
	names := make([]string, genes)
	for j := range names {
		names[j] = string(rune('A' + j))
	}
	return d, names
}

// tinyConfig is a fast configuration for tests.
func tinyConfig(seed uint64) Config {
	c := DefaultConfig(CellType)
	c.Hidden, c.BatchSize, c.Epochs, c.Seed = 8, 16, 6, seed
	c.LearningRate, c.LearningRateW = 1e-3, 1e-3
	return c
}

func TestTrainShapesDiagonalAndLosses(t *testing.T) {
	data, genes := toyData(t, 40, 5, 1)
	cfg := tinyConfig(1)
	mdl, err := Train(context.Background(), data, genes, cfg, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer mdl.Close()
	res := mdl.Result()
	if len(res.W) != 25 {
		t.Fatalf("W has %d entries, want 25", len(res.W))
	}
	init := 1.0 / 4
	moved := false
	for r := 0; r < 5; r++ {
		if res.W[r*5+r] != 0 {
			t.Errorf("W[%d][%d] = %v, the diagonal must stay 0", r, r, res.W[r*5+r])
		}
		for c := 0; c < 5; c++ {
			if r != c && math.Abs(res.W[r*5+c]-init) > 2e-4 {
				moved = true
			}
		}
	}
	if !moved {
		t.Error("W did not move from its initialisation")
	}
	if len(res.Losses) != cfg.Epochs {
		t.Fatalf("%d epoch losses, want %d", len(res.Losses), cfg.Epochs)
	}
	for i, l := range res.Losses {
		wantPhase := PhaseW
		if i%3 == 0 {
			wantPhase = PhaseMLP
		}
		if l.Phase != wantPhase {
			t.Errorf("epoch %d phase %s, want %s", i+1, l.Phase, wantPhase)
		}
		sum := l.Reconstruction + l.KL + l.Sparsity
		if math.Abs(sum-l.Total) > 1e-4*math.Max(1, math.Abs(l.Total)) {
			t.Errorf("epoch %d: terms sum to %v, total %v", i+1, sum, l.Total)
		}
	}
	emb, err := mdl.Embed(data, false)
	if err != nil {
		t.Fatal(err)
	}
	if len(emb) != data.Cells*data.Genes {
		t.Errorf("embedding has %d values, want %d", len(emb), data.Cells*data.Genes)
	}
	sim, err := mdl.Simulate(data, SimulateOptions{Cells: 30, KeepZeros: true, Seed: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(sim.X) != 30*data.Genes || len(sim.Source) != 30 {
		t.Fatalf("simulation shapes %d, %d", len(sim.X), len(sim.Source))
	}
	for i, src := range sim.Source {
		for g := 0; g < data.Genes; g++ {
			if data.NonZero[src*data.Genes+g] == 0 && sim.X[i*data.Genes+g] != 0 {
				t.Fatalf("simulated cell %d gene %d = %v where its source cell is zero", i, g, sim.X[i*data.Genes+g])
			}
		}
	}
	// A larger perturbation moves the simulated cells further from the
	// noise-free decoding of the same source cells.
	spread := func(noise float64) float64 {
		a, err := mdl.Simulate(data, SimulateOptions{Cells: 30, Seed: 2, Noise: noise})
		if err != nil {
			t.Fatal(err)
		}
		b, err := mdl.Simulate(data, SimulateOptions{Cells: 30, Seed: 2, Noise: 1e-9})
		if err != nil {
			t.Fatal(err)
		}
		d := 0.0
		for i := range a.X {
			d += math.Abs(float64(a.X[i] - b.X[i]))
		}
		return d
	}
	if small, large := spread(0.1), spread(3); !(large > small) {
		t.Errorf("noise 3 moved cells by %v, noise 0.1 by %v: Noise has no effect", large, small)
	}
	if _, err := mdl.Simulate(data, SimulateOptions{Noise: -1}); err == nil {
		t.Error("negative Noise accepted")
	}
}

func TestTrainIsReproducibleWithASeed(t *testing.T) {
	data, genes := toyData(t, 40, 4, 2)
	run := func(seed uint64) []float64 {
		mdl, err := Train(context.Background(), data, genes, tinyConfig(seed), TrainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer mdl.Close()
		return mdl.Result().W
	}
	a, b, c := run(5), run(5), run(6)
	if !slices.Equal(a, b) {
		t.Error("same seed gave different W")
	}
	if slices.Equal(a, c) {
		t.Error("different seeds gave identical W")
	}
}

func TestNonFiniteLossStopsTraining(t *testing.T) {
	data, genes := toyData(t, 20, 3, 3)
	data.X[4] = float32(math.NaN()) // bypasses Preprocess's check
	_, err := Train(context.Background(), data, genes, tinyConfig(1), TrainOptions{})
	var nf *train.NonFiniteLossError
	if !errors.As(err, &nf) {
		t.Fatalf("error %v, want a NonFiniteLossError", err)
	}
	if nf.Epoch != 1 || !strings.Contains(err.Error(), "diverged") {
		t.Errorf("error %q: want epoch 1 and a clear message", err)
	}
}

func TestEnsembleAveragesMembers(t *testing.T) {
	data, genes := toyData(t, 30, 4, 4)
	cfg := tinyConfig(10)
	cfg.Epochs = 3
	ens, err := Ensemble(context.Background(), data, genes, cfg, EnsembleOptions{Members: 2, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(ens.Members) != 2 || ens.Members[0].Config.Seed != 10 || ens.Members[1].Config.Seed != 11 {
		t.Fatalf("members %d with seeds %v", len(ens.Members), ens.Members)
	}
	single, err := Train(context.Background(), data, genes, cfg, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer single.Close()
	if !slices.Equal(single.Result().W, ens.Members[0].W) {
		t.Error("member 0 differs from a single run with the same seed (parallel training is not reproducible)")
	}
	for k := range ens.MeanAbsW {
		want := (math.Abs(ens.Members[0].W[k]) + math.Abs(ens.Members[1].W[k])) / 2
		if math.Abs(ens.MeanAbsW[k]-want) > 1e-12 {
			t.Fatalf("mean |W|[%d] = %v, want %v", k, ens.MeanAbsW[k], want)
		}
	}
}

func TestIllConditionedIsDamped(t *testing.T) {
	// A = [[0, 1], [1, 0]]: I − Aᵀ is exactly singular.
	a := []float32{0, 1, 1, 0}
	inv, scale, cond, crossed, err := inverseOrDamp(a, 2, 1e6, true)
	if err != nil {
		t.Fatal(err)
	}
	if !(scale < 1) || !(cond > 1e6) || crossed {
		t.Errorf("scale %v, condition %v: want damping (< 1) of a singular matrix", scale, cond)
	}
	// inv must be the inverse of I − scale·Aᵀ.
	c := inv.Value().([][]float32)
	s := float32(scale)
	m := [][]float32{{1, -s}, {-s, 1}}
	for i := 0; i < 2; i++ {
		for j := 0; j < 2; j++ {
			var v float32
			for k := 0; k < 2; k++ {
				v += m[i][k] * c[k][j]
			}
			want := float32(0)
			if i == j {
				want = 1
			}
			if math.Abs(float64(v-want)) > 1e-3 {
				t.Errorf("(I − sAᵀ)·C [%d][%d] = %v, want %v", i, j, v, want)
			}
		}
	}
	_, scale, _, crossed, err = inverseOrDamp([]float32{0, 0.1, 0.2, 0}, 2, 1e6, true)
	if err != nil || scale != 1 || crossed {
		t.Errorf("well-conditioned matrix: scale %v crossed %v err %v, want 1, false, nil", scale, crossed, err)
	}
	// A = [[0, 1.1], [1.1, 0]]: I − Aᵀ is well-conditioned (≈ 21) but its
	// determinant is 1 − 1.21 < 0, past the singular point at 1: one 0.9
	// shrink brings it back (det(I − 0.99·…) = 0.0199 > 0).
	_, scale, cond, crossed, err = inverseOrDamp([]float32{0, 1.1, 1.1, 0}, 2, 1e6, true)
	if err != nil || !crossed || math.Abs(scale-0.9) > 1e-12 || cond > 100 {
		t.Errorf("crossed matrix: scale %v crossed %v condition %v err %v, want 0.9, true, ≈ 21, nil", scale, crossed, cond, err)
	}
	// Without the determinant check (the reference) it is accepted as is.
	if _, scale, _, crossed, err = inverseOrDamp([]float32{0, 1.1, 1.1, 0}, 2, 1e6, false); err != nil || scale != 1 || crossed {
		t.Errorf("crossed matrix, no determinant check: scale %v crossed %v err %v, want 1, false, nil", scale, crossed, err)
	}
}
