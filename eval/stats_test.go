package eval

import (
	"math"
	"testing"
)

func alternative(s string) Alternative {
	switch s {
	case "less":
		return Less
	case "greater":
		return Greater
	}
	return TwoSided
}

func TestRankTestsMatchSciPy(t *testing.T) {
	f := load(t).Tests
	for _, c := range f.Wilcoxon {
		r, err := WilcoxonSignedRank(c.X, c.Y, alternative(c.Alternative), c.Continuity)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		what := "wilcoxon " + c.Name + " " + c.Alternative
		near(t, what+" statistic", r.Statistic, c.Statistic)
		near(t, what+" p", r.PValue, c.PValue)
	}
	for _, c := range f.MannWhitney {
		r, err := MannWhitneyU(c.X, c.Y, alternative(c.Alternative), c.Continuity)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		what := "mannwhitney " + c.Name + " " + c.Alternative
		near(t, what+" U", r.Statistic, c.Statistic)
		near(t, what+" p", r.PValue, c.PValue)
	}
}

func TestRankTestErrors(t *testing.T) {
	if _, err := WilcoxonSignedRank([]float64{1, 2}, []float64{1, 2, 3}, TwoSided, false); err == nil {
		t.Error("unpaired Wilcoxon: no error")
	}
	zeros := make([]float64, 60)
	if _, err := WilcoxonSignedRank(zeros, zeros, TwoSided, false); err == nil {
		t.Error("all-zero differences: no error")
	}
	if _, err := MannWhitneyU(nil, []float64{1}, TwoSided, true); err == nil {
		t.Error("empty Mann–Whitney sample: no error")
	}
	if _, err := MannWhitneyU([]float64{math.NaN()}, []float64{1}, TwoSided, true); err == nil {
		t.Error("NaN in Mann–Whitney: no error")
	}
}

func TestCorrelationsMatchSciPy(t *testing.T) {
	for _, c := range load(t).Tests.Correlation {
		p, err := Pearson(c.X, c.Y)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" Pearson r", p.R, c.Pearson[0])
		near(t, c.Name+" Pearson p", p.PValue, c.Pearson[1])
		s, err := Spearman(c.X, c.Y)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" Spearman rho", s.R, c.Spearman[0])
		near(t, c.Name+" Spearman p", s.PValue, c.Spearman[1])
	}
	if _, err := Pearson([]float64{1, 1, 1}, []float64{1, 2, 3}); err == nil {
		t.Error("constant input: no error")
	}
	if _, err := Spearman([]float64{1}, []float64{2}); err == nil {
		t.Error("one point: no error")
	}
}

func TestBenjaminiHochbergAndRanks(t *testing.T) {
	f := load(t).Tests
	q, err := BenjaminiHochberg(f.BH.P)
	if err != nil {
		t.Fatal(err)
	}
	nearAll(t, "BH", q, f.BH.Q)
	nearAll(t, "ranks", Ranks(f.Ranks.X), f.Ranks.Ranks)
	if _, err := BenjaminiHochberg([]float64{0.1, 1.5}); err == nil {
		t.Error("p-value above 1: no error")
	}
	if q, err := BenjaminiHochberg(nil); err != nil || len(q) != 0 {
		t.Errorf("BH of no p-values = %v, %v", q, err)
	}
}

func TestCurvesMatchScikitLearn(t *testing.T) {
	for _, c := range load(t).Curves {
		roc, err := ROC(c.Truth, c.Score)
		if err != nil {
			t.Fatal(err)
		}
		nearAll(t, c.Name+" FPR", roc.FPR, c.FPR)
		nearAll(t, c.Name+" TPR", roc.TPR, c.TPR)
		nearAll(t, c.Name+" ROC thresholds", roc.Thresholds[1:], c.ROCThresholds)
		if !math.IsInf(roc.Thresholds[0], 1) {
			t.Errorf("%s: first ROC threshold %v, want +Inf", c.Name, roc.Thresholds[0])
		}
		pr, err := PrecisionRecall(c.Truth, c.Score)
		if err != nil {
			t.Fatal(err)
		}
		nearAll(t, c.Name+" precision", pr.Precision, c.Precision)
		nearAll(t, c.Name+" recall", pr.Recall, c.Recall)
		nearAll(t, c.Name+" PR thresholds", pr.Thresholds, c.PRThresholds)
		auc, err := AUROC(c.Truth, c.Score)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" AUROC", auc, c.AUROC)
		ap, err := AveragePrecision(c.Truth, c.Score)
		if err != nil {
			t.Fatal(err)
		}
		near(t, c.Name+" AP", ap, c.AP)
	}
	if _, err := AUROC([]bool{true, true}, []float64{1, 2}); err == nil {
		t.Error("AUROC without negatives: no error")
	}
	if _, err := AveragePrecision([]bool{false}, []float64{1}); err == nil {
		t.Error("AP without positives: no error")
	}
}
