package tl

import (
	"math"
	"testing"

	"gonum.org/v1/gonum/mat"
)

func TestKMeansRecoversSeparatedBlobs(t *testing.T) {
	x, truth := blobs(4, 50, 3, 10, 1, 3)
	res, err := KMeans(x, 4, KMeansOptions{Seed: 1})
	if err != nil {
		t.Fatal(err)
	}
	if ari := adjustedRand(t, res.Labels, truth); ari != 1 {
		t.Fatalf("blobs not recovered: ARI %g", ari)
	}
}

// TestKMeansIsALloydFixedPoint checks the defining property of the result on
// data without cluster structure: every row is assigned to its nearest
// centre, every centre is the mean of its rows, and the inertia is the sum
// of the squared distances.
func TestKMeansIsALloydFixedPoint(t *testing.T) {
	x, _ := blobs(1, 300, 5, 0, 1, 7)
	const k = 6
	res, err := KMeans(x, k, KMeansOptions{Seed: 2, Tol: 1e-12, MaxIter: 1000})
	if err != nil {
		t.Fatal(err)
	}
	n, d := x.Dims()
	sums := mat.NewDense(k, d, nil)
	counts := make([]int, k)
	var inertia float64
	for i := range n {
		row := x.RawRowView(i)
		nearest, best := -1, math.Inf(1)
		for c := range k {
			if dist := sqDist(row, res.Centers.RawRowView(c)); dist < best {
				nearest, best = c, dist
			}
		}
		if nearest != res.Labels[i] {
			t.Fatalf("row %d labelled %d but nearest centre is %d", i, res.Labels[i], nearest)
		}
		inertia += best
		counts[nearest]++
		for j, v := range row {
			sums.Set(nearest, j, sums.At(nearest, j)+v)
		}
	}
	for c := range k {
		if counts[c] == 0 {
			t.Fatalf("cluster %d empty", c)
		}
		for j := range d {
			if got, want := res.Centers.At(c, j), sums.At(c, j)/float64(counts[c]); math.Abs(got-want) > 1e-9 {
				t.Fatalf("centre %d column %d = %g, mean of its rows %g", c, j, got, want)
			}
		}
	}
	if math.Abs(inertia-res.Inertia) > 1e-9*inertia {
		t.Fatalf("inertia %g, recomputed %g", res.Inertia, inertia)
	}
}

func TestKMeansKeepsTheBestStart(t *testing.T) {
	x, _ := blobs(3, 80, 2, 2, 1.2, 11)
	best, err := KMeans(x, 5, KMeansOptions{Seed: 4, NInit: 8})
	if err != nil {
		t.Fatal(err)
	}
	p, _ := pointsFromDense(x, "test")
	for start := range 8 {
		c := kmeansPlusPlus(p, 5, newRand(4, 0x6B6D+uint64(start)), 1)
		one := lloyd(p, 5, c, 300, 1e-4*meanColumnVariance(p), 1)
		if one.Inertia < best.Inertia-1e-9 {
			t.Fatalf("start %d inertia %g below the returned %g", start, one.Inertia, best.Inertia)
		}
	}
	again, err := KMeans(x, 5, KMeansOptions{Seed: 4, NInit: 8, Threads: 1})
	if err != nil {
		t.Fatal(err)
	}
	if again.Inertia != best.Inertia || adjustedRand(t, again.Labels, best.Labels) != 1 {
		t.Fatal("same seed, different thread count: different result")
	}
}

func TestKMeansEdgeCases(t *testing.T) {
	x, _ := blobs(1, 10, 2, 1, 1, 5)
	res, err := KMeans(x, 1, KMeansOptions{})
	if err != nil {
		t.Fatal(err)
	}
	for j := range 2 {
		col := mat.Col(nil, j, x)
		var mean float64
		for _, v := range col {
			mean += v / float64(len(col))
		}
		if math.Abs(res.Centers.At(0, j)-mean) > 1e-12 {
			t.Fatalf("k = 1: centre %g, column mean %g", res.Centers.At(0, j), mean)
		}
	}
	if _, err := KMeans(x, 11, KMeansOptions{}); err == nil {
		t.Fatal("k larger than the number of rows accepted")
	}
	same := mat.NewDense(4, 2, []float64{1, 1, 1, 1, 1, 1, 1, 1})
	res, err = KMeans(same, 3, KMeansOptions{Seed: 1})
	if err != nil || res.Inertia != 0 {
		t.Fatalf("identical rows: inertia %v, err %v", res, err)
	}
}
