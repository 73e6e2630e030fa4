package anndata

import (
	"math"
	"testing"

	"regula/internal/testdata"
)

func TestReadObsTablePBMC3k(t *testing.T) {
	a, err := Read(testdata.Path(t, "pbmc3k_clustifyr", "counts_recovered_genes_x_cells.mtx.gz"), ReadOptions{})
	if err != nil {
		t.Fatal(err)
	}
	if err := ReadObsTable(a, testdata.Path(t, "pbmc3k_clustifyr", "meta.tsv")); err != nil {
		t.Fatal(err)
	}
	if err := a.Validate(); err != nil {
		t.Fatal(err)
	}
	classified, ok := a.Obs.Col("classified").(*Categorical)
	if !ok {
		t.Fatalf("classified is %T, want *Categorical", a.Obs.Col("classified"))
	}
	if len(classified.Categories) != 9 {
		t.Errorf("%d cell types, want 9: %v", len(classified.Categories), classified.Categories)
	}
	counts := map[string]int{}
	for i := range classified.Len() {
		counts[classified.String(i)]++
	}
	if counts["Naive CD4 T"] != 697 || counts["Platelet"] != 14 {
		t.Errorf("Naive CD4 T: %d (want 697), Platelet: %d (want 14)", counts["Naive CD4 T"], counts["Platelet"])
	}
	if _, ok := a.Obs.Col("nCount_RNA").(*IntColumn); !ok {
		t.Errorf("nCount_RNA is %T, want *IntColumn", a.Obs.Col("nCount_RNA"))
	}
	if _, ok := a.Obs.Col("percent.mt").(*FloatColumn); !ok {
		t.Errorf("percent.mt is %T, want *FloatColumn", a.Obs.Col("percent.mt"))
	}
	// Rows are matched by name: the first cells of meta.tsv.
	if got := classified.String(0) + "|" + classified.String(1); got != "Memory CD4 T|B" {
		t.Errorf("first two cells classified %q, want %q", got, "Memory CD4 T|B")
	}
}

func TestReadTableTypes(t *testing.T) {
	f, err := ReadTable(writeTemp(t, "obs.csv",
		"cell,n,x,flag,label,free\nc1,1,0.5,TRUE,b,u\nc2,2,NA,False,a,v\nc3,3,2,true,b,w\nc4,4,1e3,false,,z\n"))
	if err != nil {
		t.Fatal(err)
	}
	if f.IndexName != "cell" {
		t.Errorf("index name %q", f.IndexName)
	}
	if _, ok := f.Col("n").(*IntColumn); !ok {
		t.Errorf("n is %T", f.Col("n"))
	}
	x, ok := f.Col("x").(*FloatColumn)
	if !ok || !math.IsNaN(x.Values[1]) || x.Values[3] != 1000 {
		t.Errorf("x = %#v", f.Col("x"))
	}
	if b, ok := f.Col("flag").(*BoolColumn); !ok || !b.Values[0] || b.Values[1] {
		t.Errorf("flag = %#v", f.Col("flag"))
	}
	label, ok := f.Col("label").(*Categorical)
	if !ok || len(label.Categories) != 2 || label.Categories[0] != "a" || label.Codes[0] != 1 || label.Codes[3] != -1 {
		t.Errorf("label = %#v, want categories [a b], codes [1 0 1 -1]", f.Col("label"))
	}
	if _, ok := f.Col("free").(*StringColumn); !ok {
		t.Errorf("free is %T, want *StringColumn (all values distinct)", f.Col("free"))
	}
}

func TestJoinObsMissingCells(t *testing.T) {
	a, err := New(NewDense(3, 1), []string{"c1", "c2", "c3"}, []string{"g"})
	if err != nil {
		t.Fatal(err)
	}
	err = ReadObsTable(a, writeTemp(t, "meta.tsv", "\tgroup\nc1\tx\nc9\ty\n"))
	wantErrorContaining(t, err, "meta.tsv", "2 of 3 cells have no row", `"c2", "c3"`)
}

func TestReadTableMalformed(t *testing.T) {
	_, err := ReadTable(writeTemp(t, "meta.tsv", "\ta\tb\nc1\t1\t2\nc2\t1\n"))
	wantErrorContaining(t, err, "meta.tsv: line 3", `row "c2" has 2 fields, expected 3`)
	_, err = ReadTable(writeTemp(t, "meta.tsv", "\ta\nc1\t1\nc1\t2\n"))
	wantErrorContaining(t, err, `duplicate row name "c1"`, "line 2", "line 3")
	_, err = ReadTable(writeTemp(t, "meta.tsv", ""))
	wantErrorContaining(t, err, "meta.tsv: empty file")
}
