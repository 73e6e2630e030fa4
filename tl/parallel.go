package tl

import (
	"runtime"
	"sync"
)

// workers returns the number of goroutines to use for n independent items
// given a requested thread count (0 or less means all cores).
func workers(threads, n int) int {
	if threads <= 0 {
		threads = runtime.GOMAXPROCS(0)
	}
	return max(1, min(threads, n))
}

// parallelRange splits [0,n) into contiguous chunks and runs body on each
// chunk concurrently; chunk w covers [lo,hi). Results must not depend on
// the chunking (each body writes only its own rows), so the outcome is the
// same for any thread count.
func parallelRange(n, threads int, body func(w, lo, hi int)) {
	nw := workers(threads, n)
	if nw == 1 {
		if n > 0 {
			body(0, 0, n)
		}
		return
	}
	var wg sync.WaitGroup
	for w := range nw {
		lo, hi := w*n/nw, (w+1)*n/nw
		wg.Add(1)
		go func() {
			defer wg.Done()
			body(w, lo, hi)
		}()
	}
	wg.Wait()
}

// parallelDynamic runs body(i) for i in [0,n) on a pool of workers that take
// the next index from a shared counter in blocks of size grain; use it when
// items vary in cost. body must only write state owned by item i.
func parallelDynamic(n, threads, grain int, body func(i int)) {
	nw := workers(threads, (n+grain-1)/max(grain, 1))
	if nw == 1 {
		for i := range n {
			body(i)
		}
		return
	}
	var (
		mu   sync.Mutex
		next int
		wg   sync.WaitGroup
	)
	for range nw {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				mu.Lock()
				lo := next
				next += grain
				mu.Unlock()
				if lo >= n {
					return
				}
				for i := lo; i < min(lo+grain, n); i++ {
					body(i)
				}
			}
		}()
	}
	wg.Wait()
}
