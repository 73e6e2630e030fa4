package pp

import (
	"slices"
	"testing"

	"regula/anndata"
)

func TestHVGSeurat(t *testing.T) {
	f := loadSmall(t)
	cases := []struct {
		name  string
		data  [][]float64
		base  float64
		tweak func(*HVGOptions)
		want  hvgFixture
	}{
		{"cutoffs", f.Log1p, 0, func(*HVGOptions) {}, f.HVGCutoffs},
		// The cut falls on normalised dispersions of exactly 1 (genes alone
		// in their bin), which must compare equal.
		{"top6_ties", f.Log1p, 0, func(o *HVGOptions) { o.NTopGenes = 6 }, f.HVGTop6},
		{"top8_bins5", f.Log1p, 0, func(o *HVGOptions) { o.NTopGenes = 8; o.NBins = 5 }, f.HVGTop8Bins5},
		{"base2_top6", f.Log1pBase2, 2, func(o *HVGOptions) { o.NTopGenes = 6 }, f.HVGBase2Top6},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			bothKinds(t, c.data, func(t *testing.T, a *anndata.AnnData) {
				if c.base != 0 {
					a.Uns["log1p"] = anndata.Uns{"base": c.base}
				}
				opt := DefaultHVGOptions()
				c.tweak(&opt)
				out, err := HighlyVariableGenes(a, opt)
				if err != nil {
					t.Fatal(err)
				}
				if out != a {
					t.Fatal("without Subset the input should be annotated and returned")
				}
				checkVector(t, "means", floatCol(t, a.Var, "means"), c.want.Means, 1e-5)
				checkVector(t, "dispersions", floatCol(t, a.Var, "dispersions"), c.want.Dispersions, 1e-4)
				checkVector(t, "dispersions_norm", floatCol(t, a.Var, "dispersions_norm"), c.want.DispersionsNorm, 1e-4)
				if got := boolCol(t, a.Var, "highly_variable"); !slices.Equal(got, c.want.HighlyVariable) {
					t.Fatalf("highly_variable = %v\nwant %v", got, c.want.HighlyVariable)
				}
			})
		})
	}
}

func TestHVGSeuratV3(t *testing.T) {
	f := loadSmall(t)
	bothKinds(t, f.Counts, func(t *testing.T, a *anndata.AnnData) {
		opt := DefaultHVGOptions()
		opt.Flavor = FlavorSeuratV3
		opt.NTopGenes = 8
		opt.Subset = true
		out, err := HighlyVariableGenes(a, opt)
		if err != nil {
			t.Fatal(err)
		}
		w := f.HVGV3Top8
		checkVector(t, "means", floatCol(t, a.Var, "means"), w.Means, 1e-9)
		checkVector(t, "variances", floatCol(t, a.Var, "variances"), w.Variances, 1e-9)
		checkVector(t, "variances_norm", floatCol(t, a.Var, "variances_norm"), w.VariancesNorm, 1e-7)
		checkVector(t, "highly_variable_rank", floatCol(t, a.Var, "highly_variable_rank"), w.Rank, 0)
		if got := boolCol(t, a.Var, "highly_variable"); !slices.Equal(got, w.HighlyVariable) {
			t.Fatalf("highly_variable = %v\nwant %v", got, w.HighlyVariable)
		}
		if out.NVars() != 8 || a.NVars() != len(w.Means) {
			t.Fatalf("subset has %d genes (want 8), input %d (want %d)", out.NVars(), a.NVars(), len(w.Means))
		}
		for _, hv := range boolCol(t, out.Var, "highly_variable") {
			if !hv {
				t.Fatal("subset holds a gene that is not highly variable")
			}
		}
	})
}

func TestHVGErrors(t *testing.T) {
	a := newAnnData(t, denseOf([][]float64{{1, 2}, {3, 4}, {0, 1}}))
	if _, err := HighlyVariableGenes(a, HVGOptions{Flavor: FlavorSeurat}); err == nil {
		t.Error("zero cutoffs accepted (they select nothing)")
	}
	if _, err := HighlyVariableGenes(a, HVGOptions{Flavor: "cell_ranger"}); err == nil {
		t.Error("unsupported flavour accepted")
	}
	if _, err := HighlyVariableGenes(a, HVGOptions{Flavor: FlavorSeuratV3}); err == nil {
		t.Error("seurat_v3 without n_top_genes accepted")
	}
	opt := DefaultHVGOptions()
	opt.Layer = "counts"
	if _, err := HighlyVariableGenes(a, opt); err == nil {
		t.Error("missing layer accepted")
	}
}

func TestCutEqualWidthMatchesPandas(t *testing.T) {
	// pandas.cut([0, 1, 2, 3, 4], 4) → codes [0, 0, 1, 2, 3]: bins are
	// right-closed and the first is widened to include the minimum.
	if got := cutEqualWidth([]float64{0, 1, 2, 3, 4}, 4); !slices.Equal(got, []int{0, 0, 1, 2, 3}) {
		t.Fatalf("cut = %v, want [0 0 1 2 3]", got)
	}
	// A constant input falls in the middle bin of the widened range.
	if got := cutEqualWidth([]float64{5, 5}, 3); !slices.Equal(got, []int{1, 1}) {
		t.Fatalf("constant cut = %v, want [1 1]", got)
	}
}
