// Package graphsci implements GraphSCI (Rao et al., iScience 2021): imputation
// of single-cell RNA-seq counts with a graph convolutional network over a
// gene–gene graph and an autoencoder over cells.
//
// Pipeline:
//
//  1. [Prepare] filters genes (no reads, or constant counts), computes size
//     factors s_j = library size / median library size and the input
//     X = log(counts/s + 1).
//  2. [CorrelationGraph] builds the gene graph, |Pearson r| > threshold on X
//     without self-loops, or [GraphFromNetwork] maps a user network onto the
//     genes by name.
//  3. [Train] fits the model:
//     - gene branch: a two-layer GCN with D^-½(A+I)D^-½ and the genes'
//     expression across cells as node features gives a Gaussian gene
//     latent Z_N (mean, log variance); sigmoid(Z_N Z_Nᵀ) reconstructs A+I
//     with the weighted cross-entropy of graph autoencoders;
//     - cell branch (paper eqs. 5–6, as the reference code builds it):
//     H = tanh(X (W ⊙ (A+I)) + b), the first layer masked by the gene
//     graph, then two ReLU layers and free per-gene heads: mean =
//     exp(·)·s_j, dispersion = softplus(·), dropout = sigmoid(·) (NB
//     without the dropout head for droplet data);
//     - Config.CellLatent (opt-in) replaces the dense layers by a Gaussian
//     cell latent Z_M decoded through the gene latent (a reading of eq. 12):
//     logit_k[j,i] = T_k(Z_M)[j] · Z_N(i) + b_k[i], with T_k a small MLP;
//     - loss: ZINB/NB negative log-likelihood of the raw counts, the
//     adjacency cross-entropy and the Gaussian KL terms (Z_N; and Z_M with
//     CellLatent), each scaled per matrix entry; Adam with exponential learning-rate decay; early
//     stopping on a seeded validation split of non-zero entries.
//  4. [Model.Impute] returns the imputed counts (ZINB mean × size factor) and
//     [Model.RefinedNetwork] the decoder's edge probabilities;
//     [Data.Merge] with [ReplaceAll] keeps that matrix (the paper's output,
//     eq. 15) and with [ReplaceZeros] keeps the observed non-zero counts and
//     fills only the zeros.
//
// Deviations from the paper and its reference code are listed in
// DEVIATIONS below and in the run record.
//
// DEVIATIONS:
//   - The reference TensorFlow code masks the first cell layer with the
//     N×N gene latent itself (latent dimension = number of genes) and uses
//     that latent as adjacency logits. We follow the paper's text instead: a
//     D-dimensional gene latent, an inner-product adjacency decoder and the
//     fixed gene graph as the first-layer mask (eq. 5), so by default the
//     gene latent shapes the refined network, not the expression.
//   - No L2 penalty on the parameters by default (Config.WeightDecay = 0).
//     The paper reports an "L2 coefficient 0.001"; the reference code uses
//     that number to weigh a small squared-error term between the imputed
//     and observed values, not as a parameter penalty. Added to the
//     gradient of this per-entry loss before Adam, a 0.001 parameter penalty
//     drove the cell branch to per-gene constants (BENCHMARKS.md).
//   - The mask is A+I, not A: every gene feeds its own hidden unit, so the
//     empty-graph ablation is still an autoencoder.
//   - For large gene sets the adjacency cross-entropy over all N² gene pairs
//     is replaced by an unbiased estimate (every positive pair plus a fresh
//     uniform sample of pairs each step); Config.AdjacencyPairs controls it.
//   - Dropout (rate Config.Dropout) is applied to the masked hidden layer of
//     the cell branch only (the shared GCN block has no dropout hook).
//   - Config.LatentMask (off by default) is the reference code's dynamic
//     coupling: the first cell layer is masked by the decoded adjacency
//     sigmoid(Z_N Z_Nᵀ) (dense N×N) instead of the fixed A+I. On pbmc3k it
//     lowered the hidden-entry error of both the correlation and the empty
//     graph but did not make the graph beat the empty graph, gave large
//     count outliers with the correlation graph, and costs N² memory, so it
//     is not the default.
//
// Why the default changed (issue 6, BENCHMARKS.md "Why imputation does
// not help clustering"): the first cell branch (now Config.CellLatent),
// trained with a 0.001 parameter penalty, learned to ignore the cell. Its
// imputed matrix was each gene's constant times the cell's size factor
// (cell-to-cell s.d. of log(x/s + 1) 0.001 on pbmc3k against 0.19 in the
// input, 1e-8 on pbmc68k_reduced), so replacing every entry erased the
// cell types and the gene graph, which acts only through the cell path,
// could not matter; its low hidden-entry MAE on the log scale came from
// that shrinkage. The dense branch without the penalty keeps the cell
// (s.d. 0.06 on pbmc3k, 0.23 on pbmc68k_reduced) and raises the hidden
// entries' Pearson r on pbmc3k from 0.71 to 0.83 (counts 0.63 → 0.86).
//
// Whether the gene graph helps (issue 6, BENCHMARKS.md): on SERGIO DS1 the
// true regulatory network, the correlation graph and the empty graph give
// the same dropped-entry error within seed noise (the remaining error there
// is counting noise: even the true per-cell-type mean of the pre-dropout
// counts reaches only r = 0.22 on the dropped entries), and on pbmc3k the
// |r| > 0.3 graph does not beat the empty graph either, with either cell
// branch (five seeds with the default branch: paired differences of the
// hidden-entry MAE and r all below their seed-to-seed spread, none
// significant). The graph is kept
// because the paper's model is defined by it, not because it was shown to
// improve imputation here. Config.GeneLatentMean (opt-in) decodes the
// expression in training from the mean of Z_N, the latent imputation uses,
// instead of a sample; measured with the cell latent (then the default), on pbmc3k (seeds 1 and 2) it raised the hidden
// entries' Pearson r (log1p 0.71 → 0.75–0.77, above kNN smoothing) and
// their MAE (0.42–0.44 → 0.48–0.50); the graph beat the empty graph on
// MAE with seed 1 and lost with seed 2. Trained past early stopping, decoding from a
// sample gives a model whose imputation has extreme values (30 epochs
// without a validation split: 2 % of entries above 10× the gene's largest
// count, against 0.01 % with the mean); early stopping on the validation
// entries picks an epoch before that (none above 10×).
package graphsci
