package nn

import (
	"sync"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend"
)

var (
	sharedBackend    compute.Backend
	sharedBackendErr error
	backendOnce      sync.Once
)

// testBackend returns the pure-Go backend shared by the tests and benchmarks
// of this package (tensors are bound to the backend that first used them).
func testBackend(tb testing.TB) compute.Backend {
	tb.Helper()
	backendOnce.Do(func() { sharedBackend, sharedBackendErr = compute.New() })
	if sharedBackendErr != nil {
		tb.Fatalf("backend: %v", sharedBackendErr)
	}
	return sharedBackend
}
