// Package eval computes the evaluation metrics of regula, in float64 and
// matching scikit-learn / SciPy where those define the metric:
//
//   - clustering: adjusted Rand index, normalised mutual information,
//     clustering accuracy under the best one-to-one label mapping,
//     silhouette;
//   - embeddings: k-nearest-neighbour classification accuracy and balanced
//     accuracy on held-out cells (a given split or stratified k-fold);
//   - realism of simulated cells: centroid distances, MMD with GRouNdGAN's
//     three-scale Gaussian kernel, iLISI/miLISI, random-forest AUROC;
//   - gene regulatory networks: BEELINE early precision ratio, AUPRC ratio,
//     AUROC, precision at k, GRN consistency;
//   - statistics: Wilcoxon signed-rank and Mann–Whitney U tests,
//     Benjamini–Hochberg, Pearson and Spearman correlation, ROC and
//     precision–recall curves.
//
// Every reference value in the tests comes from testdata/make_fixtures.py
// (Debian's scikit-learn 1.2 and SciPy 1.10). Inputs that make a metric
// undefined return an error that says why, unless scikit-learn defines a
// value for the case, which is then documented on the function.
package eval
