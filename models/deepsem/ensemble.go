package deepsem

import (
	"context"
	"fmt"
	"io"
	"math"
	"sync"
)

// DefaultEnsembleSize is the paper's number of random initialisations whose
// |W| are averaged for the final GRN.
const DefaultEnsembleSize = 10

// EnsembleOptions configures Ensemble.
type EnsembleOptions struct {
	// Members is the number of models (0 = DefaultEnsembleSize).
	Members int
	// Threads bounds the members trained at the same time (0 = 1).
	Threads int
	// Progress, if non-nil, receives progress lines of every member
	// (prefixed with the member number).
	Progress io.Writer
}

// EnsembleResult is the averaged network and the members it came from.
type EnsembleResult struct {
	// Genes names the rows and columns of MeanAbsW.
	Genes []string
	// MeanAbsW is the mean over members of |W| (row-major, regulator ×
	// target).
	MeanAbsW []float64
	// Members are the individual runs, member i trained with seed
	// cfg.Seed + i (so member 0 equals a single run with cfg.Seed).
	Members []*Result
}

// Ensemble trains several DeepSEM models that differ only in their seed and
// averages the absolute values of their W, as the paper does for its GRN
// predictions. It stops at the first member that fails.
func Ensemble(ctx context.Context, data *Data, genes []string, cfg Config, opts EnsembleOptions) (*EnsembleResult, error) {
	n := opts.Members
	if n == 0 {
		n = DefaultEnsembleSize
	}
	if n < 0 || opts.Threads < 0 {
		return nil, fmt.Errorf("deepsem: ensemble members (%d) and threads (%d) must be ≥ 0", opts.Members, opts.Threads)
	}
	threads := min(max(1, opts.Threads), n)
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	results := make([]*Result, n)
	errs := make([]error, n)
	var progressMu sync.Mutex
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range threads {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for i := range jobs {
				mcfg := cfg
				mcfg.Seed = cfg.Seed + uint64(i)
				var prog io.Writer
				if opts.Progress != nil {
					prog = &prefixWriter{w: opts.Progress, mu: &progressMu, prefix: fmt.Sprintf("[member %d/%d] ", i+1, n)}
				}
				m, err := Train(ctx, data, genes, mcfg, TrainOptions{Progress: prog})
				if err != nil {
					errs[i] = fmt.Errorf("ensemble member %d (seed %d): %w", i+1, mcfg.Seed, err)
					cancel()
					continue
				}
				results[i] = m.Result()
				m.Close()
			}
		}()
	}
	for i := 0; i < n; i++ {
		jobs <- i
	}
	close(jobs)
	wg.Wait()
	for _, err := range errs {
		if err != nil {
			return nil, err
		}
	}
	return AverageAbs(genes, results)
}

// AverageAbs averages |W| over the given runs.
func AverageAbs(genes []string, runs []*Result) (*EnsembleResult, error) {
	m := len(genes)
	if len(runs) == 0 {
		return nil, fmt.Errorf("deepsem: no runs to average")
	}
	mean := make([]float64, m*m)
	for i, r := range runs {
		if len(r.W) != m*m {
			return nil, fmt.Errorf("deepsem: run %d has a %d-entry W, want %d×%d", i+1, len(r.W), m, m)
		}
		for k, v := range r.W {
			mean[k] += math.Abs(v)
		}
	}
	for k := range mean {
		mean[k] /= float64(len(runs))
	}
	return &EnsembleResult{Genes: genes, MeanAbsW: mean, Members: runs}, nil
}

// prefixWriter prefixes each line written to w and serialises concurrent
// writers.
type prefixWriter struct {
	w      io.Writer
	mu     *sync.Mutex
	prefix string
	atBOL  bool
	begun  bool
}

func (p *prefixWriter) Write(b []byte) (int, error) {
	p.mu.Lock()
	defer p.mu.Unlock()
	if !p.begun {
		p.begun, p.atBOL = true, true
	}
	var out []byte
	for _, c := range b {
		if p.atBOL {
			out = append(out, p.prefix...)
			p.atBOL = false
		}
		out = append(out, c)
		if c == '\n' {
			p.atBOL = true
		}
	}
	if _, err := p.w.Write(out); err != nil {
		return 0, err
	}
	return len(b), nil
}
