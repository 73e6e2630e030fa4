package anndata

import (
	"encoding/json"
	"os"
	"strings"
	"testing"

	"regula/internal/hdf5"
	"regula/internal/testdata"
)

// h5adReference is testdata/h5ad/reference.json: anndata 0.8's summary of each
// shared h5ad file (see make_fixtures.py).
type h5adReference struct {
	AnndataVersion string                    `json:"anndata_version"`
	Files          map[string]map[string]any `json:"files"`
}

func loadH5ADReference(t *testing.T) h5adReference {
	t.Helper()
	b, err := os.ReadFile("testdata/h5ad/reference.json")
	if err != nil {
		t.Fatal(err)
	}
	var ref h5adReference
	if err := json.Unmarshal(b, &ref); err != nil {
		t.Fatal(err)
	}
	return ref
}

// TestReadH5ADMatchesAnndata reads every shared h5ad file (anndata 0.7.0,
// 0.7.8 with LZF compression, 0.11.4 without X, and scanpy's gzip-compressed
// pbmc68k_reduced) and compares shapes, names, columns, categories, matrix
// sums and sampled values with what anndata 0.8 reports.
func TestReadH5ADMatchesAnndata(t *testing.T) {
	ref := loadH5ADReference(t)
	if len(ref.Files) != 4 {
		t.Fatalf("h5adReference.json lists %d files, want 4", len(ref.Files))
	}
	for rel, want := range ref.Files {
		t.Run(strings.ReplaceAll(rel, "/", "_"), func(t *testing.T) {
			path := testdata.Path(t, strings.Split(rel, "/")...)
			a, err := ReadH5AD(path)
			if err != nil {
				t.Fatal(err)
			}
			got := normalizeJSON(t, annDataSummary(a)).(map[string]any)
			skipped, _ := a.Uns[SkippedKey].([]string)
			isSkipped := func(path string) bool {
				for _, s := range skipped {
					if strings.HasPrefix(path, strings.SplitN(s, ": ", 2)[0]) {
						return true
					}
				}
				return false
			}

			// raw: loaded as Layers["raw"] when its genes are var's, else skipped.
			if raw, ok := want["raw"].(map[string]any); ok {
				varNames := want["var"].(map[string]any)["index"]
				layers := got["layers"].(map[string]any)
				rawNames := raw["var_names"]
				if names, _ := json.Marshal(rawNames); string(names) == string(mustJSON(t, varNames)) {
					compareJSON(t, "raw.X", raw["X"], layers["raw"])
					delete(layers, "raw")
				} else if !isSkipped("/raw") {
					t.Errorf("raw with other genes neither loaded nor listed in %s: %v", SkippedKey, skipped)
				}
			}
			delete(want, "raw")
			delete(got, "raw")

			// X: a file without X gets an all-zero sparse X of the right shape.
			if want["X"] == nil {
				x := got["X"].(map[string]any)
				if x["nnz"].(float64) != 0 || a.NObs() != int(want["n_obs"].(float64)) || a.NVars() != int(want["n_vars"].(float64)) {
					t.Errorf("file without X: got X %v", x)
				}
				delete(want, "X")
				delete(got, "X")
			}

			// uns: every value anndata reads is loaded or listed as skipped.
			wantUns := want["uns"].(map[string]any)
			gotUns := got["uns"].(map[string]any)
			delete(gotUns, SkippedKey)
			for k := range wantUns {
				if _, ok := gotUns[k]; !ok {
					if !isSkipped("/uns/" + k) {
						t.Errorf("uns %q neither loaded nor listed as skipped", k)
					}
					delete(wantUns, k)
				}
			}
			compareJSON(t, rel, want, got)
		})
	}
}

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return b
}

// TestReadH5ADDetails checks a few values by hand, beyond the summaries.
func TestReadH5ADDetails(t *testing.T) {
	a, err := ReadH5AD(testdata.Path(t, "pbmc68k_reduced", "pbmc68k_reduced.h5ad"))
	if err != nil {
		t.Fatal(err)
	}
	if a.Obs.IndexName != "index" {
		t.Errorf("obs index name %q, want index", a.Obs.IndexName)
	}
	labels, ok := a.Obs.Col("bulk_labels").(*Categorical)
	if !ok || len(labels.Categories) != 10 || labels.Categories[5] != "CD14+ Monocyte" || labels.String(0) != "CD14+ Monocyte" {
		t.Errorf("bulk_labels categories: %v", labels.Categories)
	}
	if _, ok := a.Var.Col("highly_variable").(*BoolColumn); !ok {
		t.Errorf("highly_variable is %T, want *BoolColumn", a.Var.Col("highly_variable"))
	}
	if _, ok := a.X.(*Dense); !ok {
		t.Errorf("X is %T, want dense", a.X)
	}
	if raw, ok := a.Layers["raw"].(*CSR); !ok || raw.NNZ() != 174400 {
		t.Errorf("layers[raw] = %T", a.Layers["raw"])
	}
	if got := a.Uns["neighbors"].(Uns)["params"].(Uns)["method"]; got != "umap" {
		t.Errorf("uns neighbors/params/method = %v", got)
	}
	if n := hdf5.OpenHandles(); n != 0 {
		t.Errorf("%d HDF5 handles left open after reading", n)
	}
	if a.Obsp["distances"].NNZ() != 6300 {
		t.Errorf("obsp distances nnz %d", a.Obsp["distances"].NNZ())
	}

	old, err := ReadH5AD(testdata.Path(t, "anndata_archives", "v0.7.8", "adata.h5ad"))
	if err != nil {
		t.Fatal(err)
	}
	ord := old.Obs.Col("cat_ordered").(*Categorical)
	if !ord.Ordered || old.Obs.Col("obs_cat").(*Categorical).Ordered {
		t.Error("0.7 categorical ordered flags not read")
	}
	nested := old.Uns["nested"].(Uns)
	if nested["scalar_int"] != int64(42) || nested["scalar_str"] != "str" {
		t.Errorf("uns nested = %v", nested)
	}
	skipped := strings.Join(old.Uns[SkippedKey].([]string), "\n")
	for _, want := range []string{"/obsm/df", "/uns/O_recarray", "/raw", "/varp"} {
		if !strings.Contains(skipped, want) {
			t.Errorf("skipped list lacks %s:\n%s", want, skipped)
		}
	}
}
