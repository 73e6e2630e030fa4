package deepsem

import (
	"bufio"
	"fmt"
	"io"
	"math"
	"strconv"
	"time"
)

// Phase names which parameters an epoch updated.
type Phase string

const (
	// PhaseMLP epochs update the encoder, decoder and prior nets (W frozen).
	PhaseMLP Phase = "mlp"
	// PhaseW epochs update W alone.
	PhaseW Phase = "w"
)

// EpochLoss holds the mean loss terms of one epoch (means over its steps).
type EpochLoss struct {
	Epoch          int     `json:"epoch"`
	Phase          Phase   `json:"phase"`
	Total          float64 `json:"total"`
	Reconstruction float64 `json:"reconstruction"`
	KL             float64 `json:"kl"`       // β·KL
	Sparsity       float64 `json:"sparsity"` // α·mean|W|
	Seconds        float64 `json:"seconds"`  // wall time of the epoch
}

// Recovery records one ill-conditioned I − W and the damping applied.
type Recovery struct {
	Epoch     int     `json:"epoch"`
	Step      int     `json:"step"`
	Condition float64 `json:"condition"`
	Damping   float64 `json:"damping"`
	// Reason is "condition" (condition number above Config.MaxCondition) or
	// "determinant" (det(I − W) ≤ 0: W had crossed a singular point).
	Reason string `json:"reason"`
}

// Result is what one training run produces besides the model itself.
type Result struct {
	// Genes names the rows and columns of W.
	Genes []string `json:"-"`
	// W is the learned m × m network, row-major: W[r*m+t] is the weight of
	// regulator r on target t. The diagonal is zero.
	W []float64 `json:"-"`
	// Losses has one entry per epoch.
	Losses []EpochLoss `json:"losses"`
	// Recoveries lists the conditioning interventions (empty when none).
	Recoveries []Recovery `json:"recoveries"`
	// Config is the configuration the run used.
	Config Config `json:"config"`
	// Duration is the wall time of training.
	Duration time.Duration `json:"duration_ns"`
}

// WriteMatrix writes an m × m matrix (row-major) as a tab-separated table
// with the gene names as header row and first column: row r, column t holds
// w[r*m+t] (for W: regulator r, target t).
func WriteMatrix(out io.Writer, genes []string, w []float64) error {
	m := len(genes)
	if len(w) != m*m {
		return fmt.Errorf("deepsem: matrix has %d entries, want %d×%d", len(w), m, m)
	}
	bw := bufio.NewWriter(out)
	bw.WriteString("regulator\\target")
	for _, g := range genes {
		bw.WriteByte('\t')
		bw.WriteString(g)
	}
	bw.WriteByte('\n')
	buf := make([]byte, 0, 32)
	for r, g := range genes {
		bw.WriteString(g)
		for t := 0; t < m; t++ {
			bw.WriteByte('\t')
			buf = strconv.AppendFloat(buf[:0], w[r*m+t], 'g', 7, 64)
			bw.Write(buf)
		}
		bw.WriteByte('\n')
	}
	return bw.Flush()
}

// WriteLosses writes per-epoch losses as a tab-separated table with a header;
// member identifies the ensemble member (its seed) in the first column.
func WriteLosses(out io.Writer, members []*Result) error {
	bw := bufio.NewWriter(out)
	fmt.Fprintln(bw, "member\tseed\tepoch\tphase\ttotal\treconstruction\tkl\tsparsity\tseconds")
	for i, r := range members {
		for _, l := range r.Losses {
			fmt.Fprintf(bw, "%d\t%d\t%d\t%s\t%s\t%s\t%s\t%s\t%.3f\n", i, r.Config.Seed, l.Epoch, l.Phase,
				fmtLoss(l.Total), fmtLoss(l.Reconstruction), fmtLoss(l.KL), fmtLoss(l.Sparsity), l.Seconds)
		}
	}
	return bw.Flush()
}

func fmtLoss(v float64) string {
	if math.IsNaN(v) || math.IsInf(v, 0) {
		return strconv.FormatFloat(v, 'g', -1, 64)
	}
	return strconv.FormatFloat(v, 'g', 8, 64)
}
