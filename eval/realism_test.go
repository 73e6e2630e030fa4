package eval

import (
	"math"
	"math/rand/v2"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestRealismMatchesReference(t *testing.T) {
	f := load(t).Realism
	real, sim := dense(f.Real), dense(f.Sim)
	e, c, err := CentroidDistances(real, sim)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "centroid Euclidean", e, f.Euclidean)
	near(t, "centroid cosine", c, f.Cosine)
	m, err := MMDScale(real, 2)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "MMD scale", m, f.MMDScale)
	mmd, err := MMD(real, sim, m, 2)
	if err != nil {
		t.Fatal(err)
	}
	near(t, "MMD", mmd, f.MMD)
	lisi, err := LISI(dense(f.LISIEmbedding), f.LISILabels, 30, 2)
	if err != nil {
		t.Fatal(err)
	}
	nearAll(t, "iLISI", lisi, f.LISI)
}

func TestRealismErrors(t *testing.T) {
	a := mat.NewDense(30, 3, nil)
	b := mat.NewDense(30, 4, nil)
	if _, _, err := CentroidDistances(a, b); err == nil {
		t.Error("different gene counts: no error")
	}
	if _, err := MMDScale(mat.NewDense(10, 3, nil), 1); err == nil {
		t.Error("MMD scale with 10 cells: no error")
	}
	if _, err := MMD(a, a, 0, 1); err == nil {
		t.Error("MMD with zero scale: no error")
	}
	if _, err := LISI(a, make([]string, 30), 30, 1); err == nil {
		t.Error("LISI with fewer than 90 cells: no error")
	}
}

func gaussianCells(rng *rand.Rand, n, p int, shift float64) *mat.Dense {
	m := mat.NewDense(n, p, nil)
	for i := range n {
		for j := range p {
			m.Set(i, j, rng.NormFloat64()+shift*float64(j%3))
		}
	}
	return m
}

func TestRandomForestAUROC(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 1))
	real := gaussianCells(rng, 150, 30, 0)
	same := gaussianCells(rng, 150, 30, 0)
	shifted := gaussianCells(rng, 150, 30, 1)
	opt := RFOptions{PCs: 10, Trees: 60, Folds: 3, Seed: 1, Threads: 2}
	indist, err := RandomForestAUROC(real, same, opt)
	if err != nil {
		t.Fatal(err)
	}
	dist, err := RandomForestAUROC(real, shifted, opt)
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("AUROC same distribution %.3f, shifted %.3f", indist.AUROC, dist.AUROC)
	if math.Abs(indist.AUROC-0.5) > 0.12 || dist.AUROC < 0.95 {
		t.Errorf("AUROC %.3f for identical distributions (want ≈ 0.5), %.3f for shifted (want ≈ 1)", indist.AUROC, dist.AUROC)
	}
	if len(dist.FoldAUROC) != 3 || len(dist.ROC.FPR) < 2 {
		t.Errorf("result %+v lacks folds or curve", dist)
	}
	again, _ := RandomForestAUROC(real, shifted, opt)
	if again.AUROC != dist.AUROC {
		t.Error("RF AUROC not reproducible with the same seed")
	}
}

func TestPrincipalComponentsBothShapes(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 3))
	tall := gaussianCells(rng, 40, 6, 0.5)
	wide := mat.DenseCopyOf(tall.Slice(0, 5, 0, 6))
	for _, x := range []*mat.Dense{tall, wide} {
		n, p := x.Dims()
		s, err := principalComponents(x, 3)
		if err != nil {
			t.Fatal(err)
		}
		// Scores are centred and their variances decrease.
		var prev = math.Inf(1)
		for c := range 3 {
			var sum, sq float64
			for i := range n {
				sum += s.At(i, c)
				sq += s.At(i, c) * s.At(i, c)
			}
			if math.Abs(sum) > 1e-9 || sq > prev+1e-9 {
				t.Errorf("%d×%d: component %d sum %g, variance %g after %g", n, p, c, sum, sq, prev)
			}
			prev = sq
		}
	}
}
