package eval

import (
	"encoding/json"
	"math"
	"os"
	"sync"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// fixtures mirrors testdata/fixtures.json (see make_fixtures.py).
type fixtures struct {
	Clustering struct {
		Pairs []struct {
			Name               string
			Truth, Pred        []int
			ARI, NMI, Accuracy float64
		}
		Silhouette struct {
			X     [][]float64
			Cases []struct {
				Labels []int
				Score  float64
			}
		}
	}
	Curves []struct {
		Name              string
		Truth             []bool
		Score, FPR, TPR   []float64
		ROCThresholds     []float64 `json:"roc_thresholds"`
		Precision, Recall []float64
		PRThresholds      []float64 `json:"pr_thresholds"`
		AUROC, AP         float64
	}
	Tests struct {
		Wilcoxon, MannWhitney []rankTestCase
		Correlation           []struct {
			Name              string
			X, Y              []float64
			Pearson, Spearman [2]float64
		}
		BH    struct{ P, Q []float64 }
		Ranks struct{ X, Ranks []float64 }
	}
	KNN struct {
		X      [][]float64
		Labels []string
		Train  []bool
		K      []struct {
			K                int
			Pred             []string
			Accuracy         float64
			BalancedAccuracy float64 `json:"balanced_accuracy"`
		}
	}
	Realism struct {
		Real, Sim         [][]float64
		Euclidean, Cosine float64
		MMDScale          float64 `json:"mmd_scale"`
		MMD               float64
		LISIEmbedding     [][]float64 `json:"lisi_embedding"`
		LISILabels        []string    `json:"lisi_labels"`
		LISI              []float64
	}
	GRN struct {
		Genes          []string
		Truth          [][2]string
		Pred           [][3]any
		Candidates     int
		TrueEdges      int `json:"true_edges"`
		Density        float64
		EarlyPrecision float64 `json:"early_precision"`
		EPR, AUPRC     float64
		AUPRCRatio     float64 `json:"auprc_ratio"`
		AUROC          float64
		PrecisionAt10  float64 `json:"precision_at_10"`
	}
}

type rankTestCase struct {
	Name              string
	X, Y              []float64
	Alternative       string
	Continuity        bool
	Statistic, PValue float64
}

var loadOnce = sync.OnceValues(func() (*fixtures, error) {
	raw, err := os.ReadFile("testdata/fixtures.json")
	if err != nil {
		return nil, err
	}
	var f fixtures
	return &f, json.Unmarshal(raw, &f)
})

func load(t *testing.T) *fixtures {
	t.Helper()
	f, err := loadOnce()
	if err != nil {
		t.Fatal(err)
	}
	return f
}

const tol = 1e-6

func near(t *testing.T, what string, got, want float64) {
	t.Helper()
	if math.Abs(got-want) > tol*max(1, math.Abs(want)) && !(math.IsInf(got, 1) && math.IsInf(want, 1)) {
		t.Errorf("%s = %.12g, want %.12g", what, got, want)
	}
}

func nearAll(t *testing.T, what string, got, want []float64) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d values, want %d (%v vs %v)", what, len(got), len(want), got, want)
		return
	}
	for i := range got {
		near(t, what+"["+itoa(i)+"]", got[i], want[i])
	}
}

func itoa(i int) string {
	return string(rune('0'+i/100%10)) + string(rune('0'+i/10%10)) + string(rune('0'+i%10))
}

func dense(rows [][]float64) *mat.Dense {
	m := mat.NewDense(len(rows), len(rows[0]), nil)
	for i, r := range rows {
		m.SetRow(i, r)
	}
	return m
}
