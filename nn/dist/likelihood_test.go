package dist

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"

	"regula/nn/gradcheck"
)

func lgamma(x float64) float64 {
	v, _ := math.Lgamma(x)
	return v
}

// nbLogPMFDirect is the negative binomial log-pmf written as the log of
// Γ(x+θ)/(Γ(θ)·x!)·(θ/(θ+μ))^θ·(μ/(θ+μ))^x, with the same ε as the graph
// version inside the logarithms.
func nbLogPMFDirect(x, mu, theta float64) float64 {
	p := math.Log(mu+Eps) - math.Log(theta+mu+Eps)
	q := math.Log(theta+Eps) - math.Log(theta+mu+Eps)
	return lgamma(x+theta) - lgamma(theta) - lgamma(x+1) + theta*q + x*p
}

// zinbLogPMFDirect mixes a point mass at zero (probability π) with the
// negative binomial: log(π·[x=0] + (1−π)·NB(x)).
func zinbLogPMFDirect(x, mu, theta, logit float64) float64 {
	pi := 1 / (1 + math.Exp(-logit))
	nb := math.Exp(nbLogPMFDirect(x, mu, theta))
	if x == 0 {
		return math.Log(pi + (1-pi)*nb)
	}
	return math.Log1p(-pi) + nbLogPMFDirect(x, mu, theta)
}

// countCases are (x, μ, θ, dropout logit) points covering zeros, small and
// large counts, small and large dispersions.
var countCases = [][4]float64{
	{0, 0.5, 2, -1.5},
	{0, 30, 0.3, 0.7},
	{1, 0.5, 2, 2},
	{3, 4.2, 0.8, -3},
	{7, 3, 15, 0},
	{42, 50.5, 1.3, 1.1},
	{250, 180, 6, -0.4},
	{0, 1e-3, 100, 4},
	{5, 5, 1e4, -2},
}

func countColumns() (x, mu, theta, logit []float64) {
	for _, c := range countCases {
		x, mu, theta, logit = append(x, c[0]), append(mu, c[1]), append(theta, c[2]), append(logit, c[3])
	}
	return
}

func TestNegBinomialLogPMFMatchesDirect(t *testing.T) {
	x, mu, theta, _ := countColumns()
	got := evalFloat64(t, func(in []*Node) *Node { return NegBinomialLogPMF(in[0], in[1], in[2]) }, x, mu, theta)
	want := make([]float64, len(x))
	for i := range x {
		want[i] = nbLogPMFDirect(x[i], mu[i], theta[i])
	}
	assertClose(t, "NB log-pmf", got, want, 1e-10)
}

func TestZINBLogPMFMatchesMixture(t *testing.T) {
	x, mu, theta, logit := countColumns()
	got := evalFloat64(t, func(in []*Node) *Node { return ZINBLogPMF(in[0], in[1], in[2], in[3]) }, x, mu, theta, logit)
	want := make([]float64, len(x))
	for i := range x {
		want[i] = zinbLogPMFDirect(x[i], mu[i], theta[i], logit[i])
	}
	assertClose(t, "ZINB log-pmf", got, want, 1e-10)
}

// TestCountPMFsSumToOne sums each pmf over x = 0..n for a few parameter
// sets: a wrong normalising term would show up here whatever the reference.
func TestCountPMFsSumToOne(t *testing.T) {
	const n = 2000
	for _, p := range [][3]float64{{0.7, 0.5, -1}, {12, 3, 0.5}, {40, 0.9, 2}} {
		var xs, mus, thetas, logits []float64
		for x := range n {
			xs, mus, thetas, logits = append(xs, float64(x)), append(mus, p[0]), append(thetas, p[1]), append(logits, p[2])
		}
		for name, fn := range map[string]func(in []*Node) *Node{
			"NB":      func(in []*Node) *Node { return NegBinomialLogPMF(in[0], in[1], in[2]) },
			"ZINB":    func(in []*Node) *Node { return ZINBLogPMF(in[0], in[1], in[2], in[3]) },
			"Poisson": func(in []*Node) *Node { return PoissonLogPMF(in[0], in[1]) },
		} {
			logp := evalFloat64(t, fn, xs, mus, thetas, logits)
			total := 0.0
			for _, v := range logp {
				total += math.Exp(v)
			}
			if math.Abs(total-1) > 1e-6 {
				t.Errorf("%s(μ=%g, θ=%g, logit=%g): Σ pmf = %.12f, want 1", name, p[0], p[1], p[2], total)
			}
		}
	}
}

func TestPoissonLogPMFMatchesDirect(t *testing.T) {
	x, mu, _, _ := countColumns()
	got := evalFloat64(t, func(in []*Node) *Node { return PoissonLogPMF(in[0], in[1]) }, x, mu)
	want := make([]float64, len(x))
	for i := range x {
		want[i] = x[i]*math.Log(mu[i]+Eps) - mu[i] - lgamma(x[i]+1)
	}
	assertClose(t, "Poisson log-pmf", got, want, 1e-10)
}

func TestGaussianLogPDF(t *testing.T) {
	x := []float64{-1.3, 0, 0.25, 4}
	mean := []float64{0.2, 0, -0.5, 3.5}
	logVar := []float64{-2, 0, 0.7, 1.5}
	got := evalFloat64(t, func(in []*Node) *Node { return GaussianLogPDF(in[0], in[1], in[2]) }, x, mean, logVar)
	gotFixed := evalFloat64(t, func(in []*Node) *Node { return GaussianLogPDFFixed(in[0], in[1], 0.3) }, x, mean)
	want := make([]float64, len(x))
	wantFixed := make([]float64, len(x))
	for i := range x {
		sd := math.Exp(0.5 * logVar[i])
		z := (x[i] - mean[i]) / sd
		want[i] = -0.5*z*z - math.Log(sd*math.Sqrt(2*math.Pi))
		zf := (x[i] - mean[i]) / math.Sqrt(0.3)
		wantFixed[i] = -0.5*zf*zf - math.Log(math.Sqrt(2*math.Pi*0.3))
	}
	assertClose(t, "Gaussian log-pdf", got, want, 1e-12)
	assertClose(t, "Gaussian fixed-variance log-pdf", gotFixed, wantFixed, 1e-12)
}

func TestLikelihoodGradientsMatchFiniteDifferences(t *testing.T) {
	// Counts are fixed data; the parameters are differentiated. The last
	// case (θ = 1e4) is left out: its log-pmf sums terms of order 1e5 that
	// cancel, so central differences lose the digits the check needs.
	x, mu, theta, logit := countColumns()
	last := len(x) - 1
	x, mu, theta, logit = x[:last], mu[:last], theta[:last], logit[:last]
	xNode := func(g *Graph) *Node { return Const(g, x) }
	cases := []struct {
		name   string
		fn     gradcheck.GraphFunc
		inputs []*tensors.Tensor
	}{
		{"NB", func(g *Graph, in []*Node) *Node {
			return ReduceAllSum(NegBinomialLogPMF(xNode(g), in[0], in[1]))
		}, []*tensors.Tensor{vector(mu...), vector(theta...)}},
		{"ZINB", func(g *Graph, in []*Node) *Node {
			return ReduceAllSum(ZINBLogPMF(xNode(g), in[0], in[1], in[2]))
		}, []*tensors.Tensor{vector(mu...), vector(theta...), vector(logit...)}},
		{"Poisson", func(g *Graph, in []*Node) *Node {
			return ReduceAllSum(PoissonLogPMF(xNode(g), in[0]))
		}, []*tensors.Tensor{vector(mu...)}},
		{"Gaussian", func(g *Graph, in []*Node) *Node {
			return ReduceAllSum(GaussianLogPDF(in[0], in[1], in[2]))
		}, []*tensors.Tensor{vector(0.3, -1, 2), vector(0.1, 0.4, 1.2), vector(-0.5, 0.2, 1)}},
	}
	for _, c := range cases {
		res, err := gradcheck.CheckGraph(testBackend(t), c.fn, c.inputs, gradcheck.Options{})
		if err != nil {
			t.Fatalf("%s: %v", c.name, err)
		}
		if res.MaxRelErr > 1e-5 {
			t.Errorf("%s gradient vs finite differences: %s", c.name, res)
		}
	}
}
