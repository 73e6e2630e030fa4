package hdf5

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"regula/internal/testdata"
)

func TestLZFDecompress(t *testing.T) {
	// "abcabcabcX": literal run "abc" (ctrl 2), back reference of length 6
	// at distance 3 (ctrl (6-2)<<5 | 0, offset byte 2), literal "X".
	in := []byte{2, 'a', 'b', 'c', 4 << 5, 2, 0, 'X'}
	got, err := lzfDecompress(in, 64)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "abcabcabcX" {
		t.Fatalf("got %q", got)
	}
	// A long back reference (len field 7 + extra byte) of zeros.
	in = []byte{0, 0, 7 << 5, 20, 0}
	got, err = lzfDecompress(in, 64)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, make([]byte, 1+7+20+2)) {
		t.Fatalf("got %v", got)
	}
	if _, err := lzfDecompress([]byte{2, 'a', 'b', 'c', 4 << 5, 2, 0, 'X'}, 5); err == nil || !strings.Contains(err.Error(), "too small") {
		t.Fatalf("short output: err = %v", err)
	}
	if _, err := lzfDecompress([]byte{1 << 5, 9}, 64); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("reference before start: err = %v", err)
	}
	if _, err := lzfDecompress([]byte{5, 'a'}, 64); err == nil || !strings.Contains(err.Error(), "corrupt") {
		t.Fatalf("truncated literal: err = %v", err)
	}
}

func TestRoundTrip(t *testing.T) {
	path := filepath.Join(t.TempDir(), "rt.h5")
	f, err := Create(path)
	if err != nil {
		t.Fatal(err)
	}
	g, err := f.CreateGroup("grp")
	if err != nil {
		t.Fatal(err)
	}
	big := make([]float32, 3*5000)
	for i := range big {
		big[i] = float32(i%97) * 0.5
	}
	write := func(parent *Group, name string, data any, dims ...int) {
		t.Helper()
		d, err := parent.CreateDataset(name, data, dims...)
		if err != nil {
			t.Fatal(err)
		}
		if err := d.SetAttr("encoding-type", "array"); err != nil {
			t.Fatal(err)
		}
		if err := d.Close(); err != nil {
			t.Fatal(err)
		}
	}
	write(g, "big", big, 5000, 3)
	write(g, "i8", []int8{-1, 0, 5})
	write(g, "u16", []uint16{1, 65535})
	write(g, "i64", []int64{-1 << 40, 7})
	write(g, "f64", []float64{1.5, -2.25})
	write(g, "bools", []bool{true, false, true})
	write(g, "strs", []string{"α", "", "gene-1"})
	write(g, "empty", []float32{})
	sc, err := g.CreateScalar("scalar", "hello")
	if err != nil {
		t.Fatal(err)
	}
	sc.Close()
	if err := g.SetAttr("shape", []int64{5000, 3}); err != nil {
		t.Fatal(err)
	}
	if err := g.SetAttr("ordered", true); err != nil {
		t.Fatal(err)
	}
	if err := g.SetAttr("names", []string{"a", "b"}); err != nil {
		t.Fatal(err)
	}
	if err := g.SetAttr("none", []string{}); err != nil {
		t.Fatal(err)
	}
	if err := g.SetAttr("pi", 3.25); err != nil {
		t.Fatal(err)
	}
	g.Close()
	if n := f.OpenObjects(); n != 0 {
		t.Errorf("%d objects left open after writing", n)
	}
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}

	f, err = Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	g, err = f.OpenGroup("grp")
	if err != nil {
		t.Fatal(err)
	}
	defer g.Close()
	names, err := g.Members()
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"big", "bools", "empty", "f64", "i64", "i8", "scalar", "strs", "u16"}
	if !slices.Equal(names, want) {
		t.Fatalf("members %v, want %v", names, want)
	}
	open := func(name string) *Dataset {
		t.Helper()
		d, err := g.OpenDataset(name)
		if err != nil {
			t.Fatal(err)
		}
		t.Cleanup(func() { d.Close() })
		return d
	}
	d := open("big")
	if !slices.Equal(d.Shape(), []int{5000, 3}) || d.Class() != ClassFloat {
		t.Fatalf("big: shape %v class %v", d.Shape(), d.Class())
	}
	gotBig, err := Read[float32](d)
	if err != nil || !slices.Equal(gotBig, big) {
		t.Fatalf("big: err %v, equal %v", err, slices.Equal(gotBig, big))
	}
	asF64, err := Read[float64](open("i8"))
	if err != nil || !slices.Equal(asF64, []float64{-1, 0, 5}) {
		t.Fatalf("i8 as float64: %v %v", asF64, err)
	}
	u16, _ := Read[int64](open("u16"))
	if !slices.Equal(u16, []int64{1, 65535}) {
		t.Fatalf("u16: %v", u16)
	}
	i64, _ := Read[int64](open("i64"))
	if !slices.Equal(i64, []int64{-1 << 40, 7}) {
		t.Fatalf("i64: %v", i64)
	}
	bd := open("bools")
	if bd.Class() != ClassBool {
		t.Fatalf("bools class %v", bd.Class())
	}
	bools, err := bd.ReadBools()
	if err != nil || !slices.Equal(bools, []bool{true, false, true}) {
		t.Fatalf("bools: %v %v", bools, err)
	}
	strs, err := open("strs").ReadStrings()
	if err != nil || !slices.Equal(strs, []string{"α", "", "gene-1"}) {
		t.Fatalf("strs: %q %v", strs, err)
	}
	if _, err := open("strs").ReadBools(); err == nil {
		t.Fatal("reading strings as bools should fail")
	}
	empty, err := Read[float32](open("empty"))
	if err != nil || len(empty) != 0 {
		t.Fatalf("empty: %v %v", empty, err)
	}
	sd := open("scalar")
	if len(sd.Shape()) != 0 {
		t.Fatalf("scalar shape %v", sd.Shape())
	}
	if s, err := sd.ReadStrings(); err != nil || !slices.Equal(s, []string{"hello"}) {
		t.Fatalf("scalar: %q %v", s, err)
	}
	if v, err := open("big").AttrString("encoding-type"); err != nil || v != "array" {
		t.Fatalf("dataset attr: %q %v", v, err)
	}
	if v, err := g.AttrInts("shape"); err != nil || !slices.Equal(v, []int64{5000, 3}) {
		t.Fatalf("shape attr: %v %v", v, err)
	}
	if v, err := g.Attr("ordered"); err != nil || v != true {
		t.Fatalf("ordered attr: %v %v", v, err)
	}
	if v, err := g.AttrStrings("names"); err != nil || !slices.Equal(v, []string{"a", "b"}) {
		t.Fatalf("names attr: %v %v", v, err)
	}
	if v, err := g.AttrStrings("none"); err != nil || len(v) != 0 {
		t.Fatalf("empty attr: %v %v", v, err)
	}
	if v, err := g.Attr("pi"); err != nil || v != 3.25 {
		t.Fatalf("pi attr: %v %v", v, err)
	}
	if g.HasAttr("missing") || !g.HasAttr("pi") {
		t.Fatal("HasAttr wrong")
	}
	if !f.Has("grp/big") || f.Has("grp/nope") || f.Has("nope/big") {
		t.Fatal("Has wrong")
	}
	if k, err := f.Kind("grp"); err != nil || k != KindGroup {
		t.Fatalf("Kind grp = %v %v", k, err)
	}
	if k, err := g.Kind("big"); err != nil || k != KindDataset {
		t.Fatalf("Kind big = %v %v", k, err)
	}
	_, err = g.OpenDataset("nope")
	if err == nil || !strings.Contains(err.Error(), "rt.h5:/grp/nope") {
		t.Fatalf("missing dataset error should name the path, got %v", err)
	}
	if _, err := g.Attr("missing"); err == nil || !strings.Contains(err.Error(), `"missing"`) {
		t.Fatalf("missing attribute error: %v", err)
	}
}

func TestOpenErrors(t *testing.T) {
	dir := t.TempDir()
	if _, err := Open(filepath.Join(dir, "absent.h5")); err == nil {
		t.Fatal("opening a missing file should fail")
	}
	text := filepath.Join(dir, "text.h5")
	os.WriteFile(text, []byte("just text, not HDF5\n"), 0o644)
	if _, err := Open(text); err == nil || !strings.Contains(err.Error(), "not an HDF5 file") {
		t.Fatalf("text file: %v", err)
	}
	// A valid file cut in half.
	full := filepath.Join(dir, "full.h5")
	f, err := Create(full)
	if err != nil {
		t.Fatal(err)
	}
	d, err := f.CreateDataset("x", make([]float64, 20000))
	if err != nil {
		t.Fatal(err)
	}
	d.Close()
	f.Close()
	raw, _ := os.ReadFile(full)
	cut := filepath.Join(dir, "cut.h5")
	os.WriteFile(cut, raw[:len(raw)/2], 0o644)
	f, err = Open(cut)
	if err == nil {
		// Some truncations only surface when the data is read.
		defer f.Close()
		d, err2 := f.OpenDataset("x")
		if err2 == nil {
			_, err2 = Read[float64](d)
			d.Close()
		}
		err = err2
	}
	if err == nil {
		t.Fatal("truncated file should fail to open or read")
	}
	t.Logf("truncated file: %v", err)
}

// TestReadLZFDataset reads h5py LZF-compressed datasets (filter 32000)
// through the registered decoder.
func TestReadLZFDataset(t *testing.T) {
	f, err := Open(testdata.Path(t, "anndata_archives", "v0.7.0", "adata.h5ad"))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	d, err := f.OpenDataset("X/indptr")
	if err != nil {
		t.Fatal(err)
	}
	defer d.Close()
	indptr, err := Read[int64](d)
	if err != nil {
		t.Fatal(err)
	}
	if len(indptr) != 31 || indptr[0] != 0 || indptr[30] != 228 || !slices.IsSorted(indptr) {
		t.Fatalf("indptr %v", indptr)
	}
	names, err := f.OpenDataset("obs/_index")
	if err != nil {
		t.Fatal(err)
	}
	defer names.Close()
	s, err := names.ReadStrings()
	if err != nil || len(s) != 30 || s[0] == "" {
		t.Fatalf("obs names %q: %v", s, err)
	}
}
