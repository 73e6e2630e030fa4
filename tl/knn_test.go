package tl

import (
	"math"
	"slices"
	"testing"

	"gonum.org/v1/gonum/mat"
)

// naiveKNN sorts all distances for every row: the obvious reference.
func naiveKNN(x *mat.Dense, k int) ([][]int, [][]float64) {
	n, _ := x.Dims()
	idx := make([][]int, n)
	dist := make([][]float64, n)
	for i := range n {
		type c struct {
			j int
			d float64
		}
		var all []c
		for j := range n {
			if j != i {
				all = append(all, c{j, math.Sqrt(sqDist(x.RawRowView(i), x.RawRowView(j)))})
			}
		}
		slices.SortStableFunc(all, func(a, b c) int {
			if a.d != b.d {
				if a.d < b.d {
					return -1
				}
				return 1
			}
			return a.j - b.j
		})
		idx[i] = []int{i}
		dist[i] = []float64{0}
		for _, e := range all[:k-1] {
			idx[i] = append(idx[i], e.j)
			dist[i] = append(dist[i], e.d)
		}
	}
	return idx, dist
}

func TestExactKNNMatchesNaive(t *testing.T) {
	x, _ := blobs(4, 60, 7, 3, 1, 11)
	const k = 10
	for _, threads := range []int{1, 3} {
		knn, err := KNNGraph(x, KNNOptions{K: k, Method: KNNExact, Threads: threads})
		if err != nil {
			t.Fatal(err)
		}
		wantIdx, wantDist := naiveKNN(x, k)
		for i := range knn.N {
			idx, dist := knn.Row(i)
			for r := range k {
				if int(idx[r]) != wantIdx[i][r] || math.Abs(dist[r]-wantDist[i][r]) > 1e-12 {
					t.Fatalf("threads=%d row %d rank %d: got (%d, %g), want (%d, %g)",
						threads, i, r, idx[r], dist[r], wantIdx[i][r], wantDist[i][r])
				}
			}
		}
	}
}

func TestCosineKNN(t *testing.T) {
	x, _ := blobs(3, 30, 5, 3, 1, 2)
	knn, err := KNNGraph(x, KNNOptions{K: 5, Metric: Cosine})
	if err != nil {
		t.Fatal(err)
	}
	for i := range knn.N {
		idx, dist := knn.Row(i)
		for r, j := range idx {
			a, b := x.RawRowView(i), x.RawRowView(int(j))
			want := 1 - mat.Dot(mat.NewVecDense(len(a), a), mat.NewVecDense(len(b), b))/
				(math.Sqrt(sqDist(a, make([]float64, len(a))))*math.Sqrt(sqDist(b, make([]float64, len(b)))))
			if math.Abs(dist[r]-want) > 1e-9 {
				t.Fatalf("row %d rank %d: cosine distance %g, want %g", i, r, dist[r], want)
			}
		}
	}
}

func TestKNNRejectsBadInput(t *testing.T) {
	x := mat.NewDense(3, 2, []float64{0, 0, 1, 1, 2, math.NaN()})
	if _, err := KNNGraph(x, KNNOptions{K: 2}); err == nil {
		t.Fatal("NaN input accepted")
	}
	x.Set(2, 1, 2)
	if _, err := KNNGraph(x, KNNOptions{K: 5}); err == nil {
		t.Fatal("K larger than the number of cells accepted")
	}
	if _, err := KNNGraph(x, KNNOptions{K: 2, Metric: "manhattan"}); err == nil {
		t.Fatal("unknown metric accepted")
	}
}

// recall is the fraction of exact neighbours (excluding self) that approx
// also found.
func recall(exact, approx *KNN) float64 {
	hit := 0
	for i := range exact.N {
		e, _ := exact.Row(i)
		a, _ := approx.Row(i)
		for _, j := range e[1:] {
			if slices.Contains(a[1:], j) {
				hit++
			}
		}
	}
	return float64(hit) / float64(exact.N*(exact.K-1))
}

func TestNNDescentRecallSmall(t *testing.T) {
	x, _ := blobs(8, 250, 20, 2, 1, 5)
	exact, _ := KNNGraph(x, KNNOptions{K: 15, Method: KNNExact})
	approx, err := KNNGraph(x, KNNOptions{K: 15, Method: KNNApprox, Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if r := recall(exact, approx); r < 0.95 {
		t.Fatalf("NN-descent recall %.4f < 0.95", r)
	}
	again, _ := KNNGraph(x, KNNOptions{K: 15, Method: KNNApprox, Seed: 1, Threads: 1})
	if !slices.Equal(approx.Indices, again.Indices) {
		t.Fatal("NN-descent differs between thread counts with the same seed")
	}
}

func TestNNDescentRecall10k(t *testing.T) {
	if testing.Short() {
		t.Skip("10k×50 exact search is slow")
	}
	x, _ := blobs(20, 500, 50, 1.5, 1, 9)
	exact, _ := KNNGraph(x, KNNOptions{K: 15, Method: KNNExact})
	approx, err := KNNGraph(x, KNNOptions{K: 15, Seed: 3})
	if err != nil {
		t.Fatal(err)
	}
	if approx.Method != KNNApprox {
		t.Fatalf("auto chose %s for 10000 cells", approx.Method)
	}
	r := recall(exact, approx)
	t.Logf("NN-descent recall on 10000×50: %.4f", r)
	if r < 0.95 {
		t.Fatalf("recall %.4f < 0.95", r)
	}
}
