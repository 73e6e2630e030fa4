package forest

import "math/rand/v2"

// featureThreshold is the smallest difference between two feature values
// that a split may separate (scikit-learn's FEATURE_THRESHOLD).
const featureThreshold = 1e-7

// impurityEpsilon is the node impurity at or below which a node is pure and
// becomes a leaf (scikit-learn's EPSILON, the float64 machine epsilon).
const impurityEpsilon = 2.220446049250313e-16

// trainingSet is the data shared (read-only) by all tree builders.
type trainingSet struct {
	n, p int
	// x holds the features column by column: x[f*n+i] is feature f of
	// sample i, so that scanning a feature touches contiguous memory.
	x []float64
	// yReg holds the centred regression targets (nil for classification);
	// yMean was subtracted from them.
	yReg  []float64
	yMean float64
	// yCls holds class codes 0..classes-1 (nil for regression).
	yCls    []int32
	classes int
}

// builder grows trees for one worker goroutine; its scratch buffers are
// reused from node to node and tree to tree, so that growing a tree
// allocates only the tree itself.
type builder struct {
	data *trainingSet
	cfg  resolved
	rng  *rand.Rand

	idx      []int32   // bootstrap sample indices, partitioned node by node
	vals     []float64 // values of the feature being scanned
	ord      []int32   // sample indices sorted with vals
	features []int32   // feature permutation for sampling split candidates
	// class counts: node, left and right of a candidate split.
	countNode, countLeft, countRight []float64

	t *tree
}

func newBuilder(d *trainingSet, cfg resolved) *builder {
	return &builder{
		data:       d,
		cfg:        cfg,
		idx:        make([]int32, d.n),
		vals:       make([]float64, d.n),
		ord:        make([]int32, d.n),
		features:   make([]int32, d.p),
		countNode:  make([]float64, d.classes),
		countLeft:  make([]float64, d.classes),
		countRight: make([]float64, d.classes),
	}
}

// grow fits tree number treeIndex; the generator depends only on the seed
// and treeIndex, so every worker builds the same tree for the same index.
func (b *builder) grow(treeIndex int) *tree {
	b.rng = rand.New(rand.NewPCG(b.cfg.Seed, uint64(treeIndex)))
	d := b.data
	for i := range b.idx {
		if b.cfg.NoBootstrap {
			b.idx[i] = int32(i)
		} else {
			b.idx[i] = int32(b.rng.IntN(d.n))
		}
	}
	for f := range b.features {
		b.features[f] = int32(f)
	}
	b.t = &tree{importance: make([]float64, d.p)}
	b.growNode(0, d.n, 0)
	t := b.t
	b.t = nil
	return t
}

// split is a candidate split of a node.
type split struct {
	feature   int
	threshold float64
	// proxy is Σ_children (Σy)²/n for regression or Σ_children Σ_k c_k²/n
	// for Gini; the weighted impurity decrease of the split is proxy minus
	// the same quantity for the parent.
	proxy float64
}

// growNode grows the subtree of the samples idx[start:end] and returns the
// index of its root node.
func (b *builder) growNode(start, end, depth int) int32 {
	n := end - start
	parentProxy, impurity := b.nodeStats(start, end)
	self := int32(len(b.t.nodes))
	b.t.nodes = append(b.t.nodes, node{feature: leaf})

	canSplit := (b.cfg.MaxDepth == 0 || depth < b.cfg.MaxDepth) &&
		n >= b.cfg.MinSamplesSplit && n >= 2*b.cfg.MinSamplesLeaf &&
		impurity > impurityEpsilon
	if canSplit {
		if best, ok := b.bestSplit(start, end); ok {
			mid := b.partition(start, end, best)
			b.t.importance[best.feature] += max(0, best.proxy-parentProxy)
			left := b.growNode(start, mid, depth+1)
			right := b.growNode(mid, end, depth+1)
			b.t.nodes[self] = node{feature: int32(best.feature), threshold: best.threshold, left: left, right: right}
			return self
		}
	}
	b.t.nodes[self].value = int32(len(b.t.values))
	b.appendLeafValue(start, end)
	return self
}

// nodeStats returns the node's split proxy (see split.proxy) and impurity
// (variance or Gini index), and leaves the class counts in countNode.
func (b *builder) nodeStats(start, end int) (proxy, impurity float64) {
	d := b.data
	n := float64(end - start)
	if d.yCls == nil {
		var sum, sumSq float64
		for _, i := range b.idx[start:end] {
			y := d.yReg[i]
			sum += y
			sumSq += y * y
		}
		mean := sum / n
		return sum * sum / n, max(0, sumSq/n-mean*mean)
	}
	clear(b.countNode)
	for _, i := range b.idx[start:end] {
		b.countNode[d.yCls[i]]++
	}
	var sq float64
	for _, c := range b.countNode {
		sq += c * c
	}
	return sq / n, 1 - sq/(n*n)
}

func (b *builder) appendLeafValue(start, end int) {
	d := b.data
	n := float64(end - start)
	if d.yCls == nil {
		var sum float64
		for _, i := range b.idx[start:end] {
			sum += d.yReg[i]
		}
		b.t.values = append(b.t.values, sum/n+d.yMean)
		return
	}
	for _, c := range b.countNode {
		b.t.values = append(b.t.values, c/n)
	}
}

// bestSplit draws candidate features without replacement until
// cfg.maxFeatures non-constant ones have been scanned (or all features were
// drawn) and returns the best split among them.
func (b *builder) bestSplit(start, end int) (split, bool) {
	d := b.data
	n := end - start
	best := split{proxy: -1}
	found := false
	scanned := 0
	for drawn := 0; drawn < d.p && scanned < b.cfg.maxFeatures; drawn++ {
		j := drawn + b.rng.IntN(d.p-drawn)
		b.features[drawn], b.features[j] = b.features[j], b.features[drawn]
		f := int(b.features[drawn])

		col := d.x[f*d.n : (f+1)*d.n]
		vals, ord := b.vals[:n], b.ord[:n]
		lo, hi := col[b.idx[start]], col[b.idx[start]]
		for k, i := range b.idx[start:end] {
			v := col[i]
			vals[k], ord[k] = v, i
			lo, hi = min(lo, v), max(hi, v)
		}
		if hi <= lo+featureThreshold {
			continue // constant in this node: does not count
		}
		scanned++
		sortByValue(vals, ord)
		var pos int
		var proxy float64
		if d.yCls == nil {
			pos, proxy = b.scanRegression(vals, ord)
		} else {
			pos, proxy = b.scanGini(vals, ord)
		}
		if pos > 0 && proxy > best.proxy {
			thr := vals[pos-1]/2 + vals[pos]/2
			if thr >= vals[pos] {
				thr = vals[pos-1]
			}
			best = split{feature: f, threshold: thr, proxy: proxy}
			found = true
		}
	}
	return best, found
}

// scanRegression returns the split position (number of samples going left,
// 0 if none is allowed) that maximises (ΣyL)²/nL + (ΣyR)²/nR, the
// variance-reduction proxy, and that proxy.
func (b *builder) scanRegression(vals []float64, ord []int32) (int, float64) {
	y := b.data.yReg
	n := len(vals)
	minLeaf := b.cfg.MinSamplesLeaf
	var total float64
	for _, i := range ord {
		total += y[i]
	}
	bestPos, bestProxy := 0, -1.0
	var left float64
	for pos := 1; pos <= n-minLeaf; pos++ {
		left += y[ord[pos-1]]
		if pos < minLeaf || vals[pos] <= vals[pos-1]+featureThreshold {
			continue
		}
		right := total - left
		proxy := left*left/float64(pos) + right*right/float64(n-pos)
		if proxy > bestProxy {
			bestPos, bestProxy = pos, proxy
		}
	}
	return bestPos, bestProxy
}

// scanGini is scanRegression for the Gini criterion: it maximises
// Σ_k cL_k²/nL + Σ_k cR_k²/nR, updating the sums of squares in O(1) per
// sample.
func (b *builder) scanGini(vals []float64, ord []int32) (int, float64) {
	y := b.data.yCls
	n := len(vals)
	minLeaf := b.cfg.MinSamplesLeaf
	cl, cr := b.countLeft, b.countRight
	clear(cl)
	copy(cr, b.countNode)
	var sqLeft, sqRight float64
	for _, c := range cr {
		sqRight += c * c
	}
	bestPos, bestProxy := 0, -1.0
	for pos := 1; pos <= n-minLeaf; pos++ {
		c := y[ord[pos-1]]
		sqLeft += 2*cl[c] + 1
		cl[c]++
		sqRight -= 2*cr[c] - 1
		cr[c]--
		if pos < minLeaf || vals[pos] <= vals[pos-1]+featureThreshold {
			continue
		}
		proxy := sqLeft/float64(pos) + sqRight/float64(n-pos)
		if proxy > bestProxy {
			bestPos, bestProxy = pos, proxy
		}
	}
	return bestPos, bestProxy
}

// partition reorders idx[start:end] so that the samples going left come
// first and returns the index of the first sample going right.
func (b *builder) partition(start, end int, s split) int {
	col := b.data.x[s.feature*b.data.n : (s.feature+1)*b.data.n]
	idx := b.idx
	i, j := start, end-1
	for i <= j {
		if col[idx[i]] <= s.threshold {
			i++
		} else {
			idx[i], idx[j] = idx[j], idx[i]
			j--
		}
	}
	return i
}
