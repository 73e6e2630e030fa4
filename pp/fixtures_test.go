package pp

import (
	"encoding/json"
	"math"
	"os"
	"path/filepath"
	"strconv"
	"testing"

	"regula/anndata"
)

// nanFloats decodes a JSON array of numbers in which null stands for NaN
// (how the fixture script writes NaN).
type nanFloats []float64

func (f *nanFloats) UnmarshalJSON(b []byte) error {
	var raw []*float64
	if err := json.Unmarshal(b, &raw); err != nil {
		return err
	}
	*f = make([]float64, len(raw))
	for i, p := range raw {
		if p == nil {
			(*f)[i] = math.NaN()
		} else {
			(*f)[i] = *p
		}
	}
	return nil
}

type hvgFixture struct {
	Means           nanFloats `json:"means"`
	Dispersions     nanFloats `json:"dispersions"`
	DispersionsNorm nanFloats `json:"dispersions_norm"`
	Variances       nanFloats `json:"variances"`
	VariancesNorm   nanFloats `json:"variances_norm"`
	Rank            nanFloats `json:"highly_variable_rank"`
	HighlyVariable  []bool    `json:"highly_variable"`
}

type pcaFixture struct {
	Variance      []float64   `json:"variance"`
	VarianceRatio []float64   `json:"variance_ratio"`
	Components    [][]float64 `json:"components"`
	Scores        [][]float64 `json:"scores"`
}

// smallFixture is pp/testdata/fixtures.json, written by make_fixtures.py.
type smallFixture struct {
	Counts            [][]float64 `json:"counts"`
	NGenes            []int64     `json:"n_genes"`
	NCounts           []float64   `json:"n_counts"`
	NCells            []int64     `json:"n_cells"`
	Normalized1e4     [][]float64 `json:"normalized_1e4"`
	NormalizedMedian  [][]float64 `json:"normalized_median"`
	NormalizedExclude [][]float64 `json:"normalized_exclude"`
	Log1p             [][]float64 `json:"log1p"`
	Log1pBase2        [][]float64 `json:"log1p_base2"`
	HVGCutoffs        hvgFixture  `json:"hvg_cutoffs"`
	HVGTop6           hvgFixture  `json:"hvg_top6"`
	HVGTop8Bins5      hvgFixture  `json:"hvg_top8_bins5"`
	HVGBase2Top6      hvgFixture  `json:"hvg_base2_top6"`
	HVGV3Top8         hvgFixture  `json:"hvg_v3_top8"`
	Scaled            [][]float64 `json:"scaled"`
	ScaleMean         []float64   `json:"scale_mean"`
	ScaleStd          []float64   `json:"scale_std"`
	PCA               pcaFixture  `json:"pca"`
	Loess             struct {
		X       []float64 `json:"x"`
		Y       []float64 `json:"y"`
		Fit2    []float64 `json:"fit2"`
		Fit1    []float64 `json:"fit1"`
		XTies   []float64 `json:"x_ties"`
		FitTies []float64 `json:"fit_ties"`
	} `json:"loess"`
}

func readJSON(t *testing.T, name string, v any) {
	t.Helper()
	b, err := os.ReadFile(filepath.Join("testdata", name))
	if err != nil {
		t.Fatalf("fixture: %v (regenerate with /usr/bin/python3 pp/testdata/make_fixtures.py)", err)
	}
	if err := json.Unmarshal(b, v); err != nil {
		t.Fatalf("fixture %s: %v", name, err)
	}
}

func loadSmall(t *testing.T) *smallFixture {
	t.Helper()
	var f smallFixture
	readJSON(t, "fixtures.json", &f)
	return &f
}

// denseOf builds an anndata.Dense from rows.
func denseOf(rows [][]float64) *anndata.Dense {
	d := anndata.NewDense(len(rows), len(rows[0]))
	for i, r := range rows {
		for j, v := range r {
			d.Set(i, j, float32(v))
		}
	}
	return d
}

// newAnnData wraps a matrix with generated cell and gene names.
func newAnnData(t *testing.T, x anndata.Matrix) *anndata.AnnData {
	t.Helper()
	r, c := x.Dims()
	cells := make([]string, r)
	for i := range cells {
		cells[i] = "cell" + strconv.Itoa(i)
	}
	genes := make([]string, c)
	for j := range genes {
		genes[j] = "gene" + strconv.Itoa(j)
	}
	a, err := anndata.New(x, cells, genes)
	if err != nil {
		t.Fatal(err)
	}
	return a
}

// bothKinds runs f on a dense and on a CSR copy of rows.
func bothKinds(t *testing.T, rows [][]float64, f func(t *testing.T, a *anndata.AnnData)) {
	t.Run("dense", func(t *testing.T) { f(t, newAnnData(t, denseOf(rows))) })
	t.Run("csr", func(t *testing.T) { f(t, newAnnData(t, denseOf(rows).ToCSR())) })
}

// closeTo reports whether got and want agree to rel relative tolerance
// (with an absolute floor of rel for values near zero); NaN equals NaN.
func closeTo(got, want, rel float64) bool {
	if math.IsNaN(want) || math.IsNaN(got) {
		return math.IsNaN(want) && math.IsNaN(got)
	}
	return math.Abs(got-want) <= rel*max(1, math.Abs(want))
}

func checkVector(t *testing.T, name string, got, want []float64, rel float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: %d values, want %d", name, len(got), len(want))
	}
	for i := range want {
		if !closeTo(got[i], want[i], rel) {
			t.Fatalf("%s[%d] = %v, want %v", name, i, got[i], want[i])
		}
	}
}

func checkMatrixValues(t *testing.T, name string, got anndata.Matrix, want [][]float64, rel float64) {
	t.Helper()
	r, c := got.Dims()
	if r != len(want) || c != len(want[0]) {
		t.Fatalf("%s: shape %d×%d, want %d×%d", name, r, c, len(want), len(want[0]))
	}
	for i := range want {
		for j := range want[i] {
			if g := float64(got.At(i, j)); !closeTo(g, want[i][j], rel) {
				t.Fatalf("%s[%d,%d] = %v, want %v", name, i, j, g, want[i][j])
			}
		}
	}
}

func floatCol(t *testing.T, f *anndata.Frame, name string) []float64 {
	t.Helper()
	c, ok := f.Col(name).(*anndata.FloatColumn)
	if !ok {
		t.Fatalf("column %q: got %T, want *FloatColumn", name, f.Col(name))
	}
	return c.Values
}

func boolCol(t *testing.T, f *anndata.Frame, name string) []bool {
	t.Helper()
	c, ok := f.Col(name).(*anndata.BoolColumn)
	if !ok {
		t.Fatalf("column %q: got %T, want *BoolColumn", name, f.Col(name))
	}
	return c.Values
}
