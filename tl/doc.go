// Package tl is regula's analysis toolkit, modelled on scanpy's tl/pp
// neighbour, clustering and embedding tools:
//
//   - k-nearest-neighbour graphs on a representation (exact brute force for
//     small data, NN-descent above a size threshold) and UMAP's fuzzy
//     simplicial set connectivities (Neighbors, KNNGraph, Connectivities);
//   - Leiden and Louvain community detection with a resolution parameter on
//     the weighted connectivities (Leiden, Louvain, LeidenPartition,
//     LouvainPartition), and a binary search for the resolution that yields a
//     target number of clusters (ResolutionForClusters);
//   - k-means with k-means++ seeding and several starts (KMeans), the
//     fixed-k clustering scikit-learn users reach for;
//   - two-dimensional maps: UMAP (UMAP, UMAPEmbed) and Barnes–Hut t-SNE
//     (TSNE, TSNEEmbed).
//
// Every function takes an explicit seed and gives the same result for the
// same input and seed, whatever the number of threads. Matrix-level
// functions work on *mat.Dense (wrap row-major []float64 with mat.NewDense);
// the AnnData-level functions read and write the slots scanpy uses
// (obsm["X_pca"], obsp["connectivities"], obsp["distances"],
// uns["neighbors"], obs["leiden"], obsm["X_umap"], obsm["X_tsne"]).
package tl
