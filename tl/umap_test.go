package tl

import (
	"slices"

	"bufio"
	"gonum.org/v1/gonum/mat"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"
)

func TestFitUMAPCurveMatchesScipy(t *testing.T) {
	f, err := os.Open("testdata/umap_ab.tsv")
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	sc.Scan() // header
	rows := 0
	for sc.Scan() {
		var v [4]float64
		for k, s := range strings.Split(sc.Text(), "\t") {
			if v[k], err = strconv.ParseFloat(s, 64); err != nil {
				t.Fatal(err)
			}
		}
		a, b, err := FitUMAPCurve(v[1], v[0])
		if err != nil {
			t.Fatal(err)
		}
		if math.Abs(a-v[2]) > 1e-4*v[2] || math.Abs(b-v[3]) > 1e-4*v[3] {
			t.Errorf("spread %v min_dist %v: a,b = %v,%v; scipy %v,%v", v[0], v[1], a, b, v[2], v[3])
		}
		rows++
	}
	if rows == 0 {
		t.Fatal("empty fixture")
	}
	if _, _, err := FitUMAPCurve(0.5, 0); err == nil {
		t.Fatal("spread 0 accepted")
	}
}

// separationRatio is the mean distance between cluster centroids divided by
// the mean distance of points to their own centroid.
func separationRatio(emb *mat.Dense, labels []int) float64 {
	n, d := emb.Dims()
	k := slices.Max(labels) + 1
	cent := make([][]float64, k)
	count := make([]float64, k)
	for c := range cent {
		cent[c] = make([]float64, d)
	}
	for i := range n {
		count[labels[i]]++
		for j := range d {
			cent[labels[i]][j] += emb.At(i, j)
		}
	}
	for c := range k {
		for j := range d {
			cent[c][j] /= count[c]
		}
	}
	var within float64
	for i := range n {
		within += math.Sqrt(sqDist(emb.RawRowView(i), cent[labels[i]]))
	}
	within /= float64(n)
	var between float64
	pairs := 0
	for a := range k {
		for b := a + 1; b < k; b++ {
			between += math.Sqrt(sqDist(cent[a], cent[b]))
			pairs++
		}
	}
	return between / float64(pairs) / within
}

// knnPreservation is the mean fraction of each point's k nearest
// neighbours in x that are also among its k nearest in emb.
func knnPreservation(t *testing.T, x, emb *mat.Dense, k int) float64 {
	t.Helper()
	a, err := KNNGraph(x, KNNOptions{K: k + 1, Method: KNNExact})
	if err != nil {
		t.Fatal(err)
	}
	b, err := KNNGraph(emb, KNNOptions{K: k + 1, Method: KNNExact})
	if err != nil {
		t.Fatal(err)
	}
	return recall(a, b)
}

func TestUMAPSeparatesBlobs(t *testing.T) {
	// Connected graph: overlapping-enough blobs joined by the kNN graph.
	for _, sep := range []float64{1.2, 6} { // 6: disconnected components
		x, labels := blobs(4, 100, 10, sep, 1, 8)
		knn, _ := KNNGraph(x, KNNOptions{K: 15})
		conn := Connectivities(knn)
		emb, err := UMAPEmbed(conn, x, UMAPOptions{Seed: 1, NEpochs: 200})
		if err != nil {
			t.Fatal(err)
		}
		r, p := separationRatio(emb, labels), knnPreservation(t, x, emb, 10)
		t.Logf("sep %v: between/within %.2f, 10-NN preservation %.3f", sep, r, p)
		if r < 3 {
			t.Errorf("sep %v: between/within distance ratio %.2f < 3", sep, r)
		}
		if p < 0.25 {
			t.Errorf("sep %v: 10-NN preservation %.3f < 0.25", sep, p)
		}
		again, _ := UMAPEmbed(conn, x, UMAPOptions{Seed: 1, NEpochs: 200})
		sameEmbeddingBits(t, emb, again)
	}
}

func TestSpectralLayoutIsLaplacianEigenbasis(t *testing.T) {
	x, _ := blobs(3, 60, 5, 1.0, 1, 3)
	knn, _ := KNNGraph(x, KNNOptions{K: 10})
	g, err := graphFromCSR(Connectivities(knn))
	if err != nil {
		t.Fatal(err)
	}
	if _, k := components(g); k != 1 {
		t.Skipf("graph has %d components", k)
	}
	emb, ok := spectralLayout(g, 2, newRand(1, 1))
	if !ok {
		t.Fatal("eigensolver did not converge")
	}
	// Dense check: eigen-decompose the normalised adjacency directly.
	n := g.n
	m := mat.NewSymDense(n, nil)
	for i := range n {
		nb, w := g.neighbours(i)
		for k, j := range nb {
			m.SetSym(i, int(j), w[k]/math.Sqrt(g.strength[i]*g.strength[int(j)]))
		}
	}
	var eig mat.EigenSym
	eig.Factorize(m, true)
	var vecs mat.Dense
	eig.VectorsTo(&vecs)
	for c := range 2 {
		col := n - 2 - c // skip the trivial top eigenvector
		var d float64
		for i := range n {
			d += vecs.At(i, col) * emb[i*2+c]
		}
		if math.Abs(math.Abs(d)-1) > 1e-5 {
			t.Fatalf("eigenvector %d: |cos| with dense solution = %v", c, math.Abs(d))
		}
	}
}
