package grn

import (
	"bytes"
	"cmp"
	"compress/gzip"
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// The fuzz targets below check the network readers' contract on arbitrary
// input: they never panic; a successful read gives non-empty names (and,
// for ranked edges, a list that survives a write and re-read); a failed
// read returns an error that names the file. Plain `go test` runs only the
// seeds; run one target at a time with e.g.
//
//	go test -run '^$' -fuzz FuzzReadNetwork -fuzztime 60s ./grn/

// fuzzFile writes data to a fresh temporary file, gzip-compressed when gz.
func fuzzFile(t *testing.T, name string, data []byte, gz bool) string {
	t.Helper()
	if gz {
		var buf bytes.Buffer
		zw := gzip.NewWriter(&buf)
		zw.Write(data)
		zw.Close()
		data = buf.Bytes()
		name += ".gz"
	}
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, data, 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// checkError asserts that a failed read's error names path.
func checkError(t *testing.T, err error, path string) {
	t.Helper()
	if msg := err.Error(); !strings.Contains(msg, path) {
		t.Fatalf("error %q does not name the file %s", msg, path)
	}
}

// checkEdges asserts that edges have non-empty names and, unless nanOK,
// weights that are numbers.
func checkEdges(t *testing.T, edges []Edge, nanOK bool) {
	t.Helper()
	for _, e := range edges {
		if e.From == "" || e.To == "" || (!nanOK && math.IsNaN(e.Weight)) {
			t.Fatalf("bad edge %+v in a successful read", e)
		}
	}
}

var networkSeeds = []string{
	"Gene1,Gene2,Type\ng4,g1,-\ng3,g4,+\ng4,g4,+\n",
	"Gene1,Gene2\nA,B\nB,C\nA,B\n",
	"G1\tG2\t1\nG1\tG3\t0\n",
	"TF\ttarget\nA\tB\n",
	"# comment\n\"A\" \"B\"\n",
	"A,B,x\nA,C,y\n",
	"A,B,NaN\n",
	"A,B,1e400\n",
	"A\n",
	",B\n",
	"Gene1,Gene2\n",
	"",
	"\"\t\"\n",
}

func FuzzReadNetwork(f *testing.F) {
	for _, s := range networkSeeds {
		f.Add([]byte(s), false)
	}
	f.Add([]byte(networkSeeds[0]), true)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		p := fuzzFile(t, "net.csv", data, gz)
		edges, err := ReadNetwork(p)
		if err != nil {
			checkError(t, err, p)
			return
		}
		if len(edges) == 0 {
			t.Fatal("no edges and no error")
		}
		checkEdges(t, edges, false)
		seen := map[[2]string]bool{}
		for _, e := range edges {
			if e.Weight == 0 || seen[[2]string{e.From, e.To}] {
				t.Fatalf("zero-weight or repeated edge %+v", e)
			}
			seen[[2]string{e.From, e.To}] = true
		}
	})
}

func FuzzReadSERGIONetwork(f *testing.F) {
	for _, s := range []string{"0,1\n1,2\n0,1\n", "0,3\n", "-1,0\n", "a,b\n", "0\n", "", "1 2\n2\t0\n", "99999999999999999999,0\n"} {
		f.Add([]byte(s))
	}
	genes := []string{"g0", "g1", "g2"}
	f.Fuzz(func(t *testing.T, data []byte) {
		p := fuzzFile(t, "gt_GRN.csv", data, false)
		edges, err := ReadSERGIONetwork(p, genes)
		if err != nil {
			checkError(t, err, p)
			return
		}
		if len(edges) == 0 {
			t.Fatal("no edges and no error")
		}
		for _, e := range edges {
			if !slices.Contains(genes, e.From) || !slices.Contains(genes, e.To) {
				t.Fatalf("edge %+v names a gene that is not in the list", e)
			}
		}
	})
}

func FuzzReadGeneList(f *testing.F) {
	for _, s := range []string{"TF\nSox2\nPou5f1\nSox2\n", "Gene,score\nA,1\nB,2\n", "A\tx\n", "#c\n\n", "gene\n", "\"\"\n", "A\n,\n", "", "\"A\"\n'B'\n"} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte("Sox2\nNanog\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		p := fuzzFile(t, "tfs.txt", data, gz)
		genes, err := ReadGeneList(p)
		if err != nil {
			checkError(t, err, p)
			return
		}
		if len(genes) == 0 {
			t.Fatal("no genes and no error")
		}
		seen := map[string]bool{}
		for _, g := range genes {
			if g == "" || seen[g] {
				t.Fatalf("empty or repeated gene %q in %q", g, genes)
			}
			seen[g] = true
		}
	})
}

func FuzzReadRankedEdges(f *testing.F) {
	for _, s := range []string{
		"Gene1\tGene2\tEdgeWeight\nA\tB\t0.9\nB\tC\t-0.5\n",
		"A,B,1\nC,D,2\n",
		"A\tB\tx\nC\tD\ty\n",
		"A\tB\n",
		"A\tB\tNaN\nC\tD\t1\n",
		"A\tB\t1\nA\tB\t1\n\tB\t2\n",
		"x y 1\n",
		"A\rB\tC\t1\n",
		"",
	} {
		f.Add([]byte(s), false)
	}
	f.Add([]byte("Gene1\tGene2\tEdgeWeight\nA\tB\t0.9\n"), true)
	f.Fuzz(func(t *testing.T, data []byte, gz bool) {
		p := fuzzFile(t, "ranked.tsv", data, gz)
		edges, err := ReadRankedEdges(p)
		if err != nil {
			checkError(t, err, p)
			return
		}
		// BEELINE's ranked lists may hold NaN scores; they rank last.
		checkEdges(t, edges, true)
		out := filepath.Join(t.TempDir(), "out.tsv")
		if err := WriteRankedEdges(out, edges); err != nil {
			t.Fatalf("cannot write edges that were read: %v", err)
		}
		back, err := ReadRankedEdges(out)
		if err != nil {
			t.Fatalf("cannot re-read written edges: %v", err)
		}
		// SortEdges leaves the order of edges equal up to the weight's sign
		// open, so compare in a total order.
		byAll := func(a, b Edge) int {
			return cmp.Or(cmp.Compare(a.From, b.From), cmp.Compare(a.To, b.To), cmp.Compare(a.Weight, b.Weight))
		}
		want := slices.Clone(edges)
		slices.SortFunc(want, byAll)
		slices.SortFunc(back, byAll)
		same := func(a, b Edge) bool {
			return a.From == b.From && a.To == b.To && (a.Weight == b.Weight || math.IsNaN(a.Weight) && math.IsNaN(b.Weight))
		}
		if !slices.EqualFunc(back, want, same) {
			t.Fatalf("round trip changed the edges:\n%v\n%v", want, back)
		}
	})
}
