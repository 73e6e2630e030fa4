package pp

import (
	"cmp"
	"fmt"
	"math"
	"slices"

	"regula/anndata"
)

// HVG flavours.
const (
	// FlavorSeurat is scanpy's default: binned, z-scored log dispersions of
	// log-normalised data (Satija et al. 2015).
	FlavorSeurat = "seurat"
	// FlavorSeuratV3 ranks genes by the variance of counts standardised with
	// a loess fit of the mean–variance trend (Stuart et al. 2019).
	FlavorSeuratV3 = "seurat_v3"
)

// HVGOptions configures HighlyVariableGenes. Start from
// DefaultHVGOptions: its cutoffs are scanpy's defaults, which the zero
// value does not hold.
type HVGOptions struct {
	// Flavor is FlavorSeurat or FlavorSeuratV3.
	Flavor string
	// NTopGenes selects this many genes. For seurat, 0 selects by the
	// cutoffs below instead; seurat_v3 needs it (> 0).
	NTopGenes int
	// MinMean, MaxMean, MinDisp, MaxDisp are the seurat cutoffs on the
	// log1p mean and the normalised dispersion (strict inequalities);
	// ignored when NTopGenes > 0.
	MinMean, MaxMean, MinDisp, MaxDisp float64
	// NBins is the number of mean bins of the seurat flavour.
	NBins int
	// Span is the loess span of the seurat_v3 flavour.
	Span float64
	// Layer names the matrix to use instead of X ("" = X), e.g. "counts"
	// for seurat_v3 on log-normalised X.
	Layer string
	// Subset returns only the highly variable genes.
	Subset bool
}

// DefaultHVGOptions returns scanpy's defaults: flavor seurat, min_mean
// 0.0125, max_mean 3, min_disp 0.5, max_disp +Inf, 20 bins, span 0.3.
func DefaultHVGOptions() HVGOptions {
	return HVGOptions{
		Flavor:  FlavorSeurat,
		MinMean: 0.0125, MaxMean: 3, MinDisp: 0.5, MaxDisp: math.Inf(1),
		NBins: 20, Span: 0.3,
	}
}

// HighlyVariableGenes annotates highly variable genes like
// sc.pp.highly_variable_genes. It writes, on a.Var:
//
//   - seurat: highly_variable, means (log1p of the mean of expm1(X)),
//     dispersions (log of variance/mean), dispersions_norm (dispersion
//     z-scored within its mean bin);
//   - seurat_v3: highly_variable, highly_variable_rank (0 = most variable,
//     NaN outside the top NTopGenes), means, variances, variances_norm;
//
// and uns["hvg"] = {"flavor": ...}. The seurat flavour expects
// log-normalised data (it undoes the log with expm1, honouring the base
// recorded by Log1p); seurat_v3 expects raw counts (not checked). With
// Subset, it returns a new AnnData holding only the selected genes, in
// their original order; otherwise it returns a.
func HighlyVariableGenes(a *anndata.AnnData, opt HVGOptions) (*anndata.AnnData, error) {
	if err := checkMatrix(a, "HighlyVariableGenes"); err != nil {
		return nil, err
	}
	x := a.X
	if opt.Layer != "" {
		l, ok := a.Layers[opt.Layer]
		if !ok {
			return nil, fmt.Errorf("pp.HighlyVariableGenes: no layer %q", opt.Layer)
		}
		x = l
	}
	if a.NObs() < 2 {
		return nil, fmt.Errorf("pp.HighlyVariableGenes: need at least 2 cells, have %d", a.NObs())
	}
	if opt.NTopGenes < 0 {
		return nil, fmt.Errorf("pp.HighlyVariableGenes: n_top_genes = %d must be ≥ 0", opt.NTopGenes)
	}
	var cols map[string]anndata.Column
	var selected []bool
	var err error
	switch opt.Flavor {
	case FlavorSeurat:
		cols, selected, err = hvgSeurat(x, log1pBase(a), opt)
	case FlavorSeuratV3:
		cols, selected, err = hvgSeuratV3(x, opt)
	default:
		return nil, fmt.Errorf("pp.HighlyVariableGenes: flavor %q not supported (want %q or %q)", opt.Flavor, FlavorSeurat, FlavorSeuratV3)
	}
	if err != nil {
		return nil, fmt.Errorf("pp.HighlyVariableGenes: %w", err)
	}
	var keep []int
	for j, s := range selected {
		if s {
			keep = append(keep, j)
		}
	}
	cols["highly_variable"] = &anndata.BoolColumn{Values: selected}
	order := []string{"highly_variable", "highly_variable_rank", "means", "dispersions", "dispersions_norm", "variances", "variances_norm"}
	for _, name := range order {
		if c, ok := cols[name]; ok {
			if err := a.Var.Set(name, c); err != nil {
				return nil, fmt.Errorf("pp.HighlyVariableGenes: %w", err)
			}
		}
	}
	if a.Uns == nil {
		a.Uns = anndata.Uns{}
	}
	a.Uns["hvg"] = anndata.Uns{"flavor": opt.Flavor}
	if opt.Subset {
		return a.SubsetVars(keep), nil
	}
	return a, nil
}

// hvgSeurat implements flavor="seurat".
func hvgSeurat(x anndata.Matrix, base float64, opt HVGOptions) (map[string]anndata.Column, []bool, error) {
	if opt.NBins < 1 {
		return nil, nil, fmt.Errorf("n_bins = %d must be ≥ 1", opt.NBins)
	}
	if opt.NTopGenes == 0 && !(opt.MinMean < opt.MaxMean && opt.MinDisp < opt.MaxDisp) {
		return nil, nil, fmt.Errorf("cutoffs select nothing: need min_mean (%v) < max_mean (%v) and min_disp (%v) < max_disp (%v); did you start from DefaultHVGOptions?",
			opt.MinMean, opt.MaxMean, opt.MinDisp, opt.MaxDisp)
	}
	undoLog := math.Expm1
	if base != 0 {
		lb := math.Log(base)
		undoLog = func(v float64) float64 { return math.Expm1(v * lb) }
	}
	// scanpy computes on float32 expm1(X); round the same way.
	mean, variance := colMeanVarOf(x, func(v float64) float64 { return float64(float32(undoLog(v))) })
	disp := make([]float64, len(mean))
	for j := range mean {
		if mean[j] == 0 {
			mean[j] = 1e-12
		}
		d := variance[j] / mean[j]
		if d == 0 {
			d = math.NaN()
		}
		disp[j] = math.Log(d)
		mean[j] = math.Log1p(mean[j])
	}
	norm := binnedZScores(mean, disp, opt.NBins)
	var selected []bool
	if opt.NTopGenes > 0 {
		var err error
		if selected, err = topByValue(norm, opt.NTopGenes); err != nil {
			return nil, nil, err
		}
	} else {
		selected = make([]bool, len(mean))
		for j := range mean {
			d := nanToNum(norm[j])
			selected[j] = mean[j] > opt.MinMean && mean[j] < opt.MaxMean && d > opt.MinDisp && d < opt.MaxDisp
		}
	}
	cols := map[string]anndata.Column{
		"means":            &anndata.FloatColumn{Values: mean},
		"dispersions":      &anndata.FloatColumn{Values: disp},
		"dispersions_norm": &anndata.FloatColumn{Values: norm},
	}
	return cols, selected, nil
}

// binnedZScores cuts means into nBins equal-width bins as pandas.cut(means,
// nBins) does, and z-scores each value within its bin (mean and ddof=1
// standard deviation of the non-NaN values of the bin). A bin with a single
// value gets z = 1 for it, as scanpy sets.
func binnedZScores(means, values []float64, nBins int) []float64 {
	bin := cutEqualWidth(means, nBins)
	sum := make([]float64, nBins)
	sumsq := make([]float64, nBins)
	count := make([]float64, nBins)
	for j, v := range values {
		if bin[j] < 0 || math.IsNaN(v) {
			continue
		}
		b := bin[j]
		sum[b] += v
		count[b]++
	}
	avg := make([]float64, nBins)
	for b := range nBins {
		avg[b] = sum[b] / count[b] // NaN for an empty bin, as pandas
	}
	for j, v := range values {
		if bin[j] < 0 || math.IsNaN(v) {
			continue
		}
		d := v - avg[bin[j]]
		sumsq[bin[j]] += d * d
	}
	dev := make([]float64, nBins)
	for b := range nBins {
		dev[b] = math.Sqrt(sumsq[b] / (count[b] - 1)) // NaN when count ≤ 1
		if count[b] <= 1 {
			// scanpy: a single gene in the bin gets normalised dispersion 1.
			dev[b], avg[b] = avg[b], 0
		}
	}
	out := make([]float64, len(values))
	for j, v := range values {
		if bin[j] < 0 {
			out[j] = math.NaN()
			continue
		}
		out[j] = (v - avg[bin[j]]) / dev[bin[j]]
	}
	return out
}

// cutEqualWidth returns the bin (0..n-1) of each value under pandas.cut(v,
// n): n equal-width right-closed bins spanning [min, max], the first edge
// lowered by 0.1% of the range so that the minimum falls in bin 0. NaN
// values get -1.
func cutEqualWidth(v []float64, n int) []int {
	lo, hi := math.Inf(1), math.Inf(-1)
	for _, x := range v {
		if !math.IsNaN(x) {
			lo, hi = min(lo, x), max(hi, x)
		}
	}
	bins := make([]int, len(v))
	if math.IsInf(lo, 1) {
		for i := range bins {
			bins[i] = -1
		}
		return bins
	}
	degenerate := lo == hi
	if degenerate {
		lo -= widenStep(lo)
		hi += widenStep(hi)
	}
	edges := make([]float64, n+1)
	step := (hi - lo) / float64(n)
	for i := range edges {
		edges[i] = lo + float64(i)*step
	}
	edges[n] = hi
	if !degenerate {
		edges[0] = lo - (hi-lo)*0.001
	}
	for i, x := range v {
		if math.IsNaN(x) {
			bins[i] = -1
			continue
		}
		// First edge ≥ x, minus one: right-closed intervals (e_{k}, e_{k+1}].
		k, _ := slices.BinarySearch(edges, x)
		bins[i] = min(max(k-1, 0), n-1)
	}
	return bins
}

// widenStep is pandas' widening of a degenerate range: 0.1% of |x|, or
// 0.001 at zero.
func widenStep(x float64) float64 {
	if x == 0 {
		return 0.001
	}
	return 0.001 * math.Abs(x)
}

// topByValue marks the values ≥ the n-th highest non-NaN value (ties at the
// cut are all kept, as scanpy does). n is capped at the number of non-NaN
// values.
func topByValue(v []float64, n int) ([]bool, error) {
	var finite []float64
	for _, x := range v {
		if !math.IsNaN(x) {
			finite = append(finite, x)
		}
	}
	if len(finite) == 0 {
		return nil, fmt.Errorf("no gene has a finite normalised dispersion (are all genes constant?)")
	}
	n = min(n, len(finite))
	slices.SortFunc(finite, func(a, b float64) int { return cmp.Compare(b, a) })
	cut := finite[n-1]
	out := make([]bool, len(v))
	for j, x := range v {
		out[j] = !math.IsNaN(x) && x >= cut
	}
	return out, nil
}

// nanToNum is numpy's nan_to_num: NaN → 0, ±Inf → ±MaxFloat64.
func nanToNum(x float64) float64 {
	switch {
	case math.IsNaN(x):
		return 0
	case math.IsInf(x, 1):
		return math.MaxFloat64
	case math.IsInf(x, -1):
		return -math.MaxFloat64
	}
	return x
}

// hvgSeuratV3 implements flavor="seurat_v3" for a single batch.
func hvgSeuratV3(x anndata.Matrix, opt HVGOptions) (map[string]anndata.Column, []bool, error) {
	if opt.NTopGenes <= 0 {
		return nil, nil, fmt.Errorf("flavor seurat_v3 needs n_top_genes > 0")
	}
	span := opt.Span
	if span == 0 {
		span = 0.3
	}
	mean, variance := ColMeanVar(x)
	var idx []int
	var lx, ly []float64
	for j := range mean {
		if variance[j] > 0 {
			idx = append(idx, j)
			lx = append(lx, math.Log10(mean[j]))
			ly = append(ly, math.Log10(variance[j]))
		}
	}
	if len(idx) == 0 {
		return nil, nil, fmt.Errorf("every gene is constant; nothing to rank")
	}
	fit, err := Loess(lx, ly, span, 2)
	if err != nil {
		return nil, nil, fmt.Errorf("seurat_v3 mean–variance trend: %w", err)
	}
	regStd := make([]float64, len(mean))
	for j := range regStd {
		regStd[j] = 1 // 10^0 for constant genes, as scanpy
	}
	for k, j := range idx {
		regStd[j] = math.Sqrt(math.Pow(10, fit[k]))
	}
	// Standardise with the fitted std, clip at sqrt(N) (Seurat's clip.max),
	// and take the variance of the clipped values around the mean.
	r, _ := x.Dims()
	n := float64(r)
	clip := make([]float64, len(mean))
	for j := range clip {
		clip[j] = regStd[j]*math.Sqrt(n) + mean[j]
	}
	sum := make([]float64, len(mean))
	sumsq := make([]float64, len(mean))
	forEachStored(x, func(_, j int, v float32) {
		c := min(float64(v), clip[j])
		sum[j] += c
		sumsq[j] += c * c
	})
	normVar := make([]float64, len(mean))
	for j := range normVar {
		normVar[j] = (n*mean[j]*mean[j] + sumsq[j] - 2*sum[j]*mean[j]) / ((n - 1) * regStd[j] * regStd[j])
	}
	ntop := min(opt.NTopGenes, len(mean))
	order := make([]int, len(mean))
	for j := range order {
		order[j] = j
	}
	// Descending normalised variance, NaN last; ties by gene position.
	slices.SortStableFunc(order, func(a, b int) int {
		va, vb := normVar[a], normVar[b]
		switch {
		case math.IsNaN(va) && math.IsNaN(vb):
			return 0
		case math.IsNaN(va):
			return 1
		case math.IsNaN(vb):
			return -1
		}
		return cmp.Compare(vb, va)
	})
	rank := make([]float64, len(mean))
	selected := make([]bool, len(mean))
	for j := range rank {
		rank[j] = math.NaN()
	}
	for pos, j := range order[:ntop] {
		rank[j] = float64(pos)
		selected[j] = true
	}
	cols := map[string]anndata.Column{
		"highly_variable_rank": &anndata.FloatColumn{Values: rank},
		"means":                &anndata.FloatColumn{Values: mean},
		"variances":            &anndata.FloatColumn{Values: variance},
		"variances_norm":       &anndata.FloatColumn{Values: normVar},
	}
	return cols, selected, nil
}
