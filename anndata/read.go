package anndata

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"
)

// ReadOptions controls how Read and the text readers interpret a file.
type ReadOptions struct {
	// GenesInRows reads a delimited table as genes × cells (rows are genes,
	// columns cells), the BEELINE and Seurat convention; by default rows are
	// cells. For Matrix Market files the orientation follows from the
	// lengths of the name lists, and GenesInRows only settles a square
	// matrix.
	GenesInRows bool
	// CellsFile and GenesFile name the cell (barcode) and gene (feature)
	// lists of a Matrix Market file. When empty, the lists are looked for
	// beside the matrix (barcodes.tsv, genes.tsv, features.tsv, optionally
	// gzipped and sharing the matrix file's prefix).
	CellsFile, GenesFile string
	// MakeUnique renames duplicated cell or gene names as scanpy's
	// var_names_make_unique does (MakeNamesUnique) instead of failing.
	MakeUnique bool
	// GeneIDsAsNames uses the first column of a gene list with two or three
	// columns (the gene IDs, e.g. Ensembl) as gene names instead of the
	// second (the symbols, scanpy's default).
	GeneIDsAsNames bool
	// SkipOrientationCheck disables the check that rejects tables whose
	// gene names look like cell barcodes (or cell names like gene IDs).
	SkipOrientationCheck bool
}

// Format is a file format regula reads or writes.
type Format int

// The formats Read and Write recognise.
const (
	FormatUnknown   Format = iota
	FormatH5AD             // AnnData's HDF5 file (.h5ad)
	Format10xH5            // Cell Ranger HDF5 matrix (.h5)
	Format10xDir           // Cell Ranger matrix directory
	FormatMTX              // Matrix Market (.mtx, .mtx.gz)
	FormatDelimited        // CSV/TSV table (.csv, .tsv, .txt, optionally .gz)
)

// String returns the format's name as shown in messages.
func (f Format) String() string {
	switch f {
	case FormatH5AD:
		return "h5ad"
	case Format10xH5:
		return "10x h5"
	case Format10xDir:
		return "10x directory"
	case FormatMTX:
		return "Matrix Market"
	case FormatDelimited:
		return "delimited text"
	}
	return "unknown"
}

// FormatOf returns the format of path from its name: a directory is a 10x
// matrix directory; otherwise the extension decides, ignoring a trailing
// .gz. It returns FormatUnknown for other names (Read then looks at the
// content).
func FormatOf(path string) Format {
	if st, err := os.Stat(path); err == nil && st.IsDir() {
		return Format10xDir
	}
	name := strings.ToLower(filepath.Base(path))
	name = strings.TrimSuffix(name, ".gz")
	switch filepath.Ext(name) {
	case ".h5ad":
		return FormatH5AD
	case ".h5", ".hdf5":
		return Format10xH5
	case ".mtx":
		return FormatMTX
	case ".csv", ".tsv", ".txt", ".tab":
		return FormatDelimited
	}
	return FormatUnknown
}

// hdf5Magic starts every HDF5 file.
var hdf5Magic = []byte("\x89HDF\r\n\x1a\n")

// sniffFormat guesses the format of a file with an unfamiliar name from its
// first bytes (after gzip decompression).
func sniffFormat(path string) (Format, error) {
	f, err := os.Open(path)
	if err != nil {
		return FormatUnknown, err
	}
	head := make([]byte, len(hdf5Magic))
	n, _ := io.ReadFull(f, head)
	f.Close()
	if bytes.Equal(head[:n], hdf5Magic) {
		return FormatH5AD, nil
	}
	rc, err := OpenText(path)
	if err != nil {
		return FormatUnknown, err
	}
	defer rc.Close()
	start := make([]byte, len(mtxBanner))
	n, _ = io.ReadFull(rc, start)
	if strings.EqualFold(string(start[:n]), mtxBanner) {
		return FormatMTX, nil
	}
	return FormatDelimited, nil
}

// Read reads a single-cell dataset, choosing the reader from the path: a
// directory is read as a 10x Cell Ranger matrix directory (Read10xDir),
// .h5ad with ReadH5AD, .h5 with Read10xH5, .mtx[.gz] with ReadMTX and
// .csv/.tsv/.txt[.gz] with ReadDelimited. Other names are recognised by
// their content. The result has cells in rows.
func Read(path string, opts ReadOptions) (*AnnData, error) {
	format := FormatOf(path)
	if format == FormatUnknown {
		var err error
		if format, err = sniffFormat(path); err != nil {
			return nil, err
		}
	}
	var (
		a   *AnnData
		err error
	)
	switch format {
	case Format10xDir:
		return Read10xDir(path, opts)
	case FormatMTX:
		return ReadMTX(path, opts)
	case FormatDelimited:
		return ReadDelimited(path, opts)
	case FormatH5AD:
		a, err = ReadH5AD(path)
	case Format10xH5:
		a, err = Read10xH5(path)
	}
	if err != nil {
		return nil, err
	}
	if opts.MakeUnique {
		a.Obs.Index = MakeNamesUnique(a.Obs.Index)
		a.Var.Index = MakeNamesUnique(a.Var.Index)
	}
	return a, nil
}

// nameAt returns a locator for uniqueNames that reports 1-based line
// numbers of a name list file, offset by the lines before the first name.
func nameAt(path string, firstLine int) func(i int) string {
	return func(i int) string { return fmt.Sprintf("%s line %d", path, firstLine+i) }
}
