// Package pp preprocesses single-cell data the way scanpy's `sc.pp` module
// does, with scanpy's names, defaults and formulas, so that a pipeline written
// for scanpy gives the same numbers here:
//
//	FilterCells / FilterGenes      sc.pp.filter_cells / sc.pp.filter_genes
//	NormalizeTotal                 sc.pp.normalize_total
//	Log1p                          sc.pp.log1p
//	HighlyVariableGenes            sc.pp.highly_variable_genes (seurat, seurat_v3)
//	Scale                          sc.pp.scale
//	PCA                            sc.pp.pca (plus PCAMatrix for plain matrices)
//	CalculateQCMetrics             sc.pp.calculate_qc_metrics
//
// plus TrainTestSplit and StratifiedSplit for reproducible cell splits.
//
// Functions work on *anndata.AnnData. Those that only transform X (NormalizeTotal,
// Log1p, Scale) change it in place; those that drop cells or genes
// (the filters, HighlyVariableGenes with Subset) return a new AnnData and
// leave their input untouched. Dense and CSR matrices are both accepted;
// CSR stays sparse wherever scanpy keeps it sparse (filters, normalisation,
// log1p, scale without centring, PCA with the randomised solver). Statistics
// are accumulated in float64; X stays float32.
package pp
