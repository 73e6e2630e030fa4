package pp

import (
	"fmt"
	"math"
	"strings"

	"regula/anndata"
)

// CalculateQCMetrics adds scanpy's standard quality-control columns, like
// sc.pp.calculate_qc_metrics(adata, qc_vars=["mt"], log1p=True) with
// var["mt"] = gene name starts with mtPrefix ("" means "MT-"; the match is
// case-sensitive, as scanpy users write it):
//
//   - obs: n_genes_by_counts, log1p_n_genes_by_counts, total_counts,
//     log1p_total_counts, total_counts_mt, log1p_total_counts_mt,
//     pct_counts_mt (0 for a cell with no counts);
//   - var: mt, n_cells_by_counts, mean_counts, log1p_mean_counts,
//     pct_dropout_by_counts, total_counts, log1p_total_counts.
//
// Counts are > 0 entries of X, as scanpy.
func CalculateQCMetrics(a *anndata.AnnData, mtPrefix string) error {
	if err := checkMatrix(a, "CalculateQCMetrics"); err != nil {
		return err
	}
	if mtPrefix == "" {
		mtPrefix = "MT-"
	}
	n := float64(a.NObs())
	mt := make([]bool, a.NVars())
	for j, g := range a.GeneNames() {
		mt[j] = strings.HasPrefix(g, mtPrefix)
	}
	total := RowSums(a.X)
	nGenes := RowPositive(a.X)
	totalMT := make([]float64, a.NObs())
	forEachStored(a.X, func(i, j int, v float32) {
		if mt[j] {
			totalMT[i] += float64(v)
		}
	})
	pctMT := make([]float64, len(total))
	for i, t := range total {
		if t != 0 {
			pctMT[i] = 100 * totalMT[i] / t
		}
	}
	geneTotal := ColSums(a.X)
	nCells := ColPositive(a.X)
	meanCounts := make([]float64, len(geneTotal))
	dropout := make([]float64, len(geneTotal))
	for j := range geneTotal {
		meanCounts[j] = geneTotal[j] / n
		dropout[j] = 100 * (1 - float64(nCells[j])/n)
	}
	obs := []struct {
		name string
		col  anndata.Column
	}{
		{"n_genes_by_counts", &anndata.IntColumn{Values: nGenes}},
		{"log1p_n_genes_by_counts", &anndata.FloatColumn{Values: log1pAll(int64sToFloats(nGenes))}},
		{"total_counts", &anndata.FloatColumn{Values: total}},
		{"log1p_total_counts", &anndata.FloatColumn{Values: log1pAll(total)}},
		{"total_counts_mt", &anndata.FloatColumn{Values: totalMT}},
		{"log1p_total_counts_mt", &anndata.FloatColumn{Values: log1pAll(totalMT)}},
		{"pct_counts_mt", &anndata.FloatColumn{Values: pctMT}},
	}
	for _, c := range obs {
		if err := a.Obs.Set(c.name, c.col); err != nil {
			return fmt.Errorf("pp.CalculateQCMetrics: %w", err)
		}
	}
	vars := []struct {
		name string
		col  anndata.Column
	}{
		{"mt", &anndata.BoolColumn{Values: mt}},
		{"n_cells_by_counts", &anndata.IntColumn{Values: nCells}},
		{"mean_counts", &anndata.FloatColumn{Values: meanCounts}},
		{"log1p_mean_counts", &anndata.FloatColumn{Values: log1pAll(meanCounts)}},
		{"pct_dropout_by_counts", &anndata.FloatColumn{Values: dropout}},
		{"total_counts", &anndata.FloatColumn{Values: geneTotal}},
		{"log1p_total_counts", &anndata.FloatColumn{Values: log1pAll(geneTotal)}},
	}
	for _, c := range vars {
		if err := a.Var.Set(c.name, c.col); err != nil {
			return fmt.Errorf("pp.CalculateQCMetrics: %w", err)
		}
	}
	return nil
}

func log1pAll(v []float64) []float64 {
	out := make([]float64, len(v))
	for i, x := range v {
		out[i] = math.Log1p(x)
	}
	return out
}
