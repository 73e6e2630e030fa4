package anndata

import (
	"bytes"
	"compress/gzip"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The fuzz targets below check the readers' contract on arbitrary input:
// they never panic; a successful read gives an AnnData that passes Validate
// with one unique name per row and column; a failed read returns an error
// that names the offending file. Plain `go test` runs only the seeds; run
// one target at a time with e.g.
//
//	go test -run '^$' -fuzz FuzzReadDelimited -fuzztime 60s ./anndata/

// fuzzWrite writes data to dir/name, gzip-compressed when gz.
func fuzzWrite(t *testing.T, dir, name string, data []byte, gz bool) string {
	t.Helper()
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		zw.Close()
		data = buf.Bytes()
	}
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkReadResult asserts the reader contract for a read of the files
// named in paths (an error must name at least one of them).
func checkReadResult(t *testing.T, a *AnnData, err error, paths ...string) {
	t.Helper()
	if err != nil {
		msg := err.Error()
		if msg == "" {
			t.Fatal("empty error message")
		}
		for _, p := range paths {
			if strings.Contains(msg, p) {
				return
			}
		}
		t.Fatalf("error %q names none of %q", msg, paths)
	}
	if err := a.Validate(); err != nil {
		t.Fatalf("read succeeded but the result is invalid: %v", err)
	}
	if r, c := a.X.Dims(); len(a.CellNames()) != r || len(a.GeneNames()) != c {
		t.Fatalf("%d × %d matrix with %d cell and %d gene names", r, c, len(a.CellNames()), len(a.GeneNames()))
	}
	for _, names := range [][]string{a.CellNames(), a.GeneNames()} {
		seen := make(map[string]bool, len(names))
		for _, n := range names {
			if seen[n] {
				t.Fatalf("duplicate name %q in a successful read", n)
			}
			seen[n] = true
		}
	}
}

// delimitedSeeds are valid and malformed expression tables.
var delimitedSeeds = []string{
	smallCSV,
	"c1\tc2\tc3\ng1\t1\t0\t2\ng2\t0\t3\t4\n",
	"\"\",\"c1\",\"c2\",\"c3\"\r\n\"g1\",1,0,2\r\n\r\n\"g2\",0,3,4\r\n\r\n",
	",g1,g2\nc1,1,0\nc2,0,3\nc3,2,4\n",
	",g1,g2\nc1,NA,1e3\nc2,-0.5,NaN\n",
	",g1,g2\nc1,1\n",
	",g1,g2\nc1,1,2,3\n",
	",g1,g2\nc1,x,2\n",
	",g1,g1\nc1,1,2\n",
	",g1\nc1,1\nc1,2\n",
	"\"a,b\",\"c\"\"d\"\nr,1,2\n",
	"\"unterminated,x\nr,1\n",
	"\"a\"x,b\nr,1,2\n",
	",\n,\n",
	"only-header\n",
	"",
	"\n\n\n",
	",AAACCTGAGATAGGAG-1,AAACCTGAGCGATAGC-1\nENSG00000141510,1,2\n",
	",g1\n\"r\",1\n",
}

func FuzzReadDelimited(f *testing.F) {
	for _, s := range delimitedSeeds {
		f.Add([]byte(s), false, false, false)
		f.Add([]byte(s), true, true, true)
	}
	f.Fuzz(func(t *testing.T, data []byte, gz, tsv, genesInRows bool) {
		name := "x.csv"
		if tsv {
			name = "x.tsv"
		}
		if gz {
			name += ".gz"
		}
		p := fuzzWrite(t, t.TempDir(), name, data, gz)
		a, err := ReadDelimited(p, ReadOptions{GenesInRows: genesInRows})
		checkReadResult(t, a, err, p)
		if err == nil {
			if _, ok := a.X.(*CSR); !ok {
				if d := a.X.(*Dense); len(d.Data) != d.Rows*d.Cols {
					t.Fatalf("dense %d × %d with %d values", d.Rows, d.Cols, len(d.Data))
				}
			}
		}
	})
}

// mtxSeeds are Matrix Market files with name lists, valid and malformed.
var mtxSeeds = []struct{ matrix, cells, genes string }{
	{"%%MatrixMarket matrix coordinate integer general\n%comment\n3 2 3\n1 1 5\n3 2 1\n2 1 7\n", "c1\nc2\n", "g1\ng2\ng3\n"},
	{"%%MatrixMarket matrix coordinate real general\n2 3 2\n1 3 0.5\n2 1 -1\n", "c1\nc2\n", "ENSG1\tA\tGene Expression\nENSG2\tB\tGene Expression\nENSG3\tC\tGene Expression\n"},
	{"%%MatrixMarket matrix coordinate pattern symmetric\n2 2 2\n1 1\n2 1\n", "c1\nc2\n", "g1\ng2\n"},
	{"%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 3 1\n", "c1\nc2\n", "g1\ng2\ng3\n"},
	{"%%MatrixMarket matrix coordinate real symmetric\n2 2 5000000000000000000\n1 1 1\n", "c1\nc2\n", "g1\ng2\n"},
	{"%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 1000000000000\n1 1 1\n", "c1\n", "g1\n"},
	{"%%MatrixMarket matrix coordinate real general\n3 2 3\n1 1 5\n", "c1\nc2\n", "g1\ng2\ng3\n"},
	{"%%MatrixMarket matrix coordinate real general\n3 2 1\n4 1 5\n", "c1\nc2\n", "g1\ng2\ng3\n"},
	{"%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 x\n", "c1\nc2\n", "g1\ng2\ng3\n"},
	{"%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 1\n", "c1\nc1\n", "g1\ng2\ng3\n"},
	{"%%MatrixMarket matrix coordinate real general\n3 2 1\n1 1 1\n", "c1\n\nc2\n", "g1\ng2\ng3\n"},
	{"%%MatrixMarket matrix array real general\n2 2\n1\n2\n3\n4\n", "c1\nc2\n", "g1\ng2\n"},
	{"%%MatrixMarket matrix coordinate complex general\n1 1 1\n1 1 1 0\n", "c1\n", "g1\n"},
	{"%%MatrixMarket matrix coordinate real general\n-1 2 0\n", "c1\n", "g1\n"},
	{"%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n1 1 1\n", "c1\n", "g1\n"},
	{"%%MatrixMarket matrix coordinate real general\n2 2 2\n1 1 1\n1 1 -1\n", "c1\nc2\n", "g1\ng2\n"},
	{"", "", ""},
	{"%%MatrixMarket matrix coordinate real general\n", "c1\n", "g1\n"},
}

func FuzzReadMTX(f *testing.F) {
	for _, s := range mtxSeeds {
		f.Add([]byte(s.matrix), []byte(s.cells), []byte(s.genes), false, false)
		f.Add([]byte(s.matrix), []byte(s.cells), []byte(s.genes), true, true)
	}
	f.Fuzz(func(t *testing.T, matrix, cells, genes []byte, gz, genesInRows bool) {
		dir := t.TempDir()
		mp := fuzzWrite(t, dir, "m.mtx", matrix, gz)
		cp := fuzzWrite(t, dir, "cells.tsv", cells, false)
		gp := fuzzWrite(t, dir, "genes.tsv", genes, gz)
		a, err := ReadMTX(mp, ReadOptions{CellsFile: cp, GenesFile: gp, GenesInRows: genesInRows})
		checkReadResult(t, a, err, mp, cp, gp)
	})
}

func FuzzRead10xDir(f *testing.F) {
	for _, s := range mtxSeeds {
		for layout := range byte(4) {
			f.Add([]byte(s.matrix), []byte(s.cells), []byte(s.genes), layout)
		}
	}
	f.Fuzz(func(t *testing.T, matrix, barcodes, features []byte, layout byte) {
		// layout bit 0: Cell Ranger 3 (gzipped, features.tsv.gz) rather
		// than 2; bit 1: the files sit in a per-genome subdirectory.
		root := t.TempDir()
		dir := root
		if layout&2 != 0 {
			dir = filepath.Join(root, "hg19")
			if err := os.Mkdir(dir, 0o755); err != nil {
				t.Fatal(err)
			}
		}
		v3 := layout&1 != 0
		ext, genes := "", "genes.tsv"
		if v3 {
			ext, genes = ".gz", "features.tsv"
		}
		fuzzWrite(t, dir, "matrix.mtx"+ext, matrix, v3)
		fuzzWrite(t, dir, "barcodes.tsv"+ext, barcodes, v3)
		fuzzWrite(t, dir, genes+ext, features, v3)
		a, err := Read10xDir(root, ReadOptions{})
		checkReadResult(t, a, err, root)
	})
}

// tableSeeds are annotation tables for the cells c1, c2, c3.
var tableSeeds = []string{
	"barcode,n,x,flag,type,label\nc1,1,0.5,true,B,u\nc2,2,NA,false,B,v\nc3,3,1e9,TRUE,T,w\n",
	"n\tx\nc1\t1\t2\nc2\t3\t4\nc3\t5\t6\n",
	",a,a\nc1,1,2\nc2,3,4\nc3,5,6\n",
	",a,\nc1,1,2\nc2,3,4\nc3,5,6\n",
	",a\nc1,1\nc1,2\n",
	",a\nc1,1\n",
	",a\nc1,1,2\n",
	",a\nc1\n",
	"x\nc1\nc2\nc3\n",
	"\"q,\"\nc1,\"unterminated\n",
	"",
	"h\n",
}

func FuzzReadObsTable(f *testing.F) {
	for _, s := range tableSeeds {
		f.Add([]byte(s), false)
		f.Add([]byte(s), true)
	}
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		p := fuzzWrite(t, t.TempDir(), "obs.csv", data, gz)
		a, err := New(NewDense(3, 1), []string{"c1", "c2", "c3"}, []string{"g"})
		if err != nil {
			t.Fatal(err)
		}
		err = ReadObsTable(a, p)
		checkReadResult(t, a, err, p)
		for _, name := range a.Obs.Names() {
			if n := a.Obs.Col(name).Len(); n != 3 {
				t.Fatalf("obs column %q has %d values for 3 cells", name, n)
			}
		}
	})
}
