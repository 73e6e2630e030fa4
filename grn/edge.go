// Package grn holds gene regulatory networks: the edge type, readers and
// writers for network files (ground truths, TF lists, BEELINE ranked edge
// lists), and the baseline inference methods regula compares its models
// with (|Pearson|, |Spearman|, GENIE3).
package grn

// Edge is a directed regulator → target edge with a weight (a score for
// predicted networks; 1, or ±1 for activation/repression, for ground truths).
type Edge struct {
	From, To string
	Weight   float64
}
