package sivae

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestNetworkCovarianceIsPositiveDefinite(t *testing.T) {
	c := DefaultNetworkConfig()
	cov := c.Covariance()
	n := c.Communities*c.CommunitySize + c.Isolated
	var chol mat.Cholesky
	if !chol.Factorize(mat.NewSymDense(n, cov)) {
		t.Fatal("covariance of the default network is not positive definite")
	}
	// The precision matrix must vanish off the graph: spoke–spoke pairs of
	// a community and pairs of different communities.
	var prec mat.SymDense
	if err := chol.InverseTo(&prec); err != nil {
		t.Fatal(err)
	}
	if v := prec.At(1, 2); math.Abs(v) > 1e-9 {
		t.Errorf("precision between two spokes = %g, want 0", v)
	}
	if v := prec.At(0, c.CommunitySize); math.Abs(v) > 1e-9 {
		t.Errorf("precision between two hubs = %g, want 0", v)
	}
	if v := prec.At(0, 1); math.Abs(v) < 0.1 {
		t.Errorf("precision on a hub–spoke edge = %g, want clearly non-zero", v)
	}
}

func TestSimulateMatchesCovariance(t *testing.T) {
	c := DefaultNetworkConfig()
	c.Seed = 3
	net, err := Simulate(c)
	if err != nil {
		t.Fatal(err)
	}
	g := len(net.Genes)
	if g != 300 || net.Cells != 5000 || len(net.X) != 5000*300 {
		t.Fatalf("got %d genes × %d cells", g, net.Cells)
	}
	corr := func(a, b int) float64 {
		var sa, sb, saa, sbb, sab float64
		for i := 0; i < net.Cells; i++ {
			x, y := float64(net.X[i*g+a]), float64(net.X[i*g+b])
			sa, sb, saa, sbb, sab = sa+x, sb+y, saa+x*x, sbb+y*y, sab+x*y
		}
		n := float64(net.Cells)
		return (sab/n - sa/n*sb/n) / math.Sqrt((saa/n-sa*sa/n/n)*(sbb/n-sb*sb/n/n))
	}
	cases := []struct {
		a, b int
		want float64
	}{{0, 7, 0.6}, {3, 9, 0.36}, {0, 50, 0}, {260, 0, 0}, {51, 60, 0.36}}
	for _, cs := range cases {
		if got := corr(cs.a, cs.b); math.Abs(got-cs.want) > 0.05 {
			t.Errorf("corr(%s, %s) = %.3f, want %.2f", net.Genes[cs.a], net.Genes[cs.b], got, cs.want)
		}
	}
	if !net.Hub[0] || net.Hub[1] || net.Community[299] != 0 || net.Community[50] != 2 {
		t.Errorf("ground truth labels wrong: hub %v %v community %d %d", net.Hub[0], net.Hub[1], net.Community[299], net.Community[50])
	}
	again, _ := Simulate(c)
	if again.X[12345] != net.X[12345] {
		t.Error("same seed gave different data")
	}
}

func TestNetworkConfigValidate(t *testing.T) {
	c := DefaultNetworkConfig()
	c.Correlation = 1
	if err := c.Validate(); err == nil {
		t.Error("correlation 1 accepted")
	}
	c = DefaultNetworkConfig()
	c.CommunitySize = 1
	if err := c.Validate(); err == nil {
		t.Error("community of one gene accepted")
	}
}
