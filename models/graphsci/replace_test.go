package graphsci

import (
	"slices"
	"testing"
)

func TestMerge(t *testing.T) {
	d := &Data{Cells: 2, Genes: 2, Counts: []float32{0, 3, 5, 0}}
	imputed := []float32{0.5, 2.5, 4, 1.5}
	all, err := d.Merge(imputed, ReplaceAll)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(all, imputed) {
		t.Errorf("ReplaceAll = %v, want %v", all, imputed)
	}
	all[0] = 9
	if imputed[0] != 0.5 {
		t.Error("ReplaceAll must return a copy")
	}
	zeros, err := d.Merge(imputed, ReplaceZeros)
	if err != nil {
		t.Fatal(err)
	}
	if want := []float32{0.5, 3, 5, 1.5}; !slices.Equal(zeros, want) {
		t.Errorf("ReplaceZeros = %v, want %v", zeros, want)
	}
	if _, err := d.Merge(imputed[:3], ReplaceAll); err == nil {
		t.Error("a wrongly sized matrix must be an error")
	}
	if _, err := d.Merge(imputed, Replace("some")); err == nil {
		t.Error("an unknown mode must be an error")
	}
}

func TestParseReplace(t *testing.T) {
	for _, s := range []string{"all", "zeros"} {
		if r, err := ParseReplace(s); err != nil || string(r) != s {
			t.Errorf("ParseReplace(%q) = %q, %v", s, r, err)
		}
	}
	if _, err := ParseReplace("nonzero"); err == nil {
		t.Error("ParseReplace(\"nonzero\") must fail")
	}
}
