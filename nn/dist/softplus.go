package dist

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// FastSoftplus returns log(1 + eˣ) element-wise, computed stably as
// max(x, 0) + log1p(e^(−|x|)). It needs fewer element-wise passes than
// graph.Softplus, which matters on the pure-Go backend.
func FastSoftplus(x *Node) *Node {
	return Add(Max(x, ZerosLike(x)), Log1p(Exp(Neg(Abs(x)))))
}
