package eval

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"
)

// Classification summarises predicted labels against true ones.
type Classification struct {
	// Accuracy is the fraction of correct predictions.
	Accuracy float64
	// BalancedAccuracy is the mean over the true classes of the recall
	// (scikit-learn's balanced_accuracy_score).
	BalancedAccuracy float64
	// N is the number of predictions scored.
	N int
}

// ScoreClassification compares predicted labels with the truth.
func ScoreClassification[L comparable](truth, pred []L) (Classification, error) {
	if len(truth) != len(pred) {
		return Classification{}, fmt.Errorf("eval: %d truth labels but %d predictions", len(truth), len(pred))
	}
	if len(truth) == 0 {
		return Classification{}, errors.New("eval: no predictions to score")
	}
	correct := 0
	perClass := map[L][2]int{} // correct, total
	for i, t := range truth {
		c := perClass[t]
		c[1]++
		if pred[i] == t {
			correct++
			c[0]++
		}
		perClass[t] = c
	}
	var recall float64
	for _, c := range perClass {
		recall += float64(c[0]) / float64(c[1])
	}
	return Classification{
		Accuracy:         float64(correct) / float64(len(truth)),
		BalancedAccuracy: recall / float64(len(perClass)),
		N:                len(truth),
	}, nil
}

// KNNClassify predicts a label for each row of test by a majority vote of
// its k nearest rows of train (Euclidean distance, uniform weights), as
// scikit-learn's KNeighborsClassifier: neighbours tied in distance are
// taken in index order, and a tied vote goes to the label that sorts first.
func KNNClassify(train *mat.Dense, trainLabels []string, test *mat.Dense, k, threads int) ([]string, error) {
	if err := checkMatrix("training embedding", train); err != nil {
		return nil, err
	}
	if err := checkMatrix("test embedding", test); err != nil {
		return nil, err
	}
	n, p := train.Dims()
	if _, q := test.Dims(); q != p {
		return nil, fmt.Errorf("eval: training cells have %d dimensions, test cells %d", p, q)
	}
	if len(trainLabels) != n {
		return nil, fmt.Errorf("eval: %d training labels for %d training cells", len(trainLabels), n)
	}
	if k < 1 || k > n {
		return nil, fmt.Errorf("eval: k = %d neighbours, want 1 … %d (the training cells)", k, n)
	}
	nbrs := nearestNeighbours(test, train, k, false, max(1, threads))
	out := make([]string, len(nbrs))
	votes := map[string]int{}
	for i, nb := range nbrs {
		clear(votes)
		for _, v := range nb {
			votes[trainLabels[v.index]]++
		}
		best := ""
		bestVotes := -1
		for l, c := range votes {
			if c > bestVotes || (c == bestVotes && l < best) {
				best, bestVotes = l, c
			}
		}
		out[i] = best
	}
	return out, nil
}

// KNNAccuracy scores KNNClassify on a given split: cells with train[i]
// set train the classifier, the others are predicted and scored.
func KNNAccuracy(x *mat.Dense, labels []string, train []bool, k, threads int) (Classification, error) {
	n, _ := x.Dims()
	if len(labels) != n || len(train) != n {
		return Classification{}, fmt.Errorf("eval: %d cells, %d labels, %d split flags", n, len(labels), len(train))
	}
	var tr, te []int
	for i, t := range train {
		if t {
			tr = append(tr, i)
		} else {
			te = append(te, i)
		}
	}
	if len(tr) == 0 || len(te) == 0 {
		return Classification{}, errors.New("eval: the split needs both training and test cells")
	}
	pred, err := KNNClassify(subsetRows(x, tr), pick(labels, tr), subsetRows(x, te), k, threads)
	if err != nil {
		return Classification{}, err
	}
	return ScoreClassification(pick(labels, te), pred)
}

// KNNCrossValidate scores KNNClassify by stratified k-fold cross-validation:
// each cell is predicted once, by the classifier trained on the other
// folds, and the pooled predictions are scored. Folds are drawn with seed.
func KNNCrossValidate(x *mat.Dense, labels []string, k, folds int, seed uint64, threads int) (Classification, error) {
	n, _ := x.Dims()
	if len(labels) != n {
		return Classification{}, fmt.Errorf("eval: %d labels for %d cells", len(labels), n)
	}
	fold, err := StratifiedFolds(labels, folds, seed)
	if err != nil {
		return Classification{}, err
	}
	pred := make([]string, n)
	for f := range folds {
		var tr, te []int
		for i, g := range fold {
			if g == f {
				te = append(te, i)
			} else {
				tr = append(tr, i)
			}
		}
		p, err := KNNClassify(subsetRows(x, tr), pick(labels, tr), subsetRows(x, te), min(k, len(tr)), threads)
		if err != nil {
			return Classification{}, fmt.Errorf("eval: fold %d: %w", f+1, err)
		}
		for j, i := range te {
			pred[i] = p[j]
		}
	}
	return ScoreClassification(labels, pred)
}

// StratifiedFolds assigns each sample to one of k folds so that every
// label is spread as evenly as possible over the folds (the cells of each
// label are shuffled with seed, then dealt round-robin, continuing where
// the previous label stopped so fold sizes stay balanced). It is an error
// if k < 2 or there are fewer samples than folds.
func StratifiedFolds[L comparable](labels []L, k int, seed uint64) ([]int, error) {
	if k < 2 {
		return nil, fmt.Errorf("eval: %d folds, want at least 2", k)
	}
	if len(labels) < k {
		return nil, fmt.Errorf("eval: %d samples cannot fill %d folds", len(labels), k)
	}
	rng := rand.New(rand.NewPCG(seed, 0xf01d))
	code := codes(labels)
	groups := make([][]int, maxCode(code)+1)
	for i, c := range code {
		groups[c] = append(groups[c], i)
	}
	fold := make([]int, len(labels))
	next := 0
	for _, g := range groups {
		g = slices.Clone(g)
		rng.Shuffle(len(g), func(a, b int) { g[a], g[b] = g[b], g[a] })
		for _, i := range g {
			fold[i] = next
			next = (next + 1) % k
		}
	}
	return fold, nil
}

// pick returns v[idx[0]], v[idx[1]], ….
func pick[T any](v []T, idx []int) []T {
	out := make([]T, len(idx))
	for k, i := range idx {
		out[k] = v[i]
	}
	return out
}
