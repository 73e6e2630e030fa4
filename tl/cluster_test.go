package tl

import (
	"math"
	"slices"
	"testing"

	"regula/anndata"
)

// blobGraph returns the connectivities of well-separated blobs and their
// true labels.
func blobGraph(t *testing.T, nClusters, nPer int, seed uint64) (*anndata.CSR, []int) {
	t.Helper()
	x, labels := blobs(nClusters, nPer, 10, 4, 1, seed)
	knn, err := KNNGraph(x, KNNOptions{K: 15})
	if err != nil {
		t.Fatal(err)
	}
	return Connectivities(knn), labels
}

func TestConnectivitiesSymmetricInUnitInterval(t *testing.T) {
	conn, _ := blobGraph(t, 3, 50, 1)
	if err := conn.Validate(); err != nil {
		t.Fatal(err)
	}
	tr := conn.Transpose()
	if !slices.Equal(conn.Indptr, tr.Indptr) || !slices.Equal(conn.Indices, tr.Indices) || !slices.Equal(conn.Data, tr.Data) {
		t.Fatal("connectivities not symmetric")
	}
	for i := range conn.Rows {
		cols, vals := conn.RowView(i)
		hasOne := false
		for k, j := range cols {
			if int(j) == i {
				t.Fatalf("diagonal entry at %d", i)
			}
			if !(vals[k] > 0 && vals[k] <= 1) {
				t.Fatalf("connectivity (%d,%d) = %v outside (0,1]", i, j, vals[k])
			}
			hasOne = hasOne || vals[k] == 1
		}
		if !hasOne {
			t.Fatalf("row %d has no weight-1 edge to its nearest neighbour", i)
		}
	}
}

func TestSmoothKNNHitsLog2K(t *testing.T) {
	x, _ := blobs(2, 40, 5, 3, 1, 4)
	knn, _ := KNNGraph(x, KNNOptions{K: 12})
	rho, sigma := smoothKNN(knn)
	for i := range knn.N {
		_, dist := knn.Row(i)
		var s float64
		for _, d := range dist[1:] {
			s += math.Exp(-max(d-rho[i], 0) / sigma[i])
		}
		if math.Abs(s-math.Log2(12)) > 1e-4 {
			t.Fatalf("row %d: Σ exp = %v, want log2(12) = %v", i, s, math.Log2(12))
		}
		if rho[i] != dist[1] {
			t.Fatalf("row %d: rho %v, want nearest distance %v", i, rho[i], dist[1])
		}
	}
}

// twoCliques is a 10-clique and a 5-clique joined by one weak edge.
func twoCliques() *anndata.CSR {
	n := 15
	dense := anndata.NewDense(n, n)
	group := func(i int) int { return min(i/10, 1) }
	for i := range n {
		for j := range n {
			if i != j && group(i) == group(j) {
				dense.Set(i, j, 1)
			}
		}
	}
	dense.Set(9, 10, 0.1)
	dense.Set(10, 9, 0.1)
	return dense.ToCSR()
}

func TestCliquesOrderedBySize(t *testing.T) {
	// Shuffle so the small clique holds node 0.
	for _, alg := range []Algorithm{AlgLeiden, AlgLouvain} {
		labels, err := Partition(alg, twoCliques(), ClusterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		for i, l := range labels {
			if want := min(i/10, 1); l != want {
				t.Fatalf("%s: node %d label %d, want %d (labels %v)", alg, i, l, want, labels)
			}
		}
	}
}

func TestClusteringRecoversBlobs(t *testing.T) {
	conn, truth := blobGraph(t, 5, 80, 7)
	for _, alg := range []Algorithm{AlgLeiden, AlgLouvain} {
		labels, err := Partition(alg, conn, ClusterOptions{Seed: 3})
		if err != nil {
			t.Fatal(err)
		}
		if ari := adjustedRand(t, labels, truth); ari != 1 {
			t.Fatalf("%s: ARI %v, want 1", alg, ari)
		}
		again, _ := Partition(alg, conn, ClusterOptions{Seed: 3})
		if !slices.Equal(labels, again) {
			t.Fatalf("%s: same seed, different labels", alg)
		}
		q, _ := Modularity(conn, labels, 1)
		if q < 0.7 {
			t.Fatalf("%s: modularity %v of the blob partition is implausibly low", alg, q)
		}
	}
}

func TestLeidenResolutionAndQuality(t *testing.T) {
	// Overlapping blobs: Leiden must be at least as good as the truth, and
	// higher resolution must not give fewer clusters.
	x, truth := blobs(6, 60, 8, 1.2, 1, 21)
	knn, _ := KNNGraph(x, KNNOptions{K: 15})
	conn := Connectivities(knn)
	labels, _ := LeidenPartition(conn, ClusterOptions{})
	qL, _ := Modularity(conn, labels, 1)
	qT, _ := Modularity(conn, truth, 1)
	if qL < qT-1e-9 {
		t.Fatalf("Leiden modularity %v below the true partition's %v", qL, qT)
	}
	count := func(l []int) int { return slices.Max(l) + 1 }
	hiLabels, _ := LeidenPartition(conn, ClusterOptions{Resolution: 3})
	loLabels, _ := LeidenPartition(conn, ClusterOptions{Resolution: 0.2})
	if !(count(loLabels) <= count(labels) && count(labels) <= count(hiLabels)) {
		t.Fatalf("cluster counts not monotone in resolution: 0.2→%d, 1→%d, 3→%d", count(loLabels), count(labels), count(hiLabels))
	}
}

func TestResolutionForClusters(t *testing.T) {
	conn, _ := blobGraph(t, 4, 60, 2)
	for _, target := range []int{4, 6} {
		res, err := ResolutionForClusters(AlgLeiden, conn, target, 0, 0, 0, ClusterOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if res.NClusters != target || slices.Max(res.Labels)+1 != target {
			t.Fatalf("target %d: got %d clusters", target, res.NClusters)
		}
	}
	if _, err := ResolutionForClusters(AlgLeiden, conn, 0, 0, 0, 0, ClusterOptions{}); err == nil {
		t.Fatal("target 0 accepted")
	}
}

func TestClusteringRejectsBadGraph(t *testing.T) {
	asym := &anndata.CSR{Rows: 2, Cols: 2, Indptr: []int64{0, 1, 1}, Indices: []int32{1}, Data: []float32{1}}
	if _, err := LeidenPartition(asym, ClusterOptions{}); err == nil {
		t.Fatal("asymmetric adjacency accepted")
	}
	if _, err := LeidenPartition(twoCliques(), ClusterOptions{Resolution: -1}); err == nil {
		t.Fatal("negative resolution accepted")
	}
}

func TestLeidenObs(t *testing.T) {
	x, truth := blobs(3, 40, 6, 4, 1, 5)
	n, d := x.Dims()
	names := make([]string, n)
	for i := range names {
		names[i] = "c" + string(rune('A'+i%26)) + string(rune('0'+i/26%10)) + string(rune('0'+i/260))
	}
	genes := make([]string, d)
	for j := range genes {
		genes[j] = "g" + string(rune('0'+j))
	}
	a, err := anndata.New(anndata.NewDense(n, d), names, genes)
	if err != nil {
		t.Fatal(err)
	}
	a.Obsm["X_pca"] = denseToAnnData(x)
	if err := Neighbors(a, NeighborsOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := Leiden(a, ClusterObsOptions{}); err != nil {
		t.Fatal(err)
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	col, ok := a.Obs.Col("leiden").(*anndata.Categorical)
	if !ok {
		t.Fatalf("obs[leiden] is %T, want *Categorical", a.Obs.Col("leiden"))
	}
	if !slices.Equal(col.Categories, []string{"0", "1", "2"}) {
		t.Fatalf("categories %v", col.Categories)
	}
	labels := make([]int, n)
	for i, c := range col.Codes {
		labels[i] = int(c)
	}
	if ari := adjustedRand(t, labels, truth); ari != 1 {
		t.Fatalf("ARI %v", ari)
	}
	if a.Obsp["distances"].NNZ() != n*14 {
		t.Fatalf("distances has %d entries, want %d", a.Obsp["distances"].NNZ(), n*14)
	}
	params := a.Uns["neighbors"].(anndata.Uns)["params"].(anndata.Uns)
	if params["n_neighbors"] != int64(15) || params["use_rep"] != "X_pca" {
		t.Fatalf("uns[neighbors][params] = %v", params)
	}
}
