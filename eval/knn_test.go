package eval

import (
	"slices"
	"testing"
)

func TestKNNMatchesScikitLearn(t *testing.T) {
	f := load(t).KNN
	x := dense(f.X)
	for _, c := range f.K {
		r, err := KNNAccuracy(x, f.Labels, f.Train, c.K, 2)
		if err != nil {
			t.Fatal(err)
		}
		near(t, "accuracy k="+itoa(c.K), r.Accuracy, c.Accuracy)
		near(t, "balanced accuracy k="+itoa(c.K), r.BalancedAccuracy, c.BalancedAccuracy)
	}
}

func TestKNNCrossValidation(t *testing.T) {
	f := load(t).KNN
	x := dense(f.X)
	a, err := KNNCrossValidate(x, f.Labels, 15, 5, 7, 2)
	if err != nil {
		t.Fatal(err)
	}
	b, _ := KNNCrossValidate(x, f.Labels, 15, 5, 7, 1)
	if a != b {
		t.Errorf("cross-validation not reproducible: %+v vs %+v", a, b)
	}
	if a.N != len(f.Labels) || a.Accuracy < 0.8 {
		t.Errorf("cross-validated %+v, want every cell scored and accuracy near the split's", a)
	}
	folds, err := StratifiedFolds(f.Labels, 5, 1)
	if err != nil {
		t.Fatal(err)
	}
	// Every label is spread over the folds with sizes differing by ≤ 1.
	for _, l := range slices.Compact(slices.Sorted(slices.Values(f.Labels))) {
		count := make([]int, 5)
		for i, g := range folds {
			if f.Labels[i] == l {
				count[g]++
			}
		}
		if slices.Max(count)-slices.Min(count) > 1 {
			t.Errorf("label %s spread %v over folds", l, count)
		}
	}
	if _, err := StratifiedFolds([]string{"a"}, 2, 0); err == nil {
		t.Error("fewer samples than folds: no error")
	}
	if _, err := KNNAccuracy(x, f.Labels, make([]bool, len(f.Labels)), 5, 1); err == nil {
		t.Error("split without training cells: no error")
	}
}
