package grn

import (
	"os"
	"path/filepath"
	"testing"
)

// TestWriteRankedEdgesFailureLeavesNoFile checks that a rejected edge list
// (a gene name with a tab or a line break) or an unwritable destination
// leaves neither a partial output nor a temporary file, and that an
// existing output stays as it was.
func TestWriteRankedEdgesFailureLeavesNoFile(t *testing.T) {
	good := Edge{"A", "B", 0.5}
	for _, name := range []string{"ranked.tsv", "ranked.tsv.gz"} {
		for _, tc := range []struct {
			what  string
			edges []Edge
			want  string
		}{
			{"tab in a name", []Edge{good, {"C\tX", "D", 1}}, "tabs"},
			{"line break in a name", []Edge{good, {"C", "D\nX", 1}}, "line breaks"},
		} {
			t.Run(name+"/"+tc.what, func(t *testing.T) {
				dir := t.TempDir()
				out := filepath.Join(dir, name)
				if err := os.WriteFile(out, []byte("previous"), 0o644); err != nil {
					t.Fatal(err)
				}
				wantError(t, WriteRankedEdges(out, tc.edges), out, tc.want)
				wantOnlyFile(t, dir, name)
				if got, _ := os.ReadFile(out); string(got) != "previous" {
					t.Errorf("the existing output was changed to %q", got)
				}
			})
		}
		t.Run(name+"/unwritable directory", func(t *testing.T) {
			dir := t.TempDir()
			notDir := filepath.Join(dir, "file")
			if err := os.WriteFile(notDir, nil, 0o644); err != nil {
				t.Fatal(err)
			}
			out := filepath.Join(notDir, name)
			wantError(t, WriteRankedEdges(out, []Edge{good}), out)
			wantOnlyFile(t, dir, "file")
		})
	}
}

// wantOnlyFile fails unless dir holds exactly one entry, name.
func wantOnlyFile(t *testing.T, dir, name string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 || entries[0].Name() != name {
		var got []string
		for _, e := range entries {
			got = append(got, e.Name())
		}
		t.Errorf("%s holds %q, want only %q", dir, got, name)
	}
}

// TestReadNetworkRejectsNaNWeight checks that a ground-truth edge whose
// weight is NaN (neither a sign nor a number) is an error naming the file
// and line.
func TestReadNetworkRejectsNaNWeight(t *testing.T) {
	p := writeTemp(t, "net.csv", "Gene1,Gene2,Type\nA,B,+\nC,D,nan\n")
	_, err := ReadNetwork(p)
	wantError(t, err, p, "line 3", `weight "nan" is not a number`)
}

// TestReadRankedEdgesRejectsCarriageReturn is a case the fuzzer found: a
// carriage return inside a gene name was read but could not be written.
func TestReadRankedEdgesRejectsCarriageReturn(t *testing.T) {
	p := writeTemp(t, "ranked.tsv", "A\rB\tC\t1\n")
	_, err := ReadRankedEdges(p)
	wantError(t, err, p, "line 1", "carriage return")
}
