package pp

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"
)

// TrainTestSplit splits the indices 0..n-1 at random into a training and a
// test set, reproducibly for a given seed. The test set holds
// ceil(testFrac·n) indices, as sklearn's train_test_split. Both slices are
// returned in increasing order, so subsetting keeps the original cell
// order.
func TrainTestSplit(n int, testFrac float64, seed uint64) (train, test []int, err error) {
	if n < 0 {
		return nil, nil, fmt.Errorf("pp.TrainTestSplit: n = %d must be ≥ 0", n)
	}
	if err := checkTestFrac("TrainTestSplit", testFrac); err != nil {
		return nil, nil, err
	}
	nTest := int(math.Ceil(testFrac * float64(n)))
	perm := newSplitRand(seed).Perm(n)
	test = slices.Clone(perm[:nTest])
	train = slices.Clone(perm[nTest:])
	slices.Sort(test)
	slices.Sort(train)
	return train, test, nil
}

// StratifiedSplit splits the positions of labels into a training and a test
// set keeping each label's proportion: a label with m cells contributes
// round(testFrac·m) of them to the test set (half away from zero), chosen
// at random, reproducibly for a given seed. Both slices are returned in
// increasing order.
func StratifiedSplit(labels []string, testFrac float64, seed uint64) (train, test []int, err error) {
	if err := checkTestFrac("StratifiedSplit", testFrac); err != nil {
		return nil, nil, err
	}
	groups := map[string][]int{}
	var order []string // labels by first appearance, for a seed-stable result
	for i, l := range labels {
		if _, ok := groups[l]; !ok {
			order = append(order, l)
		}
		groups[l] = append(groups[l], i)
	}
	rng := newSplitRand(seed)
	for _, l := range order {
		members := groups[l]
		nTest := int(math.Round(testFrac * float64(len(members))))
		rng.Shuffle(len(members), func(i, j int) { members[i], members[j] = members[j], members[i] })
		test = append(test, members[:nTest]...)
		train = append(train, members[nTest:]...)
	}
	slices.Sort(test)
	slices.Sort(train)
	return train, test, nil
}

func checkTestFrac(op string, f float64) error {
	if !(f >= 0 && f <= 1) {
		return fmt.Errorf("pp.%s: test fraction %v must lie in [0, 1]", op, f)
	}
	return nil
}

func newSplitRand(seed uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, 0x7e57_5e7))
}
