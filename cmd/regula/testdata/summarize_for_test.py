"""Summarise an h5ad for regula's Go tests: reads it with anndata and prints
JSON (shape, non-zeros, sums, a position-weighted checksum, names, the
categories and per-category counts of one obs column).

usage: summarize_for_test.py FILE.h5ad OBS_COLUMN
"""
import json
import sys

import anndata
import numpy as np
import scipy.sparse as sp

a = anndata.read_h5ad(sys.argv[1])
col = sys.argv[2]
x = a.X.tocoo() if sp.issparse(a.X) else sp.coo_matrix(np.asarray(a.X))
x.sum_duplicates()
w = ((x.row.astype(np.int64) * 7 + x.col.astype(np.int64) * 13) % 101).astype(np.float64)
vals = x.data.astype(np.float64)
c = a.obs[col]
print(json.dumps({
    "shape": list(a.shape),
    "nnz": int(np.count_nonzero(vals)),
    "sum": float(vals.sum()),
    "checksum": float((vals * w).sum()),
    "obs_names": list(map(str, a.obs_names)),
    "var_names": list(map(str, a.var_names)),
    "categories": list(map(str, c.cat.categories)),
    "counts": {str(k): int(v) for k, v in c.value_counts().items()},
}))
