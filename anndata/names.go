package anndata

import (
	"fmt"
	"strconv"
)

// MakeNamesUnique returns names with duplicates renamed the way anndata's
// make_index_unique (scanpy's var_names_make_unique) does: the first
// occurrence keeps its name, later ones get "-1", "-2", … appended, skipping
// suffixes that would collide with an existing name. The input is not
// modified; if it has no duplicates it is returned as is.
func MakeNamesUnique(names []string) []string {
	seen := make(map[string]bool, len(names))
	dup := false
	for _, n := range names {
		if seen[n] {
			dup = true
			break
		}
		seen[n] = true
	}
	if !dup {
		return names
	}
	taken := make(map[string]bool, len(names))
	for _, n := range names {
		taken[n] = true
	}
	out := make([]string, len(names))
	first := make(map[string]bool, len(names))
	counter := map[string]int{}
	for i, n := range names {
		if !first[n] {
			first[n] = true
			out[i] = n
			continue
		}
		for {
			counter[n]++
			candidate := n + "-" + strconv.Itoa(counter[n])
			if !taken[candidate] {
				taken[candidate] = true
				out[i] = candidate
				break
			}
		}
	}
	return out
}

// uniqueNames checks that names has no duplicates. With makeUnique it
// renames duplicates instead (see MakeNamesUnique). Otherwise the error
// names the duplicated value (kind is "gene" or "cell") and both places,
// which locate describes (e.g. "line 12 of genes.tsv").
func uniqueNames(names []string, kind string, locate func(i int) string, makeUnique bool) ([]string, error) {
	if makeUnique {
		return MakeNamesUnique(names), nil
	}
	at := make(map[string]int, len(names))
	for i, n := range names {
		if j, dup := at[n]; dup {
			return nil, fmt.Errorf("duplicate %s name %q at %s and %s; rename it, or make names unique (--make-unique, ReadOptions.MakeUnique) to append -1, -2, …",
				kind, n, locate(j), locate(i))
		}
		at[n] = i
	}
	return names, nil
}
