package train

import (
	"errors"
	"math"
	"slices"
	"strings"
	"testing"

	"github.com/gomlx/gomlx/core/tensors"
)

func TestCheckFinite(t *testing.T) {
	names := []string{"recon", "kl", "l1"}
	if err := CheckFinite(1, 1, names, []float64{1, 0, -3}); err != nil {
		t.Errorf("finite losses: %v", err)
	}
	for _, bad := range []float64{math.NaN(), math.Inf(1), math.Inf(-1)} {
		err := CheckFinite(7, 130, names, []float64{0.5, bad, math.NaN()})
		var nf *NonFiniteLossError
		if !errors.As(err, &nf) {
			t.Fatalf("value %v: error %v is not a *NonFiniteLossError", bad, err)
		}
		if nf.Epoch != 7 || nf.Step != 130 || nf.Term != "kl" {
			t.Errorf("value %v: got %+v, want epoch 7, step 130, term kl (the first bad term)", bad, nf)
		}
		for _, want := range []string{`"kl"`, "epoch 7", "step 130"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("message %q lacks %q", err, want)
			}
		}
	}
	if CheckFinite(0, 0, names, []float64{1}) == nil {
		t.Error("length mismatch not reported")
	}
}

func TestScalarValues(t *testing.T) {
	got, err := ScalarValues(tensors.FromScalar(float32(1.5)), tensors.FromScalar(-2.25))
	if err != nil || !slices.Equal(got, []float64{1.5, -2.25}) {
		t.Errorf("ScalarValues = %v, %v", got, err)
	}
	if _, err := ScalarValues(tensors.FromValue([]float32{1, 2})); err == nil {
		t.Error("non-scalar accepted")
	}
	if _, err := ScalarValues(tensors.FromScalar(int32(3))); err == nil {
		t.Error("integer accepted")
	}
}

func TestMeter(t *testing.T) {
	m := NewMeter("a", "b")
	for _, v := range [][]float64{{1, 10}, {3, 20}} {
		if err := m.Add(v); err != nil {
			t.Fatal(err)
		}
	}
	if got := m.Means(); !slices.Equal(got, []float64{2, 15}) || m.Count() != 2 {
		t.Errorf("Means = %v, Count = %d", got, m.Count())
	}
	if m.Add([]float64{1}) == nil {
		t.Error("wrong number of values accepted")
	}
	m.Reset()
	if m.Count() != 0 || !math.IsNaN(m.Means()[0]) {
		t.Errorf("after Reset: count %d, means %v", m.Count(), m.Means())
	}
}
