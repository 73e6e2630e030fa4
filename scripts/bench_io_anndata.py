"""Python reference for regula's I/O benchmark (BENCHMARKS.md, issue 2):
read the 10x 10k-cell subset (Matrix Market + name lists) with scipy/pandas
and write it as h5ad with anndata, as `regula convert ... out.h5ad` does.

usage: /usr/bin/time -v /usr/bin/python3 scripts/bench_io_anndata.py [DATA_DIR] [OUT]
"""
import sys

import anndata
import numpy as np
import pandas as pd
import scipy.io

data = sys.argv[1] if len(sys.argv) > 1 else "../shared/data/scanpy_tests/"
out = sys.argv[2] if len(sys.argv) > 2 else "/tmp/10k_py.h5ad"
x = scipy.io.mmread(data + "/10x-10k-subset.counts_cells_x_genes.mtx.gz").tocsr().astype(np.float32)
cells = pd.read_csv(data + "/10x-10k-subset.barcodes.tsv", header=None)[0].astype(str).values
genes = pd.read_csv(data + "/10x-10k-subset.genes.tsv", header=None, sep="\t").iloc[:, -1].astype(str).values
a = anndata.AnnData(x, obs=pd.DataFrame(index=cells), var=pd.DataFrame(index=genes))
a.var_names_make_unique()
a.write_h5ad(out)
