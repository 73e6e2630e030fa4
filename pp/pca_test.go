package pp

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
)

// checkPCAAgainstSklearn compares a PCA result with sklearn's: variance
// ratios to ratioTol, components and scores up to each component's sign to
// vecTol.
func checkPCAAgainstSklearn(t *testing.T, res *PCAResult, want pcaFixture, comps int, ratioTol, vecTol float64) {
	t.Helper()
	for c := range comps {
		if d := math.Abs(res.VarianceRatio[c] - want.VarianceRatio[c]); d > ratioTol {
			t.Fatalf("variance_ratio[%d] = %v, want %v", c, res.VarianceRatio[c], want.VarianceRatio[c])
		}
		if !closeTo(res.Variance[c], want.Variance[c], ratioTol*10) {
			t.Fatalf("variance[%d] = %v, want %v", c, res.Variance[c], want.Variance[c])
		}
		ref := 0 // the reference's largest loading decides the sign
		for j, w := range want.Components[c] {
			if math.Abs(w) > math.Abs(want.Components[c][ref]) {
				ref = j
			}
		}
		sign := 1.0
		if res.Components.At(c, ref)*want.Components[c][ref] < 0 {
			sign = -1
		}
		for j, w := range want.Components[c] {
			if g := sign * res.Components.At(c, j); math.Abs(g-w) > vecTol {
				t.Fatalf("component %d gene %d = %v, want %v (up to sign)", c, j, g, w)
			}
		}
		for i, row := range want.Scores {
			if g := sign * res.Scores.At(i, c); math.Abs(g-row[c]) > vecTol*max(1, math.Abs(row[c])) {
				t.Fatalf("score cell %d component %d = %v, want %v (up to sign)", i, c, g, row[c])
			}
		}
	}
}

func TestPCAMatrixExactMatchesSklearn(t *testing.T) {
	f := loadSmall(t)
	d := denseOf(f.Scaled)
	res, err := PCAFloat32(d.Data, d.Rows, d.Cols, PCAOptions{NComps: 10, Solver: SolverExact})
	if err != nil {
		t.Fatal(err)
	}
	checkPCAAgainstSklearn(t, res, f.PCA, 10, 1e-6, 1e-6)
	checkSignConvention(t, res.Components)
}

func TestPCAMatrixRandomizedMatchesSklearn(t *testing.T) {
	f := loadSmall(t)
	d := denseOf(f.Scaled)
	opt := PCAOptions{NComps: 5, Solver: SolverRandomized, Seed: 3, NIter: 10}
	res, err := PCAFloat32(d.Data, d.Rows, d.Cols, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkPCAAgainstSklearn(t, res, f.PCA, 5, 1e-6, 1e-4)
	again, err := PCAFloat32(d.Data, d.Rows, d.Cols, opt)
	if err != nil {
		t.Fatal(err)
	}
	if !mat.Equal(res.Scores, again.Scores) {
		t.Fatal("the same seed gave different scores")
	}
}

// checkSignConvention checks svd_flip: each component's largest-magnitude
// loading is positive.
func checkSignConvention(t *testing.T, comps *mat.Dense) {
	t.Helper()
	k, p := comps.Dims()
	for c := range k {
		best := 0.0
		for j := range p {
			if v := comps.At(c, j); math.Abs(v) > math.Abs(best) {
				best = v
			}
		}
		if best < 0 {
			t.Fatalf("component %d: largest loading %v is negative", c, best)
		}
	}
}

func TestPCAOnAnnData(t *testing.T) {
	f := loadSmall(t)
	hv := f.HVGTop6.HighlyVariable
	var genes []int
	for j, h := range hv {
		if h {
			genes = append(genes, j)
		}
	}
	// Reference: exact PCA of the HVG columns.
	full := denseOf(f.Scaled)
	sub := mat.NewDense(full.Rows, len(genes), nil)
	for i := range full.Rows {
		for k, j := range genes {
			sub.Set(i, k, float64(full.At(i, j)))
		}
	}
	ref, err := PCAMatrix(sub, PCAOptions{NComps: 4, Solver: SolverExact})
	if err != nil {
		t.Fatal(err)
	}
	for _, solver := range []string{SolverExact, SolverRandomized} {
		t.Run(solver, func(t *testing.T) {
			bothKinds(t, f.Scaled, func(t *testing.T, a *anndata.AnnData) {
				if err := a.Var.Set("highly_variable", &anndata.BoolColumn{Values: hv}); err != nil {
					t.Fatal(err)
				}
				if err := PCA(a, PCAOptions{NComps: 4, Solver: solver, NIter: 20}); err != nil {
					t.Fatal(err)
				}
				scores, pcs := a.Obsm["X_pca"], a.Varm["PCs"]
				if scores == nil || scores.Rows != a.NObs() || scores.Cols != 4 {
					t.Fatalf("obsm X_pca = %v", scores)
				}
				if pcs == nil || pcs.Rows != a.NVars() || pcs.Cols != 4 {
					t.Fatalf("varm PCs = %v", pcs)
				}
				uns := a.Uns["pca"].(anndata.Uns)
				ratio := uns["variance_ratio"].([]float64)
				checkVector(t, "variance_ratio", ratio, ref.VarianceRatio, 1e-6)
				if p := uns["params"].(anndata.Uns); p["use_highly_variable"] != true {
					t.Fatalf("params = %v", p)
				}
				for j, h := range hv {
					for c := range 4 {
						v := float64(pcs.At(j, c))
						if !h && v != 0 {
							t.Fatalf("gene %d outside the mask has loading %v", j, v)
						}
					}
				}
				for k, j := range genes {
					for c := range 4 {
						if d := math.Abs(float64(pcs.At(j, c)) - ref.Components.At(c, k)); d > 1e-4 {
							t.Fatalf("PCs[%d,%d] = %v, want %v", j, c, pcs.At(j, c), ref.Components.At(c, k))
						}
					}
				}
				for i := range a.NObs() {
					for c := range 4 {
						if d := math.Abs(float64(scores.At(i, c)) - ref.Scores.At(i, c)); d > 1e-4 {
							t.Fatalf("X_pca[%d,%d] = %v, want %v", i, c, scores.At(i, c), ref.Scores.At(i, c))
						}
					}
				}
			})
		})
	}
}

func TestPCAErrors(t *testing.T) {
	a := newAnnData(t, denseOf([][]float64{{1, 2, 3}, {4, 5, 7}, {1, 0, 1}}))
	if err := PCA(a, PCAOptions{NComps: 4}); err == nil {
		t.Error("n_comps above min(n, p) accepted")
	}
	if err := PCA(a, PCAOptions{Solver: "arpack"}); err == nil {
		t.Error("unknown solver accepted")
	}
	if err := PCA(a, PCAOptions{MaskVar: "highly_variable"}); err == nil {
		t.Error("missing mask column accepted")
	}
	if _, err := PCAFloat32([]float32{1, 2, 3}, 2, 2, PCAOptions{}); err == nil {
		t.Error("wrong data length accepted")
	}
	// Default n_comps is min(50, min(n, p) − 1) = 2 here.
	if err := PCA(a, PCAOptions{}); err != nil {
		t.Fatal(err)
	}
	if k := a.Obsm["X_pca"].Cols; k != 2 {
		t.Fatalf("default n_comps gave %d components, want 2", k)
	}
}
