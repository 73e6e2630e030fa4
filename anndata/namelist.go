package anndata

import (
	"bytes"
	"fmt"
	"path/filepath"
	"strings"
)

// nameList is a list of names read from a barcodes/genes/features file: one
// record per line, tab-separated columns (comma-separated for .csv).
type nameList struct {
	path string
	// cols[k][i] is column k of record i; every record has len(cols) columns.
	cols [][]string
}

// maxNameListColumns is how many columns of a name list are kept (10x
// features.tsv: ID, symbol, feature type).
const maxNameListColumns = 3

// readNameList reads a name list. Every non-empty line is one record, and
// all records must have the same number of columns; blank lines may only
// end the file.
func readNameList(path string) (*nameList, error) {
	lr, err := openLines(path)
	if err != nil {
		return nil, err
	}
	defer lr.Close()
	delim := byte('\t')
	if strings.HasSuffix(strings.TrimSuffix(strings.ToLower(path), ".gz"), ".csv") {
		delim = ','
	}
	nl := &nameList{path: path}
	var fields [][]byte
	blankLine := 0
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		if len(bytes.TrimSpace(line)) == 0 {
			if blankLine == 0 {
				blankLine = lr.line
			}
			continue
		}
		if blankLine != 0 {
			return nil, fmt.Errorf("%s: line %d is blank: a name list has one name per line with no gaps", path, blankLine)
		}
		if fields, err = splitFields(line, delim, fields); err != nil {
			return nil, lr.errorf("%v", err)
		}
		n := min(len(fields), maxNameListColumns)
		if nl.cols == nil {
			nl.cols = make([][]string, n)
		}
		if n != len(nl.cols) {
			return nil, lr.errorf("%d columns, but line 1 has %d", n, len(nl.cols))
		}
		for k := range n {
			if len(fields[k]) == 0 {
				return nil, lr.errorf("column %d is empty", k+1)
			}
			nl.cols[k] = append(nl.cols[k], string(fields[k]))
		}
	}
	if err := lr.Err(); err != nil {
		return nil, err
	}
	if nl.cols == nil {
		return nil, fmt.Errorf("%s: empty file: expected one name per line", path)
	}
	return nl, nil
}

// len returns the number of records.
func (nl *nameList) len() int { return len(nl.cols[0]) }

// geneNames picks the gene names from a gene or feature list: the only
// column, or the symbols (second column) of a list of ID, symbol[, type],
// or the IDs when idsAsNames.
func (nl *nameList) geneNames(idsAsNames bool) []string {
	if len(nl.cols) == 1 || idsAsNames {
		return nl.cols[0]
	}
	return nl.cols[1]
}

// geneColumns adds the var columns of a gene list with several columns:
// gene_ids (or gene_symbols when the IDs are the names) and feature_types,
// as scanpy's read_10x_mtx does.
func (nl *nameList) geneColumns(v *Frame, idsAsNames bool) error {
	if len(nl.cols) == 1 {
		return nil
	}
	var err error
	if idsAsNames {
		err = v.Set("gene_symbols", &StringColumn{nl.cols[1]})
	} else {
		err = v.Set("gene_ids", &StringColumn{nl.cols[0]})
	}
	if err == nil && len(nl.cols) >= 3 {
		err = v.Set("feature_types", NewCategorical(nl.cols[2]))
	}
	return err
}

// findBeside returns the first existing file dir/prefix+stem+ext over the
// given stems and extensions, or "".
func findBeside(dir, prefix string, stems, exts []string) string {
	for _, stem := range stems {
		for _, ext := range exts {
			p := filepath.Join(dir, prefix+stem+ext)
			if isFile(p) {
				return p
			}
		}
	}
	return ""
}
