package dist

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"regula/nn/gradcheck"
)

var lgammaPoints = []float64{1e-6, 1e-3, 0.1, 0.5, 1, 1.5, 2, 2.5, 3.7, 7.25, 10, 50.5, 123.4, 1000, 12345.6, 1e6}

func TestLgammaMatchesMathLgammaFloat64(t *testing.T) {
	got := evalFloat64(t, func(in []*Node) *Node { return Lgamma(in[0]) }, lgammaPoints)
	want := make([]float64, len(lgammaPoints))
	for i, x := range lgammaPoints {
		want[i], _ = math.Lgamma(x)
	}
	assertClose(t, "Lgamma", got, want, 1e-13)
}

func TestLgammaFloat32(t *testing.T) {
	in := make([]float32, len(lgammaPoints))
	for i, x := range lgammaPoints {
		in[i] = float32(x)
	}
	out := MustExecOnce(testBackend(t), func(x *Node) *Node { return Lgamma(x) }, in)
	got := tensors.MustCopyFlatData[float32](out)
	for i, x := range in {
		want, _ := math.Lgamma(float64(x))
		if err := math.Abs(float64(got[i]) - want); err > 2e-6*math.Max(1, math.Abs(want)) {
			t.Errorf("float32 Lgamma(%g) = %g, want %g (error %g)", x, got[i], want, err)
		}
	}
}

// TestLgammaGradientIsDigamma checks the autodiff gradient against digamma
// values (ψ(1) = −γ, ψ(½) = −γ − 2 ln 2, ψ(n+1) = ψ(n) + 1/n) and against
// finite differences.
func TestLgammaGradientIsDigamma(t *testing.T) {
	const eulerGamma = 0.57721566490153286061
	points := []float64{0.5, 1, 2, 5}
	want := []float64{-eulerGamma - 2*math.Ln2, -eulerGamma, 1 - eulerGamma, 1 + 1.0/2 + 1.0/3 + 1.0/4 - eulerGamma}
	got := evalFloat64(t, func(in []*Node) *Node {
		return Gradient(ReduceAllSum(Lgamma(in[0])), in[0])[0]
	}, points)
	assertClose(t, "digamma", got, want, 1e-9)

	res, err := gradcheck.CheckGraph(testBackend(t), func(g *Graph, in []*Node) *Node {
		return ReduceAllSum(Lgamma(in[0]))
	}, []*tensors.Tensor{vector(0.3, 1.7, 4.2, 25, 310)}, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr > 1e-5 {
		t.Errorf("Lgamma gradient vs finite differences: %s", res)
	}
}
