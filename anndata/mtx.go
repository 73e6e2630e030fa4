package anndata

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strconv"
	"strings"
)

// mtxBanner starts every Matrix Market file.
const mtxBanner = "%%MatrixMarket"

// ReadMTX reads a Matrix Market coordinate matrix (.mtx, or gzipped) with
// separate lists of cell and gene names. The lists come from
// opts.CellsFile and opts.GenesFile, or are looked for beside the matrix:
// barcodes.tsv (or cells.tsv) and genes.tsv (or features.tsv), optionally
// gzipped or .txt, and optionally sharing a prefix with the matrix file
// (10x-10k-subset.barcodes.tsv beside 10x-10k-subset.counts.mtx.gz).
//
// The orientation follows from the list lengths: a matrix with as many rows
// as genes and columns as cells is genes × cells. Only a square matrix with
// equally long lists is ambiguous; opts.GenesInRows then decides. A gene
// list with several columns (ID, symbol[, type]) gives gene symbols as names
// and var columns gene_ids and feature_types, as in scanpy. X is CSR.
func ReadMTX(path string, opts ReadOptions) (*AnnData, error) {
	cellsPath, genesPath := opts.CellsFile, opts.GenesFile
	if cellsPath == "" || genesPath == "" {
		c, g := findMTXLists(path)
		if cellsPath == "" {
			cellsPath = c
		}
		if genesPath == "" {
			genesPath = g
		}
	}
	if cellsPath == "" {
		return nil, fmt.Errorf("%s: no list of cell names found beside the matrix (looked for barcodes.tsv[.gz] or cells.tsv[.gz]); name it with --cells (ReadOptions.CellsFile)", path)
	}
	if genesPath == "" {
		return nil, fmt.Errorf("%s: no list of gene names found beside the matrix (looked for genes.tsv[.gz] or features.tsv[.gz]); name it with --genes (ReadOptions.GenesFile)", path)
	}
	return readMTXWithLists(path, cellsPath, genesPath, opts)
}

// findMTXLists looks for cell and gene lists beside an .mtx file, trying
// the longest prefixes of the matrix's name (cut at '.', '_' or '-') first
// and finally no prefix.
func findMTXLists(mtxPath string) (cells, genes string) {
	dir, base := filepath.Split(mtxPath)
	var prefixes []string
	for i := len(base) - 1; i > 0; i-- {
		if c := base[i-1]; c == '.' || c == '_' || c == '-' {
			prefixes = append(prefixes, base[:i])
		}
	}
	prefixes = append(prefixes, "")
	exts := []string{".tsv", ".tsv.gz", ".txt", ".txt.gz", ".csv", ".csv.gz"}
	for _, p := range prefixes {
		if cells == "" {
			cells = findBeside(dir, p, []string{"barcodes", "cells"}, exts)
		}
		if genes == "" {
			genes = findBeside(dir, p, []string{"features", "genes"}, exts)
		}
	}
	return cells, genes
}

// isFile reports whether path names an existing regular file.
func isFile(path string) bool {
	st, err := os.Stat(path)
	return err == nil && st.Mode().IsRegular()
}

// readMTXWithLists reads a Matrix Market matrix and its name lists.
func readMTXWithLists(path, cellsPath, genesPath string, opts ReadOptions) (*AnnData, error) {
	m, err := readMTXEntries(path)
	if err != nil {
		return nil, err
	}
	cellList, err := readNameList(cellsPath)
	if err != nil {
		return nil, err
	}
	geneList, err := readNameList(genesPath)
	if err != nil {
		return nil, err
	}
	nc, ng := cellList.len(), geneList.len()
	genesRows := m.rows == ng && m.cols == nc
	cellsRows := m.rows == nc && m.cols == ng
	switch {
	case genesRows && cellsRows:
		genesRows = opts.GenesInRows
	case !genesRows && !cellsRows:
		return nil, fmt.Errorf("%s: the header (line %d) declares a %d × %d matrix, which matches neither %d genes × %d cells nor the reverse (%d names in %s, %d in %s)",
			path, m.sizeLine, m.rows, m.cols, ng, nc, ng, genesPath, nc, cellsPath)
	}
	cells := cellList.cols[0]
	genes := geneList.geneNames(opts.GeneIDsAsNames)
	if genesRows && cellsRows && !opts.SkipOrientationCheck {
		// Square and ambiguous: the names are the only hint.
		if err := checkOrientation(path, cells, genes, genesRows); err != nil {
			return nil, err
		}
	}
	if cells, err = uniqueNames(cells, "cell", nameAt(cellsPath, 1), opts.MakeUnique); err != nil {
		return nil, err
	}
	if genes, err = uniqueNames(genes, "gene", nameAt(genesPath, 1), opts.MakeUnique); err != nil {
		return nil, err
	}
	var x *CSR
	if genesRows {
		x = cooToCSR(m.cols, m.rows, m.j, m.i, m.v)
	} else {
		x = cooToCSR(m.rows, m.cols, m.i, m.j, m.v)
	}
	a, err := New(x, cells, genes)
	if err != nil {
		return nil, err
	}
	if err := geneList.geneColumns(a.Var, opts.GeneIDsAsNames); err != nil {
		return nil, err
	}
	return a, nil
}

// coo is a matrix read from a Matrix Market file as 0-based triplets.
type coo struct {
	rows, cols int
	i, j       []int32
	v          []float32
	// sizeLine is the file line of the "rows cols entries" header.
	sizeLine int
}

// maxPrealloc bounds the entries allocated up front from a header's count,
// so a corrupt header cannot trigger a huge allocation.
const maxPrealloc = 1 << 26

// readMTXEntries parses a Matrix Market coordinate file.
func readMTXEntries(path string) (*coo, error) {
	lr, err := openLines(path)
	if err != nil {
		return nil, err
	}
	defer lr.Close()
	banner, ok := lr.next()
	if !ok {
		if err := lr.Err(); err != nil {
			return nil, err
		}
		return nil, fmt.Errorf("%s: empty file: expected a %q header line", path, mtxBanner)
	}
	pattern, symmetric, err := parseMTXBanner(banner)
	if err != nil {
		return nil, lr.errorf("%v", err)
	}
	var size []byte
	for {
		line, ok := lr.next()
		if !ok {
			if err := lr.Err(); err != nil {
				return nil, err
			}
			return nil, fmt.Errorf("%s: the file ends before the size line (rows columns entries)", path)
		}
		if t := bytes.TrimSpace(line); len(t) > 0 && t[0] != '%' {
			size = t
			break
		}
	}
	var dims [3]int
	rest := size
	for k := range dims {
		var tok []byte
		tok, rest = nextToken(rest)
		n, err := strconv.Atoi(string(tok))
		if err != nil || n < 0 {
			return nil, lr.errorf("expected the size line \"rows columns entries\" (three non-negative integers), got %q", size)
		}
		dims[k] = n
	}
	m := &coo{rows: dims[0], cols: dims[1], sizeLine: lr.line}
	nnz := dims[2]
	if m.rows > 1<<31-1 || m.cols > 1<<31-1 {
		return nil, lr.errorf("matrix too large: %d × %d", m.rows, m.cols)
	}
	if symmetric && m.rows != m.cols {
		return nil, lr.errorf("the matrix is declared symmetric but is not square (%d × %d)", m.rows, m.cols)
	}
	// Every entry takes a line, so the file's size also bounds the entries
	// (gzip rarely packs an entry into less than a byte; if it does, the
	// slices simply grow).
	capacity := min(nnz, maxPrealloc)
	if st, err := os.Stat(path); err == nil {
		capacity = min(capacity, int(st.Size()))
	}
	if symmetric {
		capacity = 2 * min(capacity, maxPrealloc/2) // 2*nnz could overflow
	}
	m.i = make([]int32, 0, capacity)
	m.j = make([]int32, 0, capacity)
	m.v = make([]float32, 0, capacity)
	read := 0
	for {
		line, ok := lr.next()
		if !ok {
			break
		}
		rest := line
		var ti, tj, tv []byte
		ti, rest = nextToken(rest)
		if len(ti) == 0 || ti[0] == '%' {
			continue // blank or comment line
		}
		if read == nnz {
			return nil, lr.errorf("more entries than the %d declared on line %d", nnz, m.sizeLine)
		}
		tj, rest = nextToken(rest)
		if !pattern {
			tv, rest = nextToken(rest)
		}
		if len(tj) == 0 || (!pattern && len(tv) == 0) {
			return nil, lr.errorf("expected \"row column value\", got %q", line)
		}
		r, err := parseIndex(ti, m.rows, "row")
		if err != nil {
			return nil, lr.errorf("%v (the size line %d declares %d × %d)", err, m.sizeLine, m.rows, m.cols)
		}
		c, err := parseIndex(tj, m.cols, "column")
		if err != nil {
			return nil, lr.errorf("%v (the size line %d declares %d × %d)", err, m.sizeLine, m.rows, m.cols)
		}
		v := float32(1)
		if !pattern {
			if v, err = parseValue(tv); err != nil {
				return nil, lr.errorf("cannot read the value %q as a number", tv)
			}
		}
		m.i, m.j, m.v = append(m.i, r), append(m.j, c), append(m.v, v)
		if symmetric && r != c {
			m.i, m.j, m.v = append(m.i, c), append(m.j, r), append(m.v, v)
		}
		read++
	}
	if err := lr.Err(); err != nil {
		return nil, err
	}
	if read != nnz {
		return nil, fmt.Errorf("%s: %d entries, but the size line %d declares %d: is the file truncated?", path, read, m.sizeLine, nnz)
	}
	return m, nil
}

// parseMTXBanner checks the %%MatrixMarket line and reports whether the
// entries carry no values (pattern) and whether only one triangle is stored
// (symmetric).
func parseMTXBanner(line []byte) (pattern, symmetric bool, err error) {
	f := strings.Fields(strings.ToLower(string(line)))
	if len(f) != 5 || f[0] != strings.ToLower(mtxBanner) || f[1] != "matrix" {
		return false, false, fmt.Errorf("expected a header like \"%%%%MatrixMarket matrix coordinate real general\", got %q", line)
	}
	if f[2] != "coordinate" {
		return false, false, fmt.Errorf("only the coordinate (sparse) Matrix Market format is supported, not %q", f[2])
	}
	switch f[3] {
	case "real", "integer", "double":
	case "pattern":
		pattern = true
	default:
		return false, false, fmt.Errorf("unsupported Matrix Market field %q (want real, integer or pattern)", f[3])
	}
	switch f[4] {
	case "general":
	case "symmetric":
		symmetric = true
	default:
		return false, false, fmt.Errorf("unsupported Matrix Market symmetry %q (want general or symmetric)", f[4])
	}
	return pattern, symmetric, nil
}

// nextToken returns the next whitespace-separated token of b and the rest.
func nextToken(b []byte) (tok, rest []byte) {
	i := 0
	for i < len(b) && (b[i] == ' ' || b[i] == '\t') {
		i++
	}
	j := i
	for j < len(b) && b[j] != ' ' && b[j] != '\t' {
		j++
	}
	return b[i:j], b[j:]
}

// errBadIndex reports an index that is not a positive integer.
var errBadIndex = errors.New("not a positive integer")

// parseIndex parses a 1-based index in 1..n and returns it 0-based.
func parseIndex(tok []byte, n int, what string) (int32, error) {
	k, ok := smallUint(tok)
	if !ok {
		v, err := strconv.ParseInt(string(tok), 10, 64)
		if err != nil {
			return 0, fmt.Errorf("%s index %q: %w", what, tok, errBadIndex)
		}
		if v < 1 || v > int64(n) {
			return 0, fmt.Errorf("%s index %d is outside 1..%d", what, v, n)
		}
		k = int(v)
	}
	if k < 1 || k > n {
		return 0, fmt.Errorf("%s index %d is outside 1..%d", what, k, n)
	}
	return int32(k - 1), nil
}
