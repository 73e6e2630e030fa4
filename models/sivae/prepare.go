package sivae

import (
	"fmt"
	"math"

	"regula/anndata"
	"regula/pp"
)

// PrepareOptions say how FromAnnData turns an AnnData into training data.
type PrepareOptions struct {
	// Variant decides whether raw counts are needed (NB).
	Variant Variant
	// BatchKey, if set, names the obs column of the batch covariate.
	BatchKey string
	// StrataKey, if set, names the obs column (e.g. cell type) that
	// stratifies the downsampled feature-wise input.
	StrataKey string
	// TargetSum is the per-cell total of the normalisation of raw counts
	// (default 1e4).
	TargetSum float64
	// MaxValue clips the scaled values to ±MaxValue (scanpy's max_value;
	// the pbmc3k tutorial's 10). 0 means 10; negative disables clipping.
	// Without it a handful of extreme cells (e.g. platelets' PPBP at ~50
	// s.d.) dominate a 2-D embedding.
	MaxValue float64
}

// Preprocessing describes what FromAnnData did to X.
type Preprocessing struct {
	// RawCounts reports that X held non-negative integers, which were
	// normalised to TargetSum per cell and log1p-transformed.
	RawCounts bool    `json:"raw_counts"`
	TargetSum float64 `json:"target_sum,omitempty"`
	// MaxValue is the clipping bound of the scaled values (0: none).
	MaxValue float64 `json:"max_value"`
}

// FromAnnData prepares a's X for siVAE: raw counts (all values
// non-negative integers) are normalised per cell and log1p-transformed;
// every gene is then centred and scaled to unit variance and clipped to
// ±MaxValue (scanpy's sc.pp.scale; constant genes become 0). Already log-normalised input is
// only scaled. The NB variant also keeps the raw counts as its target and
// refuses input that is not counts.
func FromAnnData(a *anndata.AnnData, opt PrepareOptions) (*Data, Preprocessing, error) {
	var info Preprocessing
	// A private copy: normalisation and scaling must not touch a (pp.Scale
	// adds mean/std columns to var).
	work := &anndata.AnnData{X: a.X.Clone(), Obs: anndata.NewFrame(a.CellNames()), Var: anndata.NewFrame(a.GeneNames())}
	dense := work.X.ToDense()
	raw := isCounts(dense.Data)
	var counts []float32
	if opt.Variant == NegBinomial {
		if !raw {
			return nil, info, fmt.Errorf("sivae: the NB variant needs raw counts, but X holds non-integer or negative values")
		}
		counts = append([]float32(nil), dense.Data...)
	}
	if raw {
		info.RawCounts = true
		info.TargetSum = opt.TargetSum
		if info.TargetSum == 0 {
			info.TargetSum = 1e4
		}
		if err := pp.NormalizeTotal(work, pp.NormalizeOptions{TargetSum: info.TargetSum}); err != nil {
			return nil, info, err
		}
		if err := pp.Log1p(work, 0); err != nil {
			return nil, info, err
		}
	}
	scale := pp.DefaultScaleOptions()
	switch {
	case opt.MaxValue == 0:
		scale.MaxValue = 10
	case opt.MaxValue > 0:
		scale.MaxValue = opt.MaxValue
	}
	info.MaxValue = scale.MaxValue
	if err := pp.Scale(work, scale); err != nil {
		return nil, info, err
	}
	x := work.X.ToDense()
	d, err := NewData(x.Data, x.Rows, x.Cols)
	if err != nil {
		return nil, info, err
	}
	if counts != nil {
		if err := d.SetCounts(counts); err != nil {
			return nil, info, err
		}
	}
	if opt.BatchKey != "" {
		labels, err := obsStrings(a, opt.BatchKey)
		if err != nil {
			return nil, info, err
		}
		if err := d.SetBatch(labels); err != nil {
			return nil, info, err
		}
	}
	if opt.StrataKey != "" {
		labels, err := obsStrings(a, opt.StrataKey)
		if err != nil {
			return nil, info, err
		}
		if err := d.SetStrata(labels); err != nil {
			return nil, info, err
		}
	}
	return d, info, nil
}

// obsStrings returns an obs column as strings, naming the column when it
// is missing.
func obsStrings(a *anndata.AnnData, key string) ([]string, error) {
	if a.Obs == nil || a.Obs.Col(key) == nil {
		var have []string
		if a.Obs != nil {
			have = a.Obs.Names()
		}
		return nil, fmt.Errorf("sivae: obs has no column %q (columns: %v)", key, have)
	}
	return a.Obs.Strings(key)
}

// isCounts reports whether every value is a non-negative integer.
func isCounts(v []float32) bool {
	for _, x := range v {
		if x < 0 || float64(x) != math.Trunc(float64(x)) {
			return false
		}
	}
	return true
}
