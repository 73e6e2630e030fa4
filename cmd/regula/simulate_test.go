package main

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"regula/anndata"
	"regula/report"
)

func TestSimulateDeepSEM(t *testing.T) {
	dir := t.TempDir()
	in := writeRandomCountsCSV(t, dir, 50, 6)
	input, err := anndata.Read(in, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	simulate := func(out, seed string) *anndata.AnnData {
		t.Helper()
		mustRegula(t, "simulate", "--method", "deepsem", "--input", in, "--out", out, "--n-cells", "30", "--keep-zeros",
			"--deepsem-epochs", "3", "--deepsem-hidden", "8", "--seed", seed, "--quiet")
		a, err := anndata.ReadH5AD(out)
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	sim := simulate(filepath.Join(dir, "a.h5ad"), "5")
	if r, c := sim.X.Dims(); r != 30 || c != 6 {
		t.Fatalf("simulated X is %d × %d, want 30 × 6", r, c)
	}
	if !slices.Equal(sim.GeneNames(), input.GeneNames()) {
		t.Errorf("genes %v, want the input's %v", sim.GeneNames(), input.GeneNames())
	}
	source, err := sim.Obs.Strings("source_cell")
	if err != nil {
		t.Fatal(err)
	}
	row, err := input.Obs.Lookup()
	if err != nil {
		t.Fatal(err)
	}
	x, observed := sim.X.ToDense(), input.X.ToDense()
	for i, name := range source {
		src, ok := row[name]
		if !ok {
			t.Fatalf("simulated cell %d: unknown source cell %q", i+1, name)
		}
		for g, v := range x.Row(i) {
			if (v == 0) != (observed.Row(src)[g] == 0) {
				t.Fatalf("--keep-zeros: simulated cell %d gene %d = %v, source %s has %v", i+1, g+1, v, name, observed.Row(src)[g])
			}
		}
	}
	if _, ok := sim.Uns["deepsem_simulate"].(anndata.Uns); !ok {
		t.Errorf("uns[deepsem_simulate] missing: %v", sim.Uns)
	}
	rec, err := report.Load(filepath.Join(dir, "a.h5ad.run.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Curves) != 1 || rec.Curves[0].Kind != "training" || len(rec.Tables) != 1 {
		t.Errorf("run record: %d curves, %d tables; want one training curve and the summary table", len(rec.Curves), len(rec.Tables))
	}

	again := simulate(filepath.Join(dir, "b.h5ad"), "5")
	if !slices.Equal(x.Data, again.X.ToDense().Data) {
		t.Error("same --seed gave different simulations")
	}
}

func TestSimulateDeepSEMWritesCSV(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sim.csv")
	mustRegula(t, "simulate", "--input", demoExpression, "--genes-in-rows", "--out", out,
		"--deepsem-epochs", "2", "--deepsem-hidden", "8", "--quiet")
	a, err := anndata.Read(out, anndata.ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if r, c := a.X.Dims(); r != 500 || c != 10 {
		t.Errorf("simulated table is %d × %d, want 500 × 10 (as many cells as the input)", r, c)
	}
	if _, err := report.Load(out + ".run.json"); err != nil {
		t.Error(err)
	}
}

func TestSimulateBadFlags(t *testing.T) {
	out := filepath.Join(t.TempDir(), "sim.h5ad")
	base := []string{"simulate", "--input", demoExpression, "--genes-in-rows", "--quiet"}
	cases := []struct {
		flags []string
		want  string
	}{
		{[]string{"--out", out, "--n-cells", "-1"}, "--n-cells"},
		{[]string{"--out", out, "--method", "groundgan"}, "--method"},
		{[]string{"--out", out, "--deepsem-alpha", "-1"}, "--deepsem-alpha"},
		{[]string{"--out", out, "--deepsem-mode", "x"}, "--deepsem-mode"},
		{[]string{"--out", filepath.Join(t.TempDir(), "sim.json")}, "--out"},
		{nil, "--out"},
	}
	for _, c := range cases {
		expectUsageError(t, c.want, append(slices.Clone(base), c.flags...)...)
	}
}

func TestSimulateNoiseFlag(t *testing.T) {
	code, _, stderr := runRegula("simulate", "--method", "deepsem", "--input", "x.csv", "--out", filepath.Join(t.TempDir(), "s.h5ad"), "--noise", "-1")
	if code != 2 || !strings.Contains(stderr, "--noise must be a finite value > 0") {
		t.Errorf("negative noise: exit %d, %q", code, stderr)
	}
}
