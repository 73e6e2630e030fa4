"""Reference values for the anndata text-reader tests.

Reads the shared datasets with scipy/pandas (independently of regula) and
writes reference.json: for each dataset the cells x genes shape, number of
non-zeros, sum, the first and last cell and gene names, and a seeded sample
of (cell, gene, value) entries. Run from the repository root:

    /usr/bin/python3 anndata/testdata/make_fixtures.py
"""
import json
import os

import numpy as np
import pandas as pd
import scipy.io
import scipy.sparse as sp

DATA = os.path.join(os.path.dirname(__file__), "..", "..", "..", "shared", "data")


def names(path, col=0):
    return pd.read_csv(path, sep="\t", header=None, dtype=str).iloc[:, col].tolist()


def mtx(path, genes_in_rows):
    m = sp.csr_matrix(scipy.io.mmread(path))
    m.sum_duplicates()
    m.eliminate_zeros()
    return m.T.tocsr() if genes_in_rows else m


def summary(x, cells, genes, seed=0):
    x = sp.csr_matrix(x)
    x.eliminate_zeros()
    rng = np.random.default_rng(seed)
    coo = x.tocoo()
    pick = rng.choice(coo.nnz, size=min(20, coo.nnz), replace=False)
    entries = [[cells[coo.row[k]], genes[coo.col[k]], float(coo.data[k])] for k in pick]
    # A few zeros too.
    for _ in range(5):
        i, j = rng.integers(x.shape[0]), rng.integers(x.shape[1])
        entries.append([cells[i], genes[j], float(x[i, j])])
    return {
        "shape": list(x.shape),
        "nnz": int(x.nnz),
        "sum": float(x.sum(dtype=np.float64)),
        "cells": [cells[0], cells[-1]],
        "genes": [genes[0], genes[-1]],
        "entries": entries,
    }


def main():
    ref = {}
    d = os.path.join(DATA, "pbmc3k_clustifyr")
    ref["pbmc3k_clustifyr"] = summary(
        mtx(os.path.join(d, "counts_recovered_genes_x_cells.mtx.gz"), True),
        names(os.path.join(d, "barcodes.tsv")), names(os.path.join(d, "genes.tsv")))
    d = os.path.join(DATA, "scanpy_tests")
    genes = pd.Series(names(os.path.join(d, "10x-10k-subset.genes.tsv"), 1))
    # scanpy's var_names_make_unique on the symbols.
    dup = genes.duplicated()
    counter = {}
    vals = genes.tolist()
    taken = set(vals)
    for i in np.flatnonzero(dup):
        v = vals[i]
        while True:
            counter[v] = counter.get(v, 0) + 1
            cand = f"{v}-{counter[v]}"
            if cand not in taken:
                taken.add(cand)
                vals[i] = cand
                break
    ref["10x-10k-subset"] = summary(
        mtx(os.path.join(d, "10x-10k-subset.counts_cells_x_genes.mtx.gz"), False),
        names(os.path.join(d, "10x-10k-subset.barcodes.tsv")), vals)
    d = os.path.join(DATA, "pbmc68k_reduced")
    ref["pbmc68k_reduced"] = summary(
        mtx(os.path.join(d, "counts_cells_x_genes.mtx.gz"), False),
        names(os.path.join(d, "barcodes.tsv")), names(os.path.join(d, "genes.tsv")))
    d = os.path.join(DATA, "scanpy_tests", "10x_data", "3.0.0", "filtered_feature_bc_matrix")
    ref["10x_v3"] = summary(
        mtx(os.path.join(d, "matrix.mtx.gz"), True),
        names(os.path.join(d, "barcodes.tsv.gz")), names(os.path.join(d, "features.tsv.gz"), 1))
    d = os.path.join(DATA, "scanpy_tests", "10x_data", "1.2.0", "filtered_gene_bc_matrices", "hg19_chr21")
    ref["10x_v2"] = summary(
        mtx(os.path.join(d, "matrix.mtx"), True),
        names(os.path.join(d, "barcodes.tsv")), names(os.path.join(d, "genes.tsv"), 1))
    df = pd.read_csv(os.path.join(DATA, "beeline", "scRNA-Seq", "mESC", "500nTF", "ExpressionData.csv.gz"), index_col=0)
    ref["mESC"] = summary(df.values.T.astype(np.float32), df.columns.tolist(), df.index.tolist())
    df = pd.read_csv(os.path.join(DATA, "sergio", "DS1_regenerated", "simulated_counts_noisy_seed0.csv.gz"), index_col=0)
    ref["sergio_ds1_noisy"] = summary(df.values.T.astype(np.float32), [str(c) for c in df.columns], [str(g) for g in df.index])
    with open(os.path.join(os.path.dirname(__file__), "reference.json"), "w") as f:
        json.dump(ref, f, indent=1)


if __name__ == "__main__":
    main()
