package tl

import (
	"fmt"
	"slices"
	"strings"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
)

// NeighborsOptions configures Neighbors.
type NeighborsOptions struct {
	KNNOptions
	// UseRep is the obsm key of the representation ("X_pca" by default);
	// "X" uses the expression matrix itself.
	UseRep string
	// NPCs keeps only the first NPCs columns of the representation (0 = all).
	NPCs int
	// KeyAdded prefixes the output keys like scanpy's key_added: "" writes
	// obsp["connectivities"], obsp["distances"] and uns["neighbors"];
	// "foo" writes obsp["foo_connectivities"], obsp["foo_distances"] and
	// uns["foo"].
	KeyAdded string
}

// Representation returns the cells × dimensions matrix named useRep
// (an obsm key, or "X"), keeping the first nCols columns if nCols > 0.
func Representation(a *anndata.AnnData, useRep string, nCols int) (*mat.Dense, error) {
	if useRep == "X" {
		m, err := DenseFromAnnData(a.X.ToDense(), nCols)
		if err != nil {
			return nil, fmt.Errorf("X: %w", err)
		}
		return m, nil
	}
	rep, ok := a.Obsm[useRep]
	if !ok {
		keys := make([]string, 0, len(a.Obsm))
		for k := range a.Obsm {
			keys = append(keys, k)
		}
		slices.Sort(keys)
		return nil, fmt.Errorf("obsm[%q] not found (have [%s]); run PCA first or choose another representation (\"X\" for the matrix itself)",
			useRep, strings.Join(keys, " "))
	}
	m, err := DenseFromAnnData(rep, nCols)
	if err != nil {
		return nil, fmt.Errorf("obsm[%q]: %w", useRep, err)
	}
	return m, nil
}

// Neighbors computes the kNN graph of the cells on a representation and its
// UMAP connectivities, like scanpy.pp.neighbors: it stores
// obsp["distances"] (kNN distances without self), obsp["connectivities"]
// (fuzzy simplicial set) and uns["neighbors"] (keys and parameters).
func Neighbors(a *anndata.AnnData, opt NeighborsOptions) error {
	if opt.UseRep == "" {
		opt.UseRep = "X_pca"
	}
	if err := opt.defaults(); err != nil {
		return err
	}
	x, err := Representation(a, opt.UseRep, opt.NPCs)
	if err != nil {
		return fmt.Errorf("neighbors: %w", err)
	}
	knn, err := KNNGraph(x, opt.KNNOptions)
	if err != nil {
		return err
	}
	connKey, distKey, unsKey := "connectivities", "distances", "neighbors"
	if opt.KeyAdded != "" {
		connKey, distKey, unsKey = opt.KeyAdded+"_connectivities", opt.KeyAdded+"_distances", opt.KeyAdded
	}
	a.Obsp[distKey] = knn.DistanceMatrix()
	a.Obsp[connKey] = Connectivities(knn)
	_, nDims := x.Dims()
	a.Uns[unsKey] = anndata.Uns{
		"connectivities_key": connKey,
		"distances_key":      distKey,
		"params": anndata.Uns{
			"n_neighbors":  int64(opt.K),
			"method":       "umap",
			"metric":       string(opt.Metric),
			"knn_method":   string(knn.Method),
			"random_state": int64(opt.Seed),
			"use_rep":      opt.UseRep,
			"n_pcs":        int64(nDims),
		},
	}
	return nil
}
