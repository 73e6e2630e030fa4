package anndata

import (
	"bytes"
	"fmt"
	"math"
	"strconv"
)

// sparseZeroFraction is the fraction of zeros above which ReadDelimited
// stores X as CSR: from there on CSR (8 bytes per non-zero) is smaller than
// dense storage (4 bytes per entry) by a comfortable margin.
const sparseZeroFraction = 0.7

// ReadDelimited reads a CSV or TSV expression table, plain or gzipped
// (detected from the content). The first line is a header of column names
// (with or without a leading name for the index column, as pandas and R
// write them) and the first column of every other line is the row name.
// Rows are cells unless opts.GenesInRows. The delimiter is a tab when the
// header contains one, else a comma. Values are parsed as float32; NA and
// NaN are NaN. Blank lines are skipped.
//
// X is dense, or CSR when more than 70% of the values are zero. Malformed
// input (ragged rows, unparsable values, duplicate names, a table that looks
// transposed) returns an error naming the file, line and column.
func ReadDelimited(path string, opts ReadOptions) (*AnnData, error) {
	lr, err := openLines(path)
	if err != nil {
		return nil, err
	}
	defer lr.Close()
	t, err := readTable(lr)
	if err != nil {
		return nil, err
	}
	x := &Dense{Rows: len(t.rowNames), Cols: len(t.colNames), Data: t.values}
	rowAt := func(i int) string { return fmt.Sprintf("%s line %d", path, t.rowLines[i]) }
	colAt := func(j int) string {
		return fmt.Sprintf("%s line %d (the header), column %d", path, t.headerLine, j+1+t.headerIndexFields)
	}
	cells, genes := t.rowNames, t.colNames
	cellAt, geneAt := rowAt, colAt
	if opts.GenesInRows {
		x = x.T()
		cells, genes = genes, cells
		cellAt, geneAt = colAt, rowAt
	}
	if !opts.SkipOrientationCheck {
		if err := checkOrientation(path, cells, genes, opts.GenesInRows); err != nil {
			return nil, err
		}
	}
	if cells, err = uniqueNames(cells, "cell", cellAt, opts.MakeUnique); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	if genes, err = uniqueNames(genes, "gene", geneAt, opts.MakeUnique); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	var m Matrix = x
	if n := len(x.Data); n > 0 && float64(n-t.nonZeros) > sparseZeroFraction*float64(n) {
		m = x.ToCSR()
	}
	return New(m, cells, genes)
}

// table is a parsed delimited matrix: row names, column names and the
// values row after row.
type table struct {
	rowNames, colNames []string
	values             []float32
	// rowLines holds the file line of each row; headerLine that of the header.
	rowLines   []int
	headerLine int
	// headerIndexFields is 1 when the header names the index column, else 0.
	headerIndexFields int
	nonZeros          int
}

// detectDelimiter picks tab or comma from a header line: a tab outside
// quotes makes it tab-separated, otherwise comma-separated.
func detectDelimiter(header []byte) byte {
	quoted := false
	for _, c := range header {
		switch {
		case c == '"':
			quoted = !quoted
		case c == '\t' && !quoted:
			return '\t'
		}
	}
	return ','
}

// readTable parses the header and rows of a delimited matrix.
func readTable(lr *lineReader) (*table, error) {
	header, ok := nextNonBlank(lr)
	if !ok {
		if err := lr.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: empty file: expected a header line of column names", lr.path)
	}
	// The header is kept as bytes, and its names made strings only once the
	// first row agrees with it, so that a huge header over a short row
	// fails without allocating a string per name.
	header = bytes.Clone(header)
	delim := detectDelimiter(header)
	headerFields, err := splitFields(header, delim, make([][]byte, 0, bytes.Count(header, []byte{delim})+1))
	if err != nil {
		return nil, lr.errorf("header: %v", err)
	}
	t := &table{headerLine: lr.line}
	var fields [][]byte
	for {
		line, ok := nextNonBlank(lr)
		if !ok {
			break
		}
		if fields, err = splitFields(line, delim, fields); err != nil {
			return nil, lr.errorf("%v", err)
		}
		if t.colNames == nil {
			// The first row settles whether the header names the index
			// column (pandas: one field per column) or not (R: one fewer).
			names := headerFields
			switch len(fields) {
			case len(headerFields):
				names = headerFields[1:]
				t.headerIndexFields = 1
			case len(headerFields) + 1:
			default:
				return nil, lr.errorf("the first row has %d fields but the header on line %d has %d: expected %d or %d (a row name and one value per column)",
					len(fields), t.headerLine, len(headerFields), len(headerFields), len(headerFields)+1)
			}
			if len(names) == 0 {
				return nil, lr.errorf("the table has no value columns (header: %q)", header)
			}
			t.colNames = make([]string, len(names))
			for i, f := range names {
				t.colNames[i] = string(f)
			}
		}
		if len(fields) != len(t.colNames)+1 {
			return nil, lr.errorf("row %q has %d fields, expected %d (a row name and %d values, as on line %d); is a value missing or a delimiter misplaced?",
				fields[0], len(fields), len(t.colNames)+1, len(t.colNames), t.headerLine+1)
		}
		t.rowNames = append(t.rowNames, string(fields[0]))
		t.rowLines = append(t.rowLines, lr.line)
		for j, f := range fields[1:] {
			v, err := parseValue(f)
			if err != nil {
				return nil, lr.errorf("row %q, column %d (%q): cannot read %q as a number", fields[0], j+2, t.colNames[j], f)
			}
			if v != 0 {
				t.nonZeros++
			}
			t.values = append(t.values, v)
		}
	}
	if err := lr.Err(); err != nil {
		return nil, err
	}
	if len(t.rowNames) == 0 {
		return nil, fmt.Errorf("%s: the table has a header but no data rows", lr.path)
	}
	return t, nil
}

// nextNonBlank returns the next line that is not empty or all whitespace.
func nextNonBlank(lr *lineReader) ([]byte, bool) {
	for {
		line, ok := lr.next()
		if !ok {
			return nil, false
		}
		if len(bytes.TrimSpace(line)) > 0 {
			return line, true
		}
	}
}

// parseValue parses a matrix entry: a decimal number (with a fast path for
// small non-negative integers, the common case of count data), NA or NaN.
func parseValue(b []byte) (float32, error) {
	if n, ok := smallUint(b); ok {
		return float32(n), nil
	}
	b = bytes.TrimSpace(b)
	if string(b) == "NA" {
		return float32(math.NaN()), nil
	}
	v, err := strconv.ParseFloat(string(b), 32)
	if err != nil {
		return 0, err
	}
	return float32(v), nil
}

// smallUint parses b when it is 1 to 9 decimal digits.
func smallUint(b []byte) (int, bool) {
	if len(b) == 0 || len(b) > 9 {
		return 0, false
	}
	n := 0
	for _, c := range b {
		if c < '0' || c > '9' {
			return 0, false
		}
		n = n*10 + int(c-'0')
	}
	return n, true
}
