package plot

import (
	"bytes"
	"image"
	"image/png"
	"math"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func blobs(n int) (x, y []float64, labels []string, vals []float64) {
	r := rand.New(rand.NewPCG(1, 2))
	names := []string{"B cell", "CD14 Monocyte", "NK"}
	for i := 0; i < n; i++ {
		k := i % 3
		x = append(x, float64(k*5)+r.NormFloat64())
		y = append(y, float64(k%2*4)+r.NormFloat64())
		labels = append(labels, names[k])
		vals = append(vals, x[i])
	}
	return
}

// distinctColours counts colours in the image: a blank or single-colour
// render would give very few.
func distinctColours(t *testing.T, b []byte) (image.Image, int) {
	t.Helper()
	img, err := png.Decode(bytes.NewReader(b))
	if err != nil {
		t.Fatalf("png decode: %v", err)
	}
	seen := map[[4]uint32]bool{}
	bd := img.Bounds()
	for yy := bd.Min.Y; yy < bd.Max.Y; yy += 3 {
		for xx := bd.Min.X; xx < bd.Max.X; xx += 3 {
			r, g, b, a := img.At(xx, yy).RGBA()
			seen[[4]uint32{r, g, b, a}] = true
		}
	}
	return img, len(seen)
}

func TestFiguresRender(t *testing.T) {
	x, y, labels, vals := blobs(300)
	var figs = map[string]func() (*Figure, error){
		"embedding_cat": func() (*Figure, error) {
			return Embedding(x, y, EmbeddingOptions{Title: "UMAP", Categories: labels, ColorLabel: "cell type"})
		},
		"embedding_num": func() (*Figure, error) {
			return Embedding(x, y, EmbeddingOptions{Title: "UMAP", Values: vals, ColorLabel: "CD3E"})
		},
		"curves": func() (*Figure, error) {
			a, b := make([]float64, 50), make([]float64, 50)
			for i := range a {
				a[i] = 100 * math.Exp(-float64(i)/10)
				b[i] = 0.5 + 0.1*math.Sin(float64(i))
			}
			return TrainingCurves("DeepSEM", []Series{{Name: "reconstruction", Y: a}, {Name: "KL", Y: b}})
		},
		"pr": func() (*Figure, error) {
			return PRCurve("PR", []Series{{Name: "DeepSEM", X: []float64{0, 0.5, 1}, Y: []float64{1, 0.6, 0.2}}}, 0.1)
		},
		"roc": func() (*Figure, error) {
			return ROCCurve("ROC", []Series{{Name: "DeepSEM (0.71)", X: []float64{0, 0.2, 1}, Y: []float64{0, 0.6, 1}}})
		},
		"hist": func() (*Figure, error) { return Histogram(vals, 0, "values", "x") },
		"violin": func() (*Figure, error) {
			return Violin([]Group{{"a", x[:100]}, {"b", y[:100]}, {"c", []float64{1, 1, 1}}}, "violins", "value")
		},
		"heatmap": func() (*Figure, error) {
			return Heatmap([][]float64{{1, -0.5, 0}, {0.2, 0.9, -1}}, HeatmapOptions{Title: "W", RowNames: []string{"Sox2", "Pou5f1"}, ColNames: []string{"a", "b", "c"}, Diverging: true})
		},
		"network": func() (*Figure, error) {
			return Network([]Edge{{"Sox2", "Nanog", 0.9}, {"Pou5f1", "Nanog", 0.5}, {"Nanog", "Klf4", -0.3}, {"Tcf7", "Lef1", 0.1}}, NetworkOptions{Title: "GRN", Focus: []string{"Nanog"}})
		},
	}
	dir := os.Getenv("REGULA_PLOT_DIR") // set to look at the pictures
	for name, mk := range figs {
		t.Run(name, func(t *testing.T) {
			f, err := mk()
			if err != nil {
				t.Fatal(err)
			}
			b, err := f.Bytes("png")
			if err != nil {
				t.Fatal(err)
			}
			img, n := distinctColours(t, b)
			if w := img.Bounds().Dx(); w < 600 {
				t.Errorf("png only %d px wide", w)
			}
			if n < 5 {
				t.Errorf("png has only %d distinct colours: blank render?", n)
			}
			svg, err := f.Bytes("svg")
			if err != nil || !strings.Contains(string(svg), "<svg") {
				t.Errorf("svg render failed: %v", err)
			}
			if dir != "" {
				if err := f.Save(filepath.Join(dir, name+".png")); err != nil {
					t.Fatal(err)
				}
			}
		})
	}
}

func TestFigureErrors(t *testing.T) {
	if _, err := Embedding([]float64{1, 2}, []float64{1}, EmbeddingOptions{}); err == nil || !strings.Contains(err.Error(), "2 x and 1 y") {
		t.Errorf("mismatched lengths: got %v", err)
	}
	if _, err := Embedding([]float64{1}, []float64{1}, EmbeddingOptions{Categories: []string{"a", "b"}}); err == nil {
		t.Error("category length mismatch not reported")
	}
	if _, err := Histogram([]float64{math.NaN()}, 0, "h", "x"); err == nil || !strings.Contains(err.Error(), "no finite values") {
		t.Errorf("all-NaN histogram: got %v", err)
	}
	if _, err := Heatmap([][]float64{{1, 2}, {3}}, HeatmapOptions{}); err == nil || !strings.Contains(err.Error(), "row 1 has 1 values") {
		t.Errorf("ragged heatmap: got %v", err)
	}
	if _, err := Network([]Edge{{"a", "b", 1}}, NetworkOptions{Focus: []string{"zz"}}); err == nil {
		t.Error("network with no focus edges not reported")
	}
	f, _ := Histogram([]float64{1, 2, 3}, 3, "h", "x")
	dir := t.TempDir()
	if err := f.Save(filepath.Join(dir, "x.jpg")); err == nil || !strings.Contains(err.Error(), "unsupported extension") {
		t.Errorf("bad extension: got %v", err)
	}
	if err := f.Save(filepath.Join(dir, "missing", "x.png")); err == nil {
		t.Error("save into a missing folder succeeded")
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 0 {
		t.Errorf("failed saves left files behind: %v", entries)
	}
}
