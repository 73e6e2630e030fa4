package forest

import (
	"encoding/json"
	"math"
	"math/rand/v2"
	"os"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fixture mirrors testdata/sklearn_forest.json (see make_fixtures.py).
type fixture struct {
	Classification struct {
		XTrain   [][]float64 `json:"x_train"`
		YTrain   []int       `json:"y_train"`
		XTest    [][]float64 `json:"x_test"`
		YTest    []int       `json:"y_test"`
		Accuracy []float64   `json:"accuracy"`
		AUROC    []float64   `json:"auroc"`
	} `json:"classification"`
	Regression struct {
		XTrain [][]float64 `json:"x_train"`
		YTrain []float64   `json:"y_train"`
		XTest  [][]float64 `json:"x_test"`
		YTest  []float64   `json:"y_test"`
		R2     []float64   `json:"r2"`
	} `json:"regression"`
	SingleTree struct {
		X       [][]float64 `json:"x"`
		YReg    []float64   `json:"y_reg"`
		YCls    []int       `json:"y_cls"`
		XQuery  [][]float64 `json:"x_query"`
		Shallow exactCase   `json:"shallow"`
		Limit   exactCase   `json:"limited"`
	} `json:"single_tree"`
}

type exactCase struct {
	Params struct {
		MaxDepth       int `json:"max_depth"`
		MinSamplesLeaf int `json:"min_samples_leaf"`
	} `json:"params"`
	RegPredict     []float64   `json:"reg_predict"`
	RegImportances []float64   `json:"reg_importances"`
	ClsProba       [][]float64 `json:"cls_proba"`
	ClsImportances []float64   `json:"cls_importances"`
}

func loadFixture(t *testing.T) *fixture {
	t.Helper()
	raw, err := os.ReadFile("testdata/sklearn_forest.json")
	if err != nil {
		t.Fatal(err)
	}
	var f fixture
	if err := json.Unmarshal(raw, &f); err != nil {
		t.Fatal(err)
	}
	return &f
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}

func mean(v []float64) float64 {
	var s float64
	for _, x := range v {
		s += x
	}
	return s / float64(len(v))
}

// aurocPairs is the probability that a random positive scores above a
// random negative (ties count half), computed naively.
func aurocPairs(y []int, score []float64) float64 {
	var num, den float64
	for i := range y {
		for j := range y {
			if y[i] == 1 && y[j] == 0 {
				den++
				switch {
				case score[i] > score[j]:
					num++
				case score[i] == score[j]:
					num += 0.5
				}
			}
		}
	}
	return num / den
}

func TestSingleTreeMatchesScikitLearn(t *testing.T) {
	f := loadFixture(t).SingleTree
	x, xq := dense(f.X), dense(f.XQuery)
	for name, c := range map[string]exactCase{"shallow": f.Shallow, "limited": f.Limit} {
		cfg := Config{Trees: 1, NoBootstrap: true, MaxFeatures: 5, MaxDepth: c.Params.MaxDepth, MinSamplesLeaf: c.Params.MinSamplesLeaf}
		reg, err := FitRegressor(x, f.YReg, cfg)
		if err != nil {
			t.Fatal(err)
		}
		pred, err := reg.Predict(xq)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, name+" regression predictions", pred, c.RegPredict, 1e-9)
		assertClose(t, name+" regression importances", reg.FeatureImportances(), c.RegImportances, 1e-9)

		if c.ClsProba == nil {
			continue
		}
		cls, err := FitClassifier(x, f.YCls, cfg)
		if err != nil {
			t.Fatal(err)
		}
		proba, err := cls.PredictProba(xq)
		if err != nil {
			t.Fatal(err)
		}
		assertClose(t, name+" class probabilities", proba.RawMatrix().Data, slices.Concat(c.ClsProba...), 1e-9)
		assertClose(t, name+" Gini importances", cls.FeatureImportances(), c.ClsImportances, 1e-9)
	}
}

func assertClose(t *testing.T, what string, got, want []float64, tol float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%s: got %d values, want %d", what, len(got), len(want))
	}
	for i := range got {
		if math.Abs(got[i]-want[i]) > tol {
			t.Errorf("%s[%d] = %.10g, want %.10g", what, i, got[i], want[i])
		}
	}
}

func TestClassifierComparableToScikitLearn(t *testing.T) {
	f := loadFixture(t).Classification
	xtr, xte := dense(f.XTrain), dense(f.XTest)
	var accs, aucs []float64
	for seed := range uint64(5) {
		c, err := FitClassifier(xtr, f.YTrain, Config{Trees: 100, Seed: seed, Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		pred, err := c.Predict(xte)
		if err != nil {
			t.Fatal(err)
		}
		proba, err := c.PredictProba(xte)
		if err != nil {
			t.Fatal(err)
		}
		correct := 0
		for i := range pred {
			if pred[i] == f.YTest[i] {
				correct++
			}
		}
		accs = append(accs, float64(correct)/float64(len(pred)))
		aucs = append(aucs, aurocPairs(f.YTest, mat.Col(nil, 1, proba)))
	}
	acc, auc := mean(accs), mean(aucs)
	t.Logf("accuracy %.4f (scikit-learn %.4f), AUROC %.4f (scikit-learn %.4f)", acc, mean(f.Accuracy), auc, mean(f.AUROC))
	if math.Abs(acc-mean(f.Accuracy)) > 0.025 {
		t.Errorf("mean accuracy %.4f, scikit-learn %.4f", acc, mean(f.Accuracy))
	}
	if math.Abs(auc-mean(f.AUROC)) > 0.01 {
		t.Errorf("mean AUROC %.4f, scikit-learn %.4f", auc, mean(f.AUROC))
	}
}

func TestRegressorComparableToScikitLearn(t *testing.T) {
	f := loadFixture(t).Regression
	xtr, xte := dense(f.XTrain), dense(f.XTest)
	var r2s []float64
	for seed := range uint64(5) {
		r, err := FitRegressor(xtr, f.YTrain, Config{Trees: 100, Seed: seed, Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		pred, err := r.Predict(xte)
		if err != nil {
			t.Fatal(err)
		}
		m := mean(f.YTest)
		var ssRes, ssTot float64
		for i, y := range f.YTest {
			ssRes += (y - pred[i]) * (y - pred[i])
			ssTot += (y - m) * (y - m)
		}
		r2s = append(r2s, 1-ssRes/ssTot)
	}
	t.Logf("R² %.4f (scikit-learn %.4f)", mean(r2s), mean(f.R2))
	if math.Abs(mean(r2s)-mean(f.R2)) > 0.03 {
		t.Errorf("mean R² %.4f, scikit-learn %.4f", mean(r2s), mean(f.R2))
	}
}

// twoFeatureData has 10 features of which only 0 and 3 determine y.
func twoFeatureData(n int) (*mat.Dense, []float64) {
	rng := rand.New(rand.NewPCG(1, 2))
	x := mat.NewDense(n, 10, nil)
	y := make([]float64, n)
	for i := range n {
		for f := range 10 {
			x.Set(i, f, rng.NormFloat64())
		}
		y[i] = 2*x.At(i, 0) - 3*x.At(i, 3) + 0.1*rng.NormFloat64()
	}
	return x, y
}

func TestImportancesFindTheInformativeFeatures(t *testing.T) {
	x, y := twoFeatureData(300)
	r, err := FitRegressor(x, y, Config{Trees: 50, MaxFeatures: SqrtFeatures, Seed: 3, Threads: 2})
	if err != nil {
		t.Fatal(err)
	}
	imp := r.FeatureImportances()
	order := make([]int, len(imp))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return -cmpFloat(imp[a], imp[b]) })
	if order[0] != 3 || order[1] != 0 {
		t.Errorf("importance ranking %v (importances %.3f), want features 3 then 0 first", order, imp)
	}
	if s := imp[0] + imp[3]; s < 0.6 {
		t.Errorf("informative features hold %.3f of the importance, want ≥ 0.6", s)
	}
	if s := mean(imp) * float64(len(imp)); math.Abs(s-1) > 1e-12 {
		t.Errorf("importances sum to %v, want 1", s)
	}

	// Classification on the sign of the same signal.
	labels := make([]int, len(y))
	for i, v := range y {
		if v > 0 {
			labels[i] = 1
		}
	}
	c, err := FitClassifier(x, labels, Config{Trees: 50, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	ci := c.FeatureImportances()
	if ci[0]+ci[3] < 0.5 || min(ci[0], ci[3]) < slices.Max(append(slices.Clone(ci[1:3]), ci[4:]...)) {
		t.Errorf("Gini importances %.3f do not single out features 0 and 3", ci)
	}
}

func cmpFloat(a, b float64) int {
	switch {
	case a < b:
		return -1
	case a > b:
		return 1
	}
	return 0
}

func TestReproducibleAcrossThreadCounts(t *testing.T) {
	x, y := twoFeatureData(150)
	var first []float64
	var firstImp []float64
	for _, threads := range []int{1, 2, 5} {
		r, err := FitRegressor(x, y, Config{Trees: 20, MaxFeatures: 3, Seed: 42, Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		pred, err := r.Predict(x)
		if err != nil {
			t.Fatal(err)
		}
		if first == nil {
			first, firstImp = pred, r.FeatureImportances()
			continue
		}
		if !slices.Equal(pred, first) || !slices.Equal(r.FeatureImportances(), firstImp) {
			t.Errorf("Threads=%d gives a different forest than Threads=1", threads)
		}
	}
	other, err := FitRegressor(x, y, Config{Trees: 20, MaxFeatures: 3, Seed: 43})
	if err != nil {
		t.Fatal(err)
	}
	if pred, _ := other.Predict(x); slices.Equal(pred, first) {
		t.Error("a different seed gives the same forest")
	}
}

func TestBadInputGivesErrors(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{1, 2, 3, 4, 5, 6})
	cases := map[string]func() error{
		"short y": func() error { _, err := FitRegressor(x, []float64{1, 2}, Config{}); return err },
		"NaN y":   func() error { _, err := FitRegressor(x, []float64{1, math.NaN(), 2}, Config{}); return err },
		"Inf X": func() error {
			_, err := FitClassifier(mat.NewDense(2, 1, []float64{1, math.Inf(1)}), []int{0, 1}, Config{})
			return err
		},
		"bad depth":    func() error { _, err := FitRegressor(x, []float64{1, 2, 3}, Config{MaxDepth: -1}); return err },
		"bad features": func() error { _, err := FitRegressor(x, []float64{1, 2, 3}, Config{MaxFeatures: -2}); return err },
		"bad split":    func() error { _, err := FitRegressor(x, []float64{1, 2, 3}, Config{MinSamplesSplit: 1}); return err },
		"nil X":        func() error { _, err := FitRegressor(nil, nil, Config{}); return err },
		"predict width": func() error {
			r, err := FitRegressor(x, []float64{1, 2, 3}, Config{Trees: 2})
			if err != nil {
				return nil
			}
			_, err = r.Predict(mat.NewDense(1, 3, nil))
			return err
		},
	}
	for name, f := range cases {
		if err := f(); err == nil {
			t.Errorf("%s: no error", name)
		} else {
			t.Logf("%s: %v", name, err)
		}
	}
}

func TestSingleClassAndConstantFeatures(t *testing.T) {
	x := mat.NewDense(4, 2, []float64{1, 0, 1, 1, 1, 2, 1, 3})
	c, err := FitClassifier(x, []int{7, 7, 7, 7}, Config{Trees: 3})
	if err != nil {
		t.Fatal(err)
	}
	proba, err := c.PredictProba(x)
	if err != nil {
		t.Fatal(err)
	}
	if r, cols := proba.Dims(); r != 4 || cols != 1 || proba.At(0, 0) != 1 {
		t.Errorf("single-class probabilities %v", mat.Formatted(proba))
	}
	if imp := c.FeatureImportances(); imp[0] != 0 || imp[1] != 0 {
		t.Errorf("importances without any split = %v, want zeros", imp)
	}
	// Feature 0 is constant, so every split must use feature 1.
	r, err := FitRegressor(x, []float64{0, 0, 5, 5}, Config{Trees: 5, NoBootstrap: true})
	if err != nil {
		t.Fatal(err)
	}
	if imp := r.FeatureImportances(); imp[0] != 0 || imp[1] != 1 {
		t.Errorf("importances %v, want [0 1]", imp)
	}
}

func TestSortByValue(t *testing.T) {
	rng := rand.New(rand.NewPCG(5, 6))
	for _, n := range []int{0, 1, 2, 15, 17, 100, 1000} {
		vals := make([]float64, n)
		ids := make([]int32, n)
		for i := range vals {
			vals[i] = float64(rng.IntN(7)) // many ties
			if i%3 == 0 {
				vals[i] = rng.NormFloat64()
			}
			ids[i] = int32(i)
		}
		orig := slices.Clone(vals)
		sortByValue(vals, ids)
		if !slices.IsSorted(vals) {
			t.Fatalf("n=%d: not sorted", n)
		}
		for k, id := range ids {
			if orig[id] != vals[k] {
				t.Fatalf("n=%d: ids not permuted with values", n)
			}
		}
	}
	// Adversarial input for quicksort still finishes (heapsort fallback).
	vals := make([]float64, 5000)
	ids := make([]int32, 5000)
	for i := range vals {
		vals[i] = float64(len(vals) - i)
	}
	sortByValue(vals, ids)
	if !slices.IsSorted(vals) {
		t.Fatal("descending input not sorted")
	}
}

// BenchmarkGENIE3Target grows the forest GENIE3 fits for one target gene:
// 421 cells × 499 candidate regulators, √p features per split.
func BenchmarkGENIE3Target(b *testing.B) {
	rng := rand.New(rand.NewPCG(9, 9))
	n, p := 421, 499
	x := mat.NewDense(n, p, nil)
	y := make([]float64, n)
	for i := range n {
		for f := range p {
			if rng.Float64() < 0.4 {
				x.Set(i, f, rng.ExpFloat64())
			}
		}
		y[i] = x.At(i, 0) + x.At(i, 1)*x.At(i, 2) + rng.NormFloat64()
	}
	b.ResetTimer()
	for b.Loop() {
		r, err := FitRegressor(x, y, Config{Trees: 100, MaxFeatures: SqrtFeatures, Threads: 1})
		if err != nil {
			b.Fatal(err)
		}
		_ = r.FeatureImportances()
	}
}
