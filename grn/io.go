package grn

import (
	"bufio"
	"fmt"
	"strings"

	"regula/anndata"
)

// eachRecord calls fn with the fields of every record of a small text file
// (plain or gzipped): lines that are blank or start with '#' are skipped,
// fields are split at tabs when the line has one, else at commas, else at
// runs of spaces, and trimmed of spaces and surrounding double quotes. fn
// receives the 1-based line number; an error it returns stops the scan and
// is returned prefixed with the file name and line.
func eachRecord(path string, fn func(line int, fields []string) error) error {
	rc, err := anndata.OpenText(path)
	if err != nil {
		return err
	}
	defer rc.Close()
	sc := bufio.NewScanner(rc)
	sc.Buffer(make([]byte, 0, 1<<16), 1<<26)
	line := 0
	for sc.Scan() {
		line++
		text := strings.TrimSpace(sc.Text())
		if text == "" || text[0] == '#' {
			continue
		}
		if err := fn(line, splitRecord(text)); err != nil {
			return fmt.Errorf("%s: line %d: %w", path, line, err)
		}
	}
	if err := sc.Err(); err != nil {
		return fmt.Errorf("%s: line %d: %w (is the file truncated?)", path, line+1, err)
	}
	return nil
}

// splitRecord splits a line at tabs, else commas, else runs of spaces.
func splitRecord(text string) []string {
	var fields []string
	switch {
	case strings.Contains(text, "\t"):
		fields = strings.Split(text, "\t")
	case strings.Contains(text, ","):
		fields = strings.Split(text, ",")
	default:
		fields = strings.Fields(text)
	}
	for i, f := range fields {
		fields[i] = strings.Trim(strings.TrimSpace(f), `"`)
	}
	return fields
}

// headerWords are first-line field values that mark a header in gene lists
// and network files.
var headerWords = map[string]bool{
	"": true, "gene": true, "genes": true, "gene1": true, "gene2": true, "symbol": true,
	"gene_name": true, "gene_symbol": true, "gene_id": true, "name": true, "id": true,
	"tf": true, "tfs": true, "regulator": true, "target": true, "targets": true,
	"source": true, "from": true, "to": true, "tg": true,
}

// isHeaderWord reports whether a first-line field looks like a column name.
func isHeaderWord(field string) bool { return headerWords[strings.ToLower(field)] }
