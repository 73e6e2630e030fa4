// Package dist provides likelihoods, divergences and related losses as
// GoMLX graph operations for the generative models of regula: negative
// binomial and zero-inflated negative binomial log-likelihoods on counts
// (scVI/DCA/GraphSCI parameterisation), Gaussian and Poisson
// log-likelihoods, masked mean squared error, Gaussian KL divergences,
// weighted binary cross-entropy on logits and library-size normalisation.
//
// Functions that return element-wise values keep the shape of their inputs
// (all inputs must have identical shapes: there is no implicit rank
// broadcasting); the caller chooses how to reduce them. Log-gamma is built
// from primitive operations (see [Lgamma]) so that automatic
// differentiation yields the digamma function.
package dist
