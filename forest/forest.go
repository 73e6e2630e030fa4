// Package forest implements random forests of CART trees for
// classification (Gini impurity) and regression (variance reduction), in
// the manner of scikit-learn's RandomForestClassifier and
// RandomForestRegressor: bootstrap samples, a random subset of candidate
// features at each split, mean-decrease-in-impurity feature importances.
//
// Trees are grown in parallel (Config.Threads goroutines); each tree draws
// from its own generator seeded with (Config.Seed, tree index), so a fit is
// reproducible whatever the number of threads.
package forest

import (
	"fmt"
	"math"
	"slices"
	"sync"
	"sync/atomic"

	"gonum.org/v1/gonum/mat"
)

// ensemble is the part shared by Classifier and Regressor.
type ensemble struct {
	trees []*tree
	// p is the number of features; width the number of values per leaf.
	p, width int
	threads  int
}

// fitEnsemble grows cfg.Trees trees on d.
func fitEnsemble(d *trainingSet, cfg resolved) *ensemble {
	e := &ensemble{trees: make([]*tree, cfg.Trees), p: d.p, width: max(1, d.classes), threads: cfg.Threads}
	var next atomic.Int64
	var wg sync.WaitGroup
	for range min(cfg.Threads, cfg.Trees) {
		wg.Go(func() {
			b := newBuilder(d, cfg)
			for {
				t := int(next.Add(1) - 1)
				if t >= cfg.Trees {
					return
				}
				e.trees[t] = b.grow(t)
			}
		})
	}
	wg.Wait()
	return e
}

// columnMajor copies x into the column-by-column layout of trainingSet and
// rejects non-finite values.
func columnMajor(x *mat.Dense) ([]float64, error) {
	n, p := x.Dims()
	out := make([]float64, n*p)
	for i := range n {
		for f, v := range x.RawRowView(i) {
			if math.IsNaN(v) || math.IsInf(v, 0) {
				return nil, fmt.Errorf("forest: X[%d,%d] = %v: features must be finite", i, f, v)
			}
			out[f*n+i] = v
		}
	}
	return out, nil
}

func checkShape(x *mat.Dense, labels int) (n, p int, err error) {
	if x == nil {
		return 0, 0, fmt.Errorf("forest: X is nil")
	}
	n, p = x.Dims()
	if n == 0 || p == 0 {
		return 0, 0, fmt.Errorf("forest: X is %d×%d, need at least one sample and one feature", n, p)
	}
	if labels != n {
		return 0, 0, fmt.Errorf("forest: X has %d rows but y has %d values", n, labels)
	}
	return n, p, nil
}

// predictInto adds, for each row of x, the per-tree leaf values averaged
// over the trees into out (rows × width, row-major), in parallel over rows.
func (e *ensemble) predictInto(x *mat.Dense, out []float64) error {
	n, p := x.Dims()
	if p != e.p {
		return fmt.Errorf("forest: X has %d columns, the forest was fitted on %d features", p, e.p)
	}
	const chunk = 64
	var next atomic.Int64
	var wg sync.WaitGroup
	scale := 1 / float64(len(e.trees))
	for range max(1, min(e.threads, (n+chunk-1)/chunk)) {
		wg.Go(func() {
			for {
				lo := int(next.Add(chunk) - chunk)
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+chunk, n); i++ {
					row := x.RawRowView(i)
					acc := out[i*e.width : (i+1)*e.width]
					for _, t := range e.trees {
						for k, v := range t.leafValues(row, e.width) {
							acc[k] += v
						}
					}
					for k := range acc {
						acc[k] *= scale
					}
				}
			}
		})
	}
	wg.Wait()
	return nil
}

// featureImportances is scikit-learn's feature_importances_: each tree's
// impurity decreases normalised to sum 1, averaged over the trees that have
// at least one split, normalised again. All zeros if no tree split.
func (e *ensemble) featureImportances() []float64 {
	imp := make([]float64, e.p)
	for _, t := range e.trees {
		if len(t.nodes) <= 1 {
			continue
		}
		var sum float64
		for _, v := range t.importance {
			sum += v
		}
		if sum <= 0 {
			continue
		}
		for f, v := range t.importance {
			imp[f] += v / sum
		}
	}
	var total float64
	for _, v := range imp {
		total += v
	}
	if total > 0 {
		for f := range imp {
			imp[f] /= total
		}
	}
	return imp
}

// Classifier is a fitted random-forest classifier.
type Classifier struct {
	ens *ensemble
	// classes are the distinct labels of y, ascending; they order the
	// columns of PredictProba.
	classes []int
}

// FitClassifier grows a random forest that predicts the labels y (any
// integers) from the rows of X, splitting on the Gini impurity.
func FitClassifier(x *mat.Dense, y []int, cfg Config) (*Classifier, error) {
	n, p, err := checkShape(x, len(y))
	if err != nil {
		return nil, err
	}
	rc, err := cfg.resolve(p, true)
	if err != nil {
		return nil, err
	}
	xs, err := columnMajor(x)
	if err != nil {
		return nil, err
	}
	classes := slices.Clone(y)
	slices.Sort(classes)
	classes = slices.Compact(classes)
	codes := make([]int32, n)
	for i, v := range y {
		k, _ := slices.BinarySearch(classes, v)
		codes[i] = int32(k)
	}
	d := &trainingSet{n: n, p: p, x: xs, yCls: codes, classes: len(classes)}
	return &Classifier{ens: fitEnsemble(d, rc), classes: classes}, nil
}

// Classes returns the distinct training labels in ascending order: the
// column order of PredictProba.
func (c *Classifier) Classes() []int { return slices.Clone(c.classes) }

// PredictProba returns the class probabilities of each row of X (rows ×
// classes): the mean over the trees of the class frequencies in the leaf
// the row reaches, as scikit-learn's predict_proba.
func (c *Classifier) PredictProba(x *mat.Dense) (*mat.Dense, error) {
	n, _ := x.Dims()
	out := make([]float64, n*len(c.classes))
	if err := c.ens.predictInto(x, out); err != nil {
		return nil, err
	}
	return mat.NewDense(n, len(c.classes), out), nil
}

// Predict returns the most probable class of each row of X (the smallest
// label on ties).
func (c *Classifier) Predict(x *mat.Dense) ([]int, error) {
	proba, err := c.PredictProba(x)
	if err != nil {
		return nil, err
	}
	n, _ := proba.Dims()
	out := make([]int, n)
	for i := range n {
		row := proba.RawRowView(i)
		out[i] = c.classes[argmax(row)]
	}
	return out, nil
}

// FeatureImportances returns the mean decrease in Gini impurity of each
// feature, normalised to sum 1 (scikit-learn's feature_importances_).
func (c *Classifier) FeatureImportances() []float64 { return c.ens.featureImportances() }

// Regressor is a fitted random-forest regressor.
type Regressor struct{ ens *ensemble }

// FitRegressor grows a random forest that predicts y from the rows of X,
// splitting on the reduction of variance.
func FitRegressor(x *mat.Dense, y []float64, cfg Config) (*Regressor, error) {
	n, p, err := checkShape(x, len(y))
	if err != nil {
		return nil, err
	}
	rc, err := cfg.resolve(p, false)
	if err != nil {
		return nil, err
	}
	xs, err := columnMajor(x)
	if err != nil {
		return nil, err
	}
	var mean float64
	for i, v := range y {
		if math.IsNaN(v) || math.IsInf(v, 0) {
			return nil, fmt.Errorf("forest: y[%d] = %v: targets must be finite", i, v)
		}
		mean += v
	}
	mean /= float64(n)
	centred := make([]float64, n)
	for i, v := range y {
		centred[i] = v - mean
	}
	d := &trainingSet{n: n, p: p, x: xs, yReg: centred, yMean: mean}
	return &Regressor{ens: fitEnsemble(d, rc)}, nil
}

// Predict returns the mean over the trees of the leaf means reached by each
// row of X.
func (r *Regressor) Predict(x *mat.Dense) ([]float64, error) {
	n, _ := x.Dims()
	out := make([]float64, n)
	if err := r.ens.predictInto(x, out); err != nil {
		return nil, err
	}
	return out, nil
}

// FeatureImportances returns the mean decrease in variance of each
// feature, normalised to sum 1 (scikit-learn's feature_importances_).
func (r *Regressor) FeatureImportances() []float64 { return r.ens.featureImportances() }

func argmax(v []float64) int {
	best := 0
	for k, x := range v {
		if x > v[best] {
			best = k
		}
	}
	return best
}
