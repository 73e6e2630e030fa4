#!/usr/bin/python3
"""Print a JSON summary of an .h5ad file as anndata (0.8) reads it.

Usage: summarize_h5ad.py FILE.h5ad

The Go tests in regula/anndata compare this summary with the same summary
computed from regula's ReadH5AD result (reference.json, made by
make_fixtures.py) or from the AnnData that regula wrote (the Python
round-trip test). Keep the two summaries in step: see summary_test.go.
"""
import hashlib
import json
import sys
from collections.abc import Mapping

import anndata
import numpy as np
import pandas as pd
import scipy.sparse as sp

N_SAMPLES = 10


def names_digest(names):
    """sha256 of the names joined by newlines, with count and first names."""
    names = [str(n) for n in names]
    digest = hashlib.sha256("\n".join(names).encode("utf-8")).hexdigest()
    return {"n": len(names), "head": names[:3], "sha256": digest}


def num(x):
    """A float for JSON: NaN becomes None (null)."""
    x = float(x)
    return None if np.isnan(x) else x


def finite_sum(a):
    a = np.asarray(a, dtype=np.float64)
    return float(np.nansum(a))


def matrix_summary(m):
    """Shape, sum, non-zeros and values at fixed positions of a matrix."""
    rows, cols = m.shape
    if sp.issparse(m):
        m = sp.csr_matrix(m)
        nnz = int(m.count_nonzero())
        total = float(m.sum(dtype=np.float64))
        get = lambda i, j: num(m[i, j])
    else:
        m = np.asarray(m)
        if m.ndim == 1:
            m = m.reshape(-1, 1)
            rows, cols = m.shape
        nnz = int(np.count_nonzero(m))
        total = finite_sum(m)
        get = lambda i, j: num(m[i, j])
    samples = []
    if rows > 0 and cols > 0:
        for k in range(N_SAMPLES):
            i, j = (k * 7919) % rows, (k * 104729) % cols
            samples.append([i, j, get(i, j)])
    return {"shape": [rows, cols], "nnz": nnz, "sum": total, "samples": samples}


def column_summary(s):
    if isinstance(s.dtype, pd.CategoricalDtype):
        codes = np.asarray(s.cat.codes, dtype=np.int64)
        return {
            "kind": "categorical",
            "categories": [str(c) for c in s.cat.categories],
            "ordered": bool(s.cat.ordered),
            "codes_sha256": hashlib.sha256(",".join(map(str, codes)).encode()).hexdigest(),
        }
    kind = s.dtype.kind
    if kind == "b":
        v = np.asarray(s, dtype=bool)
        return {"kind": "bool", "true": int(v.sum())}
    if kind in "iu":
        return {"kind": "int", "sum": float(np.asarray(s, dtype=np.float64).sum()), "head": [int(x) for x in s[:3]]}
    if kind == "f":
        v = np.asarray(s, dtype=np.float64)
        return {"kind": "float", "sum": finite_sum(v), "nan": int(np.isnan(v).sum())}
    return {"kind": "string", **names_digest(s)}


def frame_summary(df):
    return {
        "index": names_digest(df.index),
        "columns": list(map(str, df.columns)),
        "column_summaries": {str(c): column_summary(df[c]) for c in df.columns},
    }


def uns_leaves(d, prefix, out):
    """Flatten uns into {"a/b": value}; arrays become lists, matrices summaries."""
    for k, v in d.items():
        path = prefix + str(k)
        if isinstance(v, Mapping):
            uns_leaves(v, path + "/", out)
        elif isinstance(v, (str, np.str_)):
            out[path] = str(v)
        elif isinstance(v, (bool, np.bool_)):
            out[path] = bool(v)
        elif isinstance(v, (int, float, np.integer, np.floating)):
            out[path] = num(v)
        elif isinstance(v, np.ndarray) and v.dtype.names is None and v.ndim == 1:
            if v.dtype.kind in "OUS":
                out[path] = [str(x) for x in v]
            elif v.dtype.kind == "b":
                out[path] = [bool(x) for x in v]
            else:
                out[path] = [num(x) for x in v]
        elif isinstance(v, np.ndarray) and v.dtype.names is None and v.ndim == 2 and v.dtype.kind in "biuf":
            out[path] = matrix_summary(v)
        else:
            out[path] = {"unsupported": type(v).__name__}
    return out


def summarize(a):
    s = {
        "n_obs": int(a.n_obs),
        "n_vars": int(a.n_vars),
        "obs": frame_summary(a.obs),
        "var": frame_summary(a.var),
        "X": None if a.X is None else matrix_summary(a.X),
        "obsm": {k: matrix_summary(v) for k, v in a.obsm.items() if not isinstance(v, pd.DataFrame)},
        "varm": {k: matrix_summary(v) for k, v in a.varm.items() if not isinstance(v, pd.DataFrame)},
        "obsp": {k: matrix_summary(v) for k, v in a.obsp.items()},
        "layers": {k: matrix_summary(v) for k, v in a.layers.items()},
        "uns": uns_leaves(a.uns, "", {}),
        "raw": None,
    }
    if a.raw is not None:
        s["raw"] = {"X": matrix_summary(a.raw.X), "var_names": names_digest(a.raw.var_names)}
    return s


if __name__ == "__main__":
    if len(sys.argv) != 2:
        sys.exit("usage: summarize_h5ad.py FILE.h5ad")
    print(json.dumps(summarize(anndata.read_h5ad(sys.argv[1])), allow_nan=False, indent=1, sort_keys=True))
