package anndata

import (
	"fmt"
	"os"
	"path/filepath"
)

// Read10xDir reads a 10x Cell Ranger matrix directory: Cell Ranger 2
// (matrix.mtx, genes.tsv, barcodes.tsv) or Cell Ranger 3 and later
// (matrix.mtx.gz, features.tsv.gz, barcodes.tsv.gz), gzipped or not. A
// directory without a matrix but with exactly one subdirectory holding one
// (Cell Ranger 2's per-genome folder, e.g. filtered_gene_bc_matrices/hg19)
// is entered.
//
// As in scanpy's read_10x_mtx, gene names are the symbols (second column;
// the IDs with opts.GeneIDsAsNames) and var gets the columns gene_ids and,
// for Cell Ranger 3, feature_types. Duplicate symbols are an error unless
// opts.MakeUnique. X is cells × genes CSR.
func Read10xDir(dir string, opts ReadOptions) (*AnnData, error) {
	matrix := findBeside(dir, "", []string{"matrix"}, []string{".mtx", ".mtx.gz"})
	if matrix == "" {
		if sub := single10xSubdir(dir); sub != "" {
			return Read10xDir(sub, opts)
		}
		return nil, fmt.Errorf("%s: not a 10x matrix directory: no matrix.mtx or matrix.mtx.gz", dir)
	}
	cells := findBeside(dir, "", []string{"barcodes"}, []string{".tsv", ".tsv.gz"})
	genes := findBeside(dir, "", []string{"features", "genes"}, []string{".tsv", ".tsv.gz"})
	if cells == "" {
		return nil, fmt.Errorf("%s: 10x matrix directory without barcodes.tsv or barcodes.tsv.gz", dir)
	}
	if genes == "" {
		return nil, fmt.Errorf("%s: 10x matrix directory without features.tsv[.gz] or genes.tsv[.gz]", dir)
	}
	// Cell Ranger always writes genes × cells.
	opts.GenesInRows = true
	return readMTXWithLists(matrix, cells, genes, opts)
}

// single10xSubdir returns dir's only subdirectory if it holds a matrix.mtx
// or matrix.mtx.gz, else "".
func single10xSubdir(dir string) string {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return ""
	}
	var sub string
	for _, e := range entries {
		if e.IsDir() {
			if sub != "" {
				return ""
			}
			sub = filepath.Join(dir, e.Name())
		}
	}
	if sub == "" || findBeside(sub, "", []string{"matrix"}, []string{".mtx", ".mtx.gz"}) == "" {
		return ""
	}
	return sub
}
