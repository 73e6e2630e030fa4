#!/usr/bin/python3
"""Regenerate reference.json: anndata 0.8's view of the shared h5ad files.

Run from anywhere with Debian's python3-anndata (0.8) installed:
    /usr/bin/python3 anndata/testdata/h5ad/make_fixtures.py [DATA_DIR]
DATA_DIR defaults to ../shared/data beside the repository.
"""
import json
import os
import sys

import anndata

sys.path.insert(0, os.path.dirname(os.path.abspath(__file__)))
from summarize_h5ad import summarize  # noqa: E402

FILES = [
    "anndata_archives/v0.7.0/adata.h5ad",
    "anndata_archives/v0.7.8/adata.h5ad",
    "anndata_archives/v0.11.4/adata.h5ad",
    "pbmc68k_reduced/pbmc68k_reduced.h5ad",
]

here = os.path.dirname(os.path.abspath(__file__))
data = sys.argv[1] if len(sys.argv) > 1 else os.path.join(here, "..", "..", "..", "..", "shared", "data")
out = {"anndata_version": anndata.__version__, "files": {}}
for rel in FILES:
    out["files"][rel] = summarize(anndata.read_h5ad(os.path.join(data, rel)))
text = json.dumps(out, allow_nan=False, indent=1, sort_keys=True)
with open(os.path.join(here, "reference.json"), "w") as f:
    f.write(text + "\n")
