package anndata

import (
	"encoding/json"
	"math"
	"os"
	"testing"

	"regula/internal/testdata"
)

// readerReference is one dataset's entry in testdata/reference.json, made
// with scipy/pandas by testdata/make_fixtures.py.
type readerReference struct {
	Shape   [2]int
	NNZ     int
	Sum     float64
	Cells   [2]string
	Genes   [2]string
	Entries [][3]any
}

func loadReference(t *testing.T, name string) readerReference {
	t.Helper()
	b, err := os.ReadFile("testdata/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var all map[string]readerReference
	if err := json.Unmarshal(b, &all); err != nil {
		t.Fatal(err)
	}
	ref, ok := all[name]
	if !ok {
		t.Fatalf("no reference for %q", name)
	}
	return ref
}

// checkAgainstReference compares a read dataset with the scipy reference.
func checkAgainstReference(t *testing.T, a *AnnData, ref readerReference) {
	t.Helper()
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	if a.NObs() != ref.Shape[0] || a.NVars() != ref.Shape[1] {
		t.Fatalf("shape %d×%d, want %d×%d", a.NObs(), a.NVars(), ref.Shape[0], ref.Shape[1])
	}
	nonZeros, sum := 0, 0.0
	switch x := a.X.(type) {
	case *CSR:
		for _, v := range x.Data {
			sum += float64(v)
			if v != 0 {
				nonZeros++
			}
		}
	case *Dense:
		for _, v := range x.Data {
			sum += float64(v)
			if v != 0 {
				nonZeros++
			}
		}
	}
	if nonZeros != ref.NNZ {
		t.Errorf("%d non-zeros, want %d", nonZeros, ref.NNZ)
	}
	if math.Abs(sum-ref.Sum) > 1e-5*math.Abs(ref.Sum)+1e-6 {
		t.Errorf("sum %v, want %v", sum, ref.Sum)
	}
	cells, genes := a.CellNames(), a.GeneNames()
	if cells[0] != ref.Cells[0] || cells[len(cells)-1] != ref.Cells[1] {
		t.Errorf("cells %q…%q, want %q…%q", cells[0], cells[len(cells)-1], ref.Cells[0], ref.Cells[1])
	}
	if genes[0] != ref.Genes[0] || genes[len(genes)-1] != ref.Genes[1] {
		t.Errorf("genes %q…%q, want %q…%q", genes[0], genes[len(genes)-1], ref.Genes[0], ref.Genes[1])
	}
	cellAt, err := a.Obs.Lookup()
	if err != nil {
		t.Fatal(err)
	}
	geneAt, err := a.Var.Lookup()
	if err != nil {
		t.Fatal(err)
	}
	for _, e := range ref.Entries {
		cell, gene, want := e[0].(string), e[1].(string), e[2].(float64)
		got := a.X.At(cellAt[cell], geneAt[gene])
		if math.Abs(float64(got)-want) > 1e-6*math.Abs(want)+1e-7 {
			t.Errorf("X[%s, %s] = %v, want %v", cell, gene, got, want)
		}
	}
}

func TestReadMTXGenesInRows(t *testing.T) {
	// Genes × cells; the orientation comes from the list lengths.
	a, err := Read(testdata.Path(t, "pbmc3k_clustifyr", "counts_recovered_genes_x_cells.mtx.gz"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.X.(*CSR); !ok {
		t.Errorf("X is %T, want *CSR", a.X)
	}
	checkAgainstReference(t, a, loadReference(t, "pbmc3k_clustifyr"))
}

func TestReadMTXCellsInRowsWithPrefixedLists(t *testing.T) {
	path := testdata.Path(t, "scanpy_tests", "10x-10k-subset.counts_cells_x_genes.mtx.gz")
	_, err := Read(path, ReadOptions{})
	// The subset has the symbol Rp1 twice.
	wantErrorContaining(t, err, `duplicate gene name "Rp1"`, "10x-10k-subset.genes.tsv line", "--make-unique")
	a, err := Read(path, ReadOptions{MakeUnique: true})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstReference(t, a, loadReference(t, "10x-10k-subset"))
	ids, err := a.Var.Strings("gene_ids")
	if err != nil {
		t.Fatal(err)
	}
	if ids[0] != "ENSMUSG00000051951" {
		t.Errorf("gene_ids[0] = %q", ids[0])
	}
}

func TestReadMTXPBMC68k(t *testing.T) {
	a, err := Read(testdata.Path(t, "pbmc68k_reduced", "counts_cells_x_genes.mtx.gz"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstReference(t, a, loadReference(t, "pbmc68k_reduced"))
}

func TestRead10xDirV3(t *testing.T) {
	a, err := Read(testdata.Path(t, "scanpy_tests", "10x_data", "3.0.0", "filtered_feature_bc_matrix"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstReference(t, a, loadReference(t, "10x_v3"))
	if got := a.Var.Names(); len(got) != 2 || got[0] != "gene_ids" || got[1] != "feature_types" {
		t.Errorf("var columns %v, want [gene_ids feature_types]", got)
	}
	ft, ok := a.Var.Col("feature_types").(*Categorical)
	if !ok || len(ft.Categories) != 1 || ft.Categories[0] != "Gene Expression" {
		t.Errorf("feature_types = %#v", a.Var.Col("feature_types"))
	}
}

func TestRead10xDirV2EntersGenomeFolder(t *testing.T) {
	// filtered_gene_bc_matrices holds one genome folder, hg19_chr21.
	a, err := Read(testdata.Path(t, "scanpy_tests", "10x_data", "1.2.0", "filtered_gene_bc_matrices"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	checkAgainstReference(t, a, loadReference(t, "10x_v2"))
	if got := a.Var.Names(); len(got) != 1 || got[0] != "gene_ids" {
		t.Errorf("var columns %v, want [gene_ids]", got)
	}
}

func TestRead10xDirIntegerIDs(t *testing.T) {
	// Plain (not gzipped) v3 files with numeric gene IDs, no final newline.
	a, err := Read(testdata.Path(t, "scanpy_tests", "10x_data", "int-ids"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if a.NObs() != 5 || a.NVars() != 6 {
		t.Fatalf("shape %d×%d, want 5×6", a.NObs(), a.NVars())
	}
	ids, _ := a.Var.Strings("gene_ids")
	if ids[0] != "574405" || a.GeneNames()[5] != "Btbd35f21" {
		t.Errorf("gene_ids[0] = %q, gene 5 = %q", ids[0], a.GeneNames()[5])
	}
	// Entry "4 3 6": gene 4 (Gpr17), cell 3.
	if v := a.X.At(2, 3); v != 6 {
		t.Errorf("X[cell 3, Gpr17] = %v, want 6", v)
	}
}

func TestReadDelimitedGenesInRows(t *testing.T) {
	path := testdata.Path(t, "beeline", "scRNA-Seq", "mESC", "500nTF", "ExpressionData.csv.gz")
	a, err := Read(path, ReadOptions{GenesInRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.X.(*Dense); !ok {
		t.Errorf("X is %T, want *Dense for a mostly non-zero table", a.X)
	}
	checkAgainstReference(t, a, loadReference(t, "mESC"))
}

func TestReadDelimitedSparse(t *testing.T) {
	path := testdata.Path(t, "sergio", "DS1_regenerated", "simulated_counts_noisy_seed0.csv.gz")
	a, err := Read(path, ReadOptions{GenesInRows: true})
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := a.X.(*CSR); !ok {
		t.Errorf("X is %T, want *CSR for a mostly zero table", a.X)
	}
	checkAgainstReference(t, a, loadReference(t, "sergio_ds1_noisy"))
}
