// Package plot draws the figures regula's users look at: embeddings coloured
// by a cell annotation, training curves, precision–recall and ROC curves,
// histograms and violins, heatmaps and small GRN drawings. Every figure is a
// *Figure that saves as PNG or SVG (by file extension) and renders into
// memory for the HTML report. It builds on gonum.org/v1/plot.
package plot

import (
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"strings"

	gplot "gonum.org/v1/plot"
	"gonum.org/v1/plot/font"
	"gonum.org/v1/plot/vg"
	"gonum.org/v1/plot/vg/draw"
	"gonum.org/v1/plot/vg/vgimg"

	"regula/internal/atomicfile"
)

// Figure is a finished plot with its intended size.
type Figure struct {
	plot          *gplot.Plot
	width, height vg.Length
	// side, when set, is a legend drawn in a strip right of the plot area
	// (so it never hides points), sideWidth wide.
	side      *gplot.Legend
	sideWidth vg.Length
}

// pngDPI is the resolution of PNG output: sharp on screens and in reports.
const pngDPI = 144

// Default figure sizes: large enough to read labels without zooming.
const (
	defaultWidth  = 7 * vg.Inch
	defaultHeight = 5.5 * vg.Inch
)

func newPlot(title, xlabel, ylabel string) *gplot.Plot {
	p := gplot.New()
	p.Title.Text = title
	p.Title.TextStyle.Font.Size = font.Length(15)
	p.X.Label.Text = xlabel
	p.Y.Label.Text = ylabel
	p.X.Label.TextStyle.Font.Size = font.Length(13)
	p.Y.Label.TextStyle.Font.Size = font.Length(13)
	p.X.Tick.Label.Font.Size = font.Length(11)
	p.Y.Tick.Label.Font.Size = font.Length(11)
	p.Legend.TextStyle.Font.Size = font.Length(11)
	return p
}

func newFigure(p *gplot.Plot) *Figure {
	return &Figure{plot: p, width: defaultWidth, height: defaultHeight}
}

// Resize sets the figure size in inches and returns the figure.
func (f *Figure) Resize(widthInch, heightInch float64) *Figure {
	f.width, f.height = vg.Length(widthInch)*vg.Inch, vg.Length(heightInch)*vg.Inch
	return f
}

// Render writes the figure in format "png" or "svg" to w.
func (f *Figure) Render(w io.Writer, format string) error {
	format = strings.ToLower(format)
	if format != "png" && format != "svg" {
		return fmt.Errorf("plot: unsupported format %q (want png or svg)", format)
	}
	var c vg.CanvasWriterTo
	if format == "png" {
		c = vgimg.PngCanvas{Canvas: vgimg.NewWith(vgimg.UseWH(f.width, f.height), vgimg.UseDPI(pngDPI))}
	} else {
		var err error
		if c, err = draw.NewFormattedCanvas(f.width, f.height, format); err != nil {
			return fmt.Errorf("plot: render %s: %w", format, err)
		}
	}
	dc := draw.New(c)
	if f.side != nil {
		f.plot.Draw(draw.Crop(dc, 0, -f.sideWidth, 0, 0))
		f.side.Draw(draw.Crop(dc, f.width-f.sideWidth, 0, 0, -vg.Points(20)))
	} else {
		f.plot.Draw(dc)
	}
	_, err := c.WriteTo(w)
	return err
}

// Bytes renders the figure into memory.
func (f *Figure) Bytes(format string) ([]byte, error) {
	var buf bytes.Buffer
	if err := f.Render(&buf, format); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// Save writes the figure to path, as PNG or SVG according to its extension,
// atomically.
func (f *Figure) Save(path string) error {
	ext := strings.TrimPrefix(strings.ToLower(filepath.Ext(path)), ".")
	if ext != "png" && ext != "svg" {
		return fmt.Errorf("plot: %s: unsupported extension (want .png or .svg)", path)
	}
	return atomicfile.Write(path, func(w io.Writer) error { return f.Render(w, ext) })
}
