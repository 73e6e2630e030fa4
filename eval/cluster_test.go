package eval

import "testing"

func TestClusteringMetricsMatchScikitLearn(t *testing.T) {
	for _, c := range load(t).Clustering.Pairs {
		ari, err := AdjustedRandIndex(c.Truth, c.Pred)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		near(t, c.Name+" ARI", ari, c.ARI)
		nmi, err := NormalizedMutualInfo(c.Truth, c.Pred)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		near(t, c.Name+" NMI", nmi, c.NMI)
		acc, err := ClusteringAccuracy(c.Truth, c.Pred)
		if err != nil {
			t.Fatalf("%s: %v", c.Name, err)
		}
		near(t, c.Name+" accuracy", acc, c.Accuracy)
	}
}

func TestClusteringMetricErrors(t *testing.T) {
	if _, err := AdjustedRandIndex([]string{}, []string{}); err == nil {
		t.Error("ARI of empty labellings: no error")
	}
	if _, err := NormalizedMutualInfo([]int{1, 2}, []int{1}); err == nil {
		t.Error("NMI of different lengths: no error")
	}
	if _, err := ClusteringAccuracy([]int{1, 2}, []string{"a"}); err == nil {
		t.Error("accuracy of different lengths: no error")
	}
	// String and integer labels mix in ClusteringAccuracy.
	acc, err := ClusteringAccuracy([]string{"T", "T", "B", "B", "NK"}, []int{3, 3, 1, 1, 1})
	if err != nil || acc != 0.8 {
		t.Errorf("accuracy = %v, %v; want 0.8", acc, err)
	}
}

func TestSilhouetteMatchesScikitLearn(t *testing.T) {
	s := load(t).Clustering.Silhouette
	x := dense(s.X)
	for i, c := range s.Cases {
		got, err := Silhouette(x, c.Labels, SilhouetteOptions{Threads: 2})
		if err != nil {
			t.Fatal(err)
		}
		near(t, "silhouette case "+itoa(i), got, c.Score)
	}
	// Sampling: reproducible for a seed and close to the full score.
	a, err := Silhouette(x, s.Cases[0].Labels, SilhouetteOptions{SampleSize: 80, Seed: 4})
	if err != nil {
		t.Fatal(err)
	}
	b, _ := Silhouette(x, s.Cases[0].Labels, SilhouetteOptions{SampleSize: 80, Seed: 4})
	if a != b || a-s.Cases[0].Score > 0.1 || s.Cases[0].Score-a > 0.1 {
		t.Errorf("sampled silhouette %v, %v; full %v", a, b, s.Cases[0].Score)
	}
	if _, err := Silhouette(x, make([]int, len(s.X)), SilhouetteOptions{}); err == nil {
		t.Error("silhouette of a single cluster: no error")
	}
}

func TestHungarianRectangular(t *testing.T) {
	w := [][]float64{{1, 9, 1}, {8, 1, 1}}
	got := maxWeightMatching(w)
	if got[0] != 1 || got[1] != 0 {
		t.Errorf("assignment %v, want [1 0]", got)
	}
	w = [][]float64{{5, 1}, {4, 1}, {1, 6}}
	got = maxWeightMatching(w)
	if got[0] != 0 || got[1] != -1 || got[2] != 1 {
		t.Errorf("assignment %v, want [0 -1 1]", got)
	}
}
