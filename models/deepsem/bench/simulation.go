package main

import (
	"fmt"
	"math"
	"math/rand/v2"
	"path/filepath"
	"sort"
	"strings"
	"time"

	"regula/anndata"
	"regula/eval"
	"regula/grn"
	"regula/models/deepsem"
)

// consistencyFractions are the paper's K: the top 0.1 … 2.5 % of the edges.
var consistencyFractions = []float64{0.001, 0.002, 0.005, 0.01, 0.015, 0.02, 0.025}

// cellSet is a set of cells (real or simulated) compared with the real test
// cells, cells × genes row-major on the log-normalised scale.
type cellSet struct {
	name, key string
	x         []float32
}

// reportSimulation simulates as many cells as the test set and compares
// them, and the baselines, with the real test cells.
func reportSimulation(d *pbmc3kData, trainData *deepsem.Data, mdl *deepsem.Model) error {
	nTest, m := len(d.test), len(d.genes)
	realTest := rowsOf(d.logX, d.test)
	rng := rand.New(rand.NewPCG(*seed, 0x5e11))
	perm := rng.Perm(len(d.train))
	controlCells := make([]int, nTest)
	for i := range controlCells {
		controlCells[i] = d.train[perm[i]]
	}
	sets := []cellSet{{"real training cells, subsample (positive control)", "control", rowsOf(d.logX, controlCells)}}
	for _, keep := range []bool{true, false} {
		sim, err := mdl.Simulate(trainData, deepsem.SimulateOptions{Cells: nTest, KeepZeros: keep, Seed: *seed + 1})
		if err != nil {
			return err
		}
		if keep {
			sets = append(sets, cellSet{"DeepSEM, zero pattern of the source cell (paper)", "deepsem", sim.X})
		} else {
			sets = append(sets, cellSet{"DeepSEM, every entry decoded", "deepsem_dense", sim.X})
		}
	}
	sets = append(sets, cellSet{"independent genes (each gene from a random training cell)", "independent", independentGenes(d, nTest, rng)})

	fmt.Printf("### Simulation: %d simulated cells vs the %d real test cells\n\n", nTest, nTest)
	fmt.Printf("Random forest (%d trees) telling real test cells from each set on the top 50 PCs of the pooled cells (PCA fitted on both), "+
		"5-fold stratified cross-validation, seed %d; mean ± s.d. of the fold AUROCs (0.5 = indistinguishable). "+
		"Sets of log-normalised values; the DeepSEM model was trained on the %d training cells only.\n\n", *rfTrees, *seed, len(d.train))
	fmt.Println("| cells compared with the real test cells | RF AUROC | zero fraction |")
	fmt.Println("|---|---|---|")
	fmt.Printf("| (real test cells themselves) | — | %.3f |\n", zeroFraction(realTest))
	realMat := toMat(realTest, nTest, m)
	for _, s := range sets {
		t0 := time.Now()
		rf, err := eval.RandomForestAUROC(realMat, toMat(s.x, nTest, m), eval.RFOptions{PCs: 50, Trees: *rfTrees, Folds: 5, Seed: *seed, Threads: *threads})
		if err != nil {
			return fmt.Errorf("%s: %w", s.name, err)
		}
		mean, sd := meanSD(rf.FoldAUROC)
		fmt.Printf("| %s | %.3f ± %.3f | %.3f |\n", s.name, mean, sd, zeroFraction(s.x))
		logf("RF %s: %.1f s", s.key, time.Since(t0).Seconds())
	}
	fmt.Println()
	return reportConsistency(d, realTest, sets)
}

// reportConsistency infers GRNs with GENIE3 and |Pearson| on the real test
// cells and on every set, and prints the GRN consistency at the paper's K.
func reportConsistency(d *pbmc3kData, realTest []float32, sets []cellSet) error {
	nTest, m := len(d.test), len(d.genes)
	regs := topVarianceGenes(d, *regulators)
	methods := []struct {
		name  string
		infer func(x []float32) ([]grn.Edge, error)
	}{
		{fmt.Sprintf("GENIE3 (%d trees; the paper uses GRNBoost2)", *genie3Trees), func(x []float32) ([]grn.Edge, error) {
			return grn.GENIE3(&anndata.Dense{Rows: nTest, Cols: m, Data: x}, d.genes,
				grn.GENIE3Config{Regulators: regs, Trees: *genie3Trees, Seed: *seed, Threads: *threads})
		}},
		{"|Pearson| (marginal dependence only)", func(x []float32) ([]grn.Edge, error) {
			return grn.Pearson(&anndata.Dense{Rows: nTest, Cols: m, Data: x}, d.genes, regs)
		}},
	}
	regDesc := fmt.Sprintf("the %d highest-variance genes (log-normalised training cells)", len(regs))
	if *regulators <= 0 || *regulators >= m {
		regDesc = "every gene"
	}
	for mi, meth := range methods {
		t0 := time.Now()
		ref, err := meth.infer(realTest)
		if err != nil {
			return fmt.Errorf("%s on the real test cells: %w", meth.name, err)
		}
		logf("%s real test: %.1f s, %d edges", meth.name, time.Since(t0).Seconds(), len(ref))
		prefix := []string{"genie3", "pearson"}[mi]
		if err := grn.WriteRankedEdges(filepath.Join(*outDir, "pbmc3k_"+prefix+"_real_test.tsv"), ref); err != nil {
			return err
		}
		fmt.Printf("### GRN consistency, %s\n\n", meth.name)
		fmt.Printf("Networks inferred on the %d real test cells and on each set of %d cells; regulators = %s, targets = all %d genes, "+
			"%d edges; consistency = overlap of the top K %% of edges (N = K·%d).\n\n", nTest, nTest, regDesc, m, len(ref), len(ref))
		var head, rule strings.Builder
		for _, f := range consistencyFractions {
			fmt.Fprintf(&head, " K = %g %% |", 100*f)
			rule.WriteString("---|")
		}
		fmt.Printf("| cells |%s\n|---|%s\n", head.String(), rule.String())
		for _, s := range sets {
			t0 := time.Now()
			edges, err := meth.infer(s.x)
			if err != nil {
				return fmt.Errorf("%s on %s: %w", meth.name, s.name, err)
			}
			logf("%s %s: %.1f s", meth.name, s.key, time.Since(t0).Seconds())
			if err := grn.WriteRankedEdges(filepath.Join(*outDir, "pbmc3k_"+prefix+"_"+s.key+".tsv"), edges); err != nil {
				return err
			}
			row := "| " + s.name + " |"
			for _, f := range consistencyFractions {
				c, err := eval.GRNConsistency(ref, edges, f)
				if err != nil {
					return err
				}
				row += fmt.Sprintf(" %.3f |", c)
			}
			fmt.Println(row)
		}
		row := "| random rankings (expected overlap = K) |"
		for _, f := range consistencyFractions {
			row += fmt.Sprintf(" %.3f |", f)
		}
		fmt.Println(row + "\n")
	}
	return nil
}

// rowsOf copies the given rows of x.
func rowsOf(x *anndata.Dense, rows []int) []float32 {
	out := make([]float32, 0, len(rows)*x.Cols)
	for _, r := range rows {
		out = append(out, x.Data[r*x.Cols:(r+1)*x.Cols]...)
	}
	return out
}

// independentGenes is the lower-bound baseline: n cells whose every gene
// value comes from an independently drawn training cell, so each gene keeps
// its marginal distribution and every gene–gene dependence is lost.
func independentGenes(d *pbmc3kData, n int, rng *rand.Rand) []float32 {
	m := d.logX.Cols
	out := make([]float32, n*m)
	for i := range n {
		for g := range m {
			c := d.train[rng.IntN(len(d.train))]
			out[i*m+g] = d.logX.Data[c*m+g]
		}
	}
	return out
}

// topVarianceGenes returns the k genes of highest variance over the
// training cells (all genes when k ≤ 0 or k ≥ the number of genes).
func topVarianceGenes(d *pbmc3kData, k int) []string {
	m := d.logX.Cols
	if k <= 0 || k >= m {
		return d.genes
	}
	variance := make([]float64, m)
	for g := range m {
		var s, ss float64
		for _, c := range d.train {
			v := float64(d.logX.Data[c*m+g])
			s += v
			ss += v * v
		}
		n := float64(len(d.train))
		variance[g] = ss/n - (s/n)*(s/n)
	}
	idx := make([]int, m)
	for i := range idx {
		idx[i] = i
	}
	sort.SliceStable(idx, func(a, b int) bool { return variance[idx[a]] > variance[idx[b]] })
	out := make([]string, k)
	for i := range out {
		out[i] = d.genes[idx[i]]
	}
	return out
}

// zeroFraction is the fraction of exact zeros.
func zeroFraction(x []float32) float64 {
	z := 0
	for _, v := range x {
		if v == 0 {
			z++
		}
	}
	return float64(z) / float64(len(x))
}

// meanSD returns the mean and the sample standard deviation.
func meanSD(v []float64) (mean, sd float64) {
	for _, x := range v {
		mean += x
	}
	mean /= float64(len(v))
	if len(v) < 2 {
		return mean, 0
	}
	for _, x := range v {
		sd += (x - mean) * (x - mean)
	}
	return mean, math.Sqrt(sd / float64(len(v)-1))
}
