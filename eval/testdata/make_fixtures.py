#!/usr/bin/python3
"""Reference values for the eval tests, from Debian's scikit-learn and SciPy.

Writes fixtures.json. Every input is generated here with a fixed seed and
stored with the values scikit-learn / SciPy compute on it; the Go tests
recompute the metrics and compare to 1e-6.

Run from this directory: /usr/bin/python3 make_fixtures.py
"""
import json

import numpy as np
import scipy
import sklearn
from scipy import stats
from scipy.optimize import linear_sum_assignment
from sklearn.metrics import (accuracy_score, adjusted_rand_score,
                             average_precision_score, balanced_accuracy_score,
                             normalized_mutual_info_score,
                             precision_recall_curve, roc_auc_score, roc_curve,
                             silhouette_score)
from sklearn.metrics.cluster import contingency_matrix
from sklearn.metrics.pairwise import cosine_distances, euclidean_distances
from sklearn.neighbors import KNeighborsClassifier, NearestNeighbors

rng = np.random.default_rng(20240601)


def fl(a):
    return [float(v) for v in np.ravel(a)]


def clustering_accuracy(t, p):
    c = contingency_matrix(t, p)
    r, k = linear_sum_assignment(-c)
    return float(c[r, k].sum() / len(t))


def clustering():
    cases = []
    pairs = [
        ("random 4 vs 5", rng.integers(0, 4, 200), rng.integers(0, 5, 200)),
        ("noisy copy", None, None),
        ("identical up to renaming", np.repeat([0, 1, 2], 10), np.repeat([7, 5, 3], 10)),
        ("single cluster both", np.zeros(12, int), np.zeros(12, int)),
        ("single predicted cluster", np.repeat([0, 1], 6), np.zeros(12, int)),
        ("more clusters than classes", np.repeat([0, 1], 8), np.arange(16) % 5),
        ("every sample its own cluster", np.arange(9) % 3, np.arange(9)),
        ("one sample", np.array([1]), np.array([2])),
    ]
    t = rng.integers(0, 6, 300)
    p = t.copy()
    flip = rng.random(300) < 0.3
    p[flip] = rng.integers(0, 8, flip.sum())
    pairs[1] = ("noisy copy", t, p)
    for name, t, p in pairs:
        cases.append({
            "name": name, "truth": t.tolist(), "pred": p.tolist(),
            "ari": float(adjusted_rand_score(t, p)),
            "nmi": float(normalized_mutual_info_score(t, p)),
            "accuracy": clustering_accuracy(t, p),
        })
    x = np.vstack([rng.normal(c, 1.0, size=(40, 6)) for c in (0, 2, 4)])
    labels = np.repeat([0, 1, 2], 40)
    labels[:3] = 1
    single = labels.copy()
    single[5] = 9  # a cluster of one sample
    sil = [
        {"labels": labels.tolist(), "score": float(silhouette_score(x, labels))},
        {"labels": single.tolist(), "score": float(silhouette_score(x, single))},
    ]
    return {"pairs": cases, "silhouette": {"x": x.tolist(), "cases": sil}}


def curves():
    out = []
    for name, n, ties in (("continuous", 60, False), ("ties", 80, True)):
        y = rng.random(n) < 0.4
        s = rng.normal(size=n) + y
        if ties:
            s = np.round(s)
        fpr, tpr, thr = roc_curve(y, s)
        prec, rec, pthr = precision_recall_curve(y, s)
        out.append({
            "name": name, "truth": y.tolist(), "score": fl(s),
            "fpr": fl(fpr), "tpr": fl(tpr), "roc_thresholds": fl(thr[1:]),
            "precision": fl(prec), "recall": fl(rec), "pr_thresholds": fl(pthr),
            "auroc": float(roc_auc_score(y, s)),
            "ap": float(average_precision_score(y, s)),
        })
    y = np.array([True, False, True, False])
    s = np.ones(4)
    out.append({
        "name": "all scores equal", "truth": y.tolist(), "score": fl(s),
        "fpr": [0, 1], "tpr": [0, 1], "roc_thresholds": [1.0],
        "precision": fl(precision_recall_curve(y, s)[0]),
        "recall": fl(precision_recall_curve(y, s)[1]),
        "pr_thresholds": fl(precision_recall_curve(y, s)[2]),
        "auroc": float(roc_auc_score(y, s)), "ap": float(average_precision_score(y, s)),
    })
    return out


def tests():
    alts = ["two-sided", "less", "greater"]
    wil, mwu = [], []
    samples = {
        "exact n=12": (rng.normal(size=12), rng.normal(size=12) + 0.5),
        "exact with ties": (np.array([1, 2, 3, 4, 5, 6, 7, 8.0]), np.array([2, 1, 1, 6, 2, 3, 5, 1.0])),
        "approx n=70": (rng.normal(size=70), rng.normal(size=70) + 0.3),
        "zeros and ties": (np.round(rng.normal(size=40) * 2), np.round(rng.normal(size=40) * 2)),
    }
    for name, (x, y) in samples.items():
        for alt in alts:
            for corr in (False, True):
                r = stats.wilcoxon(x, y, alternative=alt, correction=corr)
                wil.append({"name": name, "x": fl(x), "y": fl(y), "alternative": alt, "continuity": corr,
                            "statistic": float(r.statistic), "pvalue": float(r.pvalue)})
    msamples = {
        "exact 5 vs 7": (rng.normal(size=5), rng.normal(size=7) + 1),
        "exact 3 vs 40": (rng.normal(size=3) + 1, rng.normal(size=40)),
        "asymptotic 30 vs 25": (rng.normal(size=30), rng.normal(size=25) + 0.4),
        "ties small": (np.array([1, 2, 2, 3.0]), np.array([2, 3, 3, 4, 5.0])),
        "ties large": (np.round(rng.normal(size=50)), np.round(rng.normal(size=60) + 0.2)),
    }
    for name, (x, y) in msamples.items():
        for alt in alts:
            for corr in (False, True):
                r = stats.mannwhitneyu(x, y, alternative=alt, use_continuity=corr)
                mwu.append({"name": name, "x": fl(x), "y": fl(y), "alternative": alt, "continuity": corr,
                            "statistic": float(r.statistic), "pvalue": float(r.pvalue)})
    corr = []
    for name, x, y in (
        ("linear", rng.normal(size=30), None),
        ("ties", np.round(rng.normal(size=25)), None),
        ("three points", np.array([1.0, 2.0, 4.0]), np.array([1.0, 3.0, 2.0])),
    ):
        if y is None:
            y = 0.5 * x + rng.normal(size=len(x))
        pr = stats.pearsonr(x, y)
        sr = stats.spearmanr(x, y)
        corr.append({"name": name, "x": fl(x), "y": fl(y),
                     "pearson": [float(pr[0]), float(pr[1])],
                     "spearman": [float(sr.correlation), float(sr.pvalue)]})
    # Benjamini-Hochberg written out with NumPy (SciPy 1.10 predates
    # false_discovery_control): q_(i) = min_{j>=i} p_(j) m / j, capped at 1.
    p = np.concatenate([rng.random(20) ** 3, [0.01, 0.01, 1.0, 0.0]])
    order = np.argsort(p, kind="stable")
    m = len(p)
    q = np.minimum.accumulate((p[order] * m / np.arange(1, m + 1))[::-1])[::-1]
    bh = np.empty(m)
    bh[order] = np.minimum(q, 1)
    ranks = {"x": [3.0, 1.0, 4.0, 1.0, 5.0, 9.0, 2.0, 6.0, 5.0, 3.0]}
    ranks["ranks"] = fl(stats.rankdata(ranks["x"]))
    return {"wilcoxon": wil, "mannwhitney": mwu, "correlation": corr,
            "bh": {"p": fl(p), "q": fl(bh)}, "ranks": ranks}


def knn():
    centers = rng.normal(scale=2.0, size=(4, 8))
    y = rng.integers(0, 4, 260)
    x = centers[y] + rng.normal(size=(260, 8))
    names = np.array(["B cell", "NK", "T cell", "mono"])
    train = rng.random(260) < 0.7
    out = {"x": x.tolist(), "labels": names[y].tolist(), "train": train.tolist(), "k": []}
    for k in (1, 5, 15):
        clf = KNeighborsClassifier(n_neighbors=k).fit(x[train], names[y][train])
        pred = clf.predict(x[~train])
        out["k"].append({"k": k, "pred": pred.tolist(),
                         "accuracy": float(accuracy_score(names[y][~train], pred)),
                         "balanced_accuracy": float(balanced_accuracy_score(names[y][~train], pred))})
    return out


def lisi(x, labels, perplexity=30):
    """harmony's compute_lisi for one label column, written out."""
    k = perplexity * 3
    dist, idx = NearestNeighbors(n_neighbors=k).fit(x).kneighbors(x)
    dist, idx = dist[:, 1:], idx[:, 1:]
    log_u = np.log(perplexity)
    cats = np.unique(labels)
    out = np.zeros(len(x))
    for i in range(len(x)):
        beta, bmin, bmax = 1.0, -np.inf, np.inf

        def ent(beta):
            p = np.exp(-dist[i] * beta)
            s = p.sum()
            if s == 0:
                return 0.0, np.zeros_like(p)
            return np.log(s) + beta * np.sum(dist[i] * p) / s, p / s

        h, p = ent(beta)
        for _ in range(50):
            diff = h - log_u
            if abs(diff) < 1e-5:
                break
            if diff > 0:
                bmin = beta
                beta = beta * 2 if not np.isfinite(bmax) else (beta + bmax) / 2
            else:
                bmax = beta
                beta = beta / 2 if not np.isfinite(bmin) else (beta + bmin) / 2
            h, p = ent(beta)
        simpson = -1.0 if h == 0 else 0.0
        for c in cats:
            q = labels[idx[i]] == c
            if q.any():
                simpson += p[q].sum() ** 2
        out[i] = 1 / simpson
    return out


def realism():
    real = rng.gamma(2.0, 1.0, size=(120, 20))
    sim = rng.gamma(2.2, 1.0, size=(100, 20))
    cr, cs = real.mean(0, keepdims=True), sim.mean(0, keepdims=True)
    dist, _ = NearestNeighbors(n_neighbors=25).fit(real).kneighbors(real)
    m = float(np.median(dist[:, 1:25]))
    scales = np.array([m / 2, m, 2 * m])

    def kmean(a, b):
        d2 = euclidean_distances(a, b, squared=True)
        return float(sum(np.exp(-d2 / s ** 2) for s in scales).mean())

    mmd = kmean(real, real) + kmean(sim, sim) - 2 * kmean(real, sim)
    emb = np.vstack([rng.normal(size=(110, 2)), rng.normal(0.7, 1.0, size=(90, 2))])
    lab = np.array(["real"] * 110 + ["sim"] * 90)
    return {
        "real": real.tolist(), "sim": sim.tolist(),
        "euclidean": float(euclidean_distances(cs, cr)[0, 0]),
        "cosine": float(cosine_distances(cs, cr)[0, 0]),
        "mmd_scale": m, "mmd": mmd,
        "lisi_embedding": emb.tolist(), "lisi_labels": lab.tolist(),
        "lisi": fl(lisi(emb, lab)),
    }


def grn():
    genes = [f"g{i}" for i in range(30)] + ["TF1", "TF2", "TF3", "TF4"]
    tfs = ["TF1", "TF2", "TF3", "TF4", "TFX"]  # TFX is not in the data
    truth = []
    for tf in tfs:
        for g in rng.choice(genes, size=6, replace=False):
            if g != tf:
                truth.append([tf, str(g)])
    truth.append(["g0", "g0"])  # self-loop: not a candidate
    truth_reg = sorted({a for a, _ in truth if a in genes})
    cands = [(a, b) for a in truth_reg for b in genes if a != b]
    tset = {(a, b) for a, b in truth if (a, b) in set(cands)}
    pred = []
    for a, b in cands:
        if rng.random() < 0.6:
            w = rng.normal() + (1.5 if (a, b) in tset else 0)
            pred.append([a, b, float(np.round(w, 3))])
    pred.append(["g1", "g2", 9.0])  # regulator is not a TF: ignored
    score = {(a, b): abs(w) for a, b, w in pred if (a, b) in set(cands)}
    y = np.array([c in tset for c in cands])
    s = np.array([score.get(c, 0.0) for c in cands])
    density = y.sum() / len(cands)
    k = int(y.sum())
    ranked = sorted(score.values(), reverse=True)
    cut = ranked[min(k, len(ranked)) - 1]
    top = [c for c, v in score.items() if v >= cut and v > 0]
    ep = sum(c in tset for c in top) / len(top)
    order = sorted(score.items(), key=lambda kv: -kv[1])
    p_at_10 = sum(c in tset for c, _ in order[:10]) / 10
    return {
        "genes": genes, "truth": truth, "pred": pred,
        "candidates": len(cands), "true_edges": k, "density": float(density),
        "early_precision": ep, "epr": ep / density,
        "auprc": float(average_precision_score(y, s)),
        "auprc_ratio": float(average_precision_score(y, s) / density),
        "auroc": float(roc_auc_score(y, s)),
        "precision_at_10": p_at_10,
    }


def main():
    out = {
        "sklearn_version": sklearn.__version__, "scipy_version": scipy.__version__,
        "clustering": clustering(), "curves": curves(), "tests": tests(),
        "knn": knn(), "realism": realism(), "grn": grn(),
    }
    with open("fixtures.json", "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
