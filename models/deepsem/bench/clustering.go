package main

import (
	"fmt"
	"strconv"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
	"regula/eval"
	"regula/plot"
	"regula/pp"
	"regula/tl"
)

// The paper's embedding protocol ("Latent representation visualization and
// clustering"): 50 PCs when the representation is wider, a 30-nearest-
// neighbour graph, UMAP with default parameters, Louvain with the
// resolution binary-searched to give as many clusters as cell types.
const (
	embeddingPCs       = 50
	embeddingNeighbors = 30
)

// clusterScore is the agreement of one clustering with the labels.
type clusterScore struct {
	ARI, NMI   float64
	Resolution float64
	Clusters   int
}

// embeddingResult is the evaluation of one cell representation.
type embeddingResult struct {
	name            string
	louvain, leiden clusterScore
	// graph is the neighbour graph of reduced, the representation after
	// PCA.
	graph   *anndata.CSR
	reduced *mat.Dense
}

// evaluateEmbedding runs the paper's protocol on x (cells × dimensions)
// and scores Louvain (the paper's algorithm) and Leiden clusters against
// labels.
func evaluateEmbedding(name string, x *mat.Dense, labels []string) (*embeddingResult, error) {
	res := &embeddingResult{name: name, reduced: x}
	if _, cols := x.Dims(); cols > embeddingPCs {
		p, err := pp.PCAMatrix(x, pp.PCAOptions{NComps: embeddingPCs, Seed: *seed})
		if err != nil {
			return nil, fmt.Errorf("%s: PCA: %w", name, err)
		}
		res.reduced = p.Scores
	}
	knn, err := tl.KNNGraph(res.reduced, tl.KNNOptions{K: embeddingNeighbors, Method: tl.KNNExact, Seed: *seed, Threads: *threads})
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	res.graph = tl.Connectivities(knn)
	target := len(distinct(labels))
	for _, alg := range []tl.Algorithm{tl.AlgLouvain, tl.AlgLeiden} {
		s, err := tl.ResolutionForClusters(alg, res.graph, target, 0, 0, 0, tl.ClusterOptions{Seed: *seed})
		if s == nil {
			return nil, fmt.Errorf("%s: %s: %w", name, alg, err)
		}
		if err != nil {
			logf("%s: %s: %v (scoring the closest)", name, alg, err)
		}
		score := clusterScore{Resolution: s.Resolution, Clusters: s.NClusters}
		clusters := make([]string, len(s.Labels))
		for i, l := range s.Labels {
			clusters[i] = strconv.Itoa(l)
		}
		if score.ARI, err = eval.AdjustedRandIndex(labels, clusters); err != nil {
			return nil, err
		}
		if score.NMI, err = eval.NormalizedMutualInfo(labels, clusters); err != nil {
			return nil, err
		}
		if alg == tl.AlgLouvain {
			res.louvain = score
		} else {
			res.leiden = score
		}
	}
	return res, nil
}

// saveUMAP embeds the representation's neighbour graph with UMAP (default
// parameters) and writes a PNG coloured by labels.
func saveUMAP(res *embeddingResult, labels []string, title, path string) error {
	u, err := tl.UMAPEmbed(res.graph, res.reduced, tl.UMAPOptions{Seed: *seed})
	if err != nil {
		return fmt.Errorf("%s: UMAP: %w", res.name, err)
	}
	fig, err := plot.Embedding(mat.Col(nil, 0, u), mat.Col(nil, 1, u), plot.EmbeddingOptions{
		Title: title, XLabel: "UMAP 1", YLabel: "UMAP 2",
		Categories: labels, ColorLabel: "cell type",
	})
	if err != nil {
		return err
	}
	return fig.Save(path)
}

// distinct returns the distinct values of s in order of first appearance.
func distinct(s []string) []string {
	seen := map[string]bool{}
	var out []string
	for _, v := range s {
		if !seen[v] {
			seen[v] = true
			out = append(out, v)
		}
	}
	return out
}
