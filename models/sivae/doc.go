// Package sivae implements siVAE (Choi, Li & Quon 2023), a variational
// autoencoder whose cell embedding is interpretable: a cell-wise
// encoder–decoder embeds cells (scores Z), a feature-wise encoder–decoder
// embeds genes (loadings V), the output mean is the dot product of the two
// decoders' last layers, X̂_cf = v_{f,L}ᵀ z_{c,L}, and a small
// interpretability term γ·Σ log N(X_cf; v_{f,1}ᵀ z_{c,1}, 1) makes dimension k
// of the loadings explain dimension k of the scores, as PCA loadings do.
//
// Training follows the paper's three steps (Train): the cell-wise VAE with
// free last-layer weights, the feature-wise VAE fitted to reproduce those
// weights, then everything jointly. Variants: γ = 0 (Config.Gamma), siVAE-NB
// (negative-binomial observation of raw counts), siVAE-linear (both decoders
// removed, X̂ = v_1ᵀ z_1) and the plain VAE baseline, which is exactly the
// cell-wise pre-training step run on its own. A batch covariate (one-hot) is
// fed to the cell encoder and decoder and enters the interpretability term
// through a per-gene weight j_f.
//
// Deviations from the paper and its reference code are documented where
// they happen; the main ones: mini-batches are taken over cells AND genes in
// the joint step (sums are rescaled to stay unbiased), the NB variant uses
// the observed library size rather than a log-normal latent one, and the
// synthetic network (Simulate) uses the closed-form Gaussian graphical model
// of a hub-and-spoke graph instead of qpgraph's random qpG2Sigma.
package sivae
