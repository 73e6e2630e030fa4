package main

import (
	"bytes"
	"path/filepath"
	"strings"
	"testing"

	"regula/anndata"
	"regula/report"
)

func TestSimulateEmbedGenes(t *testing.T) {
	dir := t.TempDir()
	net := filepath.Join(dir, "net.h5ad")
	out := filepath.Join(dir, "emb.h5ad")
	var stdout, stderr bytes.Buffer
	run := func(args ...string) {
		t.Helper()
		stdout.Reset()
		stderr.Reset()
		if code := Main(args, &stdout, &stderr); code != 0 {
			t.Fatalf("regula %s: exit %d: %s", strings.Join(args, " "), code, stderr.String())
		}
	}
	run("simulate-network", "--out", net, "--communities", "2", "--community-size", "5", "--isolated", "3", "--cells", "200", "--seed", "4", "--quiet")
	run("embed", "--method", "sivae", "--input", net, "--out", out, "--latent", "3", "--hidden", "16,8",
		"--cell-epochs", "2", "--feature-epochs", "2", "--joint-epochs", "2", "--reduced-cells", "50",
		"--feature-batch-size", "5", "--joint-gene-batch-size", "5", "--clip-norm", "250", "--quiet")
	a, err := anndata.ReadH5AD(out)
	if err != nil {
		t.Fatal(err)
	}
	if z := a.Obsm["X_sivae"]; z == nil || z.Rows != 200 || z.Cols != 3 {
		t.Fatalf("obsm X_sivae: %+v", z)
	}
	if v := a.Varm["sivae_loadings"]; v == nil || v.Rows != 13 || v.Cols != 3 {
		t.Fatalf("varm sivae_loadings: %+v", v)
	}
	if a.Var.Col("sivae_centrality") == nil || a.Var.Col("mean") != nil {
		t.Errorf("var columns %v: want sivae_centrality and no preprocessing leftovers", a.Var.Names())
	}
	if u, ok := a.Uns["sivae"].(anndata.Uns); !ok {
		t.Errorf("uns[sivae] missing: %v", a.Uns)
	} else if p, ok := u["params"].(anndata.Uns); !ok || p["clip_norm"] != 250.0 || p["align_loadings"] != true {
		t.Errorf("uns[sivae][params] = %v: want clip_norm 250 and align_loadings true from the flags", u["params"])
	}
	rec, err := report.Load(out + ".run.json")
	if err != nil {
		t.Fatal(err)
	}
	if len(rec.Curves) != 3 || len(rec.Scatters) != 2 {
		t.Errorf("run record has %d curves and %d scatters, want 3 and 2", len(rec.Curves), len(rec.Scatters))
	}
	run("genes", "--neighbors", "2", "--from", out)
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	if len(lines) != 1+13*2 || lines[0] != "gene\trank\tneighbor\tdistance" {
		t.Errorf("genes output has %d lines, header %q", len(lines), lines[0])
	}
	vae := filepath.Join(dir, "vae.h5ad")
	run("embed", "--method", "vae", "--input", net, "--out", vae, "--latent", "2", "--hidden", "8",
		"--cell-epochs", "1", "--joint-epochs", "1", "--quiet")
	b, err := anndata.ReadH5AD(vae)
	if err != nil {
		t.Fatal(err)
	}
	if b.Obsm["X_vae"] == nil || b.Varm["sivae_loadings"] != nil {
		t.Errorf("plain VAE output: obsm %v varm %v", b.Obsm, b.Varm)
	}
	if code := Main([]string{"embed", "--method", "nope", "--input", net, "--out", vae}, &stdout, &stderr); code != 2 {
		t.Errorf("unknown method: exit %d, want 2", code)
	}
}
