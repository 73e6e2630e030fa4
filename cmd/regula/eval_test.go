package main

import (
	"encoding/json"
	"fmt"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/internal/testdata"
)

func TestEvalClusterTSV(t *testing.T) {
	path := filepath.Join(t.TempDir(), "labels.tsv")
	rows := "cell\ttype\tcluster\n"
	truth := []string{"T", "T", "T", "B", "B", "NK", "NK", "NK"}
	pred := []string{"3", "3", "1", "1", "1", "2", "2", "2"}
	for i := range truth {
		rows += fmt.Sprintf("c%d\t%s\t%s\n", i, truth[i], pred[i])
	}
	if err := os.WriteFile(path, []byte(rows), 0o644); err != nil {
		t.Fatal(err)
	}
	code, out, errOut := runMain("eval", "cluster", "--labels", path, "--truth", "type", "--pred", "cluster", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("output %q is not a flat JSON object: %v", out, err)
	}
	// One T cell is in B's cluster: 7 of 8 cells map correctly.
	if got["accuracy"] != 0.875 || got["n_cells"] != 8 || got["n_truth"] != 3 || got["n_pred"] != 3 {
		t.Errorf("metrics %v", got)
	}
	if got["ari"] <= 0 || got["ari"] >= 1 || got["nmi"] <= 0 || got["nmi"] >= 1 {
		t.Errorf("ARI/NMI out of range: %v", got)
	}
	code, _, errOut = runMain("eval", "cluster", "--labels", path, "--truth", "type", "--pred", "nope")
	if code == 0 || !strings.Contains(errOut, `no column "nope"`) {
		t.Errorf("missing column: exit %d, %q", code, errOut)
	}
}

func TestEvalEmbeddingH5AD(t *testing.T) {
	h5ad := testdata.Path(t, "pbmc68k_reduced", "pbmc68k_reduced.h5ad")
	code, out, errOut := runMain("eval", "embedding", "--input", h5ad, "--rep", "X_pca", "--label-col", "bulk_labels", "--json")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatal(err)
	}
	// scikit-learn's 15-NN with 5 stratified folds scores 0.79 here.
	if math.Abs(got["accuracy"]-0.79) > 0.03 || got["n_cells"] != 700 {
		t.Errorf("metrics %v", got)
	}
}

func TestEvalRealismTables(t *testing.T) {
	dir := t.TempDir()
	rng := rand.New(rand.NewPCG(1, 2))
	write := func(name string, n int, shift float64) string {
		var b strings.Builder
		b.WriteString("cell")
		for g := range 12 {
			fmt.Fprintf(&b, ",gene%d", g)
		}
		b.WriteString("\n")
		for i := range n {
			fmt.Fprintf(&b, "%s%d", name, i)
			for g := range 12 {
				fmt.Fprintf(&b, ",%.4f", rng.ExpFloat64()+shift*float64(g%2))
			}
			b.WriteString("\n")
		}
		p := filepath.Join(dir, name+".csv")
		if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	real, sim := write("real", 200, 0), write("sim", 220, 2)
	code, out, errOut := runMain("eval", "realism", "--real", real, "--sim", sim,
		"--trees", "30", "--pcs", "5", "--folds", "3", "--control", "--json", "--quiet")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	var got map[string]float64
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v in %q", err, out)
	}
	for _, k := range []string{"euclidean", "cosine", "mmd", "mmd_scale", "milisi", "rf_auroc"} {
		if _, ok := got[k]; !ok {
			t.Errorf("no %s in %v", k, got)
		}
	}
	if got["rf_auroc"] < 0.9 || got["control_rf_auroc"] > 0.7 || got["mmd"] <= got["control_mmd"] {
		t.Errorf("shifted simulation not told apart from the control: %v", got)
	}
}

func TestEvalUsageErrors(t *testing.T) {
	if code, _, errOut := runMain("eval", "nosuch"); code != 2 || !strings.Contains(errOut, "unknown subcommand") {
		t.Errorf("unknown subcommand: exit %d, %q", code, errOut)
	}
	if code, _, errOut := runMain("eval", "cluster", "--truth", "a"); code != 2 || !strings.Contains(errOut, "--labels is required") {
		t.Errorf("missing flag: exit %d, %q", code, errOut)
	}
	code, out, _ := runMain("eval", "--help")
	if code != 0 || !strings.Contains(out, "SUBCOMMANDS") || !strings.Contains(out, "--label-col") {
		t.Errorf("help: exit %d\n%s", code, out)
	}
}
