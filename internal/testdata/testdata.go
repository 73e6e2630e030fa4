// Package testdata locates the shared real datasets (../shared/data beside
// the repository checkout) for tests and benchmarks.
package testdata

import (
	"os"
	"path/filepath"
	"testing"
)

// Dir returns the absolute path of the shared data folder: $REGULA_DATA if
// set, else ../shared/data relative to the repository root (the folder that
// holds go.mod). It returns "" if neither exists.
func Dir() string {
	if d := os.Getenv("REGULA_DATA"); d != "" {
		return d
	}
	wd, err := os.Getwd()
	if err != nil {
		return ""
	}
	for d := wd; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			p := filepath.Join(filepath.Dir(d), "shared", "data")
			if _, err := os.Stat(p); err == nil {
				return p
			}
			return ""
		}
		if filepath.Dir(d) == d {
			return ""
		}
	}
}

// Path joins elems under the shared data folder and fails the test if the
// file is missing: CI always has ../shared, so a missing file is an error,
// not a reason to skip.
func Path(tb testing.TB, elems ...string) string {
	tb.Helper()
	d := Dir()
	if d == "" {
		tb.Fatalf("shared data folder not found: expected ../shared/data beside the repository (or set REGULA_DATA)")
	}
	p := filepath.Join(append([]string{d}, elems...)...)
	if _, err := os.Stat(p); err != nil {
		tb.Fatalf("shared data file missing: %v", err)
	}
	return p
}
