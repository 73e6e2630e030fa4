// Package report records what a regula run did (inputs, parameters,
// metrics, training curves, embeddings) as a JSON run record, and renders
// run records as one self-contained HTML page with the plots embedded, so a
// biologist can read a result without a notebook.
package report

import (
	"encoding/json"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"regula/internal/atomicfile"
	"regula/plot"
)

// Run is the record of one regula run. Commands fill it as they work and
// save it beside their output (OUT.run.json); `regula report` renders it.
type Run struct {
	// Title heads the report, e.g. "DeepSEM GRN inference".
	Title string `json:"title"`
	// Command is the command line that produced the run.
	Command  string    `json:"command"`
	Version  string    `json:"version"`
	Started  time.Time `json:"started"`
	Finished time.Time `json:"finished"`
	// Inputs and Outputs name files and what they hold.
	Inputs  []KV `json:"inputs,omitempty"`
	Outputs []KV `json:"outputs,omitempty"`
	// Params lists every parameter in effect (defaults included).
	Params []KV `json:"params,omitempty"`
	// Tables hold metrics and other results.
	Tables []Table `json:"tables,omitempty"`
	// Curves are line charts, e.g. loss terms per epoch.
	Curves []Curves `json:"curves,omitempty"`
	// Scatters are 2-D embeddings coloured by an annotation.
	Scatters []Scatter `json:"scatters,omitempty"`
	// Notes are free-text remarks (warnings, recoveries, deviations).
	Notes []string `json:"notes,omitempty"`
}

// KV is a named value, kept in order.
type KV struct {
	Key   string `json:"key"`
	Value string `json:"value"`
}

// Table is a titled table of strings (format numbers before adding them).
type Table struct {
	Title  string     `json:"title"`
	Header []string   `json:"header"`
	Rows   [][]string `json:"rows"`
}

// Curves is one line chart: several named series sharing axes.
type Curves struct {
	Title  string        `json:"title"`
	XLabel string        `json:"xlabel,omitempty"`
	YLabel string        `json:"ylabel,omitempty"`
	Series []plot.Series `json:"series"`
	// Kind selects the chart: "" (lines), "training", "pr" or "roc".
	Kind string `json:"kind,omitempty"`
	// Baseline is the random-predictor precision for "pr" charts.
	Baseline float64 `json:"baseline,omitempty"`
}

// Scatter is a 2-D embedding; set Categories or Values to colour it.
type Scatter struct {
	Title      string    `json:"title"`
	X          []float64 `json:"x"`
	Y          []float64 `json:"y"`
	Categories []string  `json:"categories,omitempty"`
	Values     []float64 `json:"values,omitempty"`
	ColorLabel string    `json:"color_label,omitempty"`
	XLabel     string    `json:"xlabel,omitempty"`
	YLabel     string    `json:"ylabel,omitempty"`
}

// NewRun starts a run record for a command line.
func NewRun(title string, args []string, version string) *Run {
	cmd := "regula"
	for _, a := range args {
		cmd += " " + shellQuote(a)
	}
	return &Run{Title: title, Command: cmd, Version: version, Started: time.Now().UTC()}
}

// Param appends a parameter; values are formatted with fmt's %v.
func (r *Run) Param(key string, value any) { r.Params = append(r.Params, KV{key, fmt.Sprint(value)}) }

// Input records an input file.
func (r *Run) Input(key, path string) { r.Inputs = append(r.Inputs, KV{key, path}) }

// Output records an output file.
func (r *Run) Output(key, path string) { r.Outputs = append(r.Outputs, KV{key, path}) }

// Note appends a free-text remark.
func (r *Run) Note(format string, args ...any) {
	r.Notes = append(r.Notes, fmt.Sprintf(format, args...))
}

// Save writes the record as indented JSON, atomically, stamping Finished.
func (r *Run) Save(path string) error {
	if r.Finished.IsZero() {
		r.Finished = time.Now().UTC()
	}
	return atomicfile.Write(path, func(w io.Writer) error {
		enc := json.NewEncoder(w)
		enc.SetIndent("", "  ")
		return enc.Encode(r)
	})
}

// Load reads a run record saved by Save.
func Load(path string) (*Run, error) {
	b, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	var r Run
	if err := json.Unmarshal(b, &r); err != nil {
		return nil, fmt.Errorf("%s: not a regula run record: %w", path, err)
	}
	return &r, nil
}

func shellQuote(s string) string {
	for _, c := range s {
		if !(c == '-' || c == '_' || c == '.' || c == '/' || c == '=' || c == ',' || c == ':' ||
			c >= '0' && c <= '9' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z') {
			return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
		}
	}
	if s == "" {
		return "''"
	}
	return s
}
