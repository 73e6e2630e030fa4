package anndata

import "fmt"

// The orientation check catches the commonest reading mistake: a genes ×
// cells table read as cells × genes (or the reverse). It looks at the names
// only: cell barcodes have a long run of nucleotide letters (10x: 16, or 14
// for Cell Ranger v1, Drop-seq: 12) and Ensembl gene identifiers a fixed
// shape. Free-form names (RamDA_mESC_00h_A04, g1, 0) say nothing and pass.

// minBarcodeRun is the shortest run of A/C/G/T/N that marks a barcode.
const minBarcodeRun = 12

// looksLikeBarcode reports whether name contains a run of at least
// minBarcodeRun nucleotide letters, as cell barcodes do (AAACCTGAGATAGGAG-1,
// sample1_AAACATACAACCAC).
func looksLikeBarcode(name string) bool {
	run := 0
	for i := 0; i < len(name); i++ {
		switch name[i] {
		case 'A', 'C', 'G', 'T', 'N':
			run++
			if run >= minBarcodeRun {
				return true
			}
		default:
			run = 0
		}
	}
	return false
}

// looksLikeEnsemblGene reports whether name is an Ensembl gene identifier
// such as ENSG00000141510, ENSMUSG00000051951 or ENSG00000141510.17.
func looksLikeEnsemblGene(name string) bool {
	if len(name) < 10 || name[:3] != "ENS" {
		return false
	}
	i := 3
	for i < len(name) && name[i] >= 'A' && name[i] <= 'Z' && name[i] != 'G' {
		i++
	}
	if i >= len(name) || name[i] != 'G' {
		return false
	}
	i++
	digits := 0
	for i < len(name) && name[i] >= '0' && name[i] <= '9' {
		i++
		digits++
	}
	if digits < 6 {
		return false
	}
	if i == len(name) {
		return true
	}
	if name[i] != '.' || i+1 == len(name) {
		return false
	}
	for i++; i < len(name); i++ {
		if name[i] < '0' || name[i] > '9' {
			return false
		}
	}
	return true
}

// mostly reports whether more than half of names (a sample of at most 500,
// evenly spaced) satisfy pred, and returns one example that does.
func mostly(names []string, pred func(string) bool) (bool, string) {
	if len(names) == 0 {
		return false, ""
	}
	step := max(1, len(names)/500)
	n, hits, example := 0, 0, ""
	for i := 0; i < len(names); i += step {
		n++
		if pred(names[i]) {
			hits++
			if example == "" {
				example = names[i]
			}
		}
	}
	return 2*hits > n, example
}

// checkOrientation returns an error when the names suggest that cells and
// genes were swapped. source names the file; genesInRows is the orientation
// the file was read with.
func checkOrientation(source string, cells, genes []string, genesInRows bool) error {
	geneAxis := "columns"
	fix := "add --genes-in-rows (ReadOptions.GenesInRows) if genes are the rows"
	if genesInRows {
		geneAxis = "rows"
		fix = "drop --genes-in-rows (ReadOptions.GenesInRows) if cells are the rows"
	}
	if barcodes, ex := mostly(genes, looksLikeBarcode); barcodes {
		if cellsToo, _ := mostly(cells, looksLikeBarcode); !cellsToo {
			return fmt.Errorf("%s: the gene names (the %s) look like cell barcodes, e.g. %q: the table seems to be oriented the other way; %s",
				source, geneAxis, ex, fix)
		}
	}
	if ensembl, ex := mostly(cells, looksLikeEnsemblGene); ensembl {
		if genesToo, _ := mostly(genes, looksLikeEnsemblGene); !genesToo {
			return fmt.Errorf("%s: the cell names look like gene identifiers, e.g. %q: the table seems to be oriented the other way; %s",
				source, ex, fix)
		}
	}
	return nil
}
