package report

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/plot"
)

func sampleRun() *Run {
	r := NewRun("DeepSEM GRN inference", []string{"grn", "--input", "expr data.csv"}, "test")
	r.Input("expression", "expr data.csv")
	r.Param("alpha", 1.0)
	r.Param("epochs", 150)
	r.Tables = append(r.Tables, Table{Title: "EPR", Header: []string{"truth", "EPR"}, Rows: [][]string{{"ChIP-Seq", "1.20"}}})
	r.Curves = append(r.Curves, Curves{Title: "loss", Kind: "training", Series: []plot.Series{{Name: "recon", Y: []float64{3, 2, 1}}}})
	r.Scatters = append(r.Scatters, Scatter{Title: "UMAP", X: []float64{0, 1, 2}, Y: []float64{1, 0, 1}, Categories: []string{"a", "b", "a"}})
	r.Note("damped W once at epoch %d", 12)
	return r
}

func TestRunRoundTripAndHTML(t *testing.T) {
	dir := t.TempDir()
	r := sampleRun()
	p := filepath.Join(dir, "run.json")
	if err := r.Save(p); err != nil {
		t.Fatal(err)
	}
	back, err := Load(p)
	if err != nil {
		t.Fatal(err)
	}
	if back.Command != "regula grn --input 'expr data.csv'" {
		t.Errorf("command quoted as %q", back.Command)
	}
	if len(back.Params) != 2 || back.Params[1].Value != "150" || len(back.Curves[0].Series[0].Y) != 3 {
		t.Errorf("round trip lost data: %+v", back)
	}
	var buf bytes.Buffer
	if err := Render(&buf, back); err != nil {
		t.Fatal(err)
	}
	html := buf.String()
	for _, want := range []string{"<h1>DeepSEM GRN inference</h1>", "ChIP-Seq", "damped W once at epoch 12", "data:image/png;base64,", "<code>150</code>"} {
		if !strings.Contains(html, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	if n := strings.Count(html, "<figure>"); n != 2 {
		t.Errorf("page has %d figures, want 2", n)
	}
}

func TestBrokenFigureIsReportedNotFatal(t *testing.T) {
	r := sampleRun()
	r.Scatters = append(r.Scatters, Scatter{Title: "bad", X: []float64{1, 2}, Y: []float64{1}})
	var buf bytes.Buffer
	if err := Render(&buf, r); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(buf.String(), `figure &#34;bad&#34; could not be drawn`) {
		t.Error("broken figure not listed as a problem")
	}
}

func TestLoadErrors(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "x.json")
	os.WriteFile(p, []byte("{not json"), 0o644)
	if _, err := Load(p); err == nil || !strings.Contains(err.Error(), "not a regula run record") {
		t.Errorf("got %v", err)
	}
}
