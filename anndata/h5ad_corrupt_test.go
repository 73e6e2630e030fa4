package anndata

import (
	"bufio"
	"context"
	"fmt"
	"math/rand/v2"
	"os"
	"os/exec"
	"path/filepath"
	"runtime/pprof"
	"strconv"
	"strings"
	"testing"
	"time"
)

// corruptDirEnv names the directory of damaged files that
// TestReadH5ADCorruptedChild reads; corruptFromEnv the first file's number.
const (
	corruptDirEnv  = "REGULA_H5AD_CORRUPT_DIR"
	corruptFromEnv = "REGULA_H5AD_CORRUPT_FROM"
)

// corruption is one way of damaging a file.
type corruption struct {
	kind string // "flip", "truncate" or "zero16"
	pos  int
	mask byte
}

func (c corruption) String() string {
	if c.kind == "flip" {
		return fmt.Sprintf("byte %d xor %#02x", c.pos, c.mask)
	}
	return fmt.Sprintf("%s at byte %d", c.kind, c.pos)
}

func (c corruption) apply(data []byte) []byte {
	out := append([]byte(nil), data...)
	switch c.kind {
	case "flip":
		out[c.pos] ^= c.mask
	case "truncate":
		out = out[:c.pos]
	case "zero16":
		clear(out[c.pos:min(c.pos+16, len(out))])
	}
	return out
}

// TestReadH5ADCorrupted damages a valid .h5ad at many seeded positions
// (bit flips, truncation, zeroed blocks) and requires ReadH5AD to return an
// error naming the file or a valid AnnData. The reads run in a child
// process, so that a crash is reported with the damage that caused it
// instead of killing the test binary.
//
// A Go panic or a broken contract fails the test. A crash inside libhdf5
// (a segmentation fault while cgo runs H5Dread, which Go cannot recover
// from) or a read that never returns is a defect of libhdf5 1.10 on
// damaged files that regula cannot guard against; those are logged with
// the damage and the stack, not failed.
func TestReadH5ADCorrupted(t *testing.T) {
	if testing.Short() {
		t.Skip("reads a few hundred damaged files in a child process")
	}
	dir := t.TempDir()
	valid := filepath.Join(dir, "valid.h5ad")
	if err := WriteH5AD(valid, sampleAnnData(t, true)); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(valid)
	if err != nil {
		t.Fatal(err)
	}
	rng := rand.New(rand.NewPCG(2024, 6))
	var damages []corruption
	for i := range 200 {
		// Half the damage goes to the first 4 KiB, where the superblock,
		// root group and most object headers live.
		limit := len(data)
		if i%2 == 0 {
			limit = min(limit, 4096)
		}
		c := corruption{pos: rng.IntN(limit)}
		switch i % 5 {
		case 0, 1, 2:
			c.kind, c.mask = "flip", byte(1+rng.IntN(255))
		case 3:
			c.kind = "truncate"
		case 4:
			c.kind = "zero16"
		}
		damages = append(damages, c)
		if err := os.WriteFile(filepath.Join(dir, fmt.Sprintf("%03d.h5ad", i)), c.apply(data), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	libCrashes := 0
	for from := 0; from < len(damages); {
		last, stderr := runCorruptChild(t, dir, from)
		if last < 0 {
			break // the child read every file
		}
		inLib := strings.Contains(stderr, "signal arrived during cgo execution") ||
			strings.Contains(stderr, hangMessage) && strings.Contains(stderr, "_Cfunc_")
		if inLib {
			libCrashes++
			t.Logf("libhdf5 failed on the file damaged by %s (file %03d):\n%s", damages[last], last, stderr)
		} else {
			t.Errorf("reading the file damaged by %s (file %03d) crashed the process:\n%s", damages[last], last, stderr)
		}
		from = last + 1
	}
	t.Logf("%d of %d damaged files crashed or hung libhdf5", libCrashes, len(damages))
}

// hangMessage is what the child prints when one read takes too long.
const hangMessage = "read did not return"

// runCorruptChild reads the damaged files from number from on in a child
// process. It returns -1 when the child finished, else the number of the
// file being read when it died, with the end of its error output.
func runCorruptChild(t *testing.T, dir string, from int) (int, string) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 5*time.Minute)
	defer cancel()
	cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^TestReadH5ADCorruptedChild$", "-test.v")
	cmd.Env = append(os.Environ(), corruptDirEnv+"="+dir, corruptFromEnv+"="+strconv.Itoa(from))
	var stderr strings.Builder
	cmd.Stderr = &stderr
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	last, done := -1, false
	sc := bufio.NewScanner(out)
	for sc.Scan() {
		line := sc.Text()
		switch {
		case strings.HasPrefix(line, "reading "):
			last, _ = strconv.Atoi(strings.TrimPrefix(line, "reading "))
		case line == "all read":
			done = true
		case strings.Contains(line, "violation"):
			t.Error(line)
		}
	}
	err = cmd.Wait()
	if done && err == nil {
		return -1, ""
	}
	msg := stderr.String()
	// Keep the signal or panic message and the reading goroutine's stack.
	blocks := strings.Split(msg, "\ngoroutine ")
	msg = blocks[0]
	for _, b := range blocks[1:] {
		if strings.Contains(b, "anndata.ReadH5AD(") {
			msg += "\ngoroutine " + b
			break
		}
	}
	if len(msg) > 4000 {
		msg = msg[:4000] + "…"
	}
	if ctx.Err() != nil {
		msg = "timed out (hang?)\n" + msg
	}
	if last < 0 {
		t.Fatalf("the child process failed before reading a file: %v\n%s", err, msg)
	}
	return last, fmt.Sprintf("%v\n%s", err, msg)
}

// TestReadH5ADCorruptedChild is the child process of TestReadH5ADCorrupted;
// it does nothing in a normal run.
func TestReadH5ADCorruptedChild(t *testing.T) {
	dir := os.Getenv(corruptDirEnv)
	if dir == "" {
		t.Skip("only runs as the child of TestReadH5ADCorrupted")
	}
	from, _ := strconv.Atoi(os.Getenv(corruptFromEnv))
	for i := from; ; i++ {
		p := filepath.Join(dir, fmt.Sprintf("%03d.h5ad", i))
		if _, err := os.Stat(p); err != nil {
			break
		}
		fmt.Printf("reading %d\n", i)
		watchdog := time.AfterFunc(5*time.Second, func() {
			fmt.Fprintln(os.Stderr, hangMessage)
			pprof.Lookup("goroutine").WriteTo(os.Stderr, 2)
			os.Exit(3)
		})
		a, err := ReadH5AD(p)
		watchdog.Stop()
		switch {
		case err != nil && !strings.Contains(err.Error(), p):
			fmt.Printf("violation: file %d: error %q does not name the file\n", i, err)
		case err == nil:
			if verr := a.Validate(); verr != nil {
				fmt.Printf("violation: file %d: read succeeded with an invalid AnnData: %v\n", i, verr)
			}
		}
	}
	fmt.Println("all read")
}
