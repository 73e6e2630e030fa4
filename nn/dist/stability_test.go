package dist

import (
	"math"
	"testing"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/core/tensors"
)

// TestZINBFloat32StaysFinite feeds float32 extremes that occur in training
// (means that underflow or explode, tiny and huge dispersions, saturated
// dropout logits, large counts): the log-likelihood and its gradients must
// stay finite.
func TestZINBFloat32StaysFinite(t *testing.T) {
	var x, mean, theta, logit []float32
	for _, xv := range []float32{0, 1, 7, 3000} {
		for _, mv := range []float32{0, 1e-30, 0.3, 50, 1e7} {
			for _, tv := range []float32{1e-6, 0.5, 20, 1e6} {
				for _, lv := range []float32{-60, -2, 0, 3, 60} {
					x, mean, theta, logit = append(x, xv), append(mean, mv), append(theta, tv), append(logit, lv)
				}
			}
		}
	}
	n := len(x)
	mk := func(v []float32) *tensors.Tensor { return tensors.FromFlatDataAndDimensions(v, n) }
	exec, err := NewExec(testBackend(t), func(x, mean, theta, logit *Node) []*Node {
		ll := ZINBLogPMF(x, mean, theta, logit)
		return append([]*Node{ll}, Gradient(ReduceAllSum(ll), mean, theta, logit)...)
	})
	if err != nil {
		t.Fatal(err)
	}
	outs, err := exec.Exec(mk(x), mk(mean), mk(theta), mk(logit))
	if err != nil {
		t.Fatal(err)
	}
	names := []string{"log-likelihood", "d/dmean", "d/dtheta", "d/dlogit"}
	for k, out := range outs {
		for i, v := range tensors.MustCopyFlatData[float32](out) {
			if math.IsNaN(float64(v)) || math.IsInf(float64(v), 0) {
				t.Errorf("%s = %g at x=%g mean=%g theta=%g logit=%g", names[k], v, x[i], mean[i], theta[i], logit[i])
			}
		}
	}
}
