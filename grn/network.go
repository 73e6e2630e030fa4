package grn

import (
	"fmt"
	"math"
	"strconv"
)

// ReadNetwork reads a ground-truth network: one edge per line as
// regulator, target and an optional type or weight, tab- or
// comma-separated — BEELINE's refNetwork.csv (Gene1,Gene2,Type with Type +
// or -), its mESC ground truths (Gene1,Gene2) and DREAM4 gold standards
// (G1<TAB>G2<TAB>1). A header line is detected and skipped. The weight is
// +1 for "+" or no type, -1 for "-", or the number given; edges listed with
// weight 0 (DREAM's non-edges) are dropped, and a repeated
// regulator–target pair is kept once (the first). Self-loops are kept.
func ReadNetwork(path string) ([]Edge, error) {
	var edges []Edge
	seen := map[[2]string]bool{}
	first := true
	err := eachRecord(path, func(line int, f []string) error {
		if first {
			first = false
			if isNetworkHeader(f) {
				return nil
			}
		}
		if len(f) < 2 || f[0] == "" || f[1] == "" {
			return fmt.Errorf("expected \"regulator,target[,type]\", got %d field(s) %q", len(f), f)
		}
		w := 1.0
		if len(f) >= 3 {
			var err error
			if w, err = parseEdgeType(f[2]); err != nil {
				return err
			}
			if math.IsNaN(w) {
				return fmt.Errorf("edge %s → %s: weight %q is not a number", f[0], f[1], f[2])
			}
		}
		key := [2]string{f[0], f[1]}
		if w == 0 || seen[key] {
			return nil
		}
		seen[key] = true
		edges = append(edges, Edge{From: f[0], To: f[1], Weight: w})
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(edges) == 0 {
		return nil, fmt.Errorf("%s: no edges in the network file", path)
	}
	return edges, nil
}

// isNetworkHeader reports whether a first record is a header: its first
// two fields are column names (Gene1, Gene2, TF, target, …) or its third
// field is neither a type nor a number.
func isNetworkHeader(f []string) bool {
	if len(f) >= 2 && isHeaderWord(f[0]) && isHeaderWord(f[1]) {
		return true
	}
	if len(f) >= 3 {
		if _, err := parseEdgeType(f[2]); err != nil {
			return true
		}
	}
	return false
}

// parseEdgeType turns a type column into a weight: "+" → 1, "-" → -1,
// empty → 1, otherwise a number.
func parseEdgeType(s string) (float64, error) {
	switch s {
	case "+", "":
		return 1, nil
	case "-":
		return -1, nil
	}
	w, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return 0, fmt.Errorf("edge type %q is neither +, - nor a number", s)
	}
	return w, nil
}

// ReadSERGIONetwork reads a SERGIO ground truth (gt_GRN.csv): no header,
// one edge per line as the 0-based row indices of regulator and target in
// the expression matrix, mapped to names through genes (the matrix's gene
// names in row order). Edges have weight 1; repeated pairs are kept once.
// An index outside the gene list is an error naming the line.
func ReadSERGIONetwork(path string, genes []string) ([]Edge, error) {
	var edges []Edge
	seen := map[[2]int]bool{}
	err := eachRecord(path, func(line int, f []string) error {
		if len(f) < 2 {
			return fmt.Errorf("expected \"regulator index,target index\", got %q", f)
		}
		var idx [2]int
		for k := range idx {
			i, err := strconv.Atoi(f[k])
			if err != nil {
				return fmt.Errorf("gene index %q is not an integer", f[k])
			}
			if i < 0 || i >= len(genes) {
				return fmt.Errorf("gene index %d is outside 0..%d (the expression data has %d genes)", i, len(genes)-1, len(genes))
			}
			idx[k] = i
		}
		if !seen[idx] {
			seen[idx] = true
			edges = append(edges, Edge{From: genes[idx[0]], To: genes[idx[1]], Weight: 1})
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(edges) == 0 {
		return nil, fmt.Errorf("%s: no edges in the network file", path)
	}
	return edges, nil
}
