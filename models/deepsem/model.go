package deepsem

import (
	"fmt"

	"github.com/gomlx/compute/dtypes"
	"github.com/gomlx/compute/shapes"
	. "github.com/gomlx/gomlx/core/graph"
	"github.com/gomlx/gomlx/ml/model"

	"regula/nn"
	"regula/nn/dist"
)

// Variable scopes of the model in its store.
const (
	scopeEncoder   = "encoder"
	scopeDecoder   = "decoder"
	scopePrior     = "prior"
	scopeAdjacency = "grn"
	varAdjacency   = "adjacency"
)

// forward holds the intermediate values of one forward pass.
type forward struct {
	// mu0 and logVar0 are the encoder outputs before the GRN layer [b, m].
	mu0, logVar0 *Node
	// mu and logVar are the posterior parameters after the GRN layer [b, m].
	mu, logVar *Node
	// z is the latent sample and xHat the reconstruction [b, m].
	z, xHat *Node
}

// nnInit maps the configured initialisation to the nn package's.
func (c Config) nnInit() nn.WeightInit {
	if c.Init == KaimingUniform {
		return nn.KaimingUniform
	}
	return nn.XavierNormal
}

// adjacencyNode returns the reference-layout adjacency A = Wᵀ (A[t][r] =
// weight of regulator r on target t) with its diagonal masked to zero, so
// that no gradient ever reaches the diagonal.
func adjacencyNode(scope *model.Scope, g *Graph, m int) *Node {
	node := adjacencyVariable(scope.Store()).NodeValue(g)
	eye := DiagonalWithValue(ScalarOne(g, node.DType()), m)
	return Mul(node, OneMinus(eye))
}

// adjacencyPath is the store path of the adjacency variable.
const adjacencyPath = "/" + scopeAdjacency + "/" + varAdjacency

// adjacencyVariable returns the adjacency variable of the store.
func adjacencyVariable(store *model.Store) *model.Variable {
	v := store.GetVariable(adjacencyPath)
	if v == nil {
		panic(fmt.Sprintf("deepsem: variable %s missing from the store", adjacencyPath))
	}
	return v
}

// encode runs the shared encoder MLP and the GRN layer: x [b, m] → μ, log σ².
// As in the reference, the encoder sees each value with a constant second
// input (the reference's one-category y ≡ 1): its first layer starts with a
// random bias instead of zero (see doc.go).
func (c Config) encode(scope *model.Scope, x, a *Node) (mu0, logVar0, mu, logVar *Node) {
	b, m := x.Shape().Dim(0), x.Shape().Dim(1)
	enc := nn.PerGeneMLP(scope.In(scopeEncoder), x, c.Hidden, 2, c.nnInit(), true) // [b, m, 2]
	mu0 = Reshape(Slice(enc, AxisRange(), AxisRange(), AxisElem(0)), b, m)
	logVar0 = Reshape(Slice(enc, AxisRange(), AxisRange(), AxisElem(1)), b, m)
	return mu0, logVar0, nn.GRN(mu0, a), nn.GRN(logVar0, a)
}

// decode maps latent values z [b, m] through the inverse GRN layer (inv is
// the host-computed (I − Aᵀ)⁻¹) and the shared decoder MLP.
func (c Config) decode(scope *model.Scope, z, a, inv *Node) *Node {
	b, m := z.Shape().Dim(0), z.Shape().Dim(1)
	h := nn.InverseGRN(z, a, inv)
	return Reshape(nn.PerGeneMLP(scope.In(scopeDecoder), h, c.Hidden, 1, c.nnInit(), false), b, m)
}

// prior returns the prior's mean and log-variance [1, m]: as in the
// reference, each is a tiny net 1 → d → m (tanh) of the constant category
// input, multiplied by the GRN layer.
func (c Config) prior(scope *model.Scope, g *Graph, dtype dtypes.DType, m int, a *Node) (mu, logVar *Node) {
	one := Ones(g, shapes.Make(dtype, 1, 1))
	ps := scope.In(scopePrior)
	head := func(name string) *Node {
		s := ps.In("%s", name)
		h := nn.FastTanh(nn.Dense(s.In("layer0"), one, c.Hidden, c.nnInit()))
		return nn.GRN(nn.Dense(s.In("layer1"), h, m, c.nnInit()), a)
	}
	return head("mean"), head("logvar")
}

// forwardPass computes the posterior, a latent sample and the
// reconstruction for a batch x [b, m] with reparameterisation noise eps
// [b, m] (the prior is built separately, by lossTerms).
func (c Config) forwardPass(scope *model.Scope, x, eps, inv *Node) forward {
	g := x.Graph()
	m := x.Shape().Dim(1)
	a := adjacencyNode(scope, g, m)
	var f forward
	f.mu0, f.logVar0, f.mu, f.logVar = c.encode(scope, x, a)
	// Reference: std = sqrt(exp(logvar) + 1e-10).
	std := Sqrt(AddScalar(Exp(f.logVar), 1e-10))
	f.z = Add(f.mu, Mul(eps, std))
	f.xHat = c.decode(scope, f.z, a, inv)
	return f
}

// lossTerms returns the total loss and its three terms (reconstruction,
// β·KL, α·mean|W|) for a batch.
func (c Config) lossTerms(scope *model.Scope, x, nonZero, eps, inv *Node) (total, rec, kl, sparse *Node) {
	f := c.forwardPass(scope, x, eps, inv)
	if c.Mode == CellType {
		rec = dist.MaskedMSE(x, f.xHat, nonZero)
	} else {
		rec = ReduceAllMean(Square(Sub(x, f.xHat)))
	}
	b, m := x.Shape().Dim(0), x.Shape().Dim(1)
	priorMu, priorLogVar := c.prior(scope, x.Graph(), x.DType(), m, adjacencyNode(scope, x.Graph(), m))
	priorMu = BroadcastToDims(priorMu, b, m)
	priorLogVar = BroadcastToDims(priorLogVar, b, m)
	// The reference's single-sample estimate log q(z|x) − log p(z), averaged
	// over genes and cells.
	kl = MulScalar(ReduceAllMean(Sub(
		dist.GaussianLogPDF(f.z, f.mu, f.logVar),
		dist.GaussianLogPDF(f.z, priorMu, priorLogVar))), c.Beta)
	a := adjacencyVariable(scope.Store()).NodeValue(x.Graph())
	sparse = MulScalar(ReduceAllMean(Abs(a)), c.Alpha)
	total = Add(Add(rec, kl), sparse)
	return total, rec, kl, sparse
}
