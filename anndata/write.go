package anndata

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"path/filepath"
	"strconv"
	"strings"

	"regula/internal/atomicfile"
)

// WriteOptions controls how Write and WriteDelimited lay out a table.
type WriteOptions struct {
	// GenesInRows writes genes as rows and cells as columns (the BEELINE
	// convention); by default rows are cells.
	GenesInRows bool
}

// Write writes a to path in the format its name asks for: .h5ad with
// WriteH5AD; .csv, .tsv or .txt, optionally followed by .gz, with
// WriteDelimited. The file is written atomically.
func Write(path string, a *AnnData, opts WriteOptions) error {
	switch FormatOf(path) {
	case FormatH5AD:
		return WriteH5AD(path, a)
	case FormatDelimited:
		return WriteDelimited(path, a, opts)
	}
	return fmt.Errorf("%s: cannot tell the output format from the name: use .h5ad, or .csv/.tsv/.txt (optionally .gz)", path)
}

// WriteDelimited writes X as a delimited table with a header of column
// names and the row names in the first column (an empty header field above
// them, as pandas writes). A name ending in .csv[.gz] gives commas, other
// names tabs; a .gz suffix compresses with gzip. Values are written in the
// shortest form that reads back as the same float32. Only X and the names
// are written; obs, var and the other annotations are not. The file is
// written atomically.
func WriteDelimited(path string, a *AnnData, opts WriteOptions) error {
	if a == nil || a.X == nil {
		return fmt.Errorf("write %s: no AnnData or no X", path)
	}
	if err := a.Validate(); err != nil {
		return fmt.Errorf("write %s: %w", path, err)
	}
	name := strings.ToLower(filepath.Base(path))
	gz := strings.HasSuffix(name, ".gz")
	delim := byte('\t')
	if strings.HasSuffix(strings.TrimSuffix(name, ".gz"), ".csv") {
		delim = ','
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		var zw *gzip.Writer
		if gz {
			zw = gzip.NewWriter(w)
			w = zw
		}
		bw := bufio.NewWriterSize(w, 1<<16)
		if err := writeTable(bw, a, opts.GenesInRows, delim); err != nil {
			return err
		}
		if err := bw.Flush(); err != nil {
			return err
		}
		if zw != nil {
			return zw.Close()
		}
		return nil
	})
}

// writeTable writes the header and one line per row of X (or of its
// transpose when genesInRows).
func writeTable(w *bufio.Writer, a *AnnData, genesInRows bool, delim byte) error {
	rowNames, colNames := a.CellNames(), a.GeneNames()
	var x Matrix = a.X
	if genesInRows {
		rowNames, colNames = colNames, rowNames
		switch t := x.(type) {
		case *Dense:
			x = t.T()
		case *CSR:
			x = t.Transpose()
		}
	}
	var buf []byte
	for _, n := range colNames {
		buf = append(buf, delim)
		buf = appendField(buf, n)
	}
	buf = append(buf, '\n')
	if _, err := w.Write(buf); err != nil {
		return err
	}
	dense, _ := x.(*Dense)
	sparse, _ := x.(*CSR)
	if dense == nil && sparse == nil {
		dense = x.ToDense()
	}
	for i, n := range rowNames {
		buf = appendField(buf[:0], n)
		if dense != nil {
			for _, v := range dense.Row(i) {
				buf = append(buf, delim)
				buf = appendValue(buf, v)
			}
		} else {
			cols, vals := sparse.RowView(i)
			k := 0
			for j := range len(colNames) {
				buf = append(buf, delim)
				if k < len(cols) && int(cols[k]) == j {
					buf = appendValue(buf, vals[k])
					k++
				} else {
					buf = append(buf, '0')
				}
			}
		}
		buf = append(buf, '\n')
		if _, err := w.Write(buf); err != nil {
			return err
		}
	}
	return nil
}

// appendValue appends v in the shortest form that parses back to v.
func appendValue(buf []byte, v float32) []byte {
	if v == 0 {
		return append(buf, '0')
	}
	return strconv.AppendFloat(buf, float64(v), 'g', -1, 32)
}

// appendField appends a name, quoting it when it holds a comma or a tab
// (either could be taken for the delimiter when reading), a quote or a line
// break.
func appendField(buf []byte, s string) []byte {
	if !strings.ContainsAny(s, "\"\n\r\t,") {
		return append(buf, s...)
	}
	buf = append(buf, '"')
	buf = append(buf, strings.ReplaceAll(s, `"`, `""`)...)
	return append(buf, '"')
}
