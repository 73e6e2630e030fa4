package main

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"regula/grn"
	"regula/report"
)

// TestGRNWritesRunRecord runs a small DeepSEM ensemble and a baseline
// through `regula grn` and checks the companion files and the run record.
func TestGRNWritesRunRecord(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "edges.tsv")
	mustRegula(t, "grn", "--input", demoExpression, "--genes-in-rows", "--out", out,
		"--epochs", "6", "--ensemble", "2", "--seed", "3", "--quiet")
	edges, err := grn.ReadRankedEdges(out)
	if err != nil {
		t.Fatal(err)
	}
	if len(edges) != 10*9 {
		t.Errorf("%d edges, want 90 (10 genes, no self-loops)", len(edges))
	}
	for _, f := range []string{"edges.W.tsv", "edges.losses.tsv", "edges.params.json"} {
		if _, err := os.Stat(filepath.Join(dir, f)); err != nil {
			t.Error(err)
		}
	}
	rec, err := report.Load(out + ".run.json")
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(rec.Title, "deepsem") || !strings.Contains(rec.Command, "--ensemble 2") {
		t.Errorf("title %q, command %q", rec.Title, rec.Command)
	}
	if len(rec.Tables) != 1 || len(rec.Tables[0].Rows) != grnTopEdges {
		t.Fatalf("tables %+v, want one with %d rows", rec.Tables, grnTopEdges)
	}
	if row := rec.Tables[0].Rows[0]; row[1] != edges[0].From || row[2] != edges[0].To {
		t.Errorf("top edge row %v, want %s → %s", row, edges[0].From, edges[0].To)
	}
	if len(rec.Curves) != 1 || len(rec.Curves[0].Series) != len(deepsemLossTerms) || len(rec.Curves[0].Series[0].Y) != 6 {
		t.Fatalf("curves %+v, want 4 series of 6 epochs", rec.Curves)
	}
	html := filepath.Join(dir, "report.html")
	mustRegula(t, "report", out+".run.json", "--out", html, "--quiet")
	if b, err := os.ReadFile(html); err != nil || !strings.Contains(string(b), "Strongest") {
		t.Errorf("report HTML missing the edge table (err %v)", err)
	}

	// A baseline writes a record too, without curves.
	base := filepath.Join(dir, "pearson.tsv")
	mustRegula(t, "grn", "--input", demoExpression, "--genes-in-rows", "--out", base, "--method", "pearson", "--quiet")
	rec, err = report.Load(base + ".run.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Curves) != 0 || len(rec.Tables) != 1 {
		t.Errorf("pearson record: %d curves, %d tables", len(rec.Curves), len(rec.Tables))
	}
}

// TestGRNPositiveDeterminant checks --positive-det: the paper's initial W
// (plus the reference's positive noise) puts I − W just past its singular
// point, so the flag must damp it at the first step and record why, while
// the default (the reference's behaviour) leaves it alone.
func TestGRNPositiveDeterminant(t *testing.T) {
	dir := t.TempDir()
	type params struct {
		Config struct {
			PositiveDeterminant bool `json:"positive_determinant"`
		} `json:"config"`
		Members []struct {
			Recoveries []struct {
				Epoch, Step int
				Reason      string
			} `json:"recoveries"`
		} `json:"members"`
	}
	read := func(flags ...string) params {
		t.Helper()
		out := filepath.Join(dir, fmt.Sprintf("e%d.tsv", len(flags)))
		args := append([]string{"grn", "--input", demoExpression, "--genes-in-rows", "--out", out,
			"--mode", "nonspecific", "--epochs", "3", "--ensemble", "1", "--quiet"}, flags...)
		mustRegula(t, args...)
		b, err := os.ReadFile(strings.TrimSuffix(out, ".tsv") + ".params.json")
		if err != nil {
			t.Fatal(err)
		}
		var p params
		if err := json.Unmarshal(b, &p); err != nil {
			t.Fatal(err)
		}
		return p
	}
	p := read("--positive-det")
	if !p.Config.PositiveDeterminant || len(p.Members) != 1 || len(p.Members[0].Recoveries) == 0 {
		t.Fatalf("--positive-det: %+v, want the flag recorded and a recovery", p)
	}
	if r := p.Members[0].Recoveries[0]; r.Epoch != 1 || r.Step != 1 || r.Reason != "determinant" {
		t.Errorf("first recovery %+v, want epoch 1 step 1, reason determinant", r)
	}
	p = read()
	if p.Config.PositiveDeterminant {
		t.Error("positive_determinant recorded true without the flag")
	}
	for _, r := range p.Members[0].Recoveries {
		if r.Reason == "determinant" {
			t.Errorf("default run damped for the determinant: %+v", r)
		}
	}
}
