package forest

// leaf marks a node without a split in node.feature.
const leaf = -1

// node is one node of a fitted tree. Samples with x[feature] ≤ threshold
// go to left, the others to right.
type node struct {
	feature     int32
	left, right int32
	threshold   float64
	// value is the offset of the node's prediction in tree.values: one
	// value (the mean) for regression, one probability per class for
	// classification. Set for leaves only.
	value int32
}

// tree is one fitted CART tree, stored as flat arrays.
type tree struct {
	nodes  []node
	values []float64
	// importance holds the tree's total weighted impurity decrease per
	// feature (not normalised).
	importance []float64
}

// leafValues returns the prediction stored in the leaf that row x reaches;
// width is 1 for regression and the number of classes for classification.
func (t *tree) leafValues(x []float64, width int) []float64 {
	i := int32(0)
	for {
		nd := &t.nodes[i]
		if nd.feature == leaf {
			return t.values[nd.value : int(nd.value)+width]
		}
		if x[nd.feature] <= nd.threshold {
			i = nd.left
		} else {
			i = nd.right
		}
	}
}
