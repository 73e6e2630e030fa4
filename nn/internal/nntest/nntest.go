// Package nntest holds helpers shared by the tests of regula's nn packages.
package nntest

import (
	"sync"
	"testing"

	"github.com/gomlx/compute"
	_ "github.com/gomlx/compute/gobackend" // pure-Go backend
)

var backend = sync.OnceValues(func() (compute.Backend, error) { return compute.New() })

// Backend returns the compute backend shared by a test binary (the pure-Go
// backend unless $GOMLX_BACKEND says otherwise); it fails the test if the
// backend cannot be created.
func Backend(tb testing.TB) compute.Backend {
	tb.Helper()
	b, err := backend()
	if err != nil {
		tb.Fatalf("backend: %v", err)
	}
	return b
}
