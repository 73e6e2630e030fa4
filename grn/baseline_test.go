package grn

import (
	"math"
	"math/rand/v2"
	"reflect"
	"testing"

	"regula/anndata"
)

// threeGenes returns cells × [A, B, C] with B = 2A + small noise (B is
// monotone in A) and C independent of both.
func threeGenes(n int, seed uint64) (*anndata.Dense, []string) {
	rng := rand.New(rand.NewPCG(seed, 1))
	x := anndata.NewDense(n, 3)
	for i := 0; i < n; i++ {
		a := rng.NormFloat64()
		x.Set(i, 0, float32(a))
		x.Set(i, 1, float32(math.Exp(a)+0.01*rng.NormFloat64()))
		x.Set(i, 2, float32(rng.NormFloat64()))
	}
	return x, []string{"A", "B", "C"}
}

func TestPearsonSpearmanRankTheDependentPairFirst(t *testing.T) {
	x, genes := threeGenes(300, 1)
	for name, method := range map[string]func(anndata.Matrix, []string, []string) ([]Edge, error){
		"pearson": Pearson, "spearman": Spearman,
	} {
		edges, err := method(x, genes, nil)
		if err != nil {
			t.Fatal(err)
		}
		if len(edges) != 6 {
			t.Fatalf("%s: %d edges, want 6 (3 regulators × 2 targets)", name, len(edges))
		}
		top := map[[2]string]bool{{edges[0].From, edges[0].To}: true, {edges[1].From, edges[1].To}: true}
		if !top[[2]string{"A", "B"}] || !top[[2]string{"B", "A"}] {
			t.Errorf("%s: top edges %v, want A–B both ways", name, edges[:2])
		}
		for _, e := range edges {
			if e.From == e.To {
				t.Errorf("%s: self-loop %v", name, e)
			}
			if e.Weight < 0 || e.Weight > 1+1e-12 {
				t.Errorf("%s: weight %v outside [0,1]", name, e)
			}
		}
	}
	sp, _ := Spearman(x, genes, []string{"A"})
	if math.Abs(sp[0].Weight-1) > 0.02 || sp[0].To != "B" {
		t.Errorf("spearman of a monotone pair = %v, want ≈ 1 for A→B", sp[0])
	}
	pe, _ := Pearson(x, genes, []string{"A"})
	if pe[0].Weight > 0.95 {
		t.Errorf("pearson of exp(A) vs A = %v: should be clearly below 1 (non-linear)", pe[0].Weight)
	}
}

func TestRegulatorFilterAndErrors(t *testing.T) {
	x, genes := threeGenes(50, 2)
	edges, err := Pearson(x, genes, []string{"C", "notInData"})
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 2 {
		t.Fatalf("%d edges, want 2 (C → A, C → B)", len(edges))
	}
	for _, e := range edges {
		if e.From != "C" {
			t.Errorf("edge %v from a non-TF", e)
		}
	}
	if _, err := Pearson(x, genes, []string{"X"}); err == nil {
		t.Error("no regulator in data: want an error")
	}
	if _, err := Pearson(x, genes[:2], nil); err == nil {
		t.Error("gene name count mismatch: want an error")
	}
	if _, err := Pearson(x, []string{"A", "A", "C"}, nil); err == nil {
		t.Error("duplicate gene names: want an error")
	}
}

func TestConstantGeneHasZeroWeight(t *testing.T) {
	x, genes := threeGenes(40, 3)
	for i := 0; i < 40; i++ {
		x.Set(i, 2, 5)
	}
	edges, err := Pearson(x, genes, nil)
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range edges {
		if (e.From == "C" || e.To == "C") && e.Weight != 0 {
			t.Errorf("edge %v touching a constant gene has weight ≠ 0", e)
		}
	}
}

func TestRankTies(t *testing.T) {
	v := []float64{3, 1, 3, 2}
	rankInPlace(v)
	if want := []float64{3.5, 1, 3.5, 2}; !reflect.DeepEqual(v, want) {
		t.Errorf("ranks %v, want %v", v, want)
	}
}

func TestGENIE3FindsTheRegulatorAndIsReproducible(t *testing.T) {
	x, genes := threeGenes(200, 4)
	cfg := GENIE3Config{Regulators: []string{"A", "C"}, Trees: 50, Seed: 7, Threads: 1}
	edges, err := GENIE3(x, genes, cfg)
	if err != nil {
		t.Fatal(err)
	}
	// Targets: A (regulator C), B (A, C), C (A): 4 edges.
	if len(edges) != 4 {
		t.Fatalf("%d edges, want 4: %v", len(edges), edges)
	}
	w := map[[2]string]float64{}
	for _, e := range edges {
		w[[2]string{e.From, e.To}] = e.Weight
	}
	// Fully grown trees give the noise regulator some importance too.
	if ab, cb := w[[2]string{"A", "B"}], w[[2]string{"C", "B"}]; !(ab > 0.6 && ab > 2*cb) {
		t.Errorf("importance for B: A %v, C %v; want A > 0.6 and > 2·C (B is a function of A)", ab, cb)
	}
	cfg.Threads = 3
	again, err := GENIE3(x, genes, cfg)
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(edges, again) {
		t.Error("GENIE3 result depends on the thread count")
	}
}
