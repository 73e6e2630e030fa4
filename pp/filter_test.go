package pp

import (
	"slices"
	"testing"

	"regula/anndata"
)

func TestFilterCellsAndGenes(t *testing.T) {
	f := loadSmall(t)
	bothKinds(t, f.Counts, func(t *testing.T, a *anndata.AnnData) {
		// min_genes keeps cells with ≥ threshold detected genes and records n_genes.
		threshold := f.NGenes[0] // a value that occurs, to exercise the inclusive bound
		out, err := FilterCells(a, MinGenes, float64(threshold))
		if err != nil {
			t.Fatal(err)
		}
		var want []string
		var wantN []int64
		for i, n := range f.NGenes {
			if n >= threshold {
				want = append(want, a.CellNames()[i])
				wantN = append(wantN, n)
			}
		}
		if !slices.Equal(out.CellNames(), want) {
			t.Fatalf("min_genes=%d kept %v, want %v", threshold, out.CellNames(), want)
		}
		if got := out.Obs.Col("n_genes").(*anndata.IntColumn).Values; !slices.Equal(got, wantN) {
			t.Fatalf("n_genes = %v, want %v", got, wantN)
		}
		if a.NObs() != len(f.Counts) {
			t.Fatalf("input was modified: %d cells", a.NObs())
		}

		// max_counts keeps cells with total ≤ threshold and records n_counts.
		out, err = FilterCells(a, MaxCounts, f.NCounts[3])
		if err != nil {
			t.Fatal(err)
		}
		n := 0
		for _, c := range f.NCounts {
			if c <= f.NCounts[3] {
				n++
			}
		}
		if out.NObs() != n {
			t.Fatalf("max_counts kept %d cells, want %d", out.NObs(), n)
		}
		for i, v := range floatCol(t, out.Obs, "n_counts") {
			if v > f.NCounts[3] {
				t.Fatalf("cell %d has n_counts %v above max", i, v)
			}
		}

		// min_cells keeps genes detected in ≥ 3 cells and records n_cells.
		out, err = FilterGenes(a, MinCells, 3)
		if err != nil {
			t.Fatal(err)
		}
		var wantGenes []int64
		for _, c := range f.NCells {
			if c >= 3 {
				wantGenes = append(wantGenes, c)
			}
		}
		if got := out.Var.Col("n_cells").(*anndata.IntColumn).Values; !slices.Equal(got, wantGenes) {
			t.Fatalf("n_cells = %v, want %v", got, wantGenes)
		}
		if out.Var.Index[0] != "gene1" { // gene0 is never detected
			t.Fatalf("first kept gene %q, want gene1", out.Var.Index[0])
		}
	})
}

func TestFilterErrors(t *testing.T) {
	a := newAnnData(t, denseOf([][]float64{{1, 0}, {0, 2}}))
	if _, err := FilterCells(a, MinCells, 1); err == nil {
		t.Error("FilterCells accepted min_cells")
	}
	if _, err := FilterGenes(a, MinGenes, 1); err == nil {
		t.Error("FilterGenes accepted min_genes")
	}
	if _, err := FilterGenes(a, MinCells, -1); err == nil {
		t.Error("FilterGenes accepted a negative threshold")
	}
}
