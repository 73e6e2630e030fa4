package main

import (
	"flag"
	"fmt"
	"slices"
	"time"

	"regula/anndata"
	"regula/tl"
)

// tlFlags holds the flags of `regula tl`; each action reads the ones that
// concern it.
type tlFlags struct {
	read readFlags
	// neighbors
	nNeighbors int
	useRep     string
	nPCs       int
	metric     string
	knnMethod  string
	// cluster
	method     string
	resolution float64
	nClusters  int
	keyAdded   string
	// umap
	minDist float64
	spread  float64
	nEpochs int
	init    string
	// tsne
	perplexity   float64
	learningRate float64
	iterations   int
}

func init() {
	var f tlFlags
	register(&command{
		name:    "tl",
		summary: "neighbour graph, Leiden/Louvain clusters, UMAP and t-SNE maps",
		usage: `regula tl neighbors IN --out OUT.h5ad [--n-neighbors 15] [--use-rep X_pca] [--n-pcs N] [--metric euclidean|cosine]
regula tl cluster IN --out OUT.h5ad [--method leiden|louvain] [--resolution 1] [--n-clusters K]
regula tl umap IN --out OUT.h5ad [--min-dist 0.5] [--spread 1] [--n-epochs N]
regula tl tsne IN --out OUT.h5ad [--perplexity 30] [--use-rep X_pca]`,
		help: `The analysis tools of scanpy's tl/pp.neighbors, with the same defaults and
the same AnnData slots. IN is any file 'regula info' reads (normally an
.h5ad written by 'regula pp' holding obsm["X_pca"]); OUT must be .h5ad.
Every action is reproducible with --seed and parallel over --threads.

ACTIONS
  neighbors  k-nearest-neighbour graph of the cells on a representation
             (--use-rep, default X_pca; "X" for the matrix itself): exact
             search up to 8192 cells, NN-descent above. Writes
             obsp["distances"] (kNN distances), obsp["connectivities"]
             (UMAP's fuzzy simplicial set: per-cell bandwidths with
             Σ exp(−(d−ρ)/σ) = log2 k, symmetrised A + Aᵀ − A∘Aᵀ) and
             uns["neighbors"].
  cluster    Leiden (default) or Louvain communities of the connectivities,
             maximising modularity with --resolution. Writes obs["leiden"]
             (or obs["louvain"], or --key) as a categorical with categories
             "0", "1", … by decreasing size. --n-clusters K binary-searches
             the resolution until K clusters are found (DeepSEM's protocol).
  umap       UMAP layout of the connectivities (min_dist 0.5, spread 1,
             500 epochs up to 10000 cells else 200, spectral start).
             Writes obsm["X_umap"] and uns["umap"]. Needs 'tl neighbors'.
  tsne       Barnes–Hut t-SNE of the representation (perplexity 30,
             exaggeration 12 for 250 iterations, 1000 iterations, learning
             rate max(N/48, 50) as scikit-learn's "auto", PCA start).
             Writes obsm["X_tsne"] and uns["tsne"].

EXAMPLES
  regula pp pbmc.mtx.gz --normalize-total 1e4 --log1p --scale 10 --pca 50 --out pp.h5ad
  regula tl neighbors pp.h5ad --out nn.h5ad
  regula tl cluster nn.h5ad --out clustered.h5ad --resolution 0.8
  regula tl cluster nn.h5ad --out clustered.h5ad --n-clusters 9
  regula tl umap clustered.h5ad --out final.h5ad --seed 1`,
		flags: func(fs *flag.FlagSet) {
			f.read.register(fs)
			fs.IntVar(&f.nNeighbors, "n-neighbors", 15, "neighbors: neighbours per cell, the cell itself included (scanpy's n_neighbors)")
			fs.StringVar(&f.useRep, "use-rep", "X_pca", "neighbors, tsne: obsm key of the representation, or X")
			fs.IntVar(&f.nPCs, "n-pcs", 0, "neighbors, tsne: use only the first N columns of the representation (0 = all)")
			fs.StringVar(&f.metric, "metric", "euclidean", "neighbors: euclidean or cosine")
			fs.StringVar(&f.knnMethod, "knn-method", "auto", "neighbors: auto, exact or nndescent")
			fs.StringVar(&f.method, "method", "leiden", "cluster: leiden or louvain")
			fs.Float64Var(&f.resolution, "resolution", 1, "cluster: modularity resolution; higher gives more clusters")
			fs.IntVar(&f.nClusters, "n-clusters", 0, "cluster: search the resolution that gives exactly K clusters (0 = use --resolution)")
			fs.StringVar(&f.keyAdded, "key", "", "cluster: obs column to write (default: the method's name)")
			fs.Float64Var(&f.minDist, "min-dist", 0.5, "umap: minimum distance between embedded points")
			fs.Float64Var(&f.spread, "spread", 1, "umap: scale of the embedded points")
			fs.IntVar(&f.nEpochs, "n-epochs", 0, "umap: optimisation epochs (0 = 500 up to 10000 cells, else 200)")
			fs.StringVar(&f.init, "init", "", "umap: spectral or random; tsne: pca or random (default spectral / pca)")
			fs.Float64Var(&f.perplexity, "perplexity", 30, "tsne: effective number of neighbours")
			fs.Float64Var(&f.learningRate, "learning-rate", 0, "tsne: step size (0 = scikit-learn's auto, max(N/48, 50))")
			fs.IntVar(&f.iterations, "iterations", 1000, "tsne: total iterations")
		},
		run: func(env *Env, args []string) error { return runTL(env, &f, args) },
	})
}

var tlActions = []string{"neighbors", "cluster", "umap", "tsne"}

func runTL(env *Env, f *tlFlags, args []string) error {
	if len(args) != 2 {
		return usagef("expected an action (%v) and an input file, got %d arguments", tlActions, len(args))
	}
	action, in := args[0], args[1]
	if !slices.Contains(tlActions, action) {
		return usagef("unknown action %q (want one of %v)", action, tlActions)
	}
	if env.Out == "" {
		return usagef("--out OUT.h5ad is required")
	}
	if anndata.FormatOf(env.Out) != anndata.FormatH5AD {
		return usagef("--out %s: the output must be an .h5ad file", env.Out)
	}
	a, err := f.read.read(in)
	if err != nil {
		return err
	}
	env.Logf("read %s: %d cells × %d genes", in, a.NObs(), a.NVars())
	seed := uint64(env.Seed)
	start := time.Now()
	switch action {
	case "neighbors":
		err = tl.Neighbors(a, tl.NeighborsOptions{
			KNNOptions: tl.KNNOptions{K: f.nNeighbors, Metric: tl.Metric(f.metric), Method: tl.KNNMethod(f.knnMethod),
				Seed: seed, Threads: env.Threads},
			UseRep: f.useRep, NPCs: f.nPCs,
		})
		if err == nil {
			params := a.Uns["neighbors"].(anndata.Uns)["params"].(anndata.Uns)
			env.Logf("neighbors: %d per cell on %s (%v search, %v)", f.nNeighbors, f.useRep, params["knn_method"], time.Since(start).Round(time.Millisecond))
		}
	case "cluster":
		err = runTLCluster(env, f, a, seed)
	case "umap":
		opt := tl.UMAPObsOptions{UMAPOptions: tl.UMAPOptions{MinDist: f.minDist, Spread: f.spread,
			NEpochs: f.nEpochs, Init: f.init, Seed: seed}}
		if err = tl.UMAP(a, opt); err == nil {
			env.Logf("umap: obsm[\"X_umap\"] written (%v)", time.Since(start).Round(time.Millisecond))
		}
	case "tsne":
		opt := tl.TSNEObsOptions{TSNEOptions: tl.TSNEOptions{Perplexity: f.perplexity, LearningRate: f.learningRate,
			Iterations: f.iterations, Init: f.init, Seed: seed, Threads: env.Threads}, UseRep: f.useRep, NPCs: f.nPCs}
		if err = tl.TSNE(a, opt); err == nil {
			env.Logf("tsne: obsm[\"X_tsne\"] written (%v)", time.Since(start).Round(time.Millisecond))
		}
	}
	if err != nil {
		return err
	}
	if err := anndata.Write(env.Out, a, anndata.WriteOptions{}); err != nil {
		return err
	}
	env.Logf("wrote %s", env.Out)
	return nil
}

func runTLCluster(env *Env, f *tlFlags, a *anndata.AnnData, seed uint64) error {
	alg := tl.Algorithm(f.method)
	if alg != tl.AlgLeiden && alg != tl.AlgLouvain {
		return usagef("--method %q: want leiden or louvain", f.method)
	}
	opt := tl.ClusterObsOptions{ClusterOptions: tl.ClusterOptions{Resolution: f.resolution, Seed: seed}, KeyAdded: f.keyAdded}
	if f.nClusters > 0 {
		adj, ok := a.Obsp["connectivities"]
		if !ok {
			return fmt.Errorf("cluster: obsp[\"connectivities\"] not found; run 'regula tl neighbors' first")
		}
		res, err := tl.ResolutionForClusters(alg, adj, f.nClusters, 0, 0, 0, opt.ClusterOptions)
		if err != nil {
			return err
		}
		env.Logf("cluster: resolution %.4g gives %d clusters (%d clusterings)", res.Resolution, res.NClusters, res.Steps)
		opt.Resolution = res.Resolution
	}
	run := tl.Leiden
	if alg == tl.AlgLouvain {
		run = tl.Louvain
	}
	if err := run(a, opt); err != nil {
		return err
	}
	key := opt.KeyAdded
	if key == "" {
		key = f.method
	}
	col := a.Obs.Col(key).(*anndata.Categorical)
	env.Logf("cluster: %s found %d clusters at resolution %.4g → obs[%q]", f.method, len(col.Categories), opt.Resolution, key)
	return nil
}
