// Package deepsem implements DeepSEM (Shu et al., Nat. Comput. Sci. 2021), a
// beta-VAE whose genes interact only through a learned gene regulatory network
// W, for GRN inference, cell embedding and simulation of scRNA-seq data.
//
// The model, for one cell (row vectors over the m genes):
//
//	encoder  [μ₀ | log σ²₀]_g = f₂(x_g, 1)       one MLP 2→d→d→2 shared by all genes
//	GRN      μ = μ₀·(I − W),  log σ² = log σ²₀·(I − W)
//	latent   z = μ + σ·ε,     ε ~ N(0, I)
//	inverse  h = z·(I − W)⁻¹
//	decoder  x̂_g = f₁(h_g)                        one MLP 1→d→d→1 shared by all genes
//	prior    p(z) = N(μ_p·(I − W), σ²_p·(I − W))  μ_p, log σ²_p from a tiny net of a constant
//
// The encoder's constant second input is the reference's one-category y
// (its Gumbel-softmax over one class is always 1): the first layer's weight
// on it is Xavier-initialised, so the layer starts with a random bias.
//
// loss = reconstruction + β·KL(q‖p) + α·mean|W|. Reconstruction is the MSE
// over the entries that are non-zero in the raw data (cell-type-specific mode)
// or over all entries (non-specific mode); the KL is the reference's
// single-sample estimate averaged over genes and cells.
//
// Orientation. W[r][t] is the weight of regulator r on target t, so that
// h_t = Σ_r W[r][t]·h_r + z_t (equation 1 of the paper, X = WᵀX + Z, written
// for row vectors). The reference implementation stores the transpose,
// adj_A = Wᵀ, and multiplies by I − adj_Aᵀ; its edge list takes the regulator
// from the column of adj_A. The ranked edge r → t therefore has weight
// |W[r][t]| here, which is the same edge and weight as the reference's.
//
// Training alternates, as in the paper: one epoch updating the MLPs (and the
// prior net) with W frozen, then two epochs updating W alone, with RMSprop
// (PyTorch form) at learning rates 1e-4 and 2e-5. W's diagonal is zero and
// stays zero. The inverse (I − W)⁻¹ is computed on the host with a
// conditioning check: an ill-conditioned I − W (the reference crashes with
// "singular U") is damped, logged, and training continues; a non-finite loss
// stops training with an error naming the epoch, step and loss term.
//
// The singular start. The paper's initial W (1/(m−1) off the diagonal)
// makes I − W exactly singular: every column of W sums to 1, so the
// all-ones direction has eigenvalue 0. The reference's positive noise
// U[0, 2e-4) starts it just past that point (eigenvalue ≈ −0.05 for 500
// genes, −0.002 for 18). What happens next depends on the mode:
//
//   - Cell-type mode (α = 1): reconstruction dominates, W grows on the far
//     side (BEELINE mESC: column sums ≈ 3, eigenvalue ≈ −2, every entry
//     positive) and the edge ranking is good. Forcing the near side
//     (Config.PositiveDeterminant) ruins it there (STRING EPR 8 → 0.6–0.9).
//   - Non-specific mode (α = 100): the L1 term shrinks W back through the
//     singular point during training; on small BEELINE networks the learned
//     ranking is then lost (dyn-LL: EPR 0 in both seeds). With
//     Config.PositiveDeterminant, W is shrunk ×0.9 at the first step and
//     whenever det(I − W) ≤ 0, so training stays on the W = 0 side (dyn-LL:
//     EPR 3.8).
//
// Config.PositiveDeterminant (--positive-det) defaults to the reference's
// behaviour (off); every damping is recorded with its reason.
package deepsem
