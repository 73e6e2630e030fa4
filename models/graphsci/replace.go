package graphsci

import "fmt"

// Replace selects which entries of the count matrix the imputed values
// replace in the output.
type Replace string

// The replacement modes. ReplaceAll is the paper's output (eq. 15: the
// imputed matrix is the model's mean × size factor everywhere, as in the
// reference code); ReplaceZeros keeps every observed non-zero count and
// imputes only the zeros, the dropout candidates.
const (
	ReplaceAll   Replace = "all"
	ReplaceZeros Replace = "zeros"
)

// ParseReplace checks a replacement mode given by name.
func ParseReplace(s string) (Replace, error) {
	switch r := Replace(s); r {
	case ReplaceAll, ReplaceZeros:
		return r, nil
	}
	return "", fmt.Errorf("graphsci: unknown replacement mode %q (want all or zeros)", s)
}

// Merge combines imputed counts (cells × modelled genes, as Impute returns
// them) with the observed counts d.Counts according to r: a copy of
// imputed for ReplaceAll, the observed count wherever it is non-zero and
// the imputed value elsewhere for ReplaceZeros.
func (d *Data) Merge(imputed []float32, r Replace) ([]float32, error) {
	if len(imputed) != len(d.Counts) {
		return nil, fmt.Errorf("graphsci: imputed matrix has %d values, the data %d × %d", len(imputed), d.Cells, d.Genes)
	}
	if _, err := ParseReplace(string(r)); err != nil {
		return nil, err
	}
	out := make([]float32, len(imputed))
	for k, v := range imputed {
		if r == ReplaceZeros && d.Counts[k] != 0 {
			v = d.Counts[k]
		}
		out[k] = v
	}
	return out, nil
}
