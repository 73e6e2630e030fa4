package eval

import "math"

// maxWeightMatching returns, for each row of the rows × cols weight
// matrix w, the column assigned to it (−1 if none) in a one-to-one
// assignment that maximises the total weight. It is the Hungarian
// algorithm (Kuhn–Munkres with potentials, O(n³)) on the square matrix
// padded with zeros.
func maxWeightMatching(w [][]float64) []int {
	rows := len(w)
	cols := 0
	if rows > 0 {
		cols = len(w[0])
	}
	n := max(rows, cols)
	var maxW float64
	for _, r := range w {
		for _, v := range r {
			maxW = max(maxW, v)
		}
	}
	// cost[i][j] (1-based) = maxW − weight, minimised.
	cost := func(i, j int) float64 {
		if i <= rows && j <= cols {
			return maxW - w[i-1][j-1]
		}
		return maxW
	}
	u := make([]float64, n+1)
	v := make([]float64, n+1)
	p := make([]int, n+1) // p[j] = row matched to column j
	way := make([]int, n+1)
	minv := make([]float64, n+1)
	used := make([]bool, n+1)
	for i := 1; i <= n; i++ {
		p[0] = i
		j0 := 0
		for j := range minv {
			minv[j] = math.Inf(1)
			used[j] = false
		}
		for p[j0] != 0 {
			used[j0] = true
			i0, delta, j1 := p[j0], math.Inf(1), 0
			for j := 1; j <= n; j++ {
				if used[j] {
					continue
				}
				cur := cost(i0, j) - u[i0] - v[j]
				if cur < minv[j] {
					minv[j], way[j] = cur, j0
				}
				if minv[j] < delta {
					delta, j1 = minv[j], j
				}
			}
			for j := 0; j <= n; j++ {
				if used[j] {
					u[p[j]] += delta
					v[j] -= delta
				} else {
					minv[j] -= delta
				}
			}
			j0 = j1
		}
		for j0 != 0 {
			j1 := way[j0]
			p[j0] = p[j1]
			j0 = j1
		}
	}
	assign := make([]int, rows)
	for i := range assign {
		assign[i] = -1
	}
	for j := 1; j <= n; j++ {
		if i := p[j]; i >= 1 && i <= rows && j <= cols {
			assign[i-1] = j - 1
		}
	}
	return assign
}
