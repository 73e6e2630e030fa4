package grn

import (
	"bufio"
	"compress/gzip"
	"fmt"
	"io"
	"slices"
	"strconv"
	"strings"

	"regula/internal/atomicfile"
)

// rankedHeader is the header line of BEELINE's ranked edge files.
const rankedHeader = "Gene1\tGene2\tEdgeWeight"

// ReadRankedEdges reads a ranked edge list in BEELINE's format,
// Gene1<TAB>Gene2<TAB>EdgeWeight (commas are accepted too), with or without
// the header line. Edges are returned in file order.
func ReadRankedEdges(path string) ([]Edge, error) {
	var edges []Edge
	first := true
	err := eachRecord(path, func(line int, f []string) error {
		if len(f) < 3 {
			return fmt.Errorf("expected \"Gene1<TAB>Gene2<TAB>EdgeWeight\", got %d field(s) %q", len(f), f)
		}
		w, err := strconv.ParseFloat(f[2], 64)
		if first {
			first = false
			if err != nil {
				return nil // header
			}
		}
		if err != nil {
			return fmt.Errorf("edge %s → %s: weight %q is not a number", f[0], f[1], f[2])
		}
		if f[0] == "" || f[1] == "" {
			return fmt.Errorf("empty gene name")
		}
		if strings.ContainsRune(f[0], '\r') || strings.ContainsRune(f[1], '\r') {
			return fmt.Errorf("edge %q → %q: a gene name holds a carriage return", f[0], f[1])
		}
		edges = append(edges, Edge{From: f[0], To: f[1], Weight: w})
		return nil
	})
	if err != nil {
		return nil, err
	}
	return edges, nil
}

// WriteRankedEdges writes edges in BEELINE's ranked format: the header
// Gene1<TAB>Gene2<TAB>EdgeWeight, then one edge per line sorted by
// decreasing |weight| (ties by regulator, then target; see SortEdges).
// The input slice is not reordered. A path ending in .gz is gzipped. The
// file is written atomically.
func WriteRankedEdges(path string, edges []Edge) error {
	sorted := slices.Clone(edges)
	SortEdges(sorted)
	return atomicfile.Write(path, func(w io.Writer) error {
		var zw *gzip.Writer
		if strings.HasSuffix(strings.ToLower(path), ".gz") {
			zw = gzip.NewWriter(w)
			w = zw
		}
		bw := bufio.NewWriter(w)
		bw.WriteString(rankedHeader + "\n")
		var buf []byte
		for _, e := range sorted {
			if strings.ContainsAny(e.From, "\t\n\r") || strings.ContainsAny(e.To, "\t\n\r") {
				return fmt.Errorf("edge %q → %q: gene names cannot hold tabs or line breaks", e.From, e.To)
			}
			buf = append(buf[:0], e.From...)
			buf = append(buf, '\t')
			buf = append(buf, e.To...)
			buf = append(buf, '\t')
			buf = strconv.AppendFloat(buf, e.Weight, 'g', -1, 64)
			buf = append(buf, '\n')
			if _, err := bw.Write(buf); err != nil {
				return err
			}
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
