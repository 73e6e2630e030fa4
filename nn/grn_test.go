package nn

import (
	"errors"
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"gonum.org/v1/gonum/mat"

	"regula/nn/gradcheck"
)

// deepsemW returns a DeepSEM-like W: zero diagonal, off-diagonal 1/(n−1) + noise.
func deepsemW(seed uint64, n int) *tensors.Tensor {
	noise := tensors.MustCopyFlatData[float64](randomFloat64(seed, 0.02, n, n))
	for i := range n {
		for j := range n {
			if i == j {
				noise[i*n+j] = 0
			} else {
				noise[i*n+j] += 1 / float64(n-1) * 0.5
			}
		}
	}
	return tensors.FromFlatDataAndDimensions(noise, n, n)
}

func TestInverseGRNGradient(t *testing.T) {
	const n, batch = 40, 3
	backend := testBackend(t)
	z := randomFloat64(11, 1, batch, n)
	w := deepsemW(12, n)
	hostInverse := func(in []*tensors.Tensor) ([]*tensors.Tensor, error) {
		c, _, err := InverseIMinusWTTensor(in[1], InverseOptions{})
		return []*tensors.Tensor{c}, err
	}
	res, err := gradcheck.CheckGraph(backend, func(g *Graph, in []*Node) *Node {
		// in: z, w, then the auxiliary host inverse.
		h := InverseGRN(in[0], in[1], in[2])
		return weightedSum(Tanh(h))
	}, []*tensors.Tensor{z, w}, gradcheck.Options{Aux: hostInverse})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr >= gradTolerance {
		t.Errorf("InverseGRN: %v", res)
	} else {
		t.Logf("InverseGRN: %v", res)
	}

	res, err = gradcheck.CheckGraph(backend, func(g *Graph, in []*Node) *Node {
		return weightedSum(Tanh(GRN(in[0], in[1])))
	}, []*tensors.Tensor{z, w}, gradcheck.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if res.MaxRelErr >= gradTolerance {
		t.Errorf("GRN: %v", res)
	}
}

func TestInverseGRNValueMatchesSolve(t *testing.T) {
	const n, batch = 40, 4
	backend := testBackend(t)
	z := randomFloat64(21, 1, batch, n)
	w := deepsemW(22, n)
	c, report, err := InverseIMinusWTTensor(w, InverseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Log(report)
	h := MustExecOnceN(backend, func(z, w, c *Node) []*Node {
		return []*Node{InverseGRN(z, w, c), GRN(InverseGRN(z, w, c), w)}
	}, z, w, c)
	got := tensors.MustCopyFlatData[float64](h[0])
	roundTrip := tensors.MustCopyFlatData[float64](h[1])
	// Solve h·A = z, i.e. Aᵀ·hᵀ = zᵀ, with A = I − Wᵀ (so Aᵀ = I − W).
	wf := tensors.MustCopyFlatData[float64](w)
	at := mat.NewDense(n, n, nil)
	for i := range n {
		for j := range n {
			v := -wf[i*n+j]
			if i == j {
				v++
			}
			at.Set(i, j, v)
		}
	}
	zt := mat.NewDense(n, batch, nil)
	zf := tensors.MustCopyFlatData[float64](z)
	for b := range batch {
		for i := range n {
			zt.Set(i, b, zf[b*n+i])
		}
	}
	var ht mat.Dense
	if err := ht.Solve(at, zt); err != nil {
		t.Fatal(err)
	}
	worst := 0.0
	for b := range batch {
		for i := range n {
			worst = max(worst, math.Abs(got[b*n+i]-ht.At(i, b)))
			worst = max(worst, math.Abs(roundTrip[b*n+i]-zf[b*n+i]))
		}
	}
	if worst > 1e-10 {
		t.Errorf("InverseGRN differs from gonum's solve by %g", worst)
	}
}

func TestInverseConditioning(t *testing.T) {
	const n = 5
	// W = I makes I − Wᵀ exactly singular.
	w := make([]float64, n*n)
	for i := range n {
		w[i*n+i] = 1
	}
	_, _, err := InverseIMinusWT(w, n, InverseOptions{})
	var ill *IllConditionedError
	if !errors.As(err, &ill) {
		t.Fatalf("want IllConditionedError, got %v", err)
	}
	t.Log(err)
	c, report, err := InverseIMinusWT(w, n, InverseOptions{AutoRidge: true})
	if err != nil {
		t.Fatal(err)
	}
	if !report.Damped || report.Ridge <= 0 {
		t.Errorf("want a damped report, got %v", report)
	}
	// (1+λ)I − I = λI: the inverse is I/λ.
	if got, want := c[0], 1/report.Ridge; math.Abs(got-want) > 1e-9*want {
		t.Errorf("C[0,0] = %g, want %g", got, want)
	}
	// Scaling W by 1/2 gives I/2 − 0 → inverse 2I.
	c, _, err = InverseIMinusWT(w, n, InverseOptions{Scale: 0.5})
	if err != nil || math.Abs(c[0]-2) > 1e-12 {
		t.Errorf("scale damping: C[0,0] = %v, err %v", c[0], err)
	}
	w[3] = math.NaN()
	if _, _, err := InverseIMinusWT(w, n, InverseOptions{AutoRidge: true}); err == nil {
		t.Error("NaN in W must be an error")
	}
	if _, _, err := InverseIMinusWT(w[:3], n, InverseOptions{}); err == nil {
		t.Error("wrong length must be an error")
	}
}

func TestInversePositiveDeterminant(t *testing.T) {
	// W = 1.5·I: I − Wᵀ = −0.5·I is well-conditioned but every eigenvalue
	// has crossed zero (det = (−0.5)⁵ < 0).
	const n = 5
	w := make([]float64, n*n)
	for i := range n {
		w[i*n+i] = 1.5
	}
	c, report, err := InverseIMinusWT(w, n, InverseOptions{})
	if err != nil || report.DetSign != -1 || math.Abs(c[0]+2) > 1e-12 {
		t.Fatalf("without the determinant check: C[0,0] = %v, sign %v, err %v; want −2, −1, nil", c[0], report.DetSign, err)
	}
	_, _, err = InverseIMinusWT(w, n, InverseOptions{PositiveDeterminant: true})
	var ill *IllConditionedError
	if !errors.As(err, &ill) || !ill.NonPositiveDet {
		t.Fatalf("want an IllConditionedError with NonPositiveDet, got %v", err)
	}
	// Scale 0.5: I − 0.75·I = 0.25·I, positive determinant.
	if _, report, err := InverseIMinusWT(w, n, InverseOptions{PositiveDeterminant: true, Scale: 0.5}); err != nil || report.DetSign != 1 {
		t.Errorf("scaled: sign %v, err %v; want 1, nil", report.DetSign, err)
	}
}

func TestNewtonSchulz(t *testing.T) {
	const n = 30
	backend := testBackend(t)
	w := deepsemW(31, n)
	c, _, err := InverseIMinusWTTensor(w, InverseOptions{})
	if err != nil {
		t.Fatal(err)
	}
	// Warm start from the inverse of a slightly different W (one training step away).
	w2 := tensors.MustCopyFlatData[float64](w)
	for i := range w2 {
		if i%(n+1) != 0 {
			w2[i] *= 1.01
		}
	}
	moved := tensors.FromFlatDataAndDimensions(w2, n, n)
	out := MustExecOnceN(backend, func(w, c *Node) []*Node {
		a := IMinusWT(w)
		refined := NewtonSchulz(a, c, 3)
		return []*Node{InverseResidual(a, c), InverseResidual(a, refined)}
	}, moved, c)
	before, after := tensors.ToScalar[float64](out[0]), tensors.ToScalar[float64](out[1])
	t.Logf("residual before %.3g, after 3 Newton–Schulz steps %.3g", before, after)
	if after > 1e-10 || after >= before {
		t.Errorf("Newton–Schulz did not converge: %g → %g", before, after)
	}
}
