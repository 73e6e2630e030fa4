package anndata

import (
	"fmt"
	"slices"

	"regula/internal/hdf5"
)

// Read10xH5 reads a 10x Genomics Cell Ranger feature-barcode matrix (.h5),
// in the v3+ layout (one "matrix" group with a "features" subgroup) or the
// v2 layout (one group per reference genome). The file stores the counts
// genes × cells in CSC form; the result is cells × genes CSR with cell
// barcodes as obs names and gene names as var names, plus var columns
// gene_ids and, for v3, feature_types and genome.
//
// A v2 file with several genomes is read whole: the genomes' genes are
// placed side by side (in the order of the file's groups) with a "genome"
// var column, and cells are the union of the genomes' barcodes (a cell
// missing from a genome has zero counts there). Gene names can then repeat
// across genomes; use Read10xH5Genome to read a single genome instead.
func Read10xH5(path string) (*AnnData, error) {
	return read10xH5(path, "")
}

// Read10xH5Genome is Read10xH5 restricted to one reference genome: the
// genome's group in a v2 file, or the features whose genome column equals
// genome in a v3 file.
func Read10xH5Genome(path, genome string) (*AnnData, error) {
	if genome == "" {
		return nil, fmt.Errorf("10x h5 %s: empty genome name", path)
	}
	return read10xH5(path, genome)
}

func read10xH5(path, genome string) (*AnnData, error) {
	f, err := hdf5.Open(path)
	if err != nil {
		return nil, fmt.Errorf("10x h5: %w", err)
	}
	defer f.Close()
	var a *AnnData
	if f.Has("matrix") {
		a, err = read10xV3(&f.Group, genome)
	} else {
		a, err = read10xV2(&f.Group, genome)
	}
	if err != nil {
		return nil, fmt.Errorf("10x h5 %s: %w", path, err)
	}
	return a, nil
}

// tenxMatrix is one CSC block of a 10x file, already seen as cells × genes.
type tenxMatrix struct {
	counts   *CSR
	barcodes []string
}

// readTenxMatrix reads data/indices/indptr/shape/barcodes of group g.
func readTenxMatrix(g *hdf5.Group) (*tenxMatrix, error) {
	shape, err := readNumbers[int64](g, "shape")
	if err != nil {
		return nil, err
	}
	if len(shape) != 2 {
		return nil, fmt.Errorf("%s/shape has %d entries, want 2", g.Path(), len(shape))
	}
	barcodes, err := readStringSet(g, "barcodes")
	if err != nil {
		return nil, err
	}
	// CSC genes × cells is CSR cells × genes.
	if len(barcodes) != int(shape[1]) {
		return nil, fmt.Errorf("%s: %d barcodes for %d cells", g.Path(), len(barcodes), shape[1])
	}
	m, err := readCompressed(g, int(shape[1]), int(shape[0]), "cells")
	if err != nil {
		return nil, err
	}
	return &tenxMatrix{counts: m, barcodes: barcodes}, nil
}

// readStringSet reads the string dataset name of g.
func readStringSet(g *hdf5.Group, name string) ([]string, error) {
	d, err := g.OpenDataset(name)
	if err != nil {
		return nil, err
	}
	defer d.Close()
	return d.ReadStrings()
}

func read10xV3(root *hdf5.Group, genome string) (*AnnData, error) {
	g, err := root.OpenGroup("matrix")
	if err != nil {
		return nil, err
	}
	defer g.Close()
	mat, err := readTenxMatrix(g)
	if err != nil {
		return nil, err
	}
	features := map[string][]string{}
	for _, name := range []string{"name", "id", "feature_type", "genome"} {
		if name == "genome" && !g.Has("features/genome") {
			continue
		}
		if features[name], err = readStringSet(g, "features/"+name); err != nil {
			return nil, err
		}
		if len(features[name]) != mat.counts.Cols {
			return nil, fmt.Errorf("features/%s has %d entries for %d features", name, len(features[name]), mat.counts.Cols)
		}
	}
	a, err := New(mat.counts, mat.barcodes, features["name"])
	if err != nil {
		return nil, err
	}
	a.Var.Set("gene_ids", &StringColumn{features["id"]})
	a.Var.Set("feature_types", &StringColumn{features["feature_type"]})
	if gen := features["genome"]; gen != nil {
		a.Var.Set("genome", &StringColumn{gen})
	}
	if genome == "" {
		return a, nil
	}
	var keep []int
	for j, gname := range features["genome"] {
		if gname == genome {
			keep = append(keep, j)
		}
	}
	if len(keep) == 0 {
		return nil, fmt.Errorf("no features of genome %q (have %v)", genome, distinct(features["genome"]))
	}
	return a.SubsetVars(keep), nil
}

// distinct returns the distinct values of v in order of appearance.
func distinct(v []string) []string {
	var out []string
	for _, s := range v {
		if !slices.Contains(out, s) {
			out = append(out, s)
		}
	}
	return out
}

func read10xV2(root *hdf5.Group, genome string) (*AnnData, error) {
	genomes, err := root.Members()
	if err != nil {
		return nil, err
	}
	// Genome groups are those holding a matrix.
	genomes = slices.DeleteFunc(genomes, func(name string) bool {
		return !root.Has(name+"/indptr") || !root.Has(name+"/barcodes")
	})
	if len(genomes) == 0 {
		return nil, fmt.Errorf("no matrix group (v3 \"matrix\" or v2 genome groups with indptr and barcodes): not a 10x Cell Ranger .h5 file")
	}
	if genome != "" {
		if !slices.Contains(genomes, genome) {
			return nil, fmt.Errorf("no genome %q (have %v)", genome, genomes)
		}
		genomes = []string{genome}
	}
	parts := make([]*tenxMatrix, len(genomes))
	var geneNames, geneIDs, genomeCol []string
	for i, name := range genomes {
		g, err := root.OpenGroup(name)
		if err != nil {
			return nil, err
		}
		parts[i], err = readTenxMatrix(g)
		if err == nil {
			var names, ids []string
			if names, err = readStringSet(g, "gene_names"); err == nil {
				ids, err = readStringSet(g, "genes")
			}
			if err == nil && (len(names) != parts[i].counts.Cols || len(ids) != parts[i].counts.Cols) {
				err = fmt.Errorf("%s: %d gene names and %d gene ids for %d genes", g.Path(), len(names), len(ids), parts[i].counts.Cols)
			}
			geneNames = append(geneNames, names...)
			geneIDs = append(geneIDs, ids...)
			for range names {
				genomeCol = append(genomeCol, name)
			}
		}
		g.Close()
		if err != nil {
			return nil, err
		}
	}
	counts, barcodes := hstackByBarcode(parts)
	a, err := New(counts, barcodes, geneNames)
	if err != nil {
		return nil, err
	}
	a.Var.Set("gene_ids", &StringColumn{geneIDs})
	if len(genomes) > 1 {
		a.Var.Set("genome", &StringColumn{genomeCol})
	}
	return a, nil
}

// hstackByBarcode places the genomes' matrices side by side, aligning rows
// on the union of their barcodes (in order of first appearance).
func hstackByBarcode(parts []*tenxMatrix) (*CSR, []string) {
	if len(parts) == 1 {
		return parts[0].counts, parts[0].barcodes
	}
	row := map[string]int{}
	var barcodes []string
	for _, p := range parts {
		for _, b := range p.barcodes {
			if _, ok := row[b]; !ok {
				row[b] = len(barcodes)
				barcodes = append(barcodes, b)
			}
		}
	}
	// For every output row, the source row in each part (or -1).
	src := make([][]int, len(parts))
	cols := 0
	for k, p := range parts {
		src[k] = slices.Repeat([]int{-1}, len(barcodes))
		for i, b := range p.barcodes {
			src[k][row[b]] = i
		}
		cols += p.counts.Cols
	}
	out := &CSR{Rows: len(barcodes), Cols: cols, Indptr: make([]int64, len(barcodes)+1)}
	for i := range barcodes {
		offset := int32(0)
		for k, p := range parts {
			if r := src[k][i]; r >= 0 {
				idx, vals := p.counts.RowView(r)
				for _, c := range idx {
					out.Indices = append(out.Indices, c+offset)
				}
				out.Data = append(out.Data, vals...)
			}
			offset += int32(p.counts.Cols)
		}
		out.Indptr[i+1] = int64(len(out.Data))
	}
	return out, barcodes
}
