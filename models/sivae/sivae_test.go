package sivae

import (
	"context"
	"math"
	"math/rand/v2"
	"strings"
	"testing"

	. "github.com/gomlx/gomlx/core/graph" //nolint:revive // graph DSL
	"github.com/gomlx/gomlx/core/tensors"
	"github.com/gomlx/gomlx/ml/model"
	"gonum.org/v1/gonum/mat"
)

// tinyData is a small two-factor dataset: 120 cells × 12 genes, genes 0–5
// driven by one factor and 6–11 by another, plus noise.
func tinyData(t *testing.T) *Data {
	t.Helper()
	rng := rand.New(rand.NewPCG(7, 7))
	cells, genes := 120, 12
	x := make([]float32, cells*genes)
	for c := 0; c < cells; c++ {
		f1, f2 := rng.NormFloat64(), rng.NormFloat64()
		for g := 0; g < genes; g++ {
			f := f1
			if g >= 6 {
				f = f2
			}
			x[c*genes+g] = float32(0.9*f + 0.3*rng.NormFloat64())
		}
	}
	d, err := NewData(x, cells, genes)
	if err != nil {
		t.Fatal(err)
	}
	return d
}

// tinyConfig trains in about a second.
func tinyConfig(v Variant) Config {
	c := DefaultConfig(v, 2)
	c.Hidden = []int{16, 8}
	c.BatchSize, c.FeatureBatchSize, c.JointGeneBatchSize = 32, 6, 6
	c.CellEpochs, c.FeatureEpochs, c.JointEpochs = 15, 15, 15
	c.KLWarmup, c.ReducedCells, c.LearningRate = 20, 60, 5e-3
	c.Seed = 3
	return c
}

// trainTiny trains siVAE on d with tinyConfig and the given epochs of the
// three steps; the model is closed when the test ends.
func trainTiny(t *testing.T, d *Data, cell, feature, joint int) *Model {
	t.Helper()
	cfg := tinyConfig(Interpretable)
	cfg.CellEpochs, cfg.FeatureEpochs, cfg.JointEpochs = cell, feature, joint
	m, err := Train(context.Background(), d, cfg, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(m.Close)
	return m
}

func TestConfigValidate(t *testing.T) {
	if err := DefaultConfig(Interpretable, 2).Validate(); err != nil {
		t.Fatalf("default config rejected: %v", err)
	}
	bad := []struct {
		name string
		edit func(*Config)
		want string
	}{
		{"latent", func(c *Config) { c.Latent = 0 }, "latent"},
		{"gamma", func(c *Config) { c.Gamma = -1 }, "gamma"},
		{"lr", func(c *Config) { c.LearningRate = math.NaN() }, "learning rate"},
		{"hidden", func(c *Config) { c.Hidden = []int{4, 0} }, "hidden layer 2"},
		{"variant", func(c *Config) { c.Variant = "pca" }, "unknown variant"},
		{"reduction", func(c *Config) { c.Reduction = "svd" }, "reduction"},
		{"epochs", func(c *Config) { c.CellEpochs, c.JointEpochs = 0, 0 }, "epochs"},
		{"loading noise", func(c *Config) { c.LoadingNoise = 1.5 }, "loading noise"},
		{"gamma warm-up", func(c *Config) { c.GammaWarmup = -0.1 }, "gamma warm-up"},
		{"clip norm", func(c *Config) { c.ClipNorm = -1 }, "clipping norm"},
		{"clip norm inf", func(c *Config) { c.ClipNorm = math.Inf(1) }, "clipping norm"},
	}
	for _, b := range bad {
		c := DefaultConfig(Interpretable, 2)
		b.edit(&c)
		if err := c.Validate(); err == nil || !strings.Contains(err.Error(), b.want) {
			t.Errorf("%s: got error %v, want one mentioning %q", b.name, err, b.want)
		}
	}
}

func TestGammaWarmup(t *testing.T) {
	c := DefaultConfig(Interpretable, 2)
	c.Gamma, c.GammaWarmup = 0.04, 0.5
	for _, tc := range []struct {
		step, total int
		want        float64
	}{
		{0, 100, 0}, {25, 100, 0.02}, {49, 100, 0.0392}, {50, 100, 0.04}, {99, 100, 0.04},
		{0, 1, 0.04}, // a ramp shorter than one step is no ramp
	} {
		if got := c.gammaWeight(tc.step, tc.total); math.Abs(got-tc.want) > 1e-12 {
			t.Errorf("gammaWeight(%d, %d) = %g, want %g", tc.step, tc.total, got, tc.want)
		}
	}
	c.GammaWarmup = 0
	if got := c.gammaWeight(0, 100); got != 0.04 {
		t.Errorf("without warm-up gammaWeight(0, 100) = %g, want γ", got)
	}
}

func TestNewDataRejectsBadInput(t *testing.T) {
	if _, err := NewData(make([]float32, 5), 2, 3); err == nil {
		t.Error("wrong length accepted")
	}
	x := make([]float32, 6)
	x[4] = float32(math.Inf(1))
	if _, err := NewData(x, 2, 3); err == nil || !strings.Contains(err.Error(), "cell 1 gene 1") {
		t.Errorf("infinite value: got %v", err)
	}
	d, _ := NewData(make([]float32, 6), 2, 3)
	if err := d.SetCounts([]float32{1, 2, -1, 0, 0, 0}); err == nil {
		t.Error("negative count accepted")
	}
	if err := d.SetBatch([]string{"b", "a"}); err != nil {
		t.Fatal(err)
	}
	if d.BatchLevels[0] != "a" || d.Batch[0] != 0 || d.Batch[1] != 1 || d.Batch[2] != 1 {
		t.Errorf("one-hot wrong: levels %v values %v", d.BatchLevels, d.Batch)
	}
}

func TestFeatureInputReduction(t *testing.T) {
	d := tinyData(t)
	strata := make([]string, d.Cells)
	for i := range strata {
		strata[i] = []string{"x", "y", "z"}[i%3]
	}
	if err := d.SetStrata(strata); err != nil {
		t.Fatal(err)
	}
	cfg := tinyConfig(Interpretable)
	cfg.ReducedCells = 30
	f, n, err := featureInput(d, cfg)
	if err != nil || n != 30 || len(f) != d.Genes*30 {
		t.Fatalf("downsample: %d cells, %d values, %v", n, len(f), err)
	}
	// Each reduced column is one cell: gene 0 of column j must be some cell's value.
	found := false
	for c := 0; c < d.Cells; c++ {
		if d.X[c*d.Genes] == f[0] && d.X[c*d.Genes+1] == f[n] {
			found = true
		}
	}
	if !found {
		t.Error("first downsampled column is not a cell of the data")
	}
	cfg.Reduction = PCA
	cfg.ReducedCells = 5
	f, n, err = featureInput(d, cfg)
	if err != nil || n != 5 || len(f) != d.Genes*5 {
		t.Fatalf("pca: %d comps, %d values, %v", n, len(f), err)
	}
}

func TestTrainLearnsStructure(t *testing.T) {
	d := tinyData(t)
	for _, v := range []Variant{Interpretable, PlainVAE, Linear} {
		m, err := Train(context.Background(), d, tinyConfig(v), TrainOptions{})
		if err != nil {
			t.Fatalf("%s: %v", v, err)
		}
		losses := m.Losses()
		first, last := losses[0], losses[len(losses)-1]
		if !(last.Reconstruction < first.Reconstruction) {
			t.Errorf("%s: reconstruction did not improve: %.3f → %.3f", v, first.Reconstruction, last.Reconstruction)
		}
		c, err := m.Centrality(d)
		if err != nil {
			t.Fatal(err)
		}
		var meanC float64
		for _, x := range c {
			meanC += x / float64(len(c))
		}
		if meanC < 0.3 {
			t.Errorf("%s: mean reconstruction accuracy %.3f, want ≥ 0.3 on two strong factors", v, meanC)
		}
		if v == PlainVAE {
			if _, err := m.Loadings(); err == nil {
				t.Error("plain VAE returned loadings")
			}
		} else {
			l, err := m.Loadings()
			if err != nil || len(l) != d.Genes*2 {
				t.Fatalf("%s loadings: %d values, %v", v, len(l), err)
			}
		}
		m.Close()
	}
}

func TestTrainIsReproducible(t *testing.T) {
	d := tinyData(t)
	cfg := tinyConfig(Interpretable)
	cfg.CellEpochs, cfg.FeatureEpochs, cfg.JointEpochs = 2, 2, 2
	var got [2][]float32
	for i := range got {
		m, err := Train(context.Background(), d, cfg, TrainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		if got[i], err = m.Scores(d); err != nil {
			t.Fatal(err)
		}
		m.Close()
	}
	for i := range got[0] {
		if got[0][i] != got[1][i] {
			t.Fatalf("score %d differs between identical runs: %v vs %v", i, got[0][i], got[1][i])
		}
	}
}

func TestBatchAndNBVariantsTrain(t *testing.T) {
	d := tinyData(t)
	labels := make([]string, d.Cells)
	counts := make([]float32, len(d.X))
	for i := range labels {
		labels[i] = []string{"p", "q"}[i%2]
	}
	for i, v := range d.X {
		counts[i] = float32(math.Round(math.Exp(float64(v))))
	}
	if err := d.SetBatch(labels); err != nil {
		t.Fatal(err)
	}
	if err := d.SetCounts(counts); err != nil {
		t.Fatal(err)
	}
	for _, v := range []Variant{Interpretable, NegBinomial, Linear} {
		cfg := tinyConfig(v)
		cfg.CellEpochs, cfg.FeatureEpochs, cfg.JointEpochs = 3, 3, 3
		m, err := Train(context.Background(), d, cfg, TrainOptions{})
		if err != nil {
			t.Fatalf("%s with batches: %v", v, err)
		}
		if _, err := m.Centrality(d); err != nil {
			t.Fatalf("%s centrality: %v", v, err)
		}
		other, _ := NewData(d.X, d.Cells, d.Genes)
		if _, err := m.Scores(other); err == nil || !strings.Contains(err.Error(), "batch levels") {
			t.Errorf("%s: scores of data without batches: got %v", v, err)
		}
		m.Close()
	}
	nb := tinyConfig(NegBinomial)
	plain, _ := NewData(d.X, d.Cells, d.Genes)
	if _, err := Train(context.Background(), plain, nb, TrainOptions{}); err == nil {
		t.Error("NB variant trained without counts")
	}
}

// TestDecoderJacobianMatchesFiniteDifferences checks the reverse-over-reverse
// Jacobian used by the gradient × input attribution.
func TestDecoderJacobianMatchesFiniteDifferences(t *testing.T) {
	d := tinyData(t)
	m := trainTiny(t, d, 3, 3, 3)
	cfg := m.Config()
	n := 20
	scores, err := m.Scores(d.Subset(span(0, n)))
	if err != nil {
		t.Fatal(err)
	}
	jac, err := m.decoderJacobian(scores, nil, n)
	if err != nil {
		t.Fatal(err)
	}
	// ReLU networks are piecewise linear: a central difference that crosses
	// a kink disagrees with the exact derivative, so a few entries may
	// differ; everything else must match closely.
	const h = 1e-3
	for k := 0; k < cfg.Latent; k++ {
		plus, minus := append([]float32(nil), scores...), append([]float32(nil), scores...)
		for c := 0; c < n; c++ {
			plus[c*cfg.Latent+k] += h
			minus[c*cfg.Latent+k] -= h
		}
		fp, err := m.decodeScores(plus, nil, n)
		if err != nil {
			t.Fatal(err)
		}
		fm, _ := m.decodeScores(minus, nil, n)
		bad := 0
		for i := range fp {
			num := (float64(fp[i]) - float64(fm[i])) / (2 * h)
			if math.Abs(num-float64(jac[k][i])) > 2e-3+1e-2*math.Abs(num) {
				bad++
			}
		}
		if bad > len(fp)/4 {
			t.Errorf("dimension %d: %d of %d Jacobian entries differ from finite differences", k, bad, len(fp))
		}
	}
}

// TestIntegratedGradientsAreComplete checks pathJacobian with steps > 0:
// integrated gradients from 0 add up, over the latent dimensions, to
// X̂(z) − X̂(0) for every cell and gene (up to the midpoint rule's error at
// the ReLU kinks), which gradient × input does not for a non-linear decoder.
func TestIntegratedGradientsAreComplete(t *testing.T) {
	d := tinyData(t)
	m := trainTiny(t, d, 3, 3, 3)
	k := m.Config().Latent
	n := 20
	scores, err := m.Scores(d.Subset(span(0, n)))
	if err != nil {
		t.Fatal(err)
	}
	at, err := m.decodeScores(scores, nil, n)
	if err != nil {
		t.Fatal(err)
	}
	origin, err := m.decodeScores(make([]float32, len(scores)), nil, n)
	if err != nil {
		t.Fatal(err)
	}
	sumErr := func(steps int) float64 {
		jac, err := m.pathJacobian(scores, nil, n, steps)
		if err != nil {
			t.Fatal(err)
		}
		var worst, scale float64
		for i := range at {
			c := i / m.sh.genes
			var sum float64
			for dim := 0; dim < k; dim++ {
				sum += float64(scores[c*k+dim]) * float64(jac[dim][i])
			}
			diff := float64(at[i]) - float64(origin[i])
			worst = math.Max(worst, math.Abs(sum-diff))
			scale = math.Max(scale, math.Abs(diff))
		}
		return worst / scale
	}
	ig, gi := sumErr(64), sumErr(0)
	t.Logf("relative completeness error: integrated gradients %.3g, gradient × input %.3g", ig, gi)
	if ig > 0.02 {
		t.Errorf("integrated gradients miss X̂(z) − X̂(0) by %.3g of its largest value", ig)
	}
	if gi <= ig {
		t.Errorf("gradient × input (error %.3g) should be less complete than integrated gradients (%.3g) on a ReLU decoder", gi, ig)
	}
}

func TestGeneNeighbors(t *testing.T) {
	v := []float32{0, 0, 1, 0, 0, 3, 10, 10}
	nb, err := GeneNeighbors(v, 2, 2)
	if err != nil {
		t.Fatal(err)
	}
	if nb[0][0].Gene != 1 || nb[0][1].Gene != 2 || nb[3][0].Gene != 2 {
		t.Errorf("neighbours wrong: %+v", nb)
	}
	if math.Abs(nb[0][0].Distance-1) > 1e-12 {
		t.Errorf("distance %g, want 1", nb[0][0].Distance)
	}
	if _, err := GeneNeighbors(v, 2, 4); err == nil {
		t.Error("k = number of genes accepted")
	}
}

func TestVarianceExplained(t *testing.T) {
	x := []float32{1, 5, 2, 5, 3, 5}
	perfect := varianceExplained(x, x, 3, 2)
	if perfect[0] != 1 || perfect[1] != 0 {
		t.Errorf("perfect reconstruction: got %v, want [1 0] (constant gene → 0)", perfect)
	}
	meanOnly := varianceExplained(x, []float32{2, 5, 2, 5, 2, 5}, 3, 2)
	if math.Abs(meanOnly[0]) > 1e-12 {
		t.Errorf("mean prediction: got %g, want 0", meanOnly[0])
	}
}

// TestJointStepStartsBatchTermAtBatchMeans checks that the interpretability
// term's batch weights j start the joint step at each gene's per-batch mean
// (they could not absorb a large batch shift from zero in a few epochs).
func TestJointStepStartsBatchTermAtBatchMeans(t *testing.T) {
	d := uniformlyShiftedTinyData(t, 2)
	m := trainTiny(t, d, 2, 2, 1)
	j := batchWeights(t, m, scopeBatchTerm)
	for g := range d.Genes {
		var mean [2]float64
		for c := range d.Cells {
			mean[c%2] += float64(d.X[c*d.Genes+g]) / float64(d.Cells/2)
		}
		if math.Abs(mean[1]-mean[0]) < 1 {
			t.Fatalf("gene %d: batch means %v do not differ; the test data are wrong", g, mean)
		}
		for k := range 2 {
			// One joint epoch of 4 steps moves j by at most ≈ 4 × lr = 0.02.
			if got := float64(j[g*2+k]); math.Abs(got-mean[k]) > 0.05 {
				t.Errorf("gene %d batch %d: j = %.3f, want ≈ the batch mean %.3f", g, k, got, mean[k])
			}
		}
	}
}

// TestLoadingNoiseScalesDecodedNoise checks Config.LoadingNoise: the
// feature decoder's output v_{f,L} is decoded from the posterior mean at 0,
// from the sample at 1, and in between from mean + s·σ·eps, while the
// loadings' sample v (used by the interpretability term) keeps its full noise.
func TestLoadingNoiseScalesDecodedNoise(t *testing.T) {
	d := tinyData(t)
	m := trainTiny(t, d, 1, 1, 1)
	cfg := m.Config()
	genes := m.sh.genes
	xf := tensors.FromFlatDataAndDimensions(m.features, genes, m.reduced)
	eps := normals(rand.New(rand.NewPCG(1, 2)), genes*cfg.Latent)
	run := func(noise float64) (v, last []float32) {
		e, err := model.NewExec(m.backend, m.store, func(scope *model.Scope, xf, eps *Node) []*Node {
			p := m.cfg.featureForward(scope, xf, eps, noise)
			return []*Node{p.v, p.last}
		})
		if err != nil {
			t.Fatal(err)
		}
		defer e.Finalize()
		res, err := e.Exec(xf, tensors.FromFlatDataAndDimensions(eps, genes, cfg.Latent))
		if err != nil {
			t.Fatal(err)
		}
		return tensors.MustCopyFlatData[float32](res[0]), tensors.MustCopyFlatData[float32](res[1])
	}
	_, meanLast, err := m.featureEmbedding()
	if err != nil {
		t.Fatal(err)
	}
	maxDiff := func(a, b []float32) float64 {
		var d float64
		for i := range a {
			d = math.Max(d, math.Abs(float64(a[i]-b[i])))
		}
		return d
	}
	v0, last0 := run(0)
	v1, last1 := run(1)
	_, lastHalf := run(0.5)
	if d := maxDiff(last0, meanLast); d > 1e-6 {
		t.Errorf("noise 0: v_{f,L} differs from the posterior-mean decoding by %g", d)
	}
	if d := maxDiff(v0, v1); d > 1e-6 {
		t.Errorf("the loadings' sample v must not depend on the decoding noise (diff %g)", d)
	}
	d01, d0h := maxDiff(last0, last1), maxDiff(last0, lastHalf)
	if d01 < 1e-4 || d0h < 1e-5 || d0h >= d01 {
		t.Errorf("decoded output should move away from the mean with the noise scale: |0→0.5| = %g, |0→1| = %g", d0h, d01)
	}
}

// TestBatchOutputKeepsGeneShiftOutOfScores checks Config.BatchOutput: with a
// random per-gene shift in one batch, per-gene batch weights in the output
// let the model explain the shift without moving the scores, while with the
// batch only at the first decoder layer (the paper's architecture) the shift
// has to pass through each gene's output weights and the scores separate
// the batches more. Tiny models are erratic (one seed in ten reverses the
// order), so the separations are averaged over four seeds.
func TestBatchOutputKeepsGeneShiftOutOfScores(t *testing.T) {
	base := tinyData(t)
	separation := func(seed uint64, batchOutput bool) float64 {
		rng := rand.New(rand.NewPCG(seed, 5))
		shift := make([]float64, base.Genes)
		for g := range shift {
			shift[g] = 1.5 * rng.NormFloat64()
		}
		d := shiftedTinyData(t, shift)
		cfg := tinyConfig(Interpretable)
		cfg.BatchOutput, cfg.Seed = batchOutput, seed
		m, err := Train(context.Background(), d, cfg, TrainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if got := m.store.GetVariable("/"+scopeBatchOutput+"/"+varBatchTerm) != nil; got != batchOutput {
			t.Fatalf("BatchOutput %v: output batch weights present = %v", batchOutput, got)
		}
		z, err := m.Scores(d)
		if err != nil {
			t.Fatal(err)
		}
		return batchSeparation(z, d.Cells, cfg.Latent, func(c int) int { return c % 2 })
	}
	var with, without float64
	for seed := uint64(1); seed <= 4; seed++ {
		with += separation(seed, true) / 4
		without += separation(seed, false) / 4
	}
	t.Logf("mean batch separation of the scores: %.3f with output batch weights, %.3f without", with, without)
	if with > 0.6*without {
		t.Errorf("output batch weights left the batches separated: %.3f vs %.3f without", with, without)
	}
}

// TestBatchOutputEncoderSeesOnlyCorrectedData checks that with
// Config.BatchOutput the cell encoder reads the batch only through x − mᵀs,
// m the per-batch gene means of the training data, left untrained: moving a
// cell to the other batch and adding the difference of the two batches'
// means to its data leaves its scores unchanged. (Fed the one-hot as well,
// the encoder diverged on pbmc3k at K = 10.)
func TestBatchOutputEncoderSeesOnlyCorrectedData(t *testing.T) {
	d := uniformlyShiftedTinyData(t, 1.5)
	m := trainTiny(t, d, 3, 3, 3)
	j := batchWeights(t, m, scopeBatchInput) // [G, 2]
	for i, want := range d.batchMeans() {
		if j[i] != want {
			t.Fatalf("encoder batch means [%d] = %v after training, want the data's %v", i, j[i], want)
		}
	}
	x := append([]float32(nil), d.X...)
	labels := make([]string, d.Cells)
	for c := range labels {
		from, to := c%2, 1-c%2 // shiftedTinyData: even cells in p, odd in q
		labels[c] = []string{"p", "q"}[to]
		for g := range d.Genes {
			x[c*d.Genes+g] += j[g*2+to] - j[g*2+from]
		}
	}
	moved, err := NewData(x, d.Cells, d.Genes)
	if err != nil {
		t.Fatal(err)
	}
	if err := moved.SetBatch(labels); err != nil {
		t.Fatal(err)
	}
	z, err := m.Scores(d)
	if err != nil {
		t.Fatal(err)
	}
	zMoved, err := m.Scores(moved)
	if err != nil {
		t.Fatal(err)
	}
	for i := range z {
		if diff := math.Abs(float64(z[i] - zMoved[i])); diff > 1e-4 {
			t.Fatalf("score %d of cell %d changed by %.3g when the cell moved batch", i%2, i/2, diff)
		}
	}
}

// batchWeights returns the per-gene batch weights [G, b] of the given
// scope after training (scopeBatchTerm: j; scopeBatchOutput: j';
// scopeBatchInput: the encoder's batch means m).
func batchWeights(t *testing.T, m *Model, scope string) []float32 {
	t.Helper()
	v := m.store.GetVariable("/" + scope + "/" + varBatchTerm)
	if v == nil {
		t.Fatalf("no %s weights after training with batches", scope)
	}
	value, err := v.Value()
	if err != nil {
		t.Fatal(err)
	}
	return tensors.MustCopyFlatData[float32](value)
}

// uniformlyShiftedTinyData is shiftedTinyData with every gene of batch q
// shifted by the same amount.
func uniformlyShiftedTinyData(t *testing.T, by float64) *Data {
	t.Helper()
	shift := make([]float64, tinyData(t).Genes)
	for g := range shift {
		shift[g] = by
	}
	return shiftedTinyData(t, shift)
}

// shiftedTinyData is tinyData with two batches, p (even cells) and q (odd
// cells), the cells of q shifted by shift[g] on gene g.
func shiftedTinyData(t *testing.T, shift []float64) *Data {
	t.Helper()
	base := tinyData(t)
	x := append([]float32(nil), base.X...)
	labels := make([]string, base.Cells)
	for c := range labels {
		labels[c] = []string{"p", "q"}[c%2]
		if c%2 == 1 {
			for g := range base.Genes {
				x[c*base.Genes+g] += float32(shift[g])
			}
		}
	}
	d, err := NewData(x, base.Cells, base.Genes)
	if err != nil {
		t.Fatal(err)
	}
	if err := d.SetBatch(labels); err != nil {
		t.Fatal(err)
	}
	return d
}

// batchSeparation is the largest standardised difference between the two
// batches' mean scores over the K dimensions.
func batchSeparation(z []float32, n, k int, batch func(int) int) float64 {
	best := 0.0
	for j := range k {
		var sum, sq [2]float64
		var cnt [2]float64
		for c := range n {
			b, v := batch(c), float64(z[c*k+j])
			sum[b] += v
			sq[b] += v * v
			cnt[b]++
		}
		m0, m1 := sum[0]/cnt[0], sum[1]/cnt[1]
		pooled := (sq[0] + sq[1] - cnt[0]*m0*m0 - cnt[1]*m1*m1) / (cnt[0] + cnt[1] - 2)
		if s := math.Abs(m1-m0) / math.Sqrt(pooled); s > best {
			best = s
		}
	}
	return best
}

// TestWithinBatchRemovesBatchMeans checks the feature-wise input with a
// batch covariate: every gene's mean within each batch is zero, and data
// without batches pass unchanged.
func TestWithinBatchRemovesBatchMeans(t *testing.T) {
	plain := tinyData(t)
	if got := withinBatch(plain); &got[0] != &plain.X[0] {
		t.Error("data without batches were copied or changed")
	}
	d := shiftedTinyData(t, []float64{3, -2, 1, 0, 5, 1, 1, 1, 1, 1, 1, 1})
	x := withinBatch(d)
	for g := range d.Genes {
		var mean [2]float64
		for c := range d.Cells {
			mean[c%2] += float64(x[c*d.Genes+g]) / float64(d.Cells/2)
		}
		if math.Abs(mean[0]) > 1e-5 || math.Abs(mean[1]) > 1e-5 {
			t.Errorf("gene %d: batch means after centring %v, want 0", g, mean)
		}
	}
}

// TestAlignLoadingsFitsTheLinearTerm checks Config.AlignLoadings: after
// the aligned feature-wise pre-training the loadings explain the data
// linearly on the pre-trained scores nearly as well as the least-squares
// coefficients do, and much better than after the paper's pre-training,
// which fits the loadings to the free output weights only.
func TestAlignLoadingsFitsTheLinearTerm(t *testing.T) {
	d := tinyData(t)
	excess := func(align bool) float64 {
		cfg := tinyConfig(Interpretable)
		cfg.FeatureEpochs, cfg.JointEpochs, cfg.AlignLoadings = 150, 0, align
		m, err := Train(context.Background(), d, cfg, TrainOptions{})
		if err != nil {
			t.Fatal(err)
		}
		defer m.Close()
		if !align {
			for _, l := range m.Losses() {
				if l.Phase == PhaseFeature && l.Interpretability != 0 {
					t.Fatalf("the paper's feature-wise step reports an interpretability term %g", l.Interpretability)
				}
			}
		}
		z, err := m.Scores(d)
		if err != nil {
			t.Fatal(err)
		}
		v, err := m.Loadings()
		if err != nil {
			t.Fatal(err)
		}
		k := cfg.Latent
		scores := mat.NewDense(d.Cells, k, toFloat64(z))
		x := mat.NewDense(d.Cells, d.Genes, toFloat64(d.X))
		var ls mat.Dense // least-squares coefficients, K × G
		if err := ls.Solve(scores, x); err != nil {
			t.Fatal(err)
		}
		sse := func(coef mat.Matrix) float64 {
			var r mat.Dense
			r.Mul(scores, coef)
			r.Sub(x, &r)
			return mat.Norm(&r, 2) * mat.Norm(&r, 2)
		}
		loadings := mat.NewDense(d.Genes, k, toFloat64(v))
		e := sse(loadings.T()) - sse(&ls)
		t.Logf("align %v: residual sum of squares of the loadings %.1f, least squares %.1f", align, sse(loadings.T()), sse(&ls))
		return e
	}
	plain, aligned := excess(false), excess(true)
	if !(aligned < 0.5*plain) {
		t.Errorf("excess residual over least squares: aligned %.1f, paper's pre-training %.1f; want aligned below half", aligned, plain)
	}
}

func toFloat64(x []float32) []float64 {
	out := make([]float64, len(x))
	for i, v := range x {
		out[i] = float64(v)
	}
	return out
}

// TestInterpretationAgreementOfLinearDecoder checks the interpretation
// check end to end on siVAE-linear, whose decoder is X̂ = Vᵀz itself:
// gradient × input is then z_ck·V_fk, whose first principal component over
// cells is V_{:,k}, so every dimension must agree perfectly.
func TestInterpretationAgreementOfLinearDecoder(t *testing.T) {
	d := tinyData(t)
	cfg := tinyConfig(Linear)
	m, err := Train(context.Background(), d, cfg, TrainOptions{})
	if err != nil {
		t.Fatal(err)
	}
	defer m.Close()
	cells := make([]int, 60)
	for i := range cells {
		cells[i] = 2 * i
	}
	per, med, err := m.InterpretationAgreement(d, cells)
	if err != nil {
		t.Fatal(err)
	}
	for k, r := range per {
		if r < 0.999 {
			t.Errorf("dimension %d: Spearman %.4f between the loadings and the linear decoder's attribution, want 1", k+1, r)
		}
	}
	if med < 0.999 {
		t.Errorf("median |ρ| %.4f, want 1", med)
	}
}

// TestClipNormCapsTheSteps checks that Config.ClipNorm reaches the
// optimisers: with a cap far below the gradients' norm Adam's updates shrink
// to about lr·g/ε, so 10 epochs leave the scores where 1 epoch left them,
// while without a cap they move.
func TestClipNormCapsTheSteps(t *testing.T) {
	d := tinyData(t)
	moved := map[float64]float64{}
	for _, clip := range []float64{0, 1e-20} {
		var scores [][]float32
		for _, epochs := range []int{1, 10} {
			cfg := tinyConfig(PlainVAE)
			// No weight decay: it is added after clipping, and Adam would
			// turn λ·w alone into steps of size lr.
			cfg.CellEpochs, cfg.JointEpochs, cfg.ClipNorm, cfg.L2 = epochs, 0, clip, 0
			m, err := Train(context.Background(), d, cfg, TrainOptions{})
			if err != nil {
				t.Fatal(err)
			}
			z, err := m.Scores(d)
			m.Close()
			if err != nil {
				t.Fatal(err)
			}
			scores = append(scores, z)
		}
		for i := range scores[0] {
			moved[clip] = math.Max(moved[clip], math.Abs(float64(scores[1][i]-scores[0][i])))
		}
	}
	if moved[0] < 0.05 {
		t.Fatalf("without clipping 9 more epochs moved the scores by only %.3g", moved[0])
	}
	if moved[1e-20] > 1e-4 {
		t.Errorf("with ClipNorm 1e-20, 9 more epochs moved the scores by %.3g (unclipped %.3g); the cap is not applied", moved[1e-20], moved[0])
	}
}
