package train

import (
	"fmt"
	"io"
	"strings"
	"time"
)

// Progress writes one-line training progress reports ("label epoch i/N,
// each loss term, elapsed, ETA") to a writer, at most one line per
// interval, except that the first and the last epoch are always reported.
// Pass io.Discard to silence it. Write errors are ignored: progress output
// must never stop training.
type Progress struct {
	w           io.Writer
	label       string
	totalEpochs int
	interval    time.Duration
	start, last time.Time
	printed     bool
	// Now returns the current time; tests replace it.
	Now func() time.Time
}

// NewProgress returns a reporter for totalEpochs epochs that prints at
// most every interval (a few seconds is typical); label prefixes each line
// (e.g. "deepsem" or "stage 1").
func NewProgress(w io.Writer, label string, totalEpochs int, interval time.Duration) *Progress {
	p := &Progress{w: w, label: label, totalEpochs: max(totalEpochs, 1), interval: interval, Now: time.Now}
	p.start = p.Now()
	return p
}

// Restart sets the start time used for the elapsed time and ETA to now.
func (p *Progress) Restart() {
	p.start = p.Now()
	p.printed = false
}

// Step reports progress inside epoch (1-based) after step of stepsPerEpoch
// steps, if the interval has passed since the last line.
func (p *Progress) Step(epoch, step, stepsPerEpoch int, names []string, values []float64) {
	now := p.Now()
	if p.printed && now.Sub(p.last) < p.interval {
		return
	}
	done := float64(epoch-1) + float64(step)/float64(max(stepsPerEpoch, 1))
	p.print(now, fmt.Sprintf("epoch %d/%d step %d/%d", epoch, p.totalEpochs, step, stepsPerEpoch), done, names, values)
}

// EndEpoch reports the end of epoch (1-based) with, typically, the epoch's
// mean loss terms: always for the first and last epoch, otherwise if the
// interval has passed since the last line.
func (p *Progress) EndEpoch(epoch int, names []string, values []float64) {
	now := p.Now()
	if p.printed && epoch != p.totalEpochs && now.Sub(p.last) < p.interval {
		return
	}
	p.print(now, fmt.Sprintf("epoch %d/%d", epoch, p.totalEpochs), float64(epoch), names, values)
}

func (p *Progress) print(now time.Time, position string, epochsDone float64, names []string, values []float64) {
	var b strings.Builder
	if p.label != "" {
		b.WriteString(p.label)
		b.WriteString(": ")
	}
	b.WriteString(position)
	for i, name := range names {
		if i < len(values) {
			fmt.Fprintf(&b, "  %s %.5g", name, values[i])
		}
	}
	elapsed := now.Sub(p.start)
	fmt.Fprintf(&b, "  elapsed %s", formatDuration(elapsed))
	if epochsDone > 0 && epochsDone < float64(p.totalEpochs) {
		eta := time.Duration(float64(elapsed) / epochsDone * (float64(p.totalEpochs) - epochsDone))
		fmt.Fprintf(&b, "  eta %s", formatDuration(eta))
	}
	b.WriteByte('\n')
	_, _ = io.WriteString(p.w, b.String())
	p.last = now
	p.printed = true
}

// formatDuration rounds to whole seconds (tenths below ten seconds).
func formatDuration(d time.Duration) string {
	if d < 10*time.Second {
		return d.Round(100 * time.Millisecond).String()
	}
	return d.Round(time.Second).String()
}
