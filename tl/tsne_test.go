package tl

import (
	"bufio"
	"math"
	"os"
	"strconv"
	"strings"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func readTSV(t *testing.T, path string) [][]float64 {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var rows [][]float64
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if strings.HasPrefix(sc.Text(), "#") {
			continue
		}
		var row []float64
		for _, s := range strings.Split(sc.Text(), "\t") {
			v, err := strconv.ParseFloat(s, 64)
			if err != nil {
				t.Fatal(err)
			}
			row = append(row, v)
		}
		rows = append(rows, row)
	}
	return rows
}

func TestTSNEAffinitiesMatchSklearn(t *testing.T) {
	pts := readTSV(t, "testdata/tsne_points.tsv")
	x := mat.NewDense(len(pts), len(pts[0]), nil)
	for i, r := range pts {
		x.SetRow(i, r)
	}
	const perplexity = 10
	knn, err := KNNGraph(x, KNNOptions{K: min(len(pts)-1, 3*perplexity+1) + 1, Method: KNNExact})
	if err != nil {
		t.Fatal(err)
	}
	p := tsneAffinities(knn, perplexity, 2)
	got := map[[2]int]float64{}
	for i := range p.n {
		for k := p.indptr[i]; k < p.indptr[i+1]; k++ {
			got[[2]int{i, int(p.cols[k])}] = p.vals[k]
		}
	}
	want := readTSV(t, "testdata/tsne_p.tsv")
	for _, w := range want {
		i, j := int(w[0]), int(w[1])
		g, g2 := got[[2]int{i, j}], got[[2]int{j, i}]
		if math.Abs(g-w[2]) > 1e-6*w[2]+1e-12 || g != g2 {
			t.Fatalf("P[%d,%d] = %v (transposed %v), sklearn %v", i, j, g, g2, w[2])
		}
	}
	if len(got) != 2*len(want) {
		t.Fatalf("%d non-zeros, sklearn has %d", len(got), 2*len(want))
	}
}

func TestTSNESeparatesBlobs(t *testing.T) {
	x, labels := blobs(4, 75, 10, 2, 1, 12)
	opt := TSNEOptions{Seed: 2, Iterations: 500, Perplexity: 20}
	emb, err := TSNEEmbed(x, opt)
	if err != nil {
		t.Fatal(err)
	}
	r, p := separationRatio(emb, labels), knnPreservation(t, x, emb, 10)
	t.Logf("between/within %.2f, 10-NN preservation %.3f", r, p)
	if r < 3 || p < 0.25 {
		t.Fatalf("t-SNE blobs not separated: ratio %.2f, preservation %.3f", r, p)
	}
	opt.Threads = 1
	again, _ := TSNEEmbed(x, opt)
	sameEmbeddingBits(t, emb, again)
}

func TestQuadtreeRepulsionExactAtThetaZero(t *testing.T) {
	x, _ := blobs(3, 20, 2, 2, 1, 6)
	pts := append([]float64(nil), x.RawMatrix().Data...)
	pts[2], pts[3] = pts[0], pts[1] // a duplicate point
	tree := buildQuadtree(pts)
	n := len(pts) / 2
	for i := range n {
		fx, fy, sq, _ := tree.repulsion(i, 0, nil)
		var ex, ey, es float64
		for j := range n {
			if j == i {
				continue
			}
			dx, dy := pts[2*i]-pts[2*j], pts[2*i+1]-pts[2*j+1]
			q := 1 / (1 + dx*dx + dy*dy)
			es += q
			ex += q * q * dx
			ey += q * q * dy
		}
		if math.Abs(fx-ex) > 1e-9 || math.Abs(fy-ey) > 1e-9 || math.Abs(sq-es) > 1e-9 {
			t.Fatalf("point %d: tree (%g,%g,%g), exact (%g,%g,%g)", i, fx, fy, sq, ex, ey, es)
		}
	}
}
