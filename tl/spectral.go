package tl

import (
	"math"
	"math/rand/v2"

	"gonum.org/v1/gonum/mat"
)

// components labels the connected components of g (0..k−1 in order of
// their smallest node) and returns k.
func components(g *wgraph) ([]int, int) {
	label := make([]int, g.n)
	for i := range label {
		label[i] = -1
	}
	k := 0
	var stack []int
	for s := range g.n {
		if label[s] >= 0 {
			continue
		}
		label[s] = k
		stack = append(stack[:0], s)
		for len(stack) > 0 {
			v := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			nb, _ := g.neighbours(v)
			for _, u := range nb {
				if label[u] < 0 {
					label[u] = k
					stack = append(stack, int(u))
				}
			}
		}
		k++
	}
	return label, k
}

// subgraph returns the induced subgraph on nodes (in that order).
func (g *wgraph) subgraph(nodes []int) *wgraph {
	pos := make(map[int32]int32, len(nodes))
	for k, v := range nodes {
		pos[int32(v)] = int32(k)
	}
	s := &wgraph{n: len(nodes), start: make([]int, len(nodes)+1), self: make([]float64, len(nodes)),
		strength: make([]float64, len(nodes))}
	for k, v := range nodes {
		nb, w := g.neighbours(v)
		for r, u := range nb {
			if p, ok := pos[u]; ok {
				s.nbr = append(s.nbr, p)
				s.w = append(s.w, w[r])
				s.strength[k] += w[r]
			}
		}
		s.start[k+1] = len(s.nbr)
		s.total += s.strength[k]
	}
	return s
}

// spectralLayout returns the dim eigenvectors of the symmetric normalised
// Laplacian I − D^(−1/2) A D^(−1/2) of a connected graph with the smallest
// non-zero eigenvalues (umap-learn's spectral_layout), as n rows of dim
// columns. They are the leading eigenvectors of the normalised adjacency
// after deflating the trivial one, found by Lanczos iteration with full
// reorthogonalisation and explicit restarts. ok is false if they did not
// converge.
func spectralLayout(g *wgraph, dim int, rng *rand.Rand) (emb []float64, ok bool) {
	n := g.n
	if n <= dim+1 {
		return nil, false
	}
	invSqrt := make([]float64, n)
	u0 := make([]float64, n)
	for i, d := range g.strength {
		if d <= 0 {
			return nil, false
		}
		invSqrt[i] = 1 / math.Sqrt(d)
		u0[i] = math.Sqrt(d / g.total)
	}
	matvec := func(x, y []float64) {
		for i := range n {
			nb, w := g.neighbours(i)
			var s float64
			for k, j := range nb {
				s += w[k] * invSqrt[j] * x[j]
			}
			y[i] = s * invSqrt[i]
		}
	}
	m := min(n-1, max(4*dim+20, 100))
	basis := make([][]float64, 0, m+1)
	orth := func(w []float64) {
		for range 2 { // twice is enough (Kahan–Parlett)
			project(w, u0)
			for _, q := range basis {
				project(w, q)
			}
		}
	}
	start := make([]float64, n)
	for i := range start {
		start[i] = rng.NormFloat64()
	}
	const maxRestarts = 20
	const tol = 1e-6
	for range maxRestarts {
		basis = basis[:0]
		q := append([]float64(nil), start...)
		orth(q)
		if normalize(q) == 0 {
			return nil, false
		}
		alphas := make([]float64, 0, m)
		betas := make([]float64, 0, m)
		w := make([]float64, n)
		for j := range m {
			basis = append(basis, q)
			matvec(q, w)
			alpha := dot(w, q)
			alphas = append(alphas, alpha)
			orth(w)
			beta := math.Sqrt(dot(w, w))
			if j == m-1 || beta < 1e-10 {
				betas = append(betas, beta)
				break
			}
			betas = append(betas, beta)
			q = make([]float64, n)
			for i := range q {
				q[i] = w[i] / beta
			}
		}
		k := len(alphas)
		if k < dim {
			return nil, false
		}
		tri := mat.NewSymDense(k, nil)
		for i := range k {
			tri.SetSym(i, i, alphas[i])
			if i+1 < k {
				tri.SetSym(i, i+1, betas[i])
			}
		}
		var eig mat.EigenSym
		if !eig.Factorize(tri, true) {
			return nil, false
		}
		vals := eig.Values(nil)
		var vecs mat.Dense
		eig.VectorsTo(&vecs)
		// Eigenvalues ascend: the wanted ones are the last dim.
		emb = make([]float64, n*dim)
		converged := true
		for c := range dim {
			col := k - 1 - c
			res := math.Abs(betas[k-1] * vecs.At(k-1, col))
			if res > tol*math.Max(1, math.Abs(vals[col])) {
				converged = false
			}
			for r := range k {
				s := vecs.At(r, col)
				for i, v := range basis[r] {
					emb[i*dim+c] += s * v
				}
			}
		}
		if converged {
			fixSigns(emb, n, dim)
			return emb, true
		}
		// Restart from the sum of the current Ritz vectors.
		for i := range start {
			start[i] = 0
			for c := range dim {
				start[i] += emb[i*dim+c]
			}
		}
	}
	return nil, false
}

// fixSigns makes each column's largest-magnitude entry positive so that the
// arbitrary sign of an eigenvector does not depend on the start vector.
func fixSigns(emb []float64, n, dim int) {
	for c := range dim {
		best := 0.0
		for i := range n {
			if v := emb[i*dim+c]; math.Abs(v) > math.Abs(best) {
				best = v
			}
		}
		if best < 0 {
			for i := range n {
				emb[i*dim+c] = -emb[i*dim+c]
			}
		}
	}
}

func dot(a, b []float64) float64 {
	var s float64
	for i, v := range a {
		s += v * b[i]
	}
	return s
}

// project removes from w its component along the unit vector q.
func project(w, q []float64) {
	c := dot(w, q)
	for i, v := range q {
		w[i] -= c * v
	}
}

// normalize scales x to unit length and returns its former length.
func normalize(x []float64) float64 {
	s := math.Sqrt(dot(x, x))
	if s > 0 {
		for i := range x {
			x[i] /= s
		}
	}
	return s
}
