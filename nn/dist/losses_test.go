package dist

import (
	"encoding/json"
	"math"
	"os"
	"strconv"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"regula/nn/gradcheck"
)

// torchFixtures mirrors testdata/torch_fixtures.json (testdata/make_fixtures.py).
type torchFixtures struct {
	BCE struct {
		Logits      []float64            `json:"logits"`
		Targets     []float64            `json:"targets"`
		ByPosWeight map[string][]float64 `json:"by_pos_weight"`
	} `json:"bce"`
	NB struct {
		X       []float64 `json:"x"`
		Mu      []float64 `json:"mu"`
		Theta   []float64 `json:"theta"`
		LogProb []float64 `json:"log_prob"`
	} `json:"nb"`
}

func loadTorchFixtures(t *testing.T) torchFixtures {
	t.Helper()
	raw, err := os.ReadFile("testdata/torch_fixtures.json")
	if err != nil {
		t.Fatal(err)
	}
	var f torchFixtures
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatalf("testdata/torch_fixtures.json: %v", err)
	}
	return f
}

func TestBCEWithLogitsMatchesTorch(t *testing.T) {
	f := loadTorchFixtures(t)
	if len(f.BCE.ByPosWeight) == 0 {
		t.Fatal("fixture has no BCE cases")
	}
	for key, want := range f.BCE.ByPosWeight {
		w, err := strconv.ParseFloat(key, 64)
		if err != nil {
			t.Fatal(err)
		}
		got := evalFloat64(t, func(in []*Node) *Node { return BCEWithLogits(in[0], in[1], w) }, f.BCE.Logits, f.BCE.Targets)
		assertClose(t, "BCE pos_weight="+key, got, want, 1e-12)
	}
}

// TestNegBinomialMatchesTorchDistribution compares with PyTorch's
// NegativeBinomial, which has no ε: agreement is limited by ε = 1e-8.
func TestNegBinomialMatchesTorchDistribution(t *testing.T) {
	f := loadTorchFixtures(t)
	got := evalFloat64(t, func(in []*Node) *Node { return NegBinomialLogPMF(in[0], in[1], in[2]) }, f.NB.X, f.NB.Mu, f.NB.Theta)
	assertClose(t, "NB vs torch", got, f.NB.LogProb, 1e-7)
}

func TestKLDivergences(t *testing.T) {
	mean1 := []float64{0, 0.5, -1.2, 2}
	logVar1 := []float64{0, -1, 0.4, 1.1}
	mean2 := []float64{0, -0.3, 0.8, 2}
	logVar2 := []float64{0, 0.5, -0.7, 1.1}
	zeros := make([]float64, len(mean1))
	gotStd := evalFloat64(t, func(in []*Node) *Node { return KLStandardNormal(in[0], in[1]) }, mean1, logVar1)
	gotStdAsDiag := evalFloat64(t, func(in []*Node) *Node { return KLDiagGaussians(in[0], in[1], in[2], in[2]) }, mean1, logVar1, zeros)
	gotDiag := evalFloat64(t, func(in []*Node) *Node { return KLDiagGaussians(in[0], in[1], in[2], in[3]) }, mean1, logVar1, mean2, logVar2)
	wantStd := make([]float64, len(mean1))
	wantDiag := make([]float64, len(mean1))
	for i := range mean1 {
		// KL(N(a, s²) ‖ N(b, r²)) = log(r/s) + (s² + (a−b)²)/(2r²) − ½.
		kl := func(a, s, b, r float64) float64 { return math.Log(r/s) + (s*s+(a-b)*(a-b))/(2*r*r) - 0.5 }
		wantStd[i] = kl(mean1[i], math.Exp(logVar1[i]/2), 0, 1)
		wantDiag[i] = kl(mean1[i], math.Exp(logVar1[i]/2), mean2[i], math.Exp(logVar2[i]/2))
	}
	assertClose(t, "KL to N(0,1)", gotStd, wantStd, 1e-12)
	assertClose(t, "KL to N(0,1) via KLDiagGaussians", gotStdAsDiag, wantStd, 1e-12)
	assertClose(t, "KL between diagonal Gaussians", gotDiag, wantDiag, 1e-12)
	if math.Abs(gotDiag[0]) > 1e-15 || math.Abs(gotDiag[3]) > 1e-15 {
		t.Errorf("KL of identical Gaussians = %g, %g; want 0", gotDiag[0], gotDiag[3])
	}

	res, err := gradcheck.CheckGraph(testBackend(t), func(g *Graph, in []*Node) *Node {
		return ReduceAllSum(KLDiagGaussians(in[0], in[1], in[2], in[3]))
	}, []*tensors.Tensor{vector(mean1...), vector(logVar1...), vector(mean2...), vector(logVar2...)}, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr > 1e-5 {
		t.Errorf("KLDiagGaussians gradient: %s", res)
	}
}

func TestMaskedMSE(t *testing.T) {
	x := []float64{1, 2, 3, 4}
	xHat := []float64{1.5, 0, 3, 10}
	mask := []float64{1, 1, 0, 0}
	got := evalFloat64(t, func(in []*Node) *Node { return Reshape(MaskedMSE(in[0], in[1], in[2]), 1) }, x, xHat, mask)
	assertClose(t, "masked MSE", got, []float64{(0.25 + 4) / 2}, 1e-15)

	empty := evalFloat64(t, func(in []*Node) *Node { return Reshape(MaskedMSE(in[0], in[1], in[2]), 1) }, x, xHat, []float64{0, 0, 0, 0})
	if empty[0] != 0 {
		t.Errorf("masked MSE with an empty mask = %g, want 0", empty[0])
	}

	res, err := gradcheck.CheckGraph(testBackend(t), func(g *Graph, in []*Node) *Node {
		return MaskedMSE(Const(g, x), in[0], Const(g, []float64{1, 0.5, 0, 2}))
	}, []*tensors.Tensor{vector(xHat...)}, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr > 1e-5 {
		t.Errorf("MaskedMSE gradient: %s", res)
	}
}

func TestBCEWithLogitsGradient(t *testing.T) {
	targets := []float64{0, 1, 1, 0.3}
	res, err := gradcheck.CheckGraph(testBackend(t), func(g *Graph, in []*Node) *Node {
		return ReduceAllSum(BCEWithLogits(in[0], Const(g, targets), 4))
	}, []*tensors.Tensor{vector(-2.5, 0.3, 1.7, -0.2)}, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr > 1e-5 {
		t.Errorf("BCEWithLogits gradient: %s", res)
	}
}

func TestNormalizeLibrarySize(t *testing.T) {
	x := [][]float64{{1, 3, 0, 4}, {0, 0, 0, 0}, {10, 0, 5, 5}}
	out := MustExecOnce(testBackend(t), func(x *Node) *Node { return NormalizeLibrarySize(x, 1000) }, x)
	got := out.Value().([][]float64)
	want := [][]float64{{125, 375, 0, 500}, {0, 0, 0, 0}, {500, 0, 250, 250}}
	for i := range want {
		assertClose(t, "normalised row", got[i], want[i], 1e-13)
	}
}

func TestSizeFactors(t *testing.T) {
	got, err := SizeFactors([]float64{100, 400, 200, 300})
	if err != nil {
		t.Fatal(err)
	}
	assertClose(t, "size factors", got, []float64{0.4, 1.6, 0.8, 1.2}, 1e-15)
	for _, bad := range [][]float64{nil, {1, -2, 3}, {0, 0, 5}, {1, math.NaN()}} {
		if _, err := SizeFactors(bad); err == nil {
			t.Errorf("SizeFactors(%v) returned no error", bad)
		}
	}
}
