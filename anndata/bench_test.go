package anndata

import (
	"path/filepath"
	"testing"

	"regula/internal/testdata"
)

func BenchmarkReadMTX10kSubset(b *testing.B) {
	path := testdata.Path(b, "scanpy_tests", "10x-10k-subset.counts_cells_x_genes.mtx.gz")
	for b.Loop() {
		if _, err := Read(path, ReadOptions{MakeUnique: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadDelimitedMESC(b *testing.B) {
	path := testdata.Path(b, "beeline", "scRNA-Seq", "mESC", "500nTF", "ExpressionData.csv.gz")
	for b.Loop() {
		if _, err := Read(path, ReadOptions{GenesInRows: true}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkWriteCSV10kSubset(b *testing.B) {
	a, err := Read(testdata.Path(b, "scanpy_tests", "10x-10k-subset.counts_cells_x_genes.mtx.gz"), ReadOptions{MakeUnique: true})
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "x.csv.gz")
	for b.Loop() {
		if err := Write(out, a, WriteOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}

func BenchmarkReadCSV10kSubset(b *testing.B) {
	a, err := Read(testdata.Path(b, "scanpy_tests", "10x-10k-subset.counts_cells_x_genes.mtx.gz"), ReadOptions{MakeUnique: true})
	if err != nil {
		b.Fatal(err)
	}
	out := filepath.Join(b.TempDir(), "x.csv.gz")
	if err := Write(out, a, WriteOptions{}); err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if _, err := Read(out, ReadOptions{}); err != nil {
			b.Fatal(err)
		}
	}
}
