package report

import (
	"bytes"
	_ "embed"
	"encoding/base64"
	"fmt"
	"html/template"
	"io"
	"time"

	"regula/internal/atomicfile"
	"regula/plot"
)

//go:embed page.html.tmpl
var pageTemplate string

var page = template.Must(template.New("page").Parse(pageTemplate))

// figure is a rendered plot ready for the page.
type figure struct {
	Title string
	// PNG is the image as a data: URL.
	PNG template.URL
}

type pageData struct {
	*Run
	Duration string
	Figures  []figure
	Problems []string
}

// Render writes the run as a self-contained HTML page: every plot is drawn
// from the record and embedded as a PNG data URL, so the page needs no
// other file. A plot that cannot be drawn is listed as a problem on the page
// rather than failing the whole report.
func Render(w io.Writer, r *Run) error {
	d := pageData{Run: r}
	if !r.Finished.IsZero() && !r.Started.IsZero() {
		d.Duration = r.Finished.Sub(r.Started).Round(time.Millisecond).String()
	}
	for _, c := range r.Curves {
		var f *plot.Figure
		var err error
		switch c.Kind {
		case "training":
			f, err = plot.TrainingCurves(c.Title, c.Series)
		case "pr":
			f, err = plot.PRCurve(c.Title, c.Series, c.Baseline)
		case "roc":
			f, err = plot.ROCCurve(c.Title, c.Series)
		default:
			f, err = plot.Lines(c.Series, plot.LinesOptions{Title: c.Title, XLabel: c.XLabel, YLabel: c.YLabel})
		}
		d.add(c.Title, f, err)
	}
	for _, s := range r.Scatters {
		f, err := plot.Embedding(s.X, s.Y, plot.EmbeddingOptions{Title: s.Title, Categories: s.Categories,
			Values: s.Values, ColorLabel: s.ColorLabel, XLabel: s.XLabel, YLabel: s.YLabel})
		d.add(s.Title, f, err)
	}
	return page.Execute(w, d)
}

func (d *pageData) add(title string, f *plot.Figure, err error) {
	if err == nil {
		var png []byte
		png, err = f.Bytes("png")
		if err == nil {
			d.Figures = append(d.Figures, figure{Title: title,
				PNG: template.URL("data:image/png;base64," + base64.StdEncoding.EncodeToString(png))})
			return
		}
	}
	d.Problems = append(d.Problems, fmt.Sprintf("figure %q could not be drawn: %v", title, err))
}

// WriteHTML renders the run to path atomically.
func WriteHTML(path string, r *Run) error {
	var buf bytes.Buffer
	if err := Render(&buf, r); err != nil {
		return fmt.Errorf("report: %w", err)
	}
	return atomicfile.Write(path, func(w io.Writer) error { _, err := w.Write(buf.Bytes()); return err })
}
