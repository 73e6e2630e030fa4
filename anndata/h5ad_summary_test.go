package anndata

import (
	"crypto/sha256"
	"encoding/hex"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"
	"testing"
)

// This file computes, from an in-memory AnnData, the same JSON summary that
// testdata/h5ad/summarize_h5ad.py computes from anndata's view of an .h5ad
// file, and compares two summaries. Keep both in step.

const summarySamples = 10

func namesDigest(names []string) map[string]any {
	sum := sha256.Sum256([]byte(strings.Join(names, "\n")))
	return map[string]any{"n": len(names), "head": names[:min(3, len(names))], "sha256": hex.EncodeToString(sum[:])}
}

// jsonNumber returns x, or nil for NaN (JSON has no NaN).
func jsonNumber(x float64) any {
	if math.IsNaN(x) {
		return nil
	}
	return x
}

func matrixSummary(m Matrix) map[string]any {
	rows, cols := m.Dims()
	total := 0.0
	nnz := 0
	switch t := m.(type) {
	case *Dense:
		for _, v := range t.Data {
			if !math.IsNaN(float64(v)) {
				total += float64(v)
			}
			if v != 0 {
				nnz++
			}
		}
	case *CSR:
		for _, v := range t.Data {
			total += float64(v)
			if v != 0 {
				nnz++
			}
		}
	}
	samples := [][]any{}
	if rows > 0 && cols > 0 {
		for k := range summarySamples {
			i, j := (k*7919)%rows, (k*104729)%cols
			samples = append(samples, []any{i, j, jsonNumber(float64(m.At(i, j)))})
		}
	}
	return map[string]any{"shape": []int{rows, cols}, "nnz": nnz, "sum": total, "samples": samples}
}

func columnSummary(c Column) map[string]any {
	switch t := c.(type) {
	case *Categorical:
		codes := make([]string, len(t.Codes))
		for i, v := range t.Codes {
			codes[i] = strconv.Itoa(int(v))
		}
		sum := sha256.Sum256([]byte(strings.Join(codes, ",")))
		return map[string]any{"kind": "categorical", "categories": t.Categories, "ordered": t.Ordered,
			"codes_sha256": hex.EncodeToString(sum[:])}
	case *BoolColumn:
		n := 0
		for _, v := range t.Values {
			if v {
				n++
			}
		}
		return map[string]any{"kind": "bool", "true": n}
	case *IntColumn:
		total := 0.0
		for _, v := range t.Values {
			total += float64(v)
		}
		return map[string]any{"kind": "int", "sum": total, "head": t.Values[:min(3, len(t.Values))]}
	case *FloatColumn:
		total, nan := 0.0, 0
		for _, v := range t.Values {
			if math.IsNaN(v) {
				nan++
			} else {
				total += v
			}
		}
		return map[string]any{"kind": "float", "sum": total, "nan": nan}
	case *StringColumn:
		s := namesDigest(t.Values)
		s["kind"] = "string"
		return s
	}
	panic(fmt.Sprintf("unknown column %T", c))
}

func frameSummary(f *Frame) map[string]any {
	cols := map[string]any{}
	for _, n := range f.Names() {
		cols[n] = columnSummary(f.Col(n))
	}
	return map[string]any{"index": namesDigest(f.Index), "columns": append([]string{}, f.Names()...), "column_summaries": cols}
}

func unsLeaves(u map[string]any, prefix string, out map[string]any) {
	for k, v := range u {
		path := prefix + k
		switch t := v.(type) {
		case Uns:
			unsLeaves(t, path+"/", out)
		case map[string]any:
			unsLeaves(t, path+"/", out)
		case string, bool:
			out[path] = t
		case int:
			out[path] = float64(t)
		case int64:
			out[path] = float64(t)
		case float64:
			out[path] = jsonNumber(t)
		case []string, []bool:
			out[path] = t
		case []int64:
			out[path] = h5adFloats(t)
		case []int32:
			out[path] = h5adFloats(t)
		case []float32:
			out[path] = h5adFloats(t)
		case []float64:
			out[path] = h5adFloats(t)
		case *Dense:
			out[path] = matrixSummary(t)
		default:
			out[path] = map[string]any{"unsupported": fmt.Sprintf("%T", v)}
		}
	}
}

func h5adFloats[T int32 | int64 | float32 | float64](v []T) []any {
	out := make([]any, len(v))
	for i, x := range v {
		out[i] = jsonNumber(float64(x))
	}
	return out
}

func summarizeMatrices[M Matrix](m map[string]M) map[string]any {
	out := map[string]any{}
	for k, v := range m {
		out[k] = matrixSummary(v)
	}
	return out
}

// annDataSummary mirrors summarizeMatrices() in summarize_h5ad.py; raw is always
// null (regula keeps raw.X as a layer).
func annDataSummary(a *AnnData) map[string]any {
	return map[string]any{
		"n_obs": a.NObs(), "n_vars": a.NVars(),
		"obs": frameSummary(a.Obs), "var": frameSummary(a.Var),
		"X":    matrixSummary(a.X),
		"obsm": summarizeMatrices(a.Obsm), "varm": summarizeMatrices(a.Varm), "obsp": summarizeMatrices(a.Obsp),
		"layers": summarizeMatrices(a.Layers),
		"uns":    func() map[string]any { m := map[string]any{}; unsLeaves(a.Uns, "", m); return m }(),
		"raw":    nil,
	}
}

// normalize turns a summary into plain JSON values (maps, slices, float64).
func normalizeJSON(t *testing.T, v any) any {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		t.Fatal(err)
	}
	return out
}

// compareJSON reports every difference between want and got, with numbers
// equal up to a relative tolerance (float32 storage, summation order).
func compareJSON(t *testing.T, path string, want, got any) {
	t.Helper()
	switch w := want.(type) {
	case map[string]any:
		g, ok := got.(map[string]any)
		if !ok {
			t.Errorf("%s: want object, got %v", path, got)
			return
		}
		for k, wv := range w {
			gv, ok := g[k]
			if !ok {
				t.Errorf("%s.%s: missing", path, k)
				continue
			}
			compareJSON(t, path+"."+k, wv, gv)
		}
		for k := range g {
			if _, ok := w[k]; !ok {
				t.Errorf("%s.%s: unexpected (got %v)", path, k, g[k])
			}
		}
	case []any:
		g, ok := got.([]any)
		if !ok || len(g) != len(w) {
			t.Errorf("%s: want %v, got %v", path, want, got)
			return
		}
		for i := range w {
			compareJSON(t, fmt.Sprintf("%s[%d]", path, i), w[i], g[i])
		}
	case float64:
		g, ok := got.(float64)
		if !ok || math.Abs(w-g) > 1e-5*math.Max(1, math.Max(math.Abs(w), math.Abs(g))) {
			t.Errorf("%s: want %v, got %v", path, want, got)
		}
	default:
		if want != got {
			t.Errorf("%s: want %v, got %v", path, want, got)
		}
	}
}
