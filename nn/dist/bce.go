package dist

import (
	"math"

	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/support/exceptions"
)

// BCEWithLogits returns, element-wise, the binary cross-entropy of targets
// in [0, 1] given logits, with positive examples weighted by posWeight —
// the same as torch.nn.BCEWithLogitsLoss(pos_weight=posWeight,
// reduction='none'):
//
//	(1−y)·z + (1 + (w−1)·y)·(log1p(e^(−|z|)) + max(−z, 0))
//
// posWeight = 1 gives the unweighted loss; graph autoencoders use
// (N² − E)/E for an adjacency with E edges. logits and targets must have
// the same shape.
func BCEWithLogits(logits, targets *Node, posWeight float64) *Node {
	if !(posWeight > 0) || math.IsInf(posWeight, 0) {
		exceptions.Panicf("dist: BCEWithLogits needs a finite posWeight > 0, got %g", posWeight)
	}
	assertSameShape("BCEWithLogits", logits, targets)
	logSigmoidNeg := Add(Log1p(Exp(Neg(Abs(logits)))), Max(Neg(logits), ZerosLike(logits)))
	weight := AddScalar(MulScalar(targets, posWeight-1), 1)
	return Add(Mul(OneMinus(targets), logits), Mul(weight, logSigmoidNeg))
}
