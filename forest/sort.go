package forest

import "math/bits"

// sortByValue sorts vals ascending and applies the same permutation to ids.
// It is an introsort with a three-way partition (many tied values, such as
// the zeros of single-cell data, are handled in linear time) and a heapsort
// fallback; it does not allocate.
func sortByValue(vals []float64, ids []int32) {
	if len(vals) < 2 {
		return
	}
	introsort(vals, ids, 2*bits.Len(uint(len(vals))))
}

func introsort(v []float64, ids []int32, depthLimit int) {
	for len(v) > 16 {
		if depthLimit == 0 {
			heapsort(v, ids)
			return
		}
		depthLimit--
		pivot := median3(v[0], v[len(v)/2], v[len(v)-1])
		// Three-way partition: v[:lt] < pivot, v[lt:gt] == pivot, v[gt:] > pivot.
		lt, i, gt := 0, 0, len(v)
		for i < gt {
			switch {
			case v[i] < pivot:
				v[i], v[lt] = v[lt], v[i]
				ids[i], ids[lt] = ids[lt], ids[i]
				i++
				lt++
			case v[i] > pivot:
				gt--
				v[i], v[gt] = v[gt], v[i]
				ids[i], ids[gt] = ids[gt], ids[i]
			default:
				i++
			}
		}
		// Recurse into the smaller side, loop on the larger.
		if lt < len(v)-gt {
			introsort(v[:lt], ids[:lt], depthLimit)
			v, ids = v[gt:], ids[gt:]
		} else {
			introsort(v[gt:], ids[gt:], depthLimit)
			v, ids = v[:lt], ids[:lt]
		}
	}
	insertionSort(v, ids)
}

func median3(a, b, c float64) float64 {
	if a < b {
		switch {
		case b < c:
			return b
		case a < c:
			return c
		}
		return a
	}
	switch {
	case a < c:
		return a
	case b < c:
		return c
	}
	return b
}

func insertionSort(v []float64, ids []int32) {
	for i := 1; i < len(v); i++ {
		x, id := v[i], ids[i]
		j := i
		for ; j > 0 && v[j-1] > x; j-- {
			v[j], ids[j] = v[j-1], ids[j-1]
		}
		v[j], ids[j] = x, id
	}
}

func heapsort(v []float64, ids []int32) {
	n := len(v)
	for start := n/2 - 1; start >= 0; start-- {
		siftDown(v, ids, start, n)
	}
	for end := n - 1; end > 0; end-- {
		v[0], v[end] = v[end], v[0]
		ids[0], ids[end] = ids[end], ids[0]
		siftDown(v, ids, 0, end)
	}
}

func siftDown(v []float64, ids []int32, root, end int) {
	for {
		child := 2*root + 1
		if child >= end {
			return
		}
		if child+1 < end && v[child] < v[child+1] {
			child++
		}
		if v[root] >= v[child] {
			return
		}
		v[root], v[child] = v[child], v[root]
		ids[root], ids[child] = ids[child], ids[root]
		root = child
	}
}
