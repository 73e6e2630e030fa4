package anndata

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/internal/hdf5"
	"regula/internal/testdata"
)

// buildH5 creates an HDF5 file with fill and returns its path.
func buildH5(t *testing.T, fill func(root *hdf5.Group)) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "bad.h5ad")
	f, err := hdf5.Create(path)
	if err != nil {
		t.Fatal(err)
	}
	fill(&f.Group)
	if err := f.Close(); err != nil {
		t.Fatal(err)
	}
	return path
}

// writeTestFrame writes a minimal ≥0.8 dataframe group.
func writeTestFrame(t *testing.T, root *hdf5.Group, name string, index []string) {
	t.Helper()
	must(t, writeFrame(root, name, NewFrame(index)))
}

func TestReadH5ADMalformed(t *testing.T) {
	dir := t.TempDir()
	text := filepath.Join(dir, "text.h5ad")
	os.WriteFile(text, []byte("cell,gene\n"), 0o644)

	pbmc, err := os.ReadFile(testdata.Path(t, "pbmc68k_reduced", "pbmc68k_reduced.h5ad"))
	if err != nil {
		t.Fatal(err)
	}
	truncated := filepath.Join(dir, "truncated.h5ad")
	os.WriteFile(truncated, pbmc[:len(pbmc)/2], 0o644)

	cases := []struct {
		name, path, want string
	}{
		{"missing file", filepath.Join(dir, "absent.h5ad"), "no such file"},
		{"not HDF5", text, "not an HDF5 file"},
		{"truncated", truncated, "truncated"},
		{"no X, obs or var", buildH5(t, func(root *hdf5.Group) {
			g, _ := root.CreateGroup("uns")
			g.Close()
		}), "no X"},
		{"obs length mismatch", buildH5(t, func(root *hdf5.Group) {
			must(t, writeDense(root, "X", NewDense(3, 2)))
			writeTestFrame(t, root, "obs", []string{"c1", "c2"})
			writeTestFrame(t, root, "var", []string{"g1", "g2"})
		}), "obs has 2 rows, X has 3"},
		{"CSR column out of range", buildH5(t, func(root *hdf5.Group) {
			must(t, writeCSR(root, "X", &CSR{Rows: 1, Cols: 2, Indptr: []int64{0, 1}, Indices: []int32{5}, Data: []float32{1}}))
		}), "column index 5"},
		{"CSR indptr too short", buildH5(t, func(root *hdf5.Group) {
			must(t, writeCSR(root, "X", &CSR{Rows: 3, Cols: 2, Indptr: []int64{0, 1}, Indices: []int32{1}, Data: []float32{1}}))
		}), "indptr has 2 entries"},
		{"categorical code out of range", buildH5(t, func(root *hdf5.Group) {
			must(t, writeDense(root, "X", NewDense(2, 1)))
			fr := NewFrame([]string{"c1", "c2"})
			must(t, fr.Set("type", &Categorical{Codes: []int32{0, 4}, Categories: []string{"a"}}))
			must(t, writeFrame(root, "obs", fr))
		}), "code 4 outside the 1 categories"},
		{"dataframe without index", buildH5(t, func(root *hdf5.Group) {
			must(t, writeDense(root, "X", NewDense(2, 1)))
			g, _ := root.CreateGroup("obs")
			g.Close()
		}), "no _index attribute"},
		{"3-D X", buildH5(t, func(root *hdf5.Group) {
			d, err := root.CreateDataset("X", make([]float32, 8), 2, 2, 2)
			must(t, err)
			d.Close()
		}), "3-dimensional"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			_, err := ReadH5AD(c.path)
			if err == nil {
				t.Fatalf("want an error containing %q", c.want)
			}
			if !strings.Contains(err.Error(), c.want) {
				t.Fatalf("error %q lacks %q", err, c.want)
			}
		})
	}
}

func TestRead10xH5Malformed(t *testing.T) {
	if _, err := Read10xH5(testdata.Path(t, "pbmc68k_reduced", "pbmc68k_reduced.h5ad")); err == nil || !strings.Contains(err.Error(), "not a 10x") {
		t.Errorf("h5ad given to Read10xH5: %v", err)
	}
	short := buildH5(t, func(root *hdf5.Group) {
		g, err := root.CreateGroup("matrix")
		must(t, err)
		defer g.Close()
		for name, data := range map[string]any{"shape": []int32{2, 3}, "data": []int32{1}, "indices": []int64{0}, "indptr": []int64{0, 1}} {
			d, err := g.CreateDataset(name, data)
			must(t, err)
			d.Close()
		}
		d, err := g.CreateDataset("barcodes", []string{"a", "b", "c"})
		must(t, err)
		d.Close()
	})
	if _, err := Read10xH5(short); err == nil || !strings.Contains(err.Error(), "indptr has 2 entries for 3 cells") {
		t.Errorf("short indptr: %v", err)
	}
}
