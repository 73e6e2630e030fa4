package anndata

import (
	"bytes"
	"compress/gzip"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// wantErrorContaining fails unless err is non-nil and its message holds
// every one of parts.
func wantErrorContaining(t *testing.T, err error, parts ...string) {
	t.Helper()
	if err == nil {
		t.Fatalf("no error; want one containing %q", parts)
	}
	for _, p := range parts {
		if !strings.Contains(err.Error(), p) {
			t.Errorf("error %q does not contain %q", err, p)
		}
	}
}

// writeTemp writes content to name in a fresh temporary directory, gzipped
// when name ends in .gz, and returns the path.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	return writeIn(t, t.TempDir(), name, content)
}

// writeIn writes content to dir/name, gzipped when name ends in .gz.
func writeIn(t *testing.T, dir, name, content string) string {
	t.Helper()
	data := []byte(content)
	if strings.HasSuffix(name, ".gz") {
		data = gzipBytes(t, data)
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func gzipBytes(t *testing.T, data []byte) []byte {
	t.Helper()
	var buf bytes.Buffer
	zw := gzip.NewWriter(&buf)
	if _, err := zw.Write(data); err != nil {
		t.Fatal(err)
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

const smallCSV = ",c1,c2,c3\ng1,1,0,2\ng2,0,3,4\n"

func TestReadDelimitedSmall(t *testing.T) {
	for _, tc := range []struct {
		name, content string
		genesInRows   bool
	}{
		{"pandas header, genes in rows", smallCSV, true},
		{"R header (no index field), tab", "c1\tc2\tc3\ng1\t1\t0\t2\ng2\t0\t3\t4\n", true},
		{"quoted names, CRLF, blank lines", "\"\",\"c1\",\"c2\",\"c3\"\r\n\"g1\",1,0,2\r\n\r\n\"g2\",0,3,4\r\n\r\n", true},
		{"cells in rows", ",g1,g2\nc1,1,0\nc2,0,3\nc3,2,4\n", false},
	} {
		t.Run(tc.name, func(t *testing.T) {
			a, err := ReadDelimited(writeTemp(t, "x.csv", tc.content), ReadOptions{GenesInRows: tc.genesInRows})
			if err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(a.CellNames(), " "); got != "c1 c2 c3" {
				t.Errorf("cells %q", got)
			}
			if got := strings.Join(a.GeneNames(), " "); got != "g1 g2" {
				t.Errorf("genes %q", got)
			}
			want := []float32{1, 0, 0, 3, 2, 4}
			if got := a.X.ToDense().Data; !equalFloat32(got, want) {
				t.Errorf("X = %v, want %v", got, want)
			}
		})
	}
}

func TestReadDetectsGzipByContent(t *testing.T) {
	// Gzipped data under a plain name, plain data under a .gz name.
	dir := t.TempDir()
	zipped := filepath.Join(dir, "x.csv")
	if err := os.WriteFile(zipped, gzipBytes(t, []byte(smallCSV)), 0o644); err != nil {
		t.Fatal(err)
	}
	plain := filepath.Join(dir, "y.csv.gz")
	if err := os.WriteFile(plain, []byte(smallCSV), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, p := range []string{zipped, plain} {
		a, err := Read(p, ReadOptions{GenesInRows: true})
		if err != nil {
			t.Fatal(err)
		}
		if a.NObs() != 3 || a.NVars() != 2 {
			t.Errorf("%s: shape %d×%d", p, a.NObs(), a.NVars())
		}
	}
}

func equalFloat32(a, b []float32) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestReadDelimitedMalformed(t *testing.T) {
	truncated := gzipBytes(t, []byte(strings.Repeat(smallCSV[len(",c1,c2,c3\n"):], 2000)))
	truncated = truncated[:len(truncated)/2]
	for _, tc := range []struct {
		name, content string
		raw           []byte
		opts          ReadOptions
		want          []string
	}{
		{name: "empty file", content: "", want: []string{"x.csv", "empty file", "header"}},
		{name: "blank file", content: "\n \n", want: []string{"empty file"}},
		{name: "header only", content: ",c1,c2\n", want: []string{"no data rows"}},
		{name: "ragged row", content: ",c1,c2,c3\ng1,1,0,2\ng2,0,3\n",
			want: []string{"x.csv: line 3", `row "g2" has 3 fields, expected 4`}},
		{name: "first row does not fit header", content: ",c1,c2,c3\ng1,1\n",
			want: []string{"line 2", "the first row has 2 fields", "header on line 1 has 4"}},
		{name: "non-numeric value", content: smallCSV + "g3,1,x7,2\n", opts: ReadOptions{GenesInRows: true},
			want: []string{"x.csv: line 4", `row "g3"`, `column 3 ("c2")`, `"x7"`}},
		{name: "empty value", content: ",c1,c2\ng1,1,\n",
			want: []string{"line 2", `column 3 ("c2")`, `cannot read "" as a number`}},
		{name: "duplicate gene in rows", content: smallCSV + "g1,5,5,5\n", opts: ReadOptions{GenesInRows: true},
			want: []string{`duplicate gene name "g1"`, "x.csv line 2", "x.csv line 4"}},
		{name: "duplicate gene in header", content: ",g1,g2,g1\nc1,1,2,3\n",
			want: []string{`duplicate gene name "g1"`, "line 1 (the header), column 2", "column 4"}},
		{name: "duplicate cell", content: ",g1\nc1,1\nc1,2\n",
			want: []string{`duplicate cell name "c1"`, "line 2", "line 3"}},
		{name: "unterminated quote", content: ",\"c1,c2\ng1,1,2\n", want: []string{"line 1", "unterminated quoted field"}},
		{name: "truncated gzip", raw: truncated, opts: ReadOptions{GenesInRows: true},
			want: []string{"x.csv: line", "truncated"}},
		{name: "barcodes as genes", content: ",AAACCTGAGATAGGAG-1,AAACCTGAGCGGCTTC-1\nXkr4,1,2\nRp1,0,1\n",
			want: []string{"gene names (the columns) look like cell barcodes", `"AAACCTGAGATAGGAG-1"`, "add --genes-in-rows"}},
		{name: "barcodes as genes, genes in rows", content: ",Xkr4,Rp1\nAAACCTGAGATAGGAG-1,1,2\nAAACCTGAGCGGCTTC-1,0,1\n",
			opts: ReadOptions{GenesInRows: true},
			want: []string{"gene names (the rows) look like cell barcodes", "drop --genes-in-rows"}},
		{name: "Ensembl IDs as cells", content: ",s1,s2\nENSG00000141510,1,2\nENSG00000012048,0,1\n",
			want: []string{"cell names look like gene identifiers", `"ENSG00000141510"`, "add --genes-in-rows"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var path string
			if tc.raw != nil {
				path = filepath.Join(t.TempDir(), "x.csv")
				if err := os.WriteFile(path, tc.raw, 0o644); err != nil {
					t.Fatal(err)
				}
			} else {
				path = writeTemp(t, "x.csv", tc.content)
			}
			a, err := ReadDelimited(path, tc.opts)
			if a != nil {
				t.Errorf("got data and error %v", err)
			}
			wantErrorContaining(t, err, tc.want...)
		})
	}
}

func TestReadDelimitedMakeUnique(t *testing.T) {
	a, err := ReadDelimited(writeTemp(t, "x.tsv", "\tc1\ng\t1\ng\t2\ng-1\t3\ng\t4\n"), ReadOptions{GenesInRows: true, MakeUnique: true})
	if err != nil {
		t.Fatal(err)
	}
	// anndata's make_index_unique skips g-1, which already exists.
	if got := strings.Join(a.GeneNames(), " "); got != "g g-2 g-1 g-3" {
		t.Errorf("genes %q, want %q", got, "g g-2 g-1 g-3")
	}
}

func TestReadOrientationCheckCanBeSkipped(t *testing.T) {
	path := writeTemp(t, "x.csv", ",AAACCTGAGATAGGAG-1\nXkr4,1\n")
	if _, err := ReadDelimited(path, ReadOptions{SkipOrientationCheck: true}); err != nil {
		t.Fatal(err)
	}
}

const smallMTX = "%%MatrixMarket matrix coordinate integer general\n% comment\n3 2 3\n1 1 5\n3 1 1\n2 2 7\n"

func TestReadMTXSmall(t *testing.T) {
	dir := t.TempDir()
	p := writeIn(t, dir, "m.mtx.gz", smallMTX)
	writeIn(t, dir, "genes.tsv", "G1\nG2\nG3\n")
	writeIn(t, dir, "barcodes.tsv.gz", "c1\nc2\n")
	a, err := Read(p, ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{5, 0, 1, 0, 7, 0}
	if got := a.X.ToDense().Data; !equalFloat32(got, want) {
		t.Errorf("X = %v, want %v", got, want)
	}
	if err := a.X.(*CSR).Validate(); err != nil {
		t.Error(err)
	}
}

func TestReadMTXSumsDuplicatesAndSorts(t *testing.T) {
	dir := t.TempDir()
	p := writeIn(t, dir, "m.mtx", "%%MatrixMarket matrix coordinate real general\n2 3 4\n1 3 1.5\n1 1 2\n1 3 1\n2 2 -3\n")
	cells := writeIn(t, dir, "cells.txt", "a\nb\n")
	genes := writeIn(t, dir, "g.txt", "x\ny\nz\n")
	a, err := Read(p, ReadOptions{CellsFile: cells, GenesFile: genes})
	if err != nil {
		t.Fatal(err)
	}
	want := []float32{2, 0, 2.5, 0, -3, 0}
	if got := a.X.ToDense().Data; !equalFloat32(got, want) {
		t.Errorf("X = %v, want %v", got, want)
	}
	if err := a.X.(*CSR).Validate(); err != nil {
		t.Error(err)
	}
}

func TestReadMTXSquareUsesOption(t *testing.T) {
	dir := t.TempDir()
	p := writeIn(t, dir, "m.mtx", "%%MatrixMarket matrix coordinate integer general\n2 2 1\n1 2 9\n")
	writeIn(t, dir, "genes.tsv", "G1\nG2\n")
	writeIn(t, dir, "barcodes.tsv", "c1\nc2\n")
	for _, genesInRows := range []bool{false, true} {
		a, err := Read(p, ReadOptions{GenesInRows: genesInRows})
		if err != nil {
			t.Fatal(err)
		}
		cell, gene := 0, 1
		if genesInRows {
			cell, gene = 1, 0
		}
		if v := a.X.At(cell, gene); v != 9 {
			t.Errorf("genesInRows=%v: X[%d,%d] = %v, want 9", genesInRows, cell, gene, v)
		}
	}
}

func TestReadMTXMalformed(t *testing.T) {
	header := "%%MatrixMarket matrix coordinate integer general\n"
	for _, tc := range []struct {
		name, matrix, genes, cells string
		want                       []string
	}{
		{name: "row index out of range", matrix: header + "3 2 2\n1 1 1\n4 2 1\n",
			want: []string{"m.mtx: line 4", "row index 4 is outside 1..3", "size line 2 declares 3 × 2"}},
		{name: "column index zero", matrix: header + "3 2 1\n1 0 1\n",
			want: []string{"line 3", "column index 0 is outside 1..2"}},
		{name: "dims do not match lists", matrix: header + "4 2 1\n1 1 1\n",
			want: []string{"declares a 4 × 2 matrix", "neither 3 genes × 2 cells", "genes.tsv", "barcodes.tsv"}},
		{name: "fewer entries than declared", matrix: header + "3 2 3\n1 1 1\n",
			want: []string{"1 entries, but the size line 2 declares 3", "truncated"}},
		{name: "more entries than declared", matrix: header + "3 2 1\n1 1 1\n2 2 2\n",
			want: []string{"line 4", "more entries than the 1 declared"}},
		{name: "not a number", matrix: header + "3 2 1\n1 1 abc\n",
			want: []string{"line 3", `cannot read the value "abc"`}},
		{name: "missing value", matrix: header + "3 2 1\n1 1\n",
			want: []string{"line 3", `expected "row column value"`}},
		{name: "bad size line", matrix: header + "3 x 1\n",
			want: []string{"line 2", "size line"}},
		{name: "array format", matrix: "%%MatrixMarket matrix array real general\n3 2\n",
			want: []string{"line 1", "only the coordinate"}},
		{name: "not matrix market", matrix: "hello\n",
			want: []string{"line 1", "MatrixMarket"}},
		{name: "empty matrix file", matrix: "", want: []string{"m.mtx: empty file"}},
		{name: "duplicate gene", matrix: header + "3 2 0\n", genes: "G1\nG2\nG1\n",
			want: []string{`duplicate gene name "G1"`, "genes.tsv line 1", "genes.tsv line 3"}},
		{name: "gap in name list", matrix: header + "3 2 0\n", genes: "G1\n\nG2\nG3\n",
			want: []string{"genes.tsv: line 2 is blank"}},
		{name: "empty name list", matrix: header + "3 2 0\n", cells: "\n",
			want: []string{"barcodes.tsv: empty file"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			if tc.genes == "" {
				tc.genes = "G1\nG2\nG3\n"
			}
			if tc.cells == "" {
				tc.cells = "c1\nc2\n"
			}
			p := writeIn(t, dir, "m.mtx", tc.matrix)
			writeIn(t, dir, "genes.tsv", tc.genes)
			writeIn(t, dir, "barcodes.tsv", tc.cells)
			_, err := Read(p, ReadOptions{})
			wantErrorContaining(t, err, tc.want...)
		})
	}
}

func TestReadMTXTruncatedGzip(t *testing.T) {
	dir := t.TempDir()
	var body strings.Builder
	body.WriteString("%%MatrixMarket matrix coordinate integer general\n3 2000 6000\n")
	for j := 1; j <= 2000; j++ {
		for i := 1; i <= 3; i++ {
			fmt.Fprintf(&body, "%d %d %d\n", i, j, i*j)
		}
	}
	zipped := gzipBytes(t, []byte(body.String()))
	p := filepath.Join(dir, "matrix.mtx.gz")
	if err := os.WriteFile(p, zipped[:len(zipped)*2/3], 0o644); err != nil {
		t.Fatal(err)
	}
	var cells strings.Builder
	for j := 1; j <= 2000; j++ {
		fmt.Fprintf(&cells, "c%d\n", j)
	}
	writeIn(t, dir, "genes.tsv", "G1\nG2\nG3\n")
	_, err := Read(p, ReadOptions{CellsFile: writeIn(t, dir, "cells.txt", cells.String())})
	wantErrorContaining(t, err, "matrix.mtx.gz: line", "truncated")
}

func TestReadMTXMissingLists(t *testing.T) {
	p := writeTemp(t, "m.mtx", smallMTX)
	_, err := Read(p, ReadOptions{})
	wantErrorContaining(t, err, "m.mtx: no list of cell names", "--cells")
}

func TestRead10xDirMissingFiles(t *testing.T) {
	dir := t.TempDir()
	_, err := Read(dir, ReadOptions{})
	wantErrorContaining(t, err, "not a 10x matrix directory")
	writeIn(t, dir, "matrix.mtx.gz", smallMTX)
	_, err = Read(dir, ReadOptions{})
	wantErrorContaining(t, err, "without barcodes.tsv")
}
