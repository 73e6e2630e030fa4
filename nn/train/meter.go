package train

import "fmt"

// Meter accumulates running means of named loss terms, e.g. over an epoch.
type Meter struct {
	names []string
	sums  []float64
	count int
}

// NewMeter returns a Meter for the given loss-term names.
func NewMeter(names ...string) *Meter {
	return &Meter{names: names, sums: make([]float64, len(names))}
}

// Names returns the loss-term names.
func (m *Meter) Names() []string { return m.names }

// Add records one value per term, in the order of Names.
func (m *Meter) Add(values []float64) error {
	if len(values) != len(m.names) {
		return fmt.Errorf("meter: %d values for %d loss terms %v", len(values), len(m.names), m.names)
	}
	for i, v := range values {
		m.sums[i] += v
	}
	m.count++
	return nil
}

// Count returns the number of records since the last Reset.
func (m *Meter) Count() int { return m.count }

// Means returns the mean of each term since the last Reset (NaN when empty).
func (m *Meter) Means() []float64 {
	out := make([]float64, len(m.sums))
	for i, s := range m.sums {
		out[i] = s / float64(m.count)
	}
	return out
}

// Reset clears the accumulated values.
func (m *Meter) Reset() {
	clear(m.sums)
	m.count = 0
}
