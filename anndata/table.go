package anndata

import (
	"fmt"
	"math"
	"slices"
	"strconv"
	"strings"
)

// ReadTable reads an annotation table (CSV or TSV, plain or gzipped) into a
// Frame: the first line is a header, the first column holds the row names
// (cell barcodes for obs) and the other columns become typed columns, as
// pandas.read_csv followed by anndata's strings_to_categoricals would make
// them: integers → IntColumn, numbers → FloatColumn (empty, NA and NaN are
// NaN), true/false → BoolColumn, and text → Categorical with sorted
// categories when some value repeats, else StringColumn. The delimiter is a
// tab when the header has one, else a comma.
func ReadTable(path string) (*Frame, error) {
	lr, err := openLines(path)
	if err != nil {
		return nil, err
	}
	defer lr.Close()
	header, ok := nextNonBlank(lr)
	if !ok {
		if err := lr.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: empty file: expected a header line of column names", path)
	}
	delim := detectDelimiter(header)
	fields, err := splitFields(header, delim, nil)
	if err != nil {
		return nil, lr.errorf("header: %v", err)
	}
	headerNames := make([]string, len(fields))
	for i, f := range fields {
		headerNames[i] = string(f)
	}
	headerLine := lr.line
	var (
		index     []string
		lines     []int
		colNames  []string
		indexName string
		values    [][]string
	)
	for {
		line, ok := nextNonBlank(lr)
		if !ok {
			break
		}
		if fields, err = splitFields(line, delim, fields); err != nil {
			return nil, lr.errorf("%v", err)
		}
		if colNames == nil {
			switch len(fields) {
			case len(headerNames):
				indexName, colNames = headerNames[0], headerNames[1:]
			case len(headerNames) + 1:
				colNames = headerNames
			default:
				return nil, lr.errorf("the first row has %d fields but the header on line %d has %d", len(fields), headerLine, len(headerNames))
			}
			values = make([][]string, len(colNames))
		}
		if len(fields) != len(colNames)+1 {
			return nil, lr.errorf("row %q has %d fields, expected %d (a row name and %d values)", fields[0], len(fields), len(colNames)+1, len(colNames))
		}
		index = append(index, string(fields[0]))
		lines = append(lines, lr.line)
		for k, f := range fields[1:] {
			values[k] = append(values[k], string(f))
		}
	}
	if err := lr.Err(); err != nil {
		return nil, err
	}
	if len(index) == 0 {
		return nil, fmt.Errorf("%s: the table has a header but no rows", path)
	}
	if _, err := uniqueNames(index, "row", func(i int) string { return fmt.Sprintf("line %d", lines[i]) }, false); err != nil {
		return nil, fmt.Errorf("%s: %w", path, err)
	}
	f := NewFrame(index)
	f.IndexName = indexName
	for k, name := range colNames {
		if name == "" {
			name = "column_" + strconv.Itoa(k+2)
		}
		if f.Col(name) != nil {
			return nil, fmt.Errorf("%s: line %d (the header): column name %q appears twice", path, headerLine, name)
		}
		if err := f.Set(name, inferColumn(values[k])); err != nil {
			return nil, fmt.Errorf("%s: %w", path, err)
		}
	}
	return f, nil
}

// inferColumn types a column of text values (see ReadTable).
func inferColumn(values []string) Column {
	if ints, ok := parseInts(values); ok {
		return &IntColumn{ints}
	}
	if floats, ok := parseFloats(values); ok {
		return &FloatColumn{floats}
	}
	if bools, ok := parseBools(values); ok {
		return &BoolColumn{bools}
	}
	c := NewCategorical(values)
	if len(c.Categories) >= len(values) {
		return &StringColumn{values}
	}
	sortCategories(c)
	return c
}

func parseInts(values []string) ([]int64, bool) {
	out := make([]int64, len(values))
	for i, v := range values {
		n, err := strconv.ParseInt(v, 10, 64)
		if err != nil {
			return nil, false
		}
		out[i] = n
	}
	return out, true
}

// isMissing reports whether v is one of pandas' default missing markers
// that regula accepts.
func isMissing(v string) bool {
	switch v {
	case "", "NA", "NaN", "nan", "N/A", "null":
		return true
	}
	return false
}

func parseFloats(values []string) ([]float64, bool) {
	out := make([]float64, len(values))
	numbers := 0
	for i, v := range values {
		if isMissing(v) {
			out[i] = math.NaN()
			continue
		}
		x, err := strconv.ParseFloat(v, 64)
		if err != nil {
			return nil, false
		}
		out[i] = x
		numbers++
	}
	return out, numbers > 0
}

func parseBools(values []string) ([]bool, bool) {
	out := make([]bool, len(values))
	for i, v := range values {
		switch strings.ToLower(v) {
		case "true":
			out[i] = true
		case "false":
		default:
			return nil, false
		}
	}
	return out, true
}

// sortCategories reorders c's categories lexicographically, as pandas does
// for categoricals made from strings, and recodes the values. Missing
// markers (see isMissing) become missing values.
func sortCategories(c *Categorical) {
	order := make([]int, len(c.Categories))
	for i := range order {
		order[i] = i
	}
	slices.SortFunc(order, func(a, b int) int { return strings.Compare(c.Categories[a], c.Categories[b]) })
	recode := make([]int32, len(c.Categories))
	var sorted []string
	for _, old := range order {
		if isMissing(c.Categories[old]) {
			recode[old] = -1
			continue
		}
		recode[old] = int32(len(sorted))
		sorted = append(sorted, c.Categories[old])
	}
	for i, code := range c.Codes {
		if code >= 0 {
			c.Codes[i] = recode[code]
		}
	}
	c.Categories = sorted
}

// JoinObs adds the columns of table to a's obs, matching rows by cell name;
// rows of table for cells not in a are ignored and columns already in obs
// are replaced. It returns an error naming (up to five of) the cells that
// the table lacks.
func (a *AnnData) JoinObs(table *Frame) error {
	rowOf, err := table.Lookup()
	if err != nil {
		return err
	}
	idx := make([]int, a.NObs())
	var missing []string
	nMissing := 0
	for i, cell := range a.CellNames() {
		r, ok := rowOf[cell]
		if !ok {
			nMissing++
			if len(missing) < 5 {
				missing = append(missing, strconv.Quote(cell))
			}
			continue
		}
		idx[i] = r
	}
	if nMissing > 0 {
		more := ""
		if nMissing > len(missing) {
			more = ", …"
		}
		return fmt.Errorf("%d of %d cells have no row in the table: %s%s", nMissing, a.NObs(), strings.Join(missing, ", "), more)
	}
	for _, name := range table.Names() {
		if err := a.Obs.Set(name, table.Col(name).Subset(idx)); err != nil {
			return err
		}
	}
	return nil
}

// ReadObsTable reads an annotation table with ReadTable and joins it into
// a's obs with JoinObs.
func ReadObsTable(a *AnnData, path string) error {
	t, err := ReadTable(path)
	if err != nil {
		return err
	}
	if err := a.JoinObs(t); err != nil {
		return fmt.Errorf("%s: %w", path, err)
	}
	return nil
}
