package grn

import (
	"fmt"
	"sync"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
	"regula/forest"
)

// DefaultGENIE3Trees is the number of trees per target used when
// GENIE3Config.Trees is 0. The GENIE3 paper and arboreto (which BEELINE
// runs) use 1000; 300 keeps a 500-gene BEELINE benchmark to about a minute
// on two cores while the importance ranking is already stable.
const DefaultGENIE3Trees = 300

// GENIE3Config configures the GENIE3 baseline.
type GENIE3Config struct {
	// Regulators are the candidate regulators (TF names); empty means every
	// gene.
	Regulators []string
	// Trees per target forest (0 = DefaultGENIE3Trees).
	Trees int
	// MaxFeatures per split: 0 = √p, as GENIE3/arboreto ("sqrt"); n > 0 =
	// min(n, p).
	MaxFeatures int
	// Seed makes the result reproducible: the forest of target t is seeded
	// with a value derived from (Seed, t), independent of Threads.
	Seed uint64
	// Threads bounds the targets fitted in parallel (0 = 1).
	Threads int
}

// GENIE3 infers a network as in Huynh-Thu et al. (2010), the way BEELINE
// runs it through arboreto: for every target gene, a random-forest regressor
// predicts its expression from the regulators' expression (the target itself
// excluded), and the forest's normalised impurity importances become the
// weights of the regulator → target edges. x is cells × genes. Edges are
// returned sorted by decreasing weight.
func GENIE3(x anndata.Matrix, genes []string, cfg GENIE3Config) ([]Edge, error) {
	cols, err := expressionColumns(x, genes)
	if err != nil {
		return nil, err
	}
	regs, err := RegulatorIndices(genes, cfg.Regulators)
	if err != nil {
		return nil, err
	}
	if cfg.Trees < 0 || cfg.MaxFeatures < 0 || cfg.Threads < 0 {
		return nil, fmt.Errorf("grn: GENIE3: trees (%d), max features (%d) and threads (%d) must be ≥ 0", cfg.Trees, cfg.MaxFeatures, cfg.Threads)
	}
	trees := cfg.Trees
	if trees == 0 {
		trees = DefaultGENIE3Trees
	}
	maxFeatures := cfg.MaxFeatures
	if maxFeatures == 0 {
		maxFeatures = forest.SqrtFeatures
	}
	threads := max(1, cfg.Threads)
	n := len(cols[0])

	perTarget := make([][]Edge, len(genes))
	errs := make([]error, len(genes))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for w := 0; w < threads; w++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for t := range jobs {
				perTarget[t], errs[t] = genie3Target(cols, genes, regs, t, n, forest.Config{
					Trees:       trees,
					MaxFeatures: maxFeatures,
					Seed:        cfg.Seed*0x9E3779B97F4A7C15 + uint64(t) + 1,
					Threads:     1,
				})
			}
		}()
	}
	for t := range genes {
		jobs <- t
	}
	close(jobs)
	wg.Wait()
	var edges []Edge
	for t := range genes {
		if errs[t] != nil {
			return nil, errs[t]
		}
		edges = append(edges, perTarget[t]...)
	}
	SortEdges(edges)
	return edges, nil
}

// genie3Target fits the forest of target t and returns its incoming edges.
func genie3Target(cols [][]float64, genes []string, regs []int, t, n int, cfg forest.Config) ([]Edge, error) {
	inputs := make([]int, 0, len(regs))
	for _, r := range regs {
		if r != t {
			inputs = append(inputs, r)
		}
	}
	if len(inputs) == 0 {
		return nil, nil
	}
	x := mat.NewDense(n, len(inputs), nil)
	for k, r := range inputs {
		x.SetCol(k, cols[r])
	}
	rf, err := forest.FitRegressor(x, cols[t], cfg)
	if err != nil {
		return nil, fmt.Errorf("grn: GENIE3 forest for target %q: %w", genes[t], err)
	}
	imp := rf.FeatureImportances()
	edges := make([]Edge, len(inputs))
	for k, r := range inputs {
		edges[k] = Edge{From: genes[r], To: genes[t], Weight: imp[k]}
	}
	return edges, nil
}
