package pp

import (
	"math"
	"slices"
	"testing"

	"regula/anndata"
	"regula/internal/testdata"
)

// pbmc3kFixture is pp/testdata/pbmc3k.json: the same pipeline computed in
// numpy/pandas/sklearn by make_fixtures.py.
type pbmc3kFixture struct {
	Shape              []int     `json:"shape"`
	HVGDispersionsNorm nanFloats `json:"hvg_dispersions_norm"`
	HVGSelected        []int     `json:"hvg_selected"`
	PCAVarianceRatio   []float64 `json:"pca_variance_ratio"`
	V3VariancesNorm    []float64 `json:"v3_variances_norm"`
	V3Selected         []int     `json:"v3_selected"`
}

func readPBMC3k(t *testing.T) *anndata.AnnData {
	t.Helper()
	path := testdata.Path(t, "pbmc3k_clustifyr", "counts_recovered_genes_x_cells.mtx.gz")
	a, err := anndata.Read(path, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	return a
}

func selectedPositions(t *testing.T, a *anndata.AnnData) []int {
	t.Helper()
	var out []int
	for j, v := range boolCol(t, a.Var, "highly_variable") {
		if v {
			out = append(out, j)
		}
	}
	return out
}

// TestPBMC3kPipeline runs normalize_total(1e4) → log1p → HVG(seurat, 500,
// subset) → scale(max 10) → PCA(50) on the real pbmc3k counts and compares
// with the numpy/sklearn reference.
func TestPBMC3kPipeline(t *testing.T) {
	var want pbmc3kFixture
	readJSON(t, "pbmc3k.json", &want)
	a := readPBMC3k(t)
	if a.NObs() != want.Shape[0] || a.NVars() != want.Shape[1] {
		t.Fatalf("pbmc3k is %d × %d, want %v", a.NObs(), a.NVars(), want.Shape)
	}
	if err := NormalizeTotal(a, NormalizeOptions{TargetSum: 1e4}); err != nil {
		t.Fatal(err)
	}
	if err := Log1p(a, 0); err != nil {
		t.Fatal(err)
	}
	opt := DefaultHVGOptions()
	opt.NTopGenes = 500
	opt.Subset = true
	hvg, err := HighlyVariableGenes(a, opt)
	if err != nil {
		t.Fatal(err)
	}
	checkVector(t, "dispersions_norm", floatCol(t, a.Var, "dispersions_norm"), want.HVGDispersionsNorm, 1e-4)
	if got := selectedPositions(t, a); !slices.Equal(got, want.HVGSelected) {
		t.Fatalf("HVG selection differs from the reference: %d genes vs %d", len(got), len(want.HVGSelected))
	}
	if hvg.NVars() != 500 {
		t.Fatalf("subset has %d genes, want 500", hvg.NVars())
	}
	sopt := DefaultScaleOptions()
	sopt.MaxValue = 10
	if err := Scale(hvg, sopt); err != nil {
		t.Fatal(err)
	}
	randomized := &anndata.AnnData{X: hvg.X.Clone(), Obs: hvg.Obs, Var: hvg.Var, Uns: anndata.Uns{}}
	if err := PCA(hvg, PCAOptions{NComps: 50}); err != nil { // auto → exact here
		t.Fatal(err)
	}
	ratio := hvg.Uns["pca"].(anndata.Uns)["variance_ratio"].([]float64)
	if len(ratio) != 50 {
		t.Fatalf("%d variance ratios, want 50", len(ratio))
	}
	for c := 1; c < len(ratio); c++ {
		if ratio[c] > ratio[c-1]*(1+1e-9) {
			t.Fatalf("variance ratios not decreasing at %d: %v > %v", c, ratio[c], ratio[c-1])
		}
	}
	for c := range 10 {
		if d := math.Abs(ratio[c] - want.PCAVarianceRatio[c]); d > 1e-9 {
			t.Errorf("variance_ratio[%d] = %.10g, sklearn %.10g", c, ratio[c], want.PCAVarianceRatio[c])
		}
	}
	// The randomised solver gets close on this flat spectrum given enough
	// oversampling and power iterations.
	if err := PCA(randomized, PCAOptions{NComps: 50, Solver: SolverRandomized, NOversamples: 100, NIter: 15, Seed: 1}); err != nil {
		t.Fatal(err)
	}
	approx := randomized.Uns["pca"].(anndata.Uns)["variance_ratio"].([]float64)
	for c := range 10 {
		if rel := math.Abs(approx[c]-want.PCAVarianceRatio[c]) / want.PCAVarianceRatio[c]; rel > 1e-5 {
			t.Errorf("randomised variance_ratio[%d] = %.8g, sklearn %.8g (rel. error %.2g)", c, approx[c], want.PCAVarianceRatio[c], rel)
		}
	}
	sum, wantSum := 0.0, 0.0
	for c := range 50 {
		sum += ratio[c]
		wantSum += want.PCAVarianceRatio[c]
	}
	if math.Abs(sum-wantSum) > 1e-9 {
		t.Errorf("sum of 50 variance ratios %v, sklearn %v", sum, wantSum)
	}
	t.Logf("pbmc3k PCA: first ratios %.5f %.5f %.5f, sum of 50 = %.4f (sklearn %.4f)", ratio[0], ratio[1], ratio[2], sum, wantSum)
}

// TestPBMC3kSeuratV3 checks the seurat_v3 flavour (loess trend) on the raw
// pbmc3k counts against the numpy reference.
func TestPBMC3kSeuratV3(t *testing.T) {
	var want pbmc3kFixture
	readJSON(t, "pbmc3k.json", &want)
	a := readPBMC3k(t)
	opt := DefaultHVGOptions()
	opt.Flavor = FlavorSeuratV3
	opt.NTopGenes = 500
	if _, err := HighlyVariableGenes(a, opt); err != nil {
		t.Fatal(err)
	}
	checkVector(t, "variances_norm", floatCol(t, a.Var, "variances_norm"), want.V3VariancesNorm, 1e-6)
	if got := selectedPositions(t, a); !slices.Equal(got, want.V3Selected) {
		t.Fatalf("seurat_v3 selection differs from the reference")
	}
}
