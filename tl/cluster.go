package tl

import (
	"fmt"
	"strconv"

	"regula/anndata"
)

// Algorithm names a community detection method.
type Algorithm string

const (
	// AlgLeiden is the Leiden algorithm (scanpy.tl.leiden).
	AlgLeiden Algorithm = "leiden"
	// AlgLouvain is the Louvain method (scanpy.tl.louvain).
	AlgLouvain Algorithm = "louvain"
)

// Partition runs the named algorithm on a symmetric adjacency matrix.
func Partition(alg Algorithm, adj *anndata.CSR, opt ClusterOptions) ([]int, error) {
	switch alg {
	case AlgLeiden:
		return LeidenPartition(adj, opt)
	case AlgLouvain:
		return LouvainPartition(adj, opt)
	}
	return nil, fmt.Errorf("unknown clustering algorithm %q (want leiden or louvain)", alg)
}

// ClusterObsOptions configures Leiden and Louvain on an AnnData.
type ClusterObsOptions struct {
	ClusterOptions
	// Adjacency is the obsp key of the graph ("connectivities" by default).
	Adjacency string
	// KeyAdded is the obs column to write ("leiden"/"louvain" by default).
	KeyAdded string
}

// Leiden clusters the cells on obsp["connectivities"] like
// scanpy.tl.leiden and writes obs["leiden"] as a Categorical with
// categories "0", "1", … in order of decreasing cluster size, plus
// uns["leiden"]["params"].
func Leiden(a *anndata.AnnData, opt ClusterObsOptions) error {
	return clusterObs(a, AlgLeiden, opt)
}

// Louvain is Leiden's counterpart for the Louvain method (obs["louvain"]).
func Louvain(a *anndata.AnnData, opt ClusterObsOptions) error {
	return clusterObs(a, AlgLouvain, opt)
}

func clusterObs(a *anndata.AnnData, alg Algorithm, opt ClusterObsOptions) error {
	if opt.Adjacency == "" {
		opt.Adjacency = "connectivities"
	}
	if opt.KeyAdded == "" {
		opt.KeyAdded = string(alg)
	}
	adj, ok := a.Obsp[opt.Adjacency]
	if !ok {
		return fmt.Errorf("%s: obsp[%q] not found; compute the neighbour graph first (regula tl neighbors)", alg, opt.Adjacency)
	}
	if err := opt.defaults(); err != nil {
		return fmt.Errorf("%s: %w", alg, err)
	}
	labels, err := Partition(alg, adj, opt.ClusterOptions)
	if err != nil {
		return err
	}
	if err := a.Obs.Set(opt.KeyAdded, LabelsCategorical(labels)); err != nil {
		return fmt.Errorf("%s: %w", alg, err)
	}
	params := anndata.Uns{
		"resolution":   opt.Resolution,
		"random_state": int64(opt.Seed),
		"adjacency":    opt.Adjacency,
	}
	if alg == AlgLeiden {
		params["n_iterations"] = int64(opt.Iterations)
	}
	a.Uns[opt.KeyAdded] = anndata.Uns{"params": params}
	return nil
}

// LabelsCategorical encodes cluster labels 0..k−1 as a Categorical with
// categories "0".."k−1" (code c means category strconv.Itoa(c)).
func LabelsCategorical(labels []int) *anndata.Categorical {
	k := 0
	codes := make([]int32, len(labels))
	for i, l := range labels {
		codes[i] = int32(l)
		k = max(k, l+1)
	}
	cats := make([]string, k)
	for c := range cats {
		cats[c] = strconv.Itoa(c)
	}
	return &anndata.Categorical{Codes: codes, Categories: cats}
}
