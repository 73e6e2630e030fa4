package grn

import "fmt"

// ReadGeneList reads a list of genes (e.g. transcription factors): one gene
// per line, or a CSV/TSV whose first column holds the genes. A first line
// whose first field is a column name such as "Gene", "TF" or "symbol" (or
// empty) is taken as a header and skipped. Blank lines and lines starting
// with '#' are ignored, repeated genes are kept once, and the order of
// first appearance is preserved. A file without any gene is an error.
func ReadGeneList(path string) ([]string, error) {
	var genes []string
	seen := map[string]bool{}
	first := true
	err := eachRecord(path, func(line int, fields []string) error {
		gene := fields[0]
		if first {
			first = false
			if isHeaderWord(gene) {
				return nil
			}
		}
		if gene == "" {
			return fmt.Errorf("empty gene name in the first column")
		}
		if !seen[gene] {
			seen[gene] = true
			genes = append(genes, gene)
		}
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(genes) == 0 {
		return nil, fmt.Errorf("%s: no genes in the file", path)
	}
	return genes, nil
}
