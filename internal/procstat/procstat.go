// Package procstat reads this process's resource use from /proc, for the
// benchmark programs' reports.
package procstat

import (
	"bufio"
	"fmt"
	"math"
	"os"
	"strings"
)

// PeakRSS returns the process's peak resident set size (Linux VmHWM) as
// "N MiB", or "n/a" where /proc/self/status cannot be read.
func PeakRSS() string {
	f, err := os.Open("/proc/self/status")
	if err != nil {
		return "n/a"
	}
	defer f.Close()
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		if v, ok := strings.CutPrefix(sc.Text(), "VmHWM:"); ok {
			var kb float64
			if _, err := fmt.Sscan(strings.TrimSuffix(strings.TrimSpace(v), "kB"), &kb); err != nil {
				return "n/a"
			}
			return fmt.Sprintf("%.0f MiB", math.Round(kb/1024))
		}
	}
	return "n/a"
}
