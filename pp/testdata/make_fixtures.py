#!/usr/bin/python3
"""Reference values for regula's pp package, computed independently with
numpy / pandas / scikit-learn (scanpy is not installed: its formulas are
re-implemented here from its documentation and source, in numpy).

Run from the repository root:  /usr/bin/python3 pp/testdata/make_fixtures.py
Writes pp/testdata/fixtures.json (small hand-made data) and
pp/testdata/pbmc3k.json (the pbmc3k pipeline; needs ../shared/data).
"""
import gzip
import json
import os

import numpy as np
import pandas as pd
import scipy.io
from sklearn.decomposition import PCA

HERE = os.path.dirname(os.path.abspath(__file__))


# ---------------------------------------------------------------- helpers
def normalize_total(x, target_sum=None, exclude_highly_expressed=False, max_fraction=0.05):
    x = x.astype(np.float32).copy()
    counts = x.sum(1, dtype=np.float64)
    if exclude_highly_expressed:
        high = (x > counts[:, None] * max_fraction).sum(0) > 0
        counts = x[:, ~high].sum(1, dtype=np.float64)
    if target_sum is None:
        target_sum = np.median(counts[counts > 0])
    counts = counts + (counts == 0)
    return (x.astype(np.float64) * (target_sum / counts)[:, None]).astype(np.float32)


def log1p(x, base=None):
    y = np.log1p(x.astype(np.float64))
    if base is not None:
        y /= np.log(base)
    return y.astype(np.float32)


def mean_var(x):
    x = x.astype(np.float64)
    return x.mean(0), x.var(0, ddof=1)


def hvg_seurat(x_log, n_top_genes=None, n_bins=20, base=None,
               min_mean=0.0125, max_mean=3, min_disp=0.5, max_disp=np.inf):
    """scanpy flavor='seurat', single batch, re-implemented with pandas."""
    x = x_log.astype(np.float64)
    if base is not None:
        x = x * np.log(base)
    x = np.expm1(x).astype(np.float32)
    mean, var = mean_var(x)
    mean[mean == 0] = 1e-12
    disp = var / mean
    disp[disp == 0] = np.nan
    disp = np.log(disp)
    mean = np.log1p(mean)
    df = pd.DataFrame({"means": mean, "dispersions": disp})
    df["mean_bin"] = pd.cut(df["means"], bins=n_bins)
    g = df.groupby("mean_bin", observed=True)["dispersions"]
    stats = g.agg(avg="mean", dev="std")
    one = stats["dev"].isnull()
    stats.loc[one, "dev"] = stats.loc[one, "avg"]
    stats.loc[one, "avg"] = 0
    s = stats.loc[df["mean_bin"]].set_index(df.index)
    norm = ((df["dispersions"] - s["avg"]) / s["dev"]).to_numpy()
    if n_top_genes is not None:
        v = norm[~np.isnan(norm)]
        v[::-1].sort()
        cut = v[min(n_top_genes, v.size) - 1]
        hv = np.nan_to_num(norm, nan=-np.inf) >= cut
    else:
        d = np.nan_to_num(norm)
        hv = (mean > min_mean) & (mean < max_mean) & (d > min_disp) & (d < max_disp)
    return dict(means=mean.tolist(), dispersions=nan_list(disp), dispersions_norm=nan_list(norm),
                highly_variable=hv.tolist())


def loess_direct(x, y, span=0.3, degree=2):
    """Brute-force loess: q = floor(n*span) nearest points, tricube weights
    on the distance to the q-th nearest, weighted polynomial least squares
    (numpy lstsq) evaluated at each x."""
    x = np.asarray(x, float)
    y = np.asarray(y, float)
    n = len(x)
    q = int(np.floor(n * span))
    out = np.empty(n)
    for i in range(n):
        d = np.abs(x - x[i])
        h = np.sort(d)[q - 1] * np.sqrt(max(1.0, span))
        if h == 0:
            out[i] = y[np.argsort(d, kind="stable")[:q]].mean()
            continue
        u = d / h
        w = np.where(u < 1, (1 - u ** 3) ** 3, 0.0)
        design = np.vander(x - x[i], degree + 1, increasing=True)
        sw = np.sqrt(w)
        beta, *_ = np.linalg.lstsq(design * sw[:, None], y * sw, rcond=None)
        out[i] = beta[0]
    return out


def hvg_seurat_v3(counts, n_top_genes, span=0.3):
    """scanpy flavor='seurat_v3', single batch, with loess_direct."""
    x = counts.astype(np.float64)
    n = x.shape[0]
    mean, var = mean_var(x)
    nc = var > 0
    est = np.zeros(x.shape[1])
    est[nc] = loess_direct(np.log10(mean[nc]), np.log10(var[nc]), span=span, degree=2)
    reg_std = np.sqrt(10 ** est)
    clip = reg_std * np.sqrt(n) + mean
    c = np.minimum(x, clip[None, :])
    norm = (n * mean ** 2 + (c ** 2).sum(0) - 2 * c.sum(0) * mean) / ((n - 1) * reg_std ** 2)
    order = np.argsort(-norm, kind="stable")
    rank = np.full(x.shape[1], np.nan)
    rank[order[:n_top_genes]] = np.arange(n_top_genes)
    return dict(means=mean.tolist(), variances=var.tolist(), variances_norm=norm.tolist(),
                highly_variable_rank=nan_list(rank), highly_variable=(~np.isnan(rank)).tolist())


def scale(x, max_value=None):
    x = x.astype(np.float64)
    mean, var = mean_var(x)
    std = np.sqrt(var)
    std[std == 0] = 1
    y = (x - mean) / std
    if max_value is not None:
        y = np.clip(y, -max_value, max_value)
    return y.astype(np.float32), mean, std


def nan_list(v):
    return [None if np.isnan(a) else float(a) for a in np.asarray(v, float)]


def sklearn_pca(x, k):
    p = PCA(n_components=k, svd_solver="full").fit(x.astype(np.float64))
    return dict(variance=p.explained_variance_.tolist(),
                variance_ratio=p.explained_variance_ratio_.tolist(),
                components=p.components_.tolist(),
                scores=p.transform(x.astype(np.float64)).tolist())


# ------------------------------------------------------------ small data
def small():
    rng = np.random.default_rng(7)
    n_cells, n_genes = 30, 25
    mu = np.exp(rng.uniform(-2, 3.5, n_genes))
    counts = rng.negative_binomial(2, 2 / (2 + mu[None, :]), size=(n_cells, n_genes)).astype(np.float32)
    counts[:, 0] = 0          # a gene never detected
    counts[:, 1] = 3          # a constant gene
    counts[4, :] = 0          # a cell with no counts
    counts[9, 5] = 400        # a highly expressed entry
    norm = normalize_total(counts, 1e4)
    logd = log1p(norm)
    log2d = log1p(norm, base=2)
    scaled, smean, sstd = scale(logd, max_value=2)
    x_loess = rng.uniform(-2, 2, 120)
    y_loess = np.sin(2 * x_loess) + 0.3 * rng.normal(size=120)
    x_ties = np.round(x_loess, 1)
    return dict(
        counts=counts.tolist(),
        n_genes=(counts > 0).sum(1).tolist(),
        n_counts=counts.sum(1).tolist(),
        n_cells=(counts > 0).sum(0).tolist(),
        normalized_1e4=norm.tolist(),
        normalized_median=normalize_total(counts).tolist(),
        normalized_exclude=normalize_total(counts, exclude_highly_expressed=True, max_fraction=0.2).tolist(),
        log1p=logd.tolist(),
        log1p_base2=log2d.tolist(),
        hvg_cutoffs=hvg_seurat(logd),
        hvg_top6=hvg_seurat(logd, n_top_genes=6),
        hvg_top8_bins5=hvg_seurat(logd, n_top_genes=8, n_bins=5),
        hvg_base2_top6=hvg_seurat(log2d, n_top_genes=6, base=2),
        hvg_v3_top8=hvg_seurat_v3(counts, 8),
        scaled=scaled.tolist(), scale_mean=smean.tolist(), scale_std=sstd.tolist(),
        pca=sklearn_pca(scaled, 10),
        loess=dict(x=x_loess.tolist(), y=y_loess.tolist(),
                   fit2=loess_direct(x_loess, y_loess, 0.3, 2).tolist(),
                   fit1=loess_direct(x_loess, y_loess, 0.5, 1).tolist(),
                   x_ties=x_ties.tolist(),
                   fit_ties=loess_direct(x_ties, y_loess, 0.3, 2).tolist()),
    )


# ---------------------------------------------------------------- pbmc3k
def pbmc3k():
    d = os.path.join(HERE, "..", "..", "..", "shared", "data", "pbmc3k_clustifyr")
    with gzip.open(os.path.join(d, "counts_recovered_genes_x_cells.mtx.gz")) as f:
        counts = scipy.io.mmread(f).T.toarray().astype(np.float32)  # cells × genes
    norm = normalize_total(counts, 1e4)
    logd = log1p(norm)
    hv = hvg_seurat(logd, n_top_genes=500)
    sel = np.array(hv["highly_variable"])
    scaled, _, _ = scale(logd[:, sel], max_value=10)
    pca = PCA(n_components=50, svd_solver="full").fit(scaled.astype(np.float64))
    v3 = hvg_seurat_v3(counts, 500)
    return dict(
        shape=list(counts.shape),
        hvg_dispersions_norm=hv["dispersions_norm"],
        hvg_selected=np.flatnonzero(sel).tolist(),
        pca_variance_ratio=pca.explained_variance_ratio_.tolist(),
        v3_variances_norm=v3["variances_norm"],
        v3_selected=np.flatnonzero(v3["highly_variable"]).tolist(),
    )


def dump(obj, name):
    with open(os.path.join(HERE, name), "w") as f:
        json.dump(obj, f, separators=(",", ":"))


if __name__ == "__main__":
    dump(small(), "fixtures.json")
    dump(pbmc3k(), "pbmc3k.json")
