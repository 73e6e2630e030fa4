package procstat

import (
	"runtime"
	"strconv"
	"strings"
	"testing"
)

func TestPeakRSS(t *testing.T) {
	got := PeakRSS()
	if runtime.GOOS != "linux" {
		t.Skip("VmHWM is Linux-only")
	}
	n, err := strconv.Atoi(strings.TrimSuffix(got, " MiB"))
	if err != nil || n <= 0 {
		t.Fatalf("PeakRSS() = %q, want a positive \"N MiB\"", got)
	}
}
