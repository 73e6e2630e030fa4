package anndata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/internal/testdata"
)

func TestWriteDelimitedRoundTrip(t *testing.T) {
	x := &Dense{Rows: 3, Cols: 2, Data: []float32{1.5, 0, 0, 1e-7, 3, 0.1}}
	cells := []string{"c1", "c,2", `c"3`}
	genes := []string{"g1", "g\t2"}
	for _, storage := range []string{"dense", "csr"} {
		for _, name := range []string{"x.csv", "x.tsv", "x.csv.gz", "x.txt.gz"} {
			for _, genesInRows := range []bool{false, true} {
				var m Matrix = x
				if storage == "csr" {
					m = x.ToCSR()
				}
				a, err := New(m, cells, genes)
				if err != nil {
					t.Fatal(err)
				}
				path := filepath.Join(t.TempDir(), name)
				if err := Write(path, a, WriteOptions{GenesInRows: genesInRows}); err != nil {
					t.Fatal(err)
				}
				b, err := Read(path, ReadOptions{GenesInRows: genesInRows})
				if err != nil {
					t.Fatalf("%s %s genesInRows=%v: %v", storage, name, genesInRows, err)
				}
				if strings.Join(b.CellNames(), "|") != strings.Join(cells, "|") || strings.Join(b.GeneNames(), "|") != strings.Join(genes, "|") {
					t.Errorf("%s: names %q %q", name, b.CellNames(), b.GeneNames())
				}
				if got := b.X.ToDense().Data; !equalFloat32(got, x.Data) {
					t.Errorf("%s %s genesInRows=%v: X = %v, want %v", storage, name, genesInRows, got, x.Data)
				}
			}
		}
	}
}

func TestWriteDelimitedLayout(t *testing.T) {
	a, err := New(&Dense{Rows: 2, Cols: 3, Data: []float32{1, 2, 3, 4, 5, 6}}, []string{"c1", "c2"}, []string{"a", "b", "c"})
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "x.csv")
	if err := WriteDelimited(path, a, WriteOptions{GenesInRows: true}); err != nil {
		t.Fatal(err)
	}
	b, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	want := ",c1,c2\na,1,4\nb,2,5\nc,3,6\n"
	if string(b) != want {
		t.Errorf("wrote %q, want %q", b, want)
	}
}

func TestWriteUnknownFormat(t *testing.T) {
	a, _ := New(NewDense(1, 1), []string{"c"}, []string{"g"})
	err := Write(filepath.Join(t.TempDir(), "x.xlsx"), a, WriteOptions{})
	wantErrorContaining(t, err, "x.xlsx", "cannot tell the output format")
}

func TestWriteAndReadDispatchH5AD(t *testing.T) {
	a, err := Read(testdata.Path(t, "pbmc_small", "counts_genes_x_cells.mtx.gz"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ReadObsTable(a, testdata.Path(t, "pbmc_small", "meta.tsv")); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(t.TempDir(), "small.h5ad")
	if err := Write(path, a, WriteOptions{}); err != nil {
		t.Fatal(err)
	}
	b, err := Read(path, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if b.NObs() != 80 || b.NVars() != 230 || b.X.NNZ() != a.X.NNZ() {
		t.Errorf("read back %d×%d with %d non-zeros, want 80×230 with %d", b.NObs(), b.NVars(), b.X.NNZ(), a.X.NNZ())
	}
	groups, ok := b.Obs.Col("groups").(*Categorical)
	if !ok || len(groups.Categories) != 2 {
		t.Errorf("obs groups = %#v, want a categorical of g1, g2", b.Obs.Col("groups"))
	}
}
