package pp

import (
	"slices"
	"testing"
)

func TestTrainTestSplit(t *testing.T) {
	train, test, err := TrainTestSplit(101, 0.2, 9)
	if err != nil {
		t.Fatal(err)
	}
	if len(test) != 21 || len(train) != 80 { // ceil(0.2·101) = 21
		t.Fatalf("sizes %d/%d, want 80/21", len(train), len(test))
	}
	all := slices.Concat(train, test)
	slices.Sort(all)
	for i, v := range all {
		if v != i {
			t.Fatalf("not a partition of 0..100: %v", all)
		}
	}
	if !slices.IsSorted(train) || !slices.IsSorted(test) {
		t.Fatal("indices not sorted")
	}
	train2, test2, _ := TrainTestSplit(101, 0.2, 9)
	if !slices.Equal(test, test2) || !slices.Equal(train, train2) {
		t.Fatal("same seed, different split")
	}
	_, test3, _ := TrainTestSplit(101, 0.2, 10)
	if slices.Equal(test, test3) {
		t.Fatal("different seeds gave the same split")
	}
	if _, _, err := TrainTestSplit(10, 1.5, 0); err == nil {
		t.Fatal("test fraction 1.5 accepted")
	}
}

func TestStratifiedSplit(t *testing.T) {
	var labels []string
	for range 30 {
		labels = append(labels, "a")
	}
	for range 10 {
		labels = append(labels, "b")
	}
	labels = append(labels, "c", "c", "c", "c", "c")
	train, test, err := StratifiedSplit(labels, 0.2, 4)
	if err != nil {
		t.Fatal(err)
	}
	count := map[string]int{}
	for _, i := range test {
		count[labels[i]]++
	}
	if count["a"] != 6 || count["b"] != 2 || count["c"] != 1 {
		t.Fatalf("test counts per label %v, want a:6 b:2 c:1", count)
	}
	if len(train)+len(test) != len(labels) {
		t.Fatalf("%d + %d indices for %d labels", len(train), len(test), len(labels))
	}
	_, again, _ := StratifiedSplit(labels, 0.2, 4)
	if !slices.Equal(test, again) {
		t.Fatal("same seed, different split")
	}
}
