package dist

import (
	. "github.com/gomlx/gomlx/core/graph"
)

// Eps is the small constant added inside logarithms of means and
// dispersions by the count likelihoods, as in scVI (log(μ + ε), log(θ + ε),
// log(θ + μ + ε)); it keeps them finite when a mean underflows to zero.
const Eps = 1e-8

// NegBinomialLogPMF returns, element-wise, the log-probability of counts x
// under a negative binomial with mean μ and inverse dispersion θ (variance
// μ + μ²/θ), the parameterisation used by scVI, DCA and GraphSCI:
//
//	log NB(x; μ, θ) = θ·(log θ − log(θ+μ)) + x·(log μ − log(θ+μ))
//	                  + lgamma(x+θ) − lgamma(θ) − lgamma(x+1)
//
// with [Eps] inside the logarithms. x, mean and theta must have the same
// shape; mean and theta must be positive and x non-negative.
func NegBinomialLogPMF(x, mean, theta *Node) *Node {
	t := newNBTerms(x, mean, theta)
	return Add(Add(t.thetaLogRatio, t.xLogRatio), t.logGammaTerms)
}

// ZINBLogPMF returns, element-wise, the log-probability of counts x under
// a zero-inflated negative binomial: with probability π = sigmoid(logit) an
// excess zero, otherwise NB(μ, θ) as in [NegBinomialLogPMF]. The dropout is
// given as a logit for numerical stability (a probability p maps to
// log p − log(1−p)). It follows scVI's log_zinb_positive:
//
//	x = 0:  softplus(−logit + θ·(log θ − log(θ+μ))) − softplus(−logit)
//	x > 0:  −softplus(−logit) − logit + log NB(x; μ, θ)
//
// x, mean, theta and dropoutLogits must have the same shape.
func ZINBLogPMF(x, mean, theta, dropoutLogits *Node) *Node {
	t := newNBTerms(x, mean, theta)
	softplusNegLogit := FastSoftplus(Neg(dropoutLogits))
	// log((1−π)·θ^θ/(θ+μ)^θ) + log(1+e^logit) = −logit + θ·log(θ/(θ+μ)).
	logitThetaTerm := Sub(t.thetaLogRatio, dropoutLogits)
	caseZero := Sub(FastSoftplus(logitThetaTerm), softplusNegLogit)
	caseNonZero := Add(
		Sub(logitThetaTerm, softplusNegLogit),
		Add(t.xLogRatio, t.logGammaTerms))
	isZero := LessThan(x, ConstAsDType(x.Graph(), x.DType(), Eps))
	return Where(isZero, caseZero, caseNonZero)
}

// nbTerms are the pieces of the negative binomial log-pmf shared by the NB
// and ZINB likelihoods.
type nbTerms struct {
	thetaLogRatio *Node // θ·(log(θ+ε) − log(θ+μ+ε))
	xLogRatio     *Node // x·(log(μ+ε) − log(θ+μ+ε))
	logGammaTerms *Node // lgamma(x+θ) − lgamma(θ) − lgamma(x+1)
}

func newNBTerms(x, mean, theta *Node) nbTerms {
	assertSameShape("negative binomial", x, mean, theta)
	logThetaMean := Log(AddScalar(Add(theta, mean), Eps))
	return nbTerms{
		thetaLogRatio: Mul(theta, Sub(Log(AddScalar(theta, Eps)), logThetaMean)),
		xLogRatio:     Mul(x, Sub(Log(AddScalar(mean, Eps)), logThetaMean)),
		logGammaTerms: Sub(
			Sub(Lgamma(Add(x, theta)), Lgamma(theta)),
			Lgamma(OnePlus(x))),
	}
}
