package main

import (
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"slices"
	"sort"
	"strings"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
	"regula/eval"
	"regula/internal/atomicfile"
)

// evalSubcommand is one `regula eval NAME` metric family. Another file of
// this package adds one by assigning evalSubcommands[NAME] in its init
// function (the lead's `regula eval grn` does so); `regula eval --help`
// then lists it. Its flags are declared on the shared flag set of `regula
// eval`, so they must not reuse a name declared by another subcommand or
// by evalFlags.
type evalSubcommand struct {
	// summary is a one-line description; usage the synopsis line.
	summary, usage string
	// flags declares the subcommand's own flags (may be nil).
	flags func(fs *flag.FlagSet)
	// run computes the metrics; it returns them as ordered name/value pairs.
	run func(env *Env, args []string) ([]metric, error)
}

// metric is one named result of an evaluation.
type metric struct {
	name  string
	value any // float64, int or string
}

// evalSubcommands maps `regula eval NAME` to its implementation.
var evalSubcommands = map[string]*evalSubcommand{}

// evalFlags are the flags of `regula eval` that several subcommands share.
var evalFlags struct {
	json bool
}

// evalSubFlags are the flags of the subcommands defined in this file.
var evalSubFlags struct {
	labels, truth, pred  string
	input, rep, labelCol string
	split                string
	k, folds             int
	real, sim            string
	trees, pcs           int
	perplexity           float64
	control              bool
	read                 readFlags
}

func init() {
	evalSubcommands["cluster"] = &evalSubcommand{
		summary: "ARI, NMI, clustering accuracy (and silhouette) of predicted vs true labels",
		usage:   "regula eval cluster --labels FILE --truth COL --pred COL [--rep OBSM_KEY] [--json]",
		flags: func(fs *flag.FlagSet) {
			o := &evalSubFlags
			fs.StringVar(&o.labels, "labels", "", "TSV/CSV of cell annotations (first column: cell names) or an .h5ad whose obs holds the columns")
			fs.StringVar(&o.truth, "truth", "", "column of the true labels")
			fs.StringVar(&o.pred, "pred", "", "column of the predicted labels (clusters)")
		},
		run: runEvalCluster,
	}
	evalSubcommands["embedding"] = &evalSubcommand{
		summary: "k-NN classification accuracy of cell labels in an embedding",
		usage:   "regula eval embedding --input FILE.h5ad --rep OBSM_KEY --label-col COL [--k 15] [--folds 5 | --split COL] [--json]",
		flags: func(fs *flag.FlagSet) {
			o := &evalSubFlags
			fs.StringVar(&o.input, "input", "", "dataset holding the embedding (.h5ad)")
			fs.StringVar(&o.rep, "rep", "", "obsm key of the embedding, e.g. X_pca (cluster: adds the silhouette of --pred on it)")
			fs.StringVar(&o.labelCol, "label-col", "", "obs column of the cell labels to predict")
			fs.StringVar(&o.split, "split", "", "obs column marking cells \"train\" or \"test\" (instead of cross-validation)")
			fs.IntVar(&o.k, "k", 15, "neighbours of the k-NN classifier")
			fs.IntVar(&o.folds, "folds", 5, "folds of the stratified cross-validation (embedding and realism)")
		},
		run: runEvalEmbedding,
	}
	evalSubcommands["realism"] = &evalSubcommand{
		summary: "how closely simulated cells resemble real ones (GRouNdGAN's metrics)",
		usage:   "regula eval realism --real FILE --sim FILE [--trees 1000] [--pcs 50] [--folds 5] [--perplexity 30] [--control] [--json]",
		flags: func(fs *flag.FlagSet) {
			o := &evalSubFlags
			fs.StringVar(&o.real, "real", "", "real (held-out test) cells, in any format regula info reads")
			fs.StringVar(&o.sim, "sim", "", "simulated cells, with the same genes")
			fs.IntVar(&o.trees, "trees", 1000, "trees of the real-vs-simulated random forest")
			fs.IntVar(&o.pcs, "pcs", 50, "principal components used by the random forest and iLISI")
			fs.Float64Var(&o.perplexity, "perplexity", 30, "LISI perplexity")
			fs.BoolVar(&o.control, "control", false, "also score the two halves of the real cells against each other")
			o.read.register(fs)
		},
		run: runEvalRealism,
	}

	register(&command{
		name:    "eval",
		summary: "evaluation metrics: clustering, embeddings, realism of simulations, GRNs",
		usage:   "regula eval SUBCOMMAND [FLAGS]   (see DESCRIPTION for the subcommands)",
		help:    evalHelpText,
		flags: func(fs *flag.FlagSet) {
			fs.BoolVar(&evalFlags.json, "json", false, "print one flat JSON object instead of a table")
			names := slices.Sorted(maps.Keys(evalSubcommands))
			for _, n := range names {
				if f := evalSubcommands[n].flags; f != nil {
					f(fs)
				}
			}
		},
		run: runEval,
	})
}

const evalHelpText = `Computes evaluation metrics and prints them as a two-column table (metric,
value) or, with --json, as one flat JSON object; --out writes them to a file.

SUBCOMMANDS
  cluster    --labels FILE --truth COL --pred COL [--rep KEY]
             Adjusted Rand index, normalised mutual information (arithmetic
             mean of the entropies) and clustering accuracy under the best
             one-to-one mapping of clusters to labels (Hungarian algorithm;
             different numbers of clusters and labels allowed), as
             scikit-learn. FILE is a TSV/CSV whose first column names the cells
             and whose other columns hold labels, or an .h5ad whose obs holds
             them. With an .h5ad and --rep, also the silhouette of --pred on
             obsm[KEY] (Euclidean).
             JSON keys: ari, nmi, accuracy, silhouette, n_cells, n_truth, n_pred.
  embedding  --input FILE.h5ad --rep KEY --label-col COL [--k 15] [--folds 5]
             Accuracy and balanced accuracy of a k-nearest-neighbour classifier
             (Euclidean, majority vote) predicting COL from obsm[KEY]: pooled
             over stratified --folds cross-validation (shuffled with --seed), or
             on the cells marked "test" by the obs column --split when given.
             JSON keys: accuracy, balanced_accuracy, n_cells, k, folds.
  realism    --real FILE --sim FILE [--trees 1000] [--pcs 50] [--control]
             GRouNdGAN's realism metrics of simulated cells: Euclidean and
             cosine distance of the centroids; MMD with the sum of Gaussian
             kernels at scales m/2, m, 2m (m = median distance of the real
             cells to their 24 nearest other cells); miLISI (perplexity 30) on
             the top --pcs principal components of the pooled cells; AUROC of a
             random forest (--trees trees, Gini) telling real from simulated
             cells on the top --pcs PCs, cross-validated over --folds. Genes
             are matched by name; if there are more simulated than real cells,
             the first as many as there are real cells are used (as GRouNdGAN).
             --control adds the same metrics for the first vs second half of the
             real cells (keys prefixed control_).
             JSON keys: euclidean, cosine, mmd, mmd_scale, milisi, rf_auroc.
  grn        --pred EDGES.tsv --truth NETWORK.csv (--expr EXPR | --gene-list FILE)
             [--precision-at N] [--compare OTHER.tsv [--top-fraction 0.1]]
             Scores a ranked edge list (Gene1<TAB>Gene2<TAB>EdgeWeight) against a
             ground truth (Gene1,Gene2[,Type]) on BEELINE's candidate set:
             regulators = the truth's regulators present in the data, targets =
             the data's genes, no self-loops; k = true edges among candidates.
             EPR = precision of the top-k edges (ties with the k-th included)
             divided by k/#candidates; AUPRC ratio = average precision over all
             candidates divided by k/#candidates; AUROC over all candidates
             (unpredicted candidates score 0). --compare adds the GRN
             consistency: the overlap of the top --top-fraction edges of the two
             lists (e.g. inferred on real vs simulated cells).
             JSON keys: epr, auprc_ratio, auroc, early_precision, auprc, density,
             true_edges, candidates[, precision_at_N, consistency].
  consistency --real EDGES_REAL.tsv --sim EDGES_SIM.tsv [--fractions LIST] [--tfs FILE]
             DeepSEM's GRN consistency: for each fraction K (default 0.1 % …
             2.5 %), the share of the top K×edges edges inferred on real cells
             that are also among the top K×edges edges inferred on simulated
             cells; --tfs keeps only edges out of the listed regulators.
             JSON keys: edges_real, edges_sim, consistency_K…, mean_consistency.

EXAMPLES
  regula eval cluster --labels cells.tsv --truth cell_type --pred leiden --json
  regula eval embedding --input pbmc.h5ad --rep X_pca --label-col bulk_labels
  regula eval realism --real test.h5ad --sim simulated.h5ad --control --seed 1
  regula eval grn --pred edges.tsv --truth mESC_ChIP-Seq-network.csv --expr ExpressionData.csv.gz --genes-in-rows
  regula eval consistency --real edges_real.tsv --sim edges_sim.tsv --tfs tfs.txt`

func runEval(env *Env, args []string) error {
	names := slices.Sorted(maps.Keys(evalSubcommands))
	if len(args) == 0 {
		var b strings.Builder
		for _, n := range names {
			fmt.Fprintf(&b, "\n  %-12s %s", n, evalSubcommands[n].summary)
		}
		return usagef("missing subcommand; one of:%s", b.String())
	}
	sub := evalSubcommands[args[0]]
	if sub == nil {
		return usagef("unknown subcommand %q (have %s)", args[0], strings.Join(names, ", "))
	}
	metrics, err := sub.run(env, args[1:])
	if err != nil {
		return err
	}
	if env.Out == "" {
		return writeMetrics(env.Stdout, metrics, evalFlags.json)
	}
	return atomicfile.Write(env.Out, func(w io.Writer) error { return writeMetrics(w, metrics, evalFlags.json) })
}

// writeMetrics prints metrics as a table or a flat JSON object (NaN and
// infinities, which JSON lacks, become null).
func writeMetrics(w io.Writer, metrics []metric, asJSON bool) error {
	if !asJSON {
		for _, m := range metrics {
			if _, err := fmt.Fprintf(w, "%-22s %s\n", m.name, formatMetric(m.value)); err != nil {
				return err
			}
		}
		return nil
	}
	var b strings.Builder
	b.WriteString("{")
	for i, m := range metrics {
		if i > 0 {
			b.WriteString(", ")
		}
		key, _ := json.Marshal(m.name)
		b.Write(key)
		b.WriteString(": ")
		if f, ok := m.value.(float64); ok && (math.IsNaN(f) || math.IsInf(f, 0)) {
			b.WriteString("null")
			continue
		}
		v, err := json.Marshal(m.value)
		if err != nil {
			return err
		}
		b.Write(v)
	}
	b.WriteString("}\n")
	_, err := io.WriteString(w, b.String())
	return err
}

func formatMetric(v any) string {
	if f, ok := v.(float64); ok {
		return fmt.Sprintf("%.6g", f)
	}
	return fmt.Sprint(v)
}

func requireFlags(pairs ...string) error {
	for i := 0; i < len(pairs); i += 2 {
		if pairs[i+1] == "" {
			return usagef("--%s is required", pairs[i])
		}
	}
	return nil
}

// labelColumns reads the named columns of a cell-annotation file: the obs
// of an .h5ad (which is returned too), or a TSV/CSV table.
func labelColumns(path string, cols ...string) ([][]string, *anndata.AnnData, error) {
	var frame *anndata.Frame
	var a *anndata.AnnData
	if anndata.FormatOf(path) == anndata.FormatH5AD {
		var err error
		if a, err = anndata.Read(path, anndata.ReadOptions{}); err != nil {
			return nil, nil, err
		}
		frame = a.Obs
	} else {
		var err error
		if frame, err = anndata.ReadTable(path); err != nil {
			return nil, nil, err
		}
	}
	out := make([][]string, len(cols))
	for i, c := range cols {
		v, err := frame.Strings(c)
		if err != nil {
			return nil, nil, fmt.Errorf("%s: %w", path, err)
		}
		out[i] = v
	}
	return out, a, nil
}

func countDistinct(v []string) int {
	s := slices.Clone(v)
	sort.Strings(s)
	return len(slices.Compact(s))
}

func runEvalCluster(env *Env, args []string) ([]metric, error) {
	o := &evalSubFlags
	if len(args) > 0 {
		return nil, usagef("unexpected arguments %q", args)
	}
	if err := requireFlags("labels", o.labels, "truth", o.truth, "pred", o.pred); err != nil {
		return nil, err
	}
	cols, a, err := labelColumns(o.labels, o.truth, o.pred)
	if err != nil {
		return nil, err
	}
	truth, pred := cols[0], cols[1]
	ari, err := eval.AdjustedRandIndex(truth, pred)
	if err != nil {
		return nil, err
	}
	nmi, err := eval.NormalizedMutualInfo(truth, pred)
	if err != nil {
		return nil, err
	}
	acc, err := eval.ClusteringAccuracy(truth, pred)
	if err != nil {
		return nil, err
	}
	out := []metric{{"ari", ari}, {"nmi", nmi}, {"accuracy", acc}}
	if o.rep != "" {
		if a == nil {
			return nil, usagef("--rep needs --labels to be an .h5ad holding the embedding")
		}
		emb, err := obsmDense(a, o.rep)
		if err != nil {
			return nil, err
		}
		sil, err := eval.Silhouette(emb, pred, eval.SilhouetteOptions{Threads: env.Threads})
		if err != nil {
			return nil, err
		}
		out = append(out, metric{"silhouette", sil})
	}
	return append(out, metric{"n_cells", len(truth)}, metric{"n_truth", countDistinct(truth)}, metric{"n_pred", countDistinct(pred)}), nil
}

// obsmDense returns obsm[key] of a as a float64 matrix.
func obsmDense(a *anndata.AnnData, key string) (*mat.Dense, error) {
	m := a.Obsm[key]
	if m == nil {
		keys := slices.Sorted(maps.Keys(a.Obsm))
		return nil, fmt.Errorf("no obsm[%q] (have %v)", key, keys)
	}
	return toFloat64(m), nil
}

func toFloat64(m *anndata.Dense) *mat.Dense {
	data := make([]float64, len(m.Data))
	for i, v := range m.Data {
		data[i] = float64(v)
	}
	return mat.NewDense(m.Rows, m.Cols, data)
}

func runEvalEmbedding(env *Env, args []string) ([]metric, error) {
	o := &evalSubFlags
	if len(args) > 0 {
		return nil, usagef("unexpected arguments %q", args)
	}
	if err := requireFlags("input", o.input, "rep", o.rep, "label-col", o.labelCol); err != nil {
		return nil, err
	}
	a, err := anndata.Read(o.input, anndata.ReadOptions{})
	if err != nil {
		return nil, err
	}
	emb, err := obsmDense(a, o.rep)
	if err != nil {
		return nil, err
	}
	labels, err := a.Obs.Strings(o.labelCol)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", o.input, err)
	}
	var res eval.Classification
	folds := o.folds
	if o.split != "" {
		split, err := a.Obs.Strings(o.split)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", o.input, err)
		}
		train := make([]bool, len(split))
		for i, s := range split {
			switch strings.ToLower(s) {
			case "train", "training":
				train[i] = true
			case "test":
			default:
				return nil, fmt.Errorf("%s: obs[%q] of cell %q is %q, want train or test", o.input, o.split, a.Obs.Index[i], s)
			}
		}
		folds = 0
		res, err = eval.KNNAccuracy(emb, labels, train, o.k, env.Threads)
		if err != nil {
			return nil, err
		}
	} else if res, err = eval.KNNCrossValidate(emb, labels, o.k, o.folds, uint64(env.Seed), env.Threads); err != nil {
		return nil, err
	}
	return []metric{{"accuracy", res.Accuracy}, {"balanced_accuracy", res.BalancedAccuracy},
		{"n_cells", res.N}, {"k", o.k}, {"folds", folds}}, nil
}

func runEvalRealism(env *Env, args []string) ([]metric, error) {
	o := &evalSubFlags
	if len(args) > 0 {
		return nil, usagef("unexpected arguments %q", args)
	}
	if err := requireFlags("real", o.real, "sim", o.sim); err != nil {
		return nil, err
	}
	realData, err := o.read.read(o.real)
	if err != nil {
		return nil, err
	}
	simData, err := o.read.read(o.sim)
	if err != nil {
		return nil, err
	}
	real := toFloat64(realData.X.ToDense())
	sim, err := alignGenes(simData, realData.GeneNames(), o.sim)
	if err != nil {
		return nil, err
	}
	if nr, ns := realData.NObs(), simData.NObs(); ns > nr {
		env.Logf("using the first %d of %d simulated cells (as many as real cells)", nr, ns)
		sim = mat.DenseCopyOf(sim.Slice(0, nr, 0, realData.NVars()))
	}
	opt := eval.RealismOptions{
		RF:         eval.RFOptions{PCs: o.pcs, Trees: o.trees, Folds: o.folds, Seed: uint64(env.Seed)},
		LISIPCs:    o.pcs,
		Perplexity: o.perplexity,
		Threads:    env.Threads,
	}
	env.Logf("scoring %d simulated against %d real cells (%d genes)", sim.RawMatrix().Rows, realData.NObs(), realData.NVars())
	rep, err := eval.Realism(real, sim, opt)
	if err != nil {
		return nil, err
	}
	out := realismMetrics("", rep)
	if o.control {
		half := realData.NObs() / 2
		a := mat.DenseCopyOf(real.Slice(0, half, 0, realData.NVars()))
		b := mat.DenseCopyOf(real.Slice(half, realData.NObs(), 0, realData.NVars()))
		env.Logf("control: %d vs %d real cells", half, realData.NObs()-half)
		ctl, err := eval.Realism(a, b, opt)
		if err != nil {
			return nil, fmt.Errorf("control: %w", err)
		}
		out = append(out, realismMetrics("control_", ctl)...)
	}
	return out, nil
}

func realismMetrics(prefix string, r eval.RealismReport) []metric {
	return []metric{
		{prefix + "euclidean", r.Euclidean}, {prefix + "cosine", r.Cosine},
		{prefix + "mmd", r.MMD}, {prefix + "mmd_scale", r.MMDScale},
		{prefix + "milisi", r.MILISI}, {prefix + "rf_auroc", r.RF.AUROC},
	}
}

// alignGenes returns the X of a as float64 with its columns in the order
// of genes; every gene must be present.
func alignGenes(a *anndata.AnnData, genes []string, path string) (*mat.Dense, error) {
	pos := make(map[string]int, a.NVars())
	for j, g := range a.GeneNames() {
		pos[g] = j
	}
	x := a.X.ToDense()
	out := mat.NewDense(a.NObs(), len(genes), nil)
	for k, g := range genes {
		j, ok := pos[g]
		if !ok {
			return nil, fmt.Errorf("%s: gene %q of the real cells is missing from the simulated cells", path, g)
		}
		for i := range a.NObs() {
			out.Set(i, k, float64(x.At(i, j)))
		}
	}
	return out, nil
}
