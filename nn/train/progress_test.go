package train

import (
	"strings"
	"testing"
	"time"
)

// fakeClock advances by step on every call.
type fakeClock struct {
	now  time.Time
	step time.Duration
}

func (c *fakeClock) Now() time.Time {
	c.now = c.now.Add(c.step)
	return c.now
}

func TestProgressIsRateLimited(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{now: time.Unix(0, 0), step: time.Second}
	p := NewProgress(&out, "deepsem", 10, 5*time.Second)
	p.Now = clock.Now
	p.Restart()
	for epoch := 1; epoch <= 10; epoch++ {
		p.EndEpoch(epoch, []string{"recon", "kl"}, []float64{0.5 / float64(epoch), 0.01})
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// One clock tick per call: epoch 1 (first), then every 5 s (epochs 6), and 10 (last).
	want := []string{"epoch 1/10", "epoch 6/10", "epoch 10/10"}
	if len(lines) != len(want) {
		t.Fatalf("got %d lines, want %d:\n%s", len(lines), len(want), out.String())
	}
	for i, w := range want {
		if !strings.HasPrefix(lines[i], "deepsem: "+w+" ") {
			t.Errorf("line %d = %q, want prefix %q", i, lines[i], "deepsem: "+w)
		}
	}
	if !strings.Contains(lines[0], "recon 0.5  kl 0.01") || !strings.Contains(lines[0], "elapsed 1s") || !strings.Contains(lines[0], "eta 9s") {
		t.Errorf("first line lacks loss terms, elapsed or ETA: %q", lines[0])
	}
	if strings.Contains(lines[2], "eta") {
		t.Errorf("last line has an ETA: %q", lines[2])
	}
}

func TestProgressStepReportsInsideLongEpochs(t *testing.T) {
	var out strings.Builder
	clock := &fakeClock{now: time.Unix(0, 0), step: 3 * time.Second}
	p := NewProgress(&out, "", 2, 5*time.Second)
	p.Now = clock.Now
	p.Restart()
	for step := 1; step <= 4; step++ {
		p.Step(1, step, 4, []string{"loss"}, []float64{1})
	}
	lines := strings.Split(strings.TrimSpace(out.String()), "\n")
	// Ticks at 3, 6, 9, 12 s: printed at 3 (first), 9 (6 s later); 6 and 12 are too soon.
	if len(lines) != 2 || !strings.HasPrefix(lines[0], "epoch 1/2 step 1/4") || !strings.HasPrefix(lines[1], "epoch 1/2 step 3/4") {
		t.Errorf("unexpected step lines:\n%s", out.String())
	}
	// At 9 s, 3/8 of the training is done: ETA = 9 s · (5/8)/(3/8) = 15 s.
	if !strings.Contains(lines[1], "eta 15s") {
		t.Errorf("ETA wrong: %q", lines[1])
	}
}
