package eval

import (
	"errors"
	"fmt"
	"math"
	"slices"
)

// ROCCurve holds the points of a receiver operating characteristic curve,
// as scikit-learn's roc_curve with drop_intermediate=True: thresholds
// decrease, the first point is (0, 0) with threshold +Inf (scikit-learn
// ≥ 1.3; 1.2 used max score + 1) and collinear intermediate points are
// dropped.
type ROCCurve struct {
	FPR, TPR, Thresholds []float64
}

// PRCurve holds the points of a precision–recall curve as scikit-learn's
// precision_recall_curve (version 1.2): recall decreases to a final point
// (recall 0, precision 1) that has no threshold; Thresholds ascend.
type PRCurve struct {
	Precision, Recall, Thresholds []float64
}

// binaryCurve is scikit-learn's _binary_clf_curve: for each distinct score,
// from the highest down, the numbers of false and true positives among the
// samples scoring at least that value.
func binaryCurve(truth []bool, score []float64) (fps, tps, thresholds []float64, err error) {
	if len(truth) != len(score) {
		return nil, nil, nil, fmt.Errorf("eval: %d labels but %d scores", len(truth), len(score))
	}
	if len(truth) == 0 {
		return nil, nil, nil, errors.New("eval: no samples")
	}
	if err := checkFinite("score", score); err != nil {
		return nil, nil, nil, err
	}
	order := make([]int, len(score))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int { return compareFloat(score[b], score[a]) })
	var fp, tp float64
	for k, i := range order {
		if truth[i] {
			tp++
		} else {
			fp++
		}
		if k == len(order)-1 || score[order[k+1]] != score[i] {
			fps = append(fps, fp)
			tps = append(tps, tp)
			thresholds = append(thresholds, score[i])
		}
	}
	return fps, tps, thresholds, nil
}

// ROC returns the ROC curve of score as a predictor of truth. It is an
// error if truth has no positive or no negative sample.
func ROC(truth []bool, score []float64) (ROCCurve, error) {
	fps, tps, thr, err := binaryCurve(truth, score)
	if err != nil {
		return ROCCurve{}, err
	}
	if tps[len(tps)-1] == 0 || fps[len(fps)-1] == 0 {
		return ROCCurve{}, errors.New("eval: ROC needs both positive and negative samples")
	}
	if len(fps) > 2 {
		keep := []int{0}
		for i := 1; i < len(fps)-1; i++ {
			if fps[i+1]-2*fps[i]+fps[i-1] != 0 || tps[i+1]-2*tps[i]+tps[i-1] != 0 {
				keep = append(keep, i)
			}
		}
		keep = append(keep, len(fps)-1)
		fps, tps, thr = pick(fps, keep), pick(tps, keep), pick(thr, keep)
	}
	c := ROCCurve{FPR: []float64{0}, TPR: []float64{0}, Thresholds: []float64{math.Inf(1)}}
	nf, nt := fps[len(fps)-1], tps[len(tps)-1]
	for i := range fps {
		c.FPR = append(c.FPR, fps[i]/nf)
		c.TPR = append(c.TPR, tps[i]/nt)
		c.Thresholds = append(c.Thresholds, thr[i])
	}
	return c, nil
}

// AUROC returns the area under the ROC curve (scikit-learn's
// roc_auc_score): ties between a positive and a negative count one half.
func AUROC(truth []bool, score []float64) (float64, error) {
	c, err := ROC(truth, score)
	if err != nil {
		return 0, err
	}
	var area float64
	for i := 1; i < len(c.FPR); i++ {
		area += (c.FPR[i] - c.FPR[i-1]) * (c.TPR[i] + c.TPR[i-1]) / 2
	}
	return area, nil
}

// PrecisionRecall returns the precision–recall curve of score as a
// predictor of truth. It is an error if truth has no positive sample
// (scikit-learn then sets recall to 1 with a warning).
func PrecisionRecall(truth []bool, score []float64) (PRCurve, error) {
	fps, tps, thr, err := binaryCurve(truth, score)
	if err != nil {
		return PRCurve{}, err
	}
	total := tps[len(tps)-1]
	if total == 0 {
		return PRCurve{}, errors.New("eval: precision–recall needs at least one positive sample")
	}
	var c PRCurve
	for i := len(tps) - 1; i >= 0; i-- {
		c.Precision = append(c.Precision, tps[i]/(tps[i]+fps[i]))
		c.Recall = append(c.Recall, tps[i]/total)
		c.Thresholds = append(c.Thresholds, thr[i])
	}
	c.Precision = append(c.Precision, 1)
	c.Recall = append(c.Recall, 0)
	return c, nil
}

// AveragePrecision returns scikit-learn's average_precision_score:
// Σ_n (R_n − R_{n−1}) P_n over the thresholds, without interpolation.
func AveragePrecision(truth []bool, score []float64) (float64, error) {
	c, err := PrecisionRecall(truth, score)
	if err != nil {
		return 0, err
	}
	var ap float64
	for i := 0; i+1 < len(c.Recall); i++ {
		ap += (c.Recall[i] - c.Recall[i+1]) * c.Precision[i]
	}
	return ap, nil
}
