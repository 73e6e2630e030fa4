package nn

import (
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
)

// testBackend returns the pure-Go backend shared by the tests of this package.
func testBackend(tb testing.TB) compute.Backend {
	tb.Helper()
	b, err := compute.New()
	if err != nil {
		tb.Fatalf("backend: %v", err)
	}
	return b
}
