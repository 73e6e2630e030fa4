package tl

import "math/rand/v2"

// newRand returns a generator for one named stream of a seeded computation,
// so that separate stages never share random numbers.
func newRand(seed uint64, stream uint64) *rand.Rand {
	return rand.New(rand.NewPCG(seed, stream^0x9e3779b97f4a7c15))
}

// mix hashes (seed, a, b) to 64 well-mixed bits (SplitMix64 finaliser). It
// gives per-item random numbers that do not depend on the order or the
// goroutine in which items are processed.
func mix(seed, a, b uint64) uint64 {
	z := seed ^ (a * 0xbf58476d1ce4e5b9) ^ (b * 0x94d049bb133111eb) ^ 0x9e3779b97f4a7c15
	z = (z ^ (z >> 30)) * 0xbf58476d1ce4e5b9
	z = (z ^ (z >> 27)) * 0x94d049bb133111eb
	return z ^ (z >> 31)
}
