package anndata

import (
	"math/rand/v2"
	"path/filepath"
	"strconv"
	"testing"
)

// syntheticCounts returns a cells × genes CSR of small integer counts with
// the given density, shaped like scanpy's 10x-10k-subset (10000 × 1000,
// about 7% non-zero).
func syntheticCounts(cells, genes int, density float64, seed uint64) *AnnData {
	rng := rand.New(rand.NewPCG(seed, 1))
	m := &CSR{Rows: cells, Cols: genes, Indptr: make([]int64, cells+1)}
	for i := range cells {
		for j := range genes {
			if rng.Float64() < density {
				m.Indices = append(m.Indices, int32(j))
				m.Data = append(m.Data, float32(1+rng.IntN(30)))
			}
		}
		m.Indptr[i+1] = int64(len(m.Data))
	}
	names := func(prefix string, n int) []string {
		out := make([]string, n)
		for i := range out {
			out[i] = prefix + strconv.Itoa(i)
		}
		return out
	}
	a, _ := New(m, names("AAACCTG-", cells), names("Gene", genes))
	return a
}

// BenchmarkH5AD10k writes a 10000 × 1000 CSR (≈700k non-zeros) to h5ad and
// reads it back, timing each direction.
func BenchmarkH5AD10k(b *testing.B) {
	a := syntheticCounts(10000, 1000, 0.07, 1)
	path := filepath.Join(b.TempDir(), "bench.h5ad")
	b.Run("write", func(b *testing.B) {
		for b.Loop() {
			if err := WriteH5AD(path, a); err != nil {
				b.Fatal(err)
			}
		}
	})
	b.Run("read", func(b *testing.B) {
		for b.Loop() {
			back, err := ReadH5AD(path)
			if err != nil {
				b.Fatal(err)
			}
			if back.X.NNZ() != a.X.NNZ() {
				b.Fatalf("nnz %d, want %d", back.X.NNZ(), a.X.NNZ())
			}
		}
	})
}
