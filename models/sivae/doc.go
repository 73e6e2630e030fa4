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
// cell-wise pre-training step run on its own. A batch covariate (one-hot)
// enters the output through per-gene weights j'_f and the interpretability
// term through j_f, and the cell encoder reads the data centred within each
// batch (Config.BatchOutput; the paper feeds the one-hot to the cell
// encoder and the first decoder layer).
//
// Choices the paper leaves open, and deviations from it:
//   - Hidden layers use ReLU and Glorot-uniform weights (TensorFlow's
//     default, used by the reference code). The last layer of the
//     feature-wise decoder has no activation: v_{f,L} are output weights and
//     must take both signs (with ReLU on both sides every X̂_cf ≥ 0).
//   - The feature-wise pre-training measures the error of v_{f,L} against
//     the free weights ṽ_{f,L} by its effect on the output (the Gram matrix
//     of z_{c,L} over the cells divided by the mean observation variance),
//     not by a plain squared error, which is dominated by weights of hidden
//     units the data never activate and makes the feature VAE collapse.
//   - The joint step takes mini-batches of cells and, by default, of 256
//     genes (Config.JointGeneBatchSize; 0 = all genes per step, as the
//     reference implementation); sums over genes are rescaled by G/m and
//     the loadings' KL by G/C so the loss is an unbiased estimate of
//     −ℓ_siVAE per cell. Every term follows the paper's Eqs. 12–13: the
//     reconstruction and the interpretability term are both summed over all
//     G genes per cell, the interpretability term is γ·log N(X; v_{f,1}ᵀ
//     z_{c,1}, 1) with samples of z and v (E_q), and v_{f,1} ~ N(0, I). The
//     reference code differs slightly: its interpretability term is
//     γ·Σ_f (X − zᵀv − b_f)² (twice the paper's, plus the output bias) and
//     its loadings' KL is averaged over genes (C/G times the paper's).
//   - The joint step decodes the output weights v_{f,L} from the posterior
//     mean of the loadings by default (Config.LoadingNoise = 0); the paper's
//     ELBO, and the reference code, decode a sample (LoadingNoise = 1). The
//     interpretability term and the KL keep the sampled loadings, and
//     siVAE-linear, whose output is the loadings' product itself, always
//     samples (with the mean its loadings lose their scale). A gene's
//     posterior s.d. shrinks as 1/√C with the number of cells: on the
//     paper's 177k-cell atlas the sample is practically the mean, on a few
//     thousand cells it is not, and the sampled weights then add noise to
//     every reconstruction. On pbmc3k at K = 2 (γ = 0, fold 1 of the k-NN
//     benchmark, 20/60/20 epochs) sampling cost 13 points of balanced
//     accuracy in the joint step, while mean decoding kept the pre-trained
//     embedding and, at the paper's 100/100/100 schedule, matched the plain
//     VAE (see bench).
//   - The feature-wise pre-training also fits the interpretability term,
//     with the scores of the pre-trained cell encoder held fixed
//     (Config.AlignLoadings, default on; false = the paper, whose
//     feature-wise step fits the loadings to the free output weights only).
//     The term is γ·½·Σ_c (X_cf − v_{f,1}ᵀ z_c)² over a seeded subset of up
//     to ReducedCells training cells, scaled to all cells, with sampled
//     loadings as in the joint step; the joint objective is unchanged. Without
//     it the joint step starts with the term at about 3× its converged value
//     (pbmc3k, K = 2: 425 per cell against 136), and the term's first
//     gradients pull the cell embedding towards a linear, PCA-like one:
//     with γ = 0.05 at the paper's schedule one fold of five collapsed
//     (k-NN balanced accuracy 0.467 against the plain VAE's 0.617) and the
//     5-fold mean was 3.6 points below the plain VAE. Aligned, the joint step
//     starts at 138 and the 5-fold mean is 0.614 against 0.619 (see bench).
//   - Known limitation: the loadings do not agree with the decoder's
//     gradient × input attribution at the paper's schedule (pbmc3k, K = 2,
//     100 joint epochs: median |Spearman| 0.32 with the paper's
//     pre-training, 0.36 aligned; the synthetic network at K = 64: 0.17 and
//     0.32). With the paper's pre-training they agreed after a short joint
//     step (20 joint epochs: 0.88–0.99), while the term's large starting
//     value was still making the embedding linear — the same pull that cost
//     k-NN accuracy (0.27–0.29 at that schedule); aligned, the short
//     schedule gives 0.16–0.22. The loadings stay close to the
//     least-squares coefficients of the data on the scores (Spearman
//     0.69–0.81 after 100 joint epochs); it is the decoder whose
//     attribution drifts away from that linear association (0.14–0.32):
//     the interpretability term constrains v_{f,1}ᵀ z_{c,1}, not the
//     decoder's gradients. Integrated gradients from 0
//     (Model.IntegratedGradientsLoadings), a path attribution like the
//     paper's best-agreeing DeepLIFT, agree far better with the loadings
//     (median 0.67 at the paper's schedule, against 0.32 for gradient ×
//     input at each cell's scores; see bench). With gradient clipping
//     (seed 1): 0.39 for gradient × input, 0.80 for integrated gradients;
//     the paper's configuration (AlignLoadings false, LoadingNoise 1,
//     clipped) gives 0.17, so the gap does not come from those two
//     deviations.
//   - Config.GammaWarmup (opt-in; 0 = the paper) raises the
//     interpretability weight linearly from 0 over a fraction of the joint
//     step, another way to avoid the collapse described above (measured
//     with the paper's pre-training: the collapsed fold gave 0.614 with a
//     warm-up over half the joint step); Config.AlignLoadings removes the
//     cause instead, and keeps the full γ from the first joint step.
//   - Batch correction (Config.BatchOutput, default on) deviates from the
//     paper's Eq. 21, which adds the batch to the first cell-decoder layer.
//     regula adds free per-gene batch weights j'_f to the output instead
//     (X̂_cf = v_{f,L}ᵀ z_{c,L} + j'_fᵀ s_c, the form of the
//     interpretability term's j_f), started at each gene's per-batch means;
//     the cell encoder sees each gene less its per-batch mean, without s
//     (see Config.BatchOutput); and the feature-wise input
//     is each gene's profile with its per-batch means removed, so that the
//     loadings do not encode the shift either. On pbmc3k with a random
//     half shifted gene-wise (s.d. 1 per gene, K = 2, γ = 0.05, 20/60/20
//     epochs, seeds 1–3) the paper's architecture left the batches apart
//     and the cell types mixed (iLISI 1.09–1.53, cell-type ARI 0.02–0.03
//     against 0.15–0.21 without the shift); BatchOutput gives iLISI
//     1.89–1.90, as for a random split of unshifted cells, and ARI within
//     0.03 of the shift-free run (measured with the paper's pre-training
//     and the one-hot in the encoder). With the defaults (Config.AlignLoadings,
//     the encoder reading the batch-centred data alone), seeds 1–10: iLISI
//     1.87–1.91; at K = 2 the key run's ARI is never more than 0.034 below
//     the batch-free run's (measured before gradient clipping); at K = 10
//     it was 0.07–0.32 below on 3 of 10 seeds before clipping (the
//     cell-wise step's KL diverging, or the joint step losing the cell
//     types), and with clipping the worst gap is −0.075, the mean +0.016,
//     7 of 10 seeds within ±0.05 (BENCHMARKS.md). At
//     K = 2 a shift of every gene cannot
//     pass through v_{f,L} (a function of a 2-D loading), and a decoder
//     that sees the batch can undo any batch offset of the scores, so only
//     the KL term pulls the batches together.
//   - Gradients are clipped (Config.ClipNorm, default 1000; 0 = the
//     reference, which does not clip): each optimiser's gradients are
//     rescaled to a global L2 norm of at most 1000 before weight decay, as
//     torch.nn.utils.clip_grad_norm_. On pbmc3k at K = 10 the cell-wise
//     step's gradient norm has median 200 in a smooth run, but isolated
//     steps of norm 10⁶–10¹² made the KL spike to 10⁴–10⁵ per cell and lost
//     the cell types in about one training in six (cell-type ARI below 0.25
//     in 4 of 20 runs of the batch check, seeds 1–10). With the cap the same
//     20 runs keep them (ARI 0.448–0.590; see bench).
//   - KL warm-up applies to each pre-training step; the joint step starts
//     from pre-trained networks with KL weight 1. L2 is weight decay λ·w
//     added to the gradients (the gradient of λ/2·‖w‖²).
//   - The NB variant uses each cell's observed count over the genes of the
//     batch as l_c (scVI's observed library size) instead of a log-normal
//     latent one, and one dispersion per cell from σ_d as Eq. 16 says; its
//     interpretability term is computed on the scaled data.
//   - Degree centrality is 1 − SSE/SST per gene (fraction of its variance
//     reconstructed), a monotone transform of the paper's negative error.
//   - The synthetic network (Simulate) uses the closed-form Gaussian
//     graphical model of a hub-and-spoke graph instead of qpgraph's random
//     qpG2Sigma: precision zero off the edges, hub–spoke correlation ρ.
//
// Evaluation programs that take minutes live in ./bench.
package sivae
