package graphsci

import (
	"fmt"
	"math"
	"strings"

	"regula/anndata"
	"regula/nn/dist"
)

// Data is a count matrix prepared for GraphSCI: the genes kept, their raw
// counts and the normalised input, cells × genes, row-major.
type Data struct {
	// Cells and Genes are the matrix dimensions after gene filtering.
	Cells, Genes int
	// GeneNames are the kept genes; GeneColumns their columns in the input.
	GeneNames   []string
	GeneColumns []int
	// Counts are the raw counts of the kept genes.
	Counts []float32
	// X = log(counts/s + 1), the model's input.
	X []float32
	// SizeFactors are s_j = library size / median library size, computed
	// on all input genes.
	SizeFactors []float64
	// Notes describe what preparation removed or tolerated.
	Notes []string
}

// PrepareOptions control Prepare.
type PrepareOptions struct {
	// AllowNonInteger accepts non-integer counts with a note instead of an
	// error (e.g. for already-normalised or ambient-corrected data).
	AllowNonInteger bool
}

// Prepare validates raw counts (cells × genes), removes genes with no reads
// and genes with constant counts (zero variance), and computes size factors
// and the log-normalised input, as the paper's preprocessing (eq. 1).
func Prepare(counts anndata.Matrix, genes []string, opts PrepareOptions) (*Data, error) {
	cells, nGenes := counts.Dims()
	if len(genes) != nGenes {
		return nil, fmt.Errorf("graphsci: %d gene names for %d genes", len(genes), nGenes)
	}
	if cells < 2 || nGenes < 2 {
		return nil, fmt.Errorf("graphsci: need at least 2 cells and 2 genes, got %d × %d", cells, nGenes)
	}
	dense := counts.ToDense()
	libSize := make([]float64, cells)
	sum := make([]float64, nGenes)
	sumSq := make([]float64, nGenes)
	nonInteger, firstNonInteger := 0, ""
	for i := range cells {
		row := dense.Row(i)
		for j, v := range row {
			x := float64(v)
			if x < 0 || math.IsNaN(x) || math.IsInf(x, 0) {
				return nil, fmt.Errorf("graphsci: cell %d gene %q has count %g; counts must be finite and ≥ 0", i, genes[j], x)
			}
			if x != math.Trunc(x) {
				if nonInteger == 0 {
					firstNonInteger = fmt.Sprintf("cell %d gene %q = %g", i, genes[j], x)
				}
				nonInteger++
			}
			libSize[i] += x
			sum[j] += x
			sumSq[j] += x * x
		}
	}
	var notes []string
	if nonInteger > 0 {
		if !opts.AllowNonInteger {
			return nil, fmt.Errorf("graphsci: %d non-integer counts (first: %s); GraphSCI models raw counts — pass raw UMI/read counts, or allow non-integer input explicitly", nonInteger, firstNonInteger)
		}
		notes = append(notes, fmt.Sprintf("warning: %d non-integer counts (first: %s); the count likelihood treats them as continuous", nonInteger, firstNonInteger))
	}
	factors, err := dist.SizeFactors(libSize)
	if err != nil {
		return nil, fmt.Errorf("graphsci: %w", err)
	}
	var kept []int
	var noReads, constant []string
	for j := range nGenes {
		mean := sum[j] / float64(cells)
		variance := sumSq[j]/float64(cells) - mean*mean
		switch {
		case sum[j] == 0:
			noReads = append(noReads, genes[j])
		case variance <= 1e-12*math.Max(1, mean*mean):
			constant = append(constant, genes[j])
		default:
			kept = append(kept, j)
		}
	}
	if len(noReads) > 0 {
		notes = append(notes, fmt.Sprintf("removed %d genes with no reads (%s)", len(noReads), listSome(noReads)))
	}
	if len(constant) > 0 {
		notes = append(notes, fmt.Sprintf("removed %d genes with zero variance (%s)", len(constant), listSome(constant)))
	}
	if len(kept) < 2 {
		return nil, fmt.Errorf("graphsci: %d of %d genes left after removing genes with no reads or zero variance; need at least 2", len(kept), nGenes)
	}
	empty := 0
	for _, s := range factors {
		if s == 0 {
			empty++
		}
	}
	if empty > 0 {
		notes = append(notes, fmt.Sprintf("%d cells have no reads; their imputed counts are 0", empty))
	}
	d := &Data{
		Cells: cells, Genes: len(kept),
		GeneColumns: kept,
		Counts:      make([]float32, cells*len(kept)),
		X:           make([]float32, cells*len(kept)),
		SizeFactors: factors,
		Notes:       notes,
	}
	for _, j := range kept {
		d.GeneNames = append(d.GeneNames, genes[j])
	}
	for i := range cells {
		row := dense.Row(i)
		for k, j := range kept {
			d.Counts[i*d.Genes+k] = row[j]
		}
	}
	d.X = LogNormalize(d.Counts, d.Genes, factors)
	return d, nil
}

// LogNormalize returns log(counts/s + 1) for a cells × genes matrix and the
// cells' size factors; cells with s = 0 map to 0.
func LogNormalize(counts []float32, genes int, sizeFactors []float64) []float32 {
	out := make([]float32, len(counts))
	for i, s := range sizeFactors {
		if s == 0 {
			continue
		}
		for k := i * genes; k < (i+1)*genes; k++ {
			out[k] = float32(math.Log1p(float64(counts[k]) / s))
		}
	}
	return out
}

// listSome names up to five items and how many more there are.
func listSome(names []string) string {
	const show = 5
	if len(names) <= show {
		return strings.Join(names, ", ")
	}
	return fmt.Sprintf("%s and %d more", strings.Join(names[:show], ", "), len(names)-show)
}
