package grn

import (
	"math"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"regula/anndata"
	"regula/internal/testdata"
)

// writeTemp writes content to a file name in a fresh temporary directory.
func writeTemp(t *testing.T, name, content string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

func wantError(t *testing.T, err error, parts ...string) {
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

func TestReadNetworkBEELINESigned(t *testing.T) {
	edges, err := ReadNetwork(testdata.Path(t, "beeline", "synthetic", "dyn-BF-500-1", "refNetwork.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 12 {
		t.Fatalf("%d edges, want 12", len(edges))
	}
	if edges[0] != (Edge{"g4", "g1", -1}) || edges[2] != (Edge{"g3", "g4", 1}) || edges[3] != (Edge{"g4", "g4", 1}) {
		t.Errorf("edges %v", edges[:4])
	}
}

func TestReadNetworkMESC(t *testing.T) {
	dir := testdata.Path(t, "beeline", "scRNA-Seq", "mESC", "500nTF")
	for name, want := range map[string]int{"ChIP-Seq": 3359, "NonSpecific": 376, "STRING": 251} {
		edges, err := ReadNetwork(filepath.Join(dir, "mESC_500nTF_"+name+"-network.csv"))
		if err != nil {
			t.Fatal(err)
		}
		if len(edges) != want {
			t.Errorf("%s: %d edges, want %d", name, len(edges), want)
		}
		if edges[0].Weight != 1 || edges[0].From == "Gene1" {
			t.Errorf("%s: first edge %v", name, edges[0])
		}
	}
}

func TestReadNetworkDREAM4GoldStandardMatchesRefNetwork(t *testing.T) {
	// The DREAM4 gold standard lists every pair with 1 or 0; the edges with
	// 1 are the BEELINE refNetwork.csv of the same network.
	gold, err := ReadNetwork(testdata.Path(t, "dream4", "DREAM4_10_1", "DREAM4_GoldStandard_InSilico_Size10_1.tsv"))
	if err != nil {
		t.Fatal(err)
	}
	ref, err := ReadNetwork(testdata.Path(t, "dream4", "DREAM4_10_1", "refNetwork.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if len(gold) != 15 || len(ref) != 15 {
		t.Fatalf("%d gold edges and %d reference edges, want 15", len(gold), len(ref))
	}
	key := func(e Edge) string { return e.From + ">" + e.To }
	a, b := make([]string, 15), make([]string, 15)
	for i := range gold {
		a[i], b[i] = key(gold[i]), key(ref[i])
	}
	slices.Sort(a)
	slices.Sort(b)
	if !slices.Equal(a, b) {
		t.Errorf("gold %v\nref  %v", a, b)
	}
}

func TestReadNetworkMalformed(t *testing.T) {
	_, err := ReadNetwork(writeTemp(t, "net.csv", "Gene1,Gene2,Type\na,b,+\nc\n"))
	wantError(t, err, "net.csv: line 3", "regulator,target")
	_, err = ReadNetwork(writeTemp(t, "net.csv", "Gene1,Gene2,Type\na,b,+\nc,d,up\n"))
	wantError(t, err, "net.csv: line 3", `edge type "up"`)
	_, err = ReadNetwork(writeTemp(t, "net.csv", "Gene1,Gene2\n"))
	wantError(t, err, "net.csv: no edges")
}

func TestReadNetworkDeduplicates(t *testing.T) {
	edges, err := ReadNetwork(writeTemp(t, "net.tsv", "# comment\na\tb\n\na\tb\nb\ta\n"))
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 2 {
		t.Errorf("edges %v, want a→b and b→a", edges)
	}
}

func TestReadSERGIONetwork(t *testing.T) {
	x, err := anndata.Read(testdata.Path(t, "sergio", "DS1_regenerated", "simulated_noNoise_seed0.csv.gz"), anndata.ReadOptions{GenesInRows: true})
	if err != nil {
		t.Fatal(err)
	}
	edges, err := ReadSERGIONetwork(testdata.Path(t, "sergio", "De-noised_100G_9T_300cPerT_4_DS1", "gt_GRN.csv"), x.GeneNames())
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 258 || edges[0] != (Edge{"1", "53", 1}) {
		t.Errorf("%d edges, first %v; want 258, 1 → 53", len(edges), edges[0])
	}
	named, err := ReadSERGIONetwork(writeTemp(t, "gt.csv", "1,0\n0,2\n"), []string{"A", "B", "C"})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(named, []Edge{{"B", "A", 1}, {"A", "C", 1}}) {
		t.Errorf("edges %v", named)
	}
	_, err = ReadSERGIONetwork(writeTemp(t, "gt.csv", "1,0\n0,3\n"), []string{"A", "B", "C"})
	wantError(t, err, "gt.csv: line 2", "gene index 3 is outside 0..2")
	_, err = ReadSERGIONetwork(writeTemp(t, "gt.csv", "1,x\n"), []string{"A", "B"})
	wantError(t, err, "gt.csv: line 1", `"x" is not an integer`)
}

func TestReadGeneList(t *testing.T) {
	for name, content := range map[string]string{
		"plain":       "Sox2\nPou5f1\n\n# comment\nNanog\nSox2\n",
		"csv header":  "TF,Species\nSox2,mouse\nPou5f1,mouse\nNanog,mouse\n",
		"tsv noheads": "Sox2\t1\nPou5f1\t2\nNanog\t3\n",
		"quoted":      "\"Gene\"\n\"Sox2\"\n\"Pou5f1\"\n\"Nanog\"\n",
	} {
		genes, err := ReadGeneList(writeTemp(t, "tfs.csv", content))
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if !slices.Equal(genes, []string{"Sox2", "Pou5f1", "Nanog"}) {
			t.Errorf("%s: %q", name, genes)
		}
	}
	_, err := ReadGeneList(writeTemp(t, "tfs.txt", "# nothing\n\n"))
	wantError(t, err, "tfs.txt: no genes")
}

func TestReadGeneListFromRealNetwork(t *testing.T) {
	// The regulators of the STRING ground truth, via its first column.
	path := testdata.Path(t, "beeline", "scRNA-Seq", "mESC", "500nTF", "mESC_500nTF_STRING-network.csv")
	genes, err := ReadGeneList(path)
	if err != nil {
		t.Fatal(err)
	}
	edges, err := ReadNetwork(path)
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, e := range edges {
		if !slices.Contains(want, e.From) {
			want = append(want, e.From)
		}
	}
	if !slices.Equal(genes, want) {
		t.Errorf("%d genes %v…, want %d", len(genes), genes[:3], len(want))
	}
}

func TestRankedEdgesRoundTrip(t *testing.T) {
	edges := []Edge{{"a", "b", 0.5}, {"c", "a", -2}, {"b", "c", 1e-12}, {"a", "c", 0.5}}
	for _, name := range []string{"ranked.tsv", "ranked.tsv.gz"} {
		path := filepath.Join(t.TempDir(), name)
		if err := WriteRankedEdges(path, edges); err != nil {
			t.Fatal(err)
		}
		if edges[0].From != "a" || edges[1].From != "c" {
			t.Error("WriteRankedEdges reordered its input")
		}
		got, err := ReadRankedEdges(path)
		if err != nil {
			t.Fatal(err)
		}
		want := []Edge{{"c", "a", -2}, {"a", "b", 0.5}, {"a", "c", 0.5}, {"b", "c", 1e-12}}
		if !slices.Equal(got, want) {
			t.Errorf("%s: read %v, want %v", name, got, want)
		}
	}
	path := filepath.Join(t.TempDir(), "ranked.tsv")
	if err := WriteRankedEdges(path, edges[:1]); err != nil {
		t.Fatal(err)
	}
	b, _ := os.ReadFile(path)
	if string(b) != "Gene1\tGene2\tEdgeWeight\na\tb\t0.5\n" {
		t.Errorf("wrote %q", b)
	}
}

func TestReadRankedEdgesMalformed(t *testing.T) {
	_, err := ReadRankedEdges(writeTemp(t, "r.tsv", "Gene1\tGene2\tEdgeWeight\na\tb\t1\nb\tc\thigh\n"))
	wantError(t, err, "r.tsv: line 3", `weight "high" is not a number`)
	_, err = ReadRankedEdges(writeTemp(t, "r.tsv", "a\tb\n"))
	wantError(t, err, "r.tsv: line 1", "Gene1<TAB>Gene2<TAB>EdgeWeight")
	edges, err := ReadRankedEdges(writeTemp(t, "r.csv", "a,b,0.25\nb,c,NaN\n"))
	if err != nil || len(edges) != 2 || edges[0].Weight != 0.25 || !math.IsNaN(edges[1].Weight) {
		t.Errorf("headerless CSV: %v, %v", edges, err)
	}
}
