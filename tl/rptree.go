package tl

import "math/rand/v2"

// rpLeaves builds one random projection tree over the points and returns
// its leaves (lists of point indices, each at most leafSize long). Each
// split uses the hyperplane equidistant from two random points, as
// pynndescent's Euclidean trees do; a split that leaves one side empty falls
// back to a random halving.
func rpLeaves(p *points, leafSize int, rng *rand.Rand) [][]int32 {
	all := make([]int32, p.n)
	for i := range all {
		all[i] = int32(i)
	}
	var leaves [][]int32
	normal := make([]float64, p.d)
	var split func(idx []int32)
	split = func(idx []int32) {
		if len(idx) <= leafSize {
			leaves = append(leaves, idx)
			return
		}
		a := idx[rng.IntN(len(idx))]
		b := idx[rng.IntN(len(idx)-1)]
		if b == a {
			b = idx[len(idx)-1]
		}
		xa, xb := p.row(int(a)), p.row(int(b))
		var offset float64
		for j := range normal {
			normal[j] = xa[j] - xb[j]
			offset -= normal[j] * (xa[j] + xb[j]) / 2
		}
		// Partition in place: left side first.
		l, r := 0, len(idx)-1
		for l <= r {
			x := p.row(int(idx[l]))
			m := offset
			for j, v := range normal {
				m += v * x[j]
			}
			side := m > 0
			if m == 0 {
				side = rng.IntN(2) == 0
			}
			if side {
				l++
			} else {
				idx[l], idx[r] = idx[r], idx[l]
				r--
			}
		}
		if l == 0 || l == len(idx) {
			rng.Shuffle(len(idx), func(i, j int) { idx[i], idx[j] = idx[j], idx[i] })
			l = len(idx) / 2
		}
		split(idx[:l:l])
		split(idx[l:])
	}
	split(all)
	return leaves
}
