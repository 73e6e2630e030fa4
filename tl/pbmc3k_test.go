package tl

import (
	"bufio"
	"fmt"
	"io"
	"os"
	"slices"
	"strings"
	"testing"
	"time"

	"regula/anndata"
	"regula/internal/atomicfile"
	"regula/internal/testdata"
	"regula/pp"
)

// pbmc3kUMAPPath is where the end-to-end test leaves the UMAP coordinates
// (cell, UMAP1, UMAP2, classified, leiden) for plotting.
const pbmc3kUMAPPath = "/tmp/regula_pbmc3k_umap.tsv"

// readClassified returns meta.tsv's `classified` column by cell barcode.
func readClassified(t *testing.T, path string) map[string]string {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan()
	header := strings.Split(sc.Text(), "\t")
	col := slices.Index(header, "classified")
	if col < 0 {
		t.Fatalf("%s: no column classified in header %v", path, header)
	}
	out := map[string]string{}
	for sc.Scan() {
		// Rows start with the cell name, under an empty header field.
		fields := strings.Split(sc.Text(), "\t")
		if len(fields) != len(header) {
			t.Fatalf("%s: row %q has %d fields, want %d", path, fields[0], len(fields), len(header))
		}
		out[fields[0]] = fields[col]
	}
	return out
}

func codesOf(t *testing.T, a *anndata.AnnData, key string) []int {
	t.Helper()
	c, ok := a.Obs.Col(key).(*anndata.Categorical)
	if !ok {
		t.Fatalf("obs[%q] is %T, want Categorical", key, a.Obs.Col(key))
	}
	out := make([]int, len(c.Codes))
	for i, v := range c.Codes {
		out[i] = int(v)
	}
	return out
}

// TestPBMC3kEndToEnd runs scanpy's standard pipeline on pbmc3k
// (normalize_total 1e4, log1p, scale max 10, PCA 50, neighbours 15, Leiden)
// and checks the clusters against the published cell types.
func TestPBMC3kEndToEnd(t *testing.T) {
	if testing.Short() {
		t.Skip("end-to-end pbmc3k pipeline")
	}
	a, err := anndata.Read(testdata.Path(t, "pbmc3k_clustifyr", "counts_recovered_genes_x_cells.mtx.gz"), anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	classified := readClassified(t, testdata.Path(t, "pbmc3k_clustifyr", "meta.tsv"))
	truth := make([]string, a.NObs())
	for i, cell := range a.CellNames() {
		v, ok := classified[cell]
		if !ok {
			t.Fatalf("cell %q has no classified label", cell)
		}
		truth[i] = v
	}
	// HVG 2000 keeps all 2000 genes of this dataset, so it is skipped.
	if err := pp.NormalizeTotal(a, pp.NormalizeOptions{TargetSum: 1e4}); err != nil {
		t.Fatal(err)
	}
	if err := pp.Log1p(a, 0); err != nil {
		t.Fatal(err)
	}
	sopt := pp.DefaultScaleOptions()
	sopt.MaxValue = 10
	if err := pp.Scale(a, sopt); err != nil {
		t.Fatal(err)
	}
	if err := pp.PCA(a, pp.PCAOptions{NComps: 50}); err != nil {
		t.Fatal(err)
	}
	start := time.Now()
	if err := Neighbors(a, NeighborsOptions{}); err != nil {
		t.Fatal(err)
	}
	tNeighbors := time.Since(start)
	start = time.Now()
	if err := Leiden(a, ClusterObsOptions{}); err != nil {
		t.Fatal(err)
	}
	tLeiden := time.Since(start)
	labels := codesOf(t, a, "leiden")
	truthCodes := make([]int, len(truth))
	for i, c := range anndata.NewCategorical(truth).Codes {
		truthCodes[i] = int(c)
	}
	ariDefault := adjustedRand(t, labels, truthCodes)
	t.Logf("resolution 1: %d clusters, ARI %.4f (neighbors %v, leiden %v)", slices.Max(labels)+1, ariDefault, tNeighbors, tLeiden)

	search, err := ResolutionForClusters(AlgLeiden, a.Obsp["connectivities"], 9, 0, 0, 0, ClusterOptions{})
	if err != nil {
		t.Fatal(err)
	}
	ari9 := adjustedRand(t, search.Labels, truthCodes)
	t.Logf("resolution %.4f: %d clusters, ARI %.4f (%d steps)", search.Resolution, search.NClusters, ari9, search.Steps)
	if ari9 < 0.6 {
		t.Errorf("ARI with 9 clusters %.4f < 0.6", ari9)
	}
	if ariDefault < 0.6 {
		t.Errorf("ARI at resolution 1 %.4f < 0.6", ariDefault)
	}

	start = time.Now()
	if err := UMAP(a, UMAPObsOptions{}); err != nil {
		t.Fatal(err)
	}
	t.Logf("umap %v", time.Since(start))
	emb, _ := DenseFromAnnData(a.Obsm["X_umap"], 0)
	if r := separationRatio(emb, truthCodes); r < 2 {
		t.Errorf("UMAP between/within cell-type distance ratio %.2f < 2", r)
	}
	err = atomicfile.Write(pbmc3kUMAPPath, func(w io.Writer) error {
		bw := bufio.NewWriter(w)
		fmt.Fprintln(bw, "cell\tUMAP1\tUMAP2\tclassified\tleiden")
		for i, cell := range a.CellNames() {
			fmt.Fprintf(bw, "%s\t%g\t%g\t%s\t%d\n", cell, emb.At(i, 0), emb.At(i, 1), truth[i], labels[i])
		}
		return bw.Flush()
	})
	if err != nil {
		t.Fatal(err)
	}
	t.Logf("UMAP coordinates written to %s", pbmc3kUMAPPath)
}
