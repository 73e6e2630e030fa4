package anndata

import (
	"bytes"
	"math"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
	"time"
)

// allocatedDuring returns the bytes allocated on the heap while fn ran.
func allocatedDuring(fn func()) uint64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fn()
	runtime.ReadMemStats(&after)
	return after.TotalAlloc - before.TotalAlloc
}

// TestReadMTXHugeDeclaredSize checks that a size line claiming a huge
// matrix fails on the actual content without allocating for the claim.
func TestReadMTXHugeDeclaredSize(t *testing.T) {
	for _, tc := range []struct{ name, matrix, want string }{
		{"10^9 × 10^9 with 10^12 entries", "%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 1000000000000\n1 1 1\n",
			"1 entries, but the size line 2 declares 1000000000000"},
		{"symmetric, entries overflow when doubled", "%%MatrixMarket matrix coordinate real symmetric\n2 2 5000000000000000000\n1 1 1\n",
			"declares 5000000000000000000"},
		{"rows beyond int32", "%%MatrixMarket matrix coordinate real general\n3000000000 1 1\n1 1 1\n", "matrix too large"},
		{"entries beyond int64", "%%MatrixMarket matrix coordinate real general\n1 1 99999999999999999999\n1 1 1\n", "size line"},
		{"declared 10^9 × 10^9, names disagree", "%%MatrixMarket matrix coordinate real general\n1000000000 1000000000 1\n1 1 1\n",
			"declares a 1000000000 × 1000000000 matrix"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := t.TempDir()
			p := writeIn(t, dir, "m.mtx", tc.matrix)
			opts := ReadOptions{CellsFile: writeIn(t, dir, "c.tsv", "c1\n"), GenesFile: writeIn(t, dir, "g.tsv", "g1\n")}
			var err error
			start := time.Now()
			bytes := allocatedDuring(func() { _, err = ReadMTX(p, opts) })
			wantErrorContaining(t, err, p, tc.want)
			if d := time.Since(start); d > time.Second {
				t.Errorf("took %v to reject", d)
			}
			if bytes > 1<<20 {
				t.Errorf("allocated %d bytes for a %d-byte file", bytes, len(tc.matrix))
			}
		})
	}
}

// TestReadDelimitedHugeHeader checks that a 10-million-column header over
// a short row fails quickly, with memory proportional to the file.
func TestReadDelimitedHugeHeader(t *testing.T) {
	if testing.Short() {
		t.Skip("writes and reads a 20 MB file")
	}
	const columns = 10_000_000
	var b bytes.Buffer
	b.Grow(2*columns + 16)
	for range columns {
		b.WriteString(",c")
	}
	b.WriteString("\ng1,1,2\n")
	p := filepath.Join(t.TempDir(), "wide.csv")
	if err := os.WriteFile(p, b.Bytes(), 0o644); err != nil {
		t.Fatal(err)
	}
	size := b.Len()
	b = bytes.Buffer{}
	var err error
	start := time.Now()
	allocated := allocatedDuring(func() { _, err = ReadDelimited(p, ReadOptions{}) })
	wantErrorContaining(t, err, p, "line 2", "3 fields", "10000001")
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %v to reject", d)
	}
	if allocated > uint64(20*size) {
		t.Errorf("allocated %d MB for a %d MB file", allocated>>20, size>>20)
	}
	t.Logf("rejected in %v after allocating %d MB", time.Since(start), allocated>>20)
}

// TestWriteFailureLeavesNoFile checks that a writer that fails part-way
// leaves neither the output nor a temporary file behind, and does not
// touch an existing output.
func TestWriteFailureLeavesNoFile(t *testing.T) {
	a, err := New(&Dense{Rows: 2, Cols: 2, Data: []float32{1, float32(math.NaN()), 0, 3}}, []string{"c1", "c2"}, []string{"g1", "g2"})
	if err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"x.csv", "x.tsv", "x.csv.gz", "x.h5ad"} {
		t.Run(name, func(t *testing.T) {
			// A directory that cannot be created (its parent is a file;
			// a read-only directory would not stop root).
			dir := t.TempDir()
			notDir := writeIn(t, dir, "file", "")
			err := Write(filepath.Join(notDir, name), a, WriteOptions{})
			wantErrorContaining(t, err, filepath.Join(notDir, name))
			wantOnly(t, dir, "file")

			// An AnnData that fails validation half-way (the writer must
			// check it up front or clean up), over an existing output.
			dir = t.TempDir()
			out := filepath.Join(dir, name)
			if err := os.WriteFile(out, []byte("previous"), 0o644); err != nil {
				t.Fatal(err)
			}
			broken := &AnnData{X: &CSR{Rows: 2, Cols: 2, Indptr: []int64{0, 1, 5}, Indices: []int32{0}, Data: []float32{1}},
				Obs: NewFrame([]string{"c1", "c2"}), Var: NewFrame([]string{"g1", "g2"})}
			if err := Write(out, broken, WriteOptions{}); err == nil {
				t.Fatal("writing an invalid CSR matrix succeeded")
			}
			wantOnly(t, dir, name)
			if got, _ := os.ReadFile(out); string(got) != "previous" {
				t.Errorf("the existing output was changed to %q", got)
			}
		})
	}
}

// wantOnly fails unless dir holds exactly the files names.
func wantOnly(t *testing.T, dir string, names ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		got = append(got, e.Name())
	}
	if strings.Join(got, " ") != strings.Join(names, " ") {
		t.Errorf("%s holds %q, want %q", dir, got, names)
	}
}

// TestReadRejectsEndlessLine checks that a line without an end (a binary
// file, or a gzip bomb of one character) fails once it passes
// maxLineBytes instead of being held in memory whole.
func TestReadRejectsEndlessLine(t *testing.T) {
	defer func(old int) { maxLineBytes = old }(maxLineBytes)
	maxLineBytes = 1 << 20
	bomb := gzipBytes(t, bytes.Repeat([]byte{'a'}, 8<<20))
	dir := t.TempDir()
	p := filepath.Join(dir, "bomb.csv.gz")
	if err := os.WriteFile(p, bomb, 0o644); err != nil {
		t.Fatal(err)
	}
	_, err := ReadDelimited(p, ReadOptions{})
	wantErrorContaining(t, err, p, "line 1", "longer than 1 MiB")
	_, err = ReadTable(p)
	wantErrorContaining(t, err, p, "line 1", "longer than 1 MiB")
	m := writeIn(t, dir, "m.mtx", "%%MatrixMarket matrix coordinate real general\n1 1 1\n1 1 1\n")
	_, err = ReadMTX(m, ReadOptions{CellsFile: p, GenesFile: writeIn(t, dir, "g.tsv", "g1\n")})
	wantErrorContaining(t, err, p, "line 1", "longer than 1 MiB")
}

// TestReadMTXSymmetricNotSquare is a crash the fuzzer found: a symmetric
// matrix that is not square mirrored entries out of range.
func TestReadMTXSymmetricNotSquare(t *testing.T) {
	dir := t.TempDir()
	p := writeIn(t, dir, "m.mtx", "%%MatrixMarket matrix coordinate real symmetric\n2 3 1\n1 3 1\n")
	_, err := ReadMTX(p, ReadOptions{CellsFile: writeIn(t, dir, "c.tsv", "c1\nc2\n"), GenesFile: writeIn(t, dir, "g.tsv", "g1\ng2\ng3\n")})
	wantErrorContaining(t, err, p, "line 2", "symmetric but is not square (2 × 3)")
}

// TestCSRValidateIndptrBeyondData checks that an indptr running past the
// values in a middle row (as a damaged h5ad can hold) is an error, not an
// index panic.
func TestCSRValidateIndptrBeyondData(t *testing.T) {
	m := &CSR{Rows: 2, Cols: 2, Indptr: []int64{0, 5, 1}, Indices: []int32{0}, Data: []float32{1}}
	if err := m.Validate(); err == nil || !strings.Contains(err.Error(), "indptr[1] = 5 is beyond the 1 values") {
		t.Errorf("Validate: %v", err)
	}
}

// TestReadTableDuplicateColumn checks that a repeated column name is an
// error rather than one column silently replacing the other.
func TestReadTableDuplicateColumn(t *testing.T) {
	for _, content := range []string{",a,a\nc1,1,2\n", ",column_3,\nc1,1,2\n"} {
		p := writeTemp(t, "obs.csv", content)
		_, err := ReadTable(p)
		wantErrorContaining(t, err, p, "line 1 (the header)", "appears twice")
	}
}
