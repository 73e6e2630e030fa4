package sivae

import (
	"fmt"
	"math"
	"sort"

	"gonum.org/v1/gonum/mat"

	"regula/eval"
)

// NetworkScore summarises how well a model's gene embedding recovers a
// simulated co-expression network (the paper's Fig. 4–5 checks).
type NetworkScore struct {
	// Silhouette of the community genes in loading space, labelled by
	// community (isolated genes excluded).
	Silhouette float64 `json:"silhouette"`
	// IsolatedNorm and CommunityNorm are the mean Euclidean norms of the
	// loadings of isolated genes and of community genes.
	IsolatedNorm  float64 `json:"isolated_norm"`
	CommunityNorm float64 `json:"community_norm"`
	// HubRanks are the 1-based ranks of the hubs by decreasing centrality.
	HubRanks []int `json:"hub_ranks"`
}

// ScoreNetwork evaluates loadings (genes × k, row-major) and centrality
// against the network's ground truth.
func ScoreNetwork(net *Network, loadings []float32, k int, centrality []float64) (NetworkScore, error) {
	g := len(net.Genes)
	if len(loadings) != g*k || len(centrality) != g {
		return NetworkScore{}, fmt.Errorf("sivae: %d loadings values and %d centralities for %d genes × %d dims", len(loadings), len(centrality), g, k)
	}
	var s NetworkScore
	var rows []float64
	var labels []int
	var nIso, nCom int
	for i := 0; i < g; i++ {
		var norm float64
		for j := 0; j < k; j++ {
			v := float64(loadings[i*k+j])
			norm += v * v
		}
		norm = math.Sqrt(norm)
		if net.Community[i] == 0 {
			s.IsolatedNorm += norm
			nIso++
			continue
		}
		s.CommunityNorm += norm
		nCom++
		labels = append(labels, net.Community[i])
		for j := 0; j < k; j++ {
			rows = append(rows, float64(loadings[i*k+j]))
		}
	}
	if nIso > 0 {
		s.IsolatedNorm /= float64(nIso)
	}
	if nCom > 0 {
		s.CommunityNorm /= float64(nCom)
		sil, err := eval.Silhouette(mat.NewDense(nCom, k, rows), labels, eval.SilhouetteOptions{})
		if err != nil {
			return s, err
		}
		s.Silhouette = sil
	}
	order := make([]int, g)
	for i := range order {
		order[i] = i
	}
	sort.SliceStable(order, func(a, b int) bool { return centrality[order[a]] > centrality[order[b]] })
	for rank, i := range order {
		if net.Hub[i] {
			s.HubRanks = append(s.HubRanks, rank+1)
		}
	}
	return s, nil
}
