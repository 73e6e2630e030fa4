package anndata

import (
	"bufio"
	"compress/gzip"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"regula/internal/testdata"
)

// tenxMTXDir is an independent, minimal parse of a Cell Ranger matrix
// directory (matrix.mtx genes × cells plus gene and barcode lists), used as
// the reference for the .h5 reader.
type tenxMTXDir struct {
	counts   *Dense // cells × genes
	geneIDs  []string
	genes    []string
	barcodes []string
}

func openMaybeGzip(t *testing.T, path string) io.Reader {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { f.Close() })
	if !strings.HasSuffix(path, ".gz") {
		return f
	}
	z, err := gzip.NewReader(f)
	if err != nil {
		t.Fatal(err)
	}
	return z
}

func readTSVColumns(t *testing.T, path string) [][]string {
	t.Helper()
	var rows [][]string
	sc := bufio.NewScanner(openMaybeGzip(t, path))
	for sc.Scan() {
		rows = append(rows, strings.Split(sc.Text(), "\t"))
	}
	return rows
}

func loadTenxMTXDir(t *testing.T, dir, genesFile, suffix string) *tenxMTXDir {
	t.Helper()
	d := &tenxMTXDir{}
	for _, row := range readTSVColumns(t, filepath.Join(dir, genesFile+suffix)) {
		d.geneIDs = append(d.geneIDs, row[0])
		d.genes = append(d.genes, row[1])
	}
	for _, row := range readTSVColumns(t, filepath.Join(dir, "barcodes.tsv"+suffix)) {
		d.barcodes = append(d.barcodes, row[0])
	}
	sc := bufio.NewScanner(openMaybeGzip(t, filepath.Join(dir, "matrix.mtx"+suffix)))
	header := true
	for sc.Scan() {
		line := sc.Text()
		if strings.HasPrefix(line, "%") {
			continue
		}
		f := strings.Fields(line)
		if header {
			header = false
			d.counts = NewDense(len(d.barcodes), len(d.genes))
			continue
		}
		gene, _ := strconv.Atoi(f[0])
		cell, _ := strconv.Atoi(f[1])
		v, _ := strconv.ParseFloat(f[2], 32)
		d.counts.Set(cell-1, gene-1, float32(v))
	}
	return d
}

func checkAgainstMTX(t *testing.T, a *AnnData, want *tenxMTXDir) {
	t.Helper()
	if _, ok := a.X.(*CSR); !ok {
		t.Errorf("X is %T, want CSR", a.X)
	}
	if !slices.Equal(a.Obs.Index, want.barcodes) {
		t.Errorf("barcodes differ: %v vs %v", a.Obs.Index[:2], want.barcodes[:2])
	}
	if !slices.Equal(a.Var.Index, want.genes) {
		t.Errorf("gene names differ")
	}
	ids, err := a.Var.Strings("gene_ids")
	if err != nil || !slices.Equal(ids, want.geneIDs) {
		t.Errorf("gene_ids differ: %v", err)
	}
	if !slices.Equal(a.X.ToDense().Data, want.counts.Data) {
		t.Errorf("counts differ (nnz %d vs %d)", a.X.NNZ(), want.counts.NNZ())
	}
}

func TestRead10xH5V2MatchesMTX(t *testing.T) {
	a, err := Read10xH5(testdata.Path(t, "scanpy_tests", "10x_data", "1.2.0", "filtered_gene_bc_matrices_h5.h5"))
	if err != nil {
		t.Fatal(err)
	}
	want := loadTenxMTXDir(t, testdata.Path(t, "scanpy_tests", "10x_data", "1.2.0", "filtered_gene_bc_matrices", "hg19_chr21"), "genes.tsv", "")
	checkAgainstMTX(t, a, want)
	if a.Var.Col("genome") != nil {
		t.Error("single-genome v2 file should have no genome column")
	}
}

func TestRead10xH5V3MatchesMTX(t *testing.T) {
	a, err := Read10xH5(testdata.Path(t, "scanpy_tests", "10x_data", "3.0.0", "filtered_feature_bc_matrix.h5"))
	if err != nil {
		t.Fatal(err)
	}
	want := loadTenxMTXDir(t, testdata.Path(t, "scanpy_tests", "10x_data", "3.0.0", "filtered_feature_bc_matrix"), "features.tsv", ".gz")
	checkAgainstMTX(t, a, want)
	types, err := a.Var.Strings("feature_types")
	if err != nil || types[0] != "Gene Expression" {
		t.Errorf("feature_types: %v %v", types[:1], err)
	}
	if a.NObs() != 1107 || a.NVars() != 507 || a.X.NNZ() != 23866 {
		t.Errorf("shape %d×%d nnz %d", a.NObs(), a.NVars(), a.X.NNZ())
	}
	genomes, _ := a.Var.Strings("genome")
	one, err := Read10xH5Genome(testdata.Path(t, "scanpy_tests", "10x_data", "3.0.0", "filtered_feature_bc_matrix.h5"), genomes[0])
	if err != nil || one.NVars() != 507 {
		t.Errorf("Read10xH5Genome(%q): %v", genomes[0], err)
	}
	if _, err := Read10xH5Genome(testdata.Path(t, "scanpy_tests", "10x_data", "3.0.0", "filtered_feature_bc_matrix.h5"), "mm10"); err == nil || !strings.Contains(err.Error(), "mm10") {
		t.Errorf("unknown genome: %v", err)
	}
}

func TestRead10xH5MultipleGenomes(t *testing.T) {
	path := testdata.Path(t, "scanpy_tests", "10x_data", "1.2.0", "multiple_genomes.h5")
	a, err := Read10xH5(path)
	if err != nil {
		t.Fatal(err)
	}
	hg, err := Read10xH5Genome(path, "hg19_chr21")
	if err != nil {
		t.Fatal(err)
	}
	other, err := Read10xH5Genome(path, "another_genome")
	if err != nil {
		t.Fatal(err)
	}
	if a.NVars() != hg.NVars()+other.NVars() || a.NObs() != hg.NObs() {
		t.Fatalf("combined %d×%d, parts %d×%d and %d×%d", a.NObs(), a.NVars(), hg.NObs(), hg.NVars(), other.NObs(), other.NVars())
	}
	genome, err := a.Var.Strings("genome")
	if err != nil {
		t.Fatal(err)
	}
	// Groups are listed by name: another_genome first, then hg19_chr21.
	if genome[0] != "another_genome" || genome[a.NVars()-1] != "hg19_chr21" {
		t.Errorf("genome column %v … %v", genome[0], genome[a.NVars()-1])
	}
	off := other.NVars()
	for i := range a.NObs() {
		for j := range hg.NVars() {
			if a.X.At(i, off+j) != hg.X.At(i, j) {
				t.Fatalf("cell %d gene %d: %v vs %v", i, j, a.X.At(i, off+j), hg.X.At(i, j))
			}
		}
	}
	want := loadTenxMTXDir(t, testdata.Path(t, "scanpy_tests", "10x_data", "1.2.0", "filtered_gene_bc_matrices", "hg19_chr21"), "genes.tsv", "")
	checkAgainstMTX(t, hg, want)
	if _, err := Read10xH5Genome(path, "mm10"); err == nil || !strings.Contains(err.Error(), "another_genome") {
		t.Errorf("unknown genome error should list the genomes: %v", err)
	}
}

func TestHstackByBarcodeUnion(t *testing.T) {
	a := &tenxMatrix{counts: (&Dense{Rows: 2, Cols: 2, Data: []float32{1, 0, 0, 2}}).ToCSR(), barcodes: []string{"A", "B"}}
	b := &tenxMatrix{counts: (&Dense{Rows: 2, Cols: 1, Data: []float32{3, 4}}).ToCSR(), barcodes: []string{"C", "A"}}
	m, barcodes := hstackByBarcode([]*tenxMatrix{a, b})
	if !slices.Equal(barcodes, []string{"A", "B", "C"}) {
		t.Fatalf("barcodes %v", barcodes)
	}
	want := []float32{1, 0, 4, 0, 2, 0, 0, 0, 3}
	if !slices.Equal(m.ToDense().Data, want) {
		t.Fatalf("got %v, want %v", m.ToDense().Data, want)
	}
	if err := m.Validate(); err != nil {
		t.Fatal(err)
	}
}
