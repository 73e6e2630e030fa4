package tl

import (
	"fmt"
	"math"
	"math/rand/v2"
	"slices"

	"gonum.org/v1/gonum/mat"

	"regula/anndata"
	"regula/pp"
)

// UMAPOptions configures UMAPEmbed; zero values take scanpy's defaults.
type UMAPOptions struct {
	// MinDist is the minimum distance between embedded points (0.5).
	MinDist float64
	// Spread is the scale of embedded points (1.0).
	Spread float64
	// A and B override the curve parameters fitted from MinDist and
	// Spread when both are > 0.
	A, B float64
	// NComponents is the embedding dimension (2).
	NComponents int
	// NEpochs is the number of optimisation epochs (0 = 500 for up to
	// 10000 cells, else 200, as umap-learn).
	NEpochs int
	// LearningRate is the initial SGD step (1.0); it decays linearly to 0.
	LearningRate float64
	// NegativeSampleRate is the number of repulsive samples per attractive
	// one (5).
	NegativeSampleRate int
	// RepulsionStrength weights the repulsive term (gamma, 1.0).
	RepulsionStrength float64
	// Init is "spectral" (default; falls back to random if the eigensolver
	// fails) or "random".
	Init string
	// Seed makes initialisation and negative sampling reproducible.
	Seed uint64
}

func (o *UMAPOptions) defaults(n int) error {
	if o.MinDist == 0 {
		o.MinDist = 0.5
	}
	if o.Spread == 0 {
		o.Spread = 1
	}
	if o.NComponents == 0 {
		o.NComponents = 2
	}
	if o.NEpochs == 0 {
		o.NEpochs = 500
		if n > 10000 {
			o.NEpochs = 200
		}
	}
	if o.LearningRate == 0 {
		o.LearningRate = 1
	}
	if o.NegativeSampleRate == 0 {
		o.NegativeSampleRate = 5
	}
	if o.RepulsionStrength == 0 {
		o.RepulsionStrength = 1
	}
	if o.Init == "" {
		o.Init = "spectral"
	}
	switch {
	case o.MinDist < 0 || o.MinDist > o.Spread:
		return fmt.Errorf("umap: min_dist %v must lie in [0, spread=%v]", o.MinDist, o.Spread)
	case o.NComponents < 1:
		return fmt.Errorf("umap: n_components %d must be ≥ 1", o.NComponents)
	case o.NEpochs < 1:
		return fmt.Errorf("umap: n_epochs %d must be ≥ 1", o.NEpochs)
	case !(o.LearningRate > 0):
		return fmt.Errorf("umap: learning rate %v must be > 0", o.LearningRate)
	case o.NegativeSampleRate < 0:
		return fmt.Errorf("umap: negative sample rate %d must be ≥ 0", o.NegativeSampleRate)
	case o.Init != "spectral" && o.Init != "random":
		return fmt.Errorf("umap: init %q must be spectral or random", o.Init)
	}
	if o.A <= 0 || o.B <= 0 {
		a, b, err := FitUMAPCurve(o.MinDist, o.Spread)
		if err != nil {
			return err
		}
		o.A, o.B = a, b
	}
	return nil
}

// UMAPEmbed lays out the cells of a fuzzy neighbour graph (the symmetric
// connectivities) in NComponents dimensions with UMAP's stochastic gradient
// descent, as scanpy.tl.umap calls umap-learn's simplicial_set_embedding:
// edges weaker than max/n_epochs are dropped, each edge is sampled in
// proportion to its weight, with NegativeSampleRate repulsive samples per
// attractive one. data (cells × dimensions, may be nil) places the
// connected components relative to each other when the graph is
// disconnected. The optimisation runs serially so the result is exactly
// reproducible for a seed.
func UMAPEmbed(graph *anndata.CSR, data *mat.Dense, opt UMAPOptions) (*mat.Dense, error) {
	g, err := graphFromCSR(graph)
	if err != nil {
		return nil, fmt.Errorf("umap: %w", err)
	}
	if err := opt.defaults(g.n); err != nil {
		return nil, err
	}
	if data != nil {
		if r, _ := data.Dims(); r != g.n {
			return nil, fmt.Errorf("umap: data has %d rows, graph has %d nodes", r, g.n)
		}
	}
	dim := opt.NComponents
	g = pruneWeakEdges(g, opt.NEpochs)
	rng := newRand(opt.Seed, 0x0a4a9)
	emb := umapInit(g, data, dim, opt.Init, rng)
	optimizeLayout(g, emb, dim, opt, rng)
	return mat.NewDense(g.n, dim, emb), nil
}

// pruneWeakEdges drops edges with weight below max/nEpochs, which would be
// sampled less than once (umap-learn does this before the layout).
func pruneWeakEdges(g *wgraph, nEpochs int) *wgraph {
	wmax := 0.0
	for _, w := range g.w {
		wmax = max(wmax, w)
	}
	cut := wmax / float64(nEpochs)
	p := &wgraph{n: g.n, start: make([]int, g.n+1), self: make([]float64, g.n), strength: make([]float64, g.n)}
	for i := range g.n {
		nb, w := g.neighbours(i)
		for k, j := range nb {
			if w[k] >= cut {
				p.nbr = append(p.nbr, j)
				p.w = append(p.w, w[k])
				p.strength[i] += w[k]
			}
		}
		p.start[i+1] = len(p.nbr)
		p.total += p.strength[i]
	}
	return p
}

// umapInit returns the starting layout (n×dim, row-major): spectral per
// connected component (random uniform for tiny components or if the
// eigensolver fails), scaled to max |x| = 10 with N(0, 1e-4) jitter and
// rescaled to [0, 10] per axis as umap-learn does.
func umapInit(g *wgraph, data *mat.Dense, dim int, init string, rng *rand.Rand) []float64 {
	n := g.n
	var emb []float64
	if init == "spectral" {
		emb = multiComponentLayout(g, data, dim, rng)
		if emb != nil {
			maxAbs := 0.0
			for _, v := range emb {
				maxAbs = max(maxAbs, math.Abs(v))
			}
			if maxAbs > 0 {
				for i := range emb {
					emb[i] = emb[i]*10/maxAbs + 1e-4*rng.NormFloat64()
				}
			}
		}
	}
	if emb == nil {
		emb = make([]float64, n*dim)
		for i := range emb {
			emb[i] = -10 + 20*rng.Float64()
		}
	}
	for c := range dim {
		lo, hi := math.Inf(1), math.Inf(-1)
		for i := range n {
			lo = min(lo, emb[i*dim+c])
			hi = max(hi, emb[i*dim+c])
		}
		if hi > lo {
			for i := range n {
				emb[i*dim+c] = 10 * (emb[i*dim+c] - lo) / (hi - lo)
			}
		}
	}
	return emb
}

// multiComponentLayout is the spectral initialisation over possibly several
// connected components: each component gets its own spectral layout,
// scaled to half the distance to the nearest other component and centred
// on the component's meta position (±unit vectors for up to 2·dim
// components, else classical MDS of the component centroids in data, or a
// circle without data). It returns nil if an eigensolve fails.
func multiComponentLayout(g *wgraph, data *mat.Dense, dim int, rng *rand.Rand) []float64 {
	label, nComp := components(g)
	if nComp == 1 {
		emb, ok := spectralLayout(g, dim, rng)
		if !ok {
			return nil
		}
		return emb
	}
	meta := componentPositions(label, nComp, data, dim)
	emb := make([]float64, g.n*dim)
	members := make([][]int, nComp)
	for i, c := range label {
		members[c] = append(members[c], i)
	}
	for c, nodes := range members {
		rangeC := math.Inf(1)
		for o := range nComp {
			if o != c {
				rangeC = min(rangeC, math.Sqrt(sqDist(meta[c*dim:(c+1)*dim], meta[o*dim:(o+1)*dim])))
			}
		}
		rangeC /= 2
		var sub []float64
		if len(nodes) >= 2*dim && len(nodes) > dim+1 {
			var ok bool
			sub, ok = spectralLayout(g.subgraph(nodes), dim, rng)
			if !ok {
				return nil
			}
			maxAbs := 0.0
			for _, v := range sub {
				maxAbs = max(maxAbs, math.Abs(v))
			}
			for i := range sub {
				sub[i] *= rangeC / maxAbs
			}
		} else {
			sub = make([]float64, len(nodes)*dim)
			for i := range sub {
				sub[i] = rangeC * (2*rng.Float64() - 1)
			}
		}
		for k, v := range nodes {
			for j := range dim {
				emb[v*dim+j] = sub[k*dim+j] + meta[c*dim+j]
			}
		}
	}
	return emb
}

// componentPositions places nComp components in dim dimensions with
// coordinates scaled to max |x| = 1 (row-major nComp×dim).
func componentPositions(label []int, nComp int, data *mat.Dense, dim int) []float64 {
	meta := make([]float64, nComp*dim)
	switch {
	case nComp <= 2*dim:
		// umap-learn: e_1, e_2, …, then −e_1, −e_2, ….
		k := (nComp + 1) / 2
		for c := range nComp {
			if c < k {
				meta[c*dim+c] = 1
			} else {
				meta[c*dim+c-k] = -1
			}
		}
		return meta
	case data != nil:
		_, d := data.Dims()
		cent := mat.NewDense(nComp, d, nil)
		count := make([]float64, nComp)
		for i, c := range label {
			count[c]++
			for j := range d {
				cent.Set(c, j, cent.At(c, j)+data.At(i, j))
			}
		}
		for c := range nComp {
			for j := range d {
				cent.Set(c, j, cent.At(c, j)/count[c])
			}
		}
		coords := classicalMDS(cent, dim)
		copy(meta, coords)
	default:
		for c := range nComp {
			angle := 2 * math.Pi * float64(c) / float64(nComp)
			meta[c*dim] = math.Cos(angle)
			if dim > 1 {
				meta[c*dim+1] = math.Sin(angle)
			}
		}
	}
	maxAbs := 0.0
	for _, v := range meta {
		maxAbs = max(maxAbs, math.Abs(v))
	}
	if maxAbs > 0 {
		for i := range meta {
			meta[i] /= maxAbs
		}
	}
	return meta
}

// classicalMDS returns the top-dim principal coordinates of the rows of x
// (row-major rows×dim): classical MDS on Euclidean distances equals the
// PCA scores of the centred rows. Fewer than two rows give zeros.
func classicalMDS(x *mat.Dense, dim int) []float64 {
	r, c := x.Dims()
	out := make([]float64, r*dim)
	k := min(dim, r, c)
	if r < 2 || k < 1 {
		return out
	}
	res, err := pp.PCAMatrix(x, pp.PCAOptions{NComps: k, Solver: pp.SolverExact})
	if err != nil {
		return out
	}
	for i := range r {
		for j := range k {
			out[i*dim+j] = res.Scores.At(i, j)
		}
	}
	return out
}

// optimizeLayout is umap-learn's optimize_layout_euclidean: per epoch,
// every edge whose turn has come pulls its endpoints together and pushes
// the head away from random nodes; gradients are clipped to ±4 and the
// step decays linearly.
func optimizeLayout(g *wgraph, emb []float64, dim int, opt UMAPOptions, rng *rand.Rand) {
	a, b, gamma := opt.A, opt.B, opt.RepulsionStrength
	nEdges := len(g.nbr)
	head := make([]int32, nEdges)
	for i := range g.n {
		for k := g.start[i]; k < g.start[i+1]; k++ {
			head[k] = int32(i)
		}
	}
	tail := g.nbr
	wmax := slices.Max(append([]float64{0}, g.w...))
	epochsPerSample := make([]float64, nEdges)
	for k, w := range g.w {
		epochsPerSample[k] = wmax / w // n_epochs / (n_epochs · w / wmax)
	}
	negRate := float64(opt.NegativeSampleRate)
	epochsPerNeg := make([]float64, nEdges)
	nextSample := slices.Clone(epochsPerSample)
	nextNeg := make([]float64, nEdges)
	for k, e := range epochsPerSample {
		epochsPerNeg[k] = e / negRate
		nextNeg[k] = epochsPerNeg[k]
	}
	clip := func(v float64) float64 { return max(-4, min(4, v)) }
	n := uint64(g.n)
	alpha := opt.LearningRate
	for epoch := range opt.NEpochs {
		fe := float64(epoch)
		for e := range nEdges {
			if nextSample[e] > fe {
				continue
			}
			j, k := int(head[e]), int(tail[e])
			cur, oth := emb[j*dim:(j+1)*dim], emb[k*dim:(k+1)*dim]
			d2 := sqDist(cur, oth)
			if d2 > 0 {
				pb := math.Exp(b * math.Log(d2)) // d2^b; d2^(b−1) = pb/d2
				coeff := -2 * a * b * (pb / d2) / (a*pb + 1)
				for c := range dim {
					gd := clip(coeff*(cur[c]-oth[c])) * alpha
					cur[c] += gd
					oth[c] -= gd
				}
			}
			nextSample[e] += epochsPerSample[e]
			if negRate == 0 {
				continue
			}
			nNeg := int((fe - nextNeg[e]) / epochsPerNeg[e])
			for range nNeg {
				r := int(rng.Uint64N(n))
				oth := emb[r*dim : (r+1)*dim]
				d2 := sqDist(cur, oth)
				if d2 <= 0 {
					continue
				}
				coeff := 2 * gamma * b / ((0.001 + d2) * (a*math.Exp(b*math.Log(d2)) + 1))
				for c := range dim {
					cur[c] += clip(coeff*(cur[c]-oth[c])) * alpha
				}
			}
			nextNeg[e] += float64(nNeg) * epochsPerNeg[e]
		}
		alpha = opt.LearningRate * (1 - fe/float64(opt.NEpochs))
	}
}

// UMAPObsOptions configures UMAP on an AnnData.
type UMAPObsOptions struct {
	UMAPOptions
	// NeighborsKey is the uns key describing the graph ("neighbors").
	NeighborsKey string
}

// UMAP embeds the cells like scanpy.tl.umap: it reads the graph named in
// uns["neighbors"] (obsp["connectivities"]), lays it out with UMAPEmbed and
// stores obsm["X_umap"] and uns["umap"]["params"] (a, b).
func UMAP(a *anndata.AnnData, opt UMAPObsOptions) error {
	graph, data, err := neighborGraph(a, opt.NeighborsKey)
	if err != nil {
		return fmt.Errorf("umap: %w", err)
	}
	if err := opt.defaults(a.NObs()); err != nil {
		return err
	}
	emb, err := UMAPEmbed(graph, data, opt.UMAPOptions)
	if err != nil {
		return err
	}
	a.Obsm["X_umap"] = denseToAnnData(emb)
	a.Uns["umap"] = anndata.Uns{"params": anndata.Uns{
		"a": opt.A, "b": opt.B, "min_dist": opt.MinDist, "spread": opt.Spread,
		"n_epochs": int64(opt.NEpochs), "random_state": int64(opt.Seed), "init": opt.Init,
	}}
	return nil
}

// neighborGraph returns the connectivities named by uns[key] (default
// "neighbors") and, when available, the representation they were built on.
func neighborGraph(a *anndata.AnnData, key string) (*anndata.CSR, *mat.Dense, error) {
	if key == "" {
		key = "neighbors"
	}
	connKey := "connectivities"
	useRep := ""
	nDims := 0
	if u, ok := a.Uns[key].(anndata.Uns); ok {
		if s, ok := u["connectivities_key"].(string); ok {
			connKey = s
		}
		if p, ok := u["params"].(anndata.Uns); ok {
			useRep, _ = p["use_rep"].(string)
			if v, ok := p["n_pcs"].(int64); ok {
				nDims = int(v)
			}
		}
	} else if key != "neighbors" {
		return nil, nil, fmt.Errorf("uns[%q] not found", key)
	}
	graph, ok := a.Obsp[connKey]
	if !ok {
		return nil, nil, fmt.Errorf("obsp[%q] not found; compute the neighbour graph first (regula tl neighbors)", connKey)
	}
	var data *mat.Dense
	if useRep != "" {
		data, _ = Representation(a, useRep, nDims) // optional: only places components
	}
	return graph, data, nil
}
