package main

import (
	"context"
	"fmt"
	"path/filepath"
	"regula/internal/procstat"
	"strings"
	"time"

	"regula/anndata"
	"regula/eval"
	"regula/grn"
	"regula/models/deepsem"
	"regula/pp"
)

// sergioMethods are the GRN methods -task sergio can run, by -methods name.
var sergioMethods = map[string]struct {
	title string
	infer func(x anndata.Matrix, genes, regs []string) ([]grn.Edge, error)
}{
	"deepsem": {"DeepSEM (nonspecific)", func(x anndata.Matrix, genes, regs []string) ([]grn.Edge, error) {
		return deepsemEdges(x, genes, regs, deepsem.NonSpecific)
	}},
	"deepsem-celltype": {"DeepSEM (celltype)", func(x anndata.Matrix, genes, regs []string) ([]grn.Edge, error) {
		return deepsemEdges(x, genes, regs, deepsem.CellType)
	}},
	"pearson":  {"\\|Pearson\\|", grn.Pearson},
	"spearman": {"\\|Spearman\\|", grn.Spearman},
	"genie3": {"GENIE3", func(x anndata.Matrix, genes, regs []string) ([]grn.Edge, error) {
		return grn.GENIE3(x, genes, grn.GENIE3Config{Regulators: regs, Trees: *genie3Trees, Seed: *seed, Threads: *threads})
	}},
}

// deepsemEdges trains one DeepSEM model in mode (paper defaults, -epochs
// and -seed applied) and ranks its edges out of the regulators.
func deepsemEdges(x anndata.Matrix, genes, regs []string, mode deepsem.Mode) ([]grn.Edge, error) {
	cfg := deepsem.DefaultConfig(mode)
	cfg.Seed, cfg.PositiveDeterminant = *seed, *positiveDet
	if *epochs > 0 {
		cfg.Epochs = *epochs
	}
	data, err := deepsem.Preprocess(x, mode, cfg.Clip)
	if err != nil {
		return nil, err
	}
	mdl, err := deepsem.Train(context.Background(), data, genes, cfg, deepsem.TrainOptions{})
	if err != nil {
		return nil, err
	}
	defer mdl.Close()
	return deepsem.RankedEdges(mdl.W(), genes, regs)
}

// runSERGIO scores the -methods on SERGIO's clean (noise-free) DS4–DS7
// expression, log1p-transformed, against gt_GRN.csv on BEELINE's candidate
// set (regulators = the ground truth's regulators).
func runSERGIO() error {
	names := strings.Split(*methods, ",")
	for _, n := range names {
		if _, ok := sergioMethods[n]; !ok {
			return fmt.Errorf("unknown -methods entry %q (want deepsem, deepsem-celltype, pearson, spearman or genie3)", n)
		}
	}
	fmt.Printf("## SERGIO DS4–DS7 (clean data, log1p), AUPRC ratio / EPR, seed %d\n\n", *seed)
	head := "| dataset | genes × cells | regulators / true edges |"
	rule := "|---|---|---|"
	for _, n := range names {
		head += " " + sergioMethods[n].title + " |"
		rule += "---|"
	}
	fmt.Println(head)
	fmt.Println(rule)
	var timing []string
	for _, ds := range strings.Split(*datasets, ",") {
		dirs, err := filepath.Glob(filepath.Join(*dataDir, "sergio", "De-noised_100G_*_"+ds))
		if err != nil || len(dirs) != 1 {
			return fmt.Errorf("SERGIO %s: expected one folder sergio/De-noised_100G_*_%s, found %v", ds, ds, dirs)
		}
		a, err := anndata.Read(filepath.Join(dirs[0], "simulated_noNoise_T_0.csv.gz"),
			anndata.ReadOptions{GenesInRows: true, SkipOrientationCheck: true, MakeUnique: true})
		if err != nil {
			return err
		}
		if err := pp.Log1p(a, 0); err != nil {
			return err
		}
		genes := a.GeneNames()
		truth, err := grn.ReadSERGIONetwork(filepath.Join(dirs[0], "gt_GRN.csv"), genes)
		if err != nil {
			return err
		}
		regs := regulatorsOf(truth)
		row := fmt.Sprintf("| %s | %d × %d | %d / %d |", ds, a.NVars(), a.NObs(), len(regs), len(truth))
		for _, n := range names {
			t0 := time.Now()
			pred, err := sergioMethods[n].infer(a.X, genes, regs)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", n, ds, err)
			}
			secs := time.Since(t0).Seconds()
			m, err := eval.EvaluateGRN(pred, truth, genes)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", n, ds, err)
			}
			row += fmt.Sprintf(" %.2f / %.2f |", m.AUPRCRatio, m.EPR)
			timing = append(timing, fmt.Sprintf("%s %s %.0f s", ds, n, secs))
			logf("%s %s: AUPRC ratio %.2f, EPR %.2f, %.1f s", ds, n, m.AUPRCRatio, m.EPR, secs)
		}
		fmt.Println(row)
	}
	fmt.Printf("\nTimes: %s; peak RSS %s.\n", strings.Join(timing, ", "), procstat.PeakRSS())
	return nil
}

// regulatorsOf returns the distinct regulators of a network in order of
// first appearance.
func regulatorsOf(edges []grn.Edge) []string {
	from := make([]string, len(edges))
	for i, e := range edges {
		from[i] = e.From
	}
	return distinct(from)
}
