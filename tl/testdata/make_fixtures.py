"""Reference values for regula's tl package tests (run with /usr/bin/python3).

umap_ab.tsv: UMAP's a, b curve parameters fitted exactly as umap-learn's
find_ab_params does (scipy.optimize.curve_fit of 1/(1+a x^(2b)) to the
target membership curve on linspace(0, 3*spread, 300)).

tsne_p.tsv: sklearn's Barnes–Hut t-SNE input affinities (joint P over the
kNN graph with k = min(n-1, 3*perplexity+1) on squared Euclidean distances)
for a small fixed point set, as (i, j, p) triples of the upper triangle.
"""
import numpy as np
from scipy.optimize import curve_fit
from sklearn.manifold._t_sne import _joint_probabilities_nn
from sklearn.neighbors import NearestNeighbors


def find_ab(spread, min_dist):
    def curve(x, a, b):
        return 1.0 / (1.0 + a * x ** (2 * b))
    xv = np.linspace(0, spread * 3, 300)
    yv = np.zeros(xv.shape)
    yv[xv < min_dist] = 1.0
    yv[xv >= min_dist] = np.exp(-(xv[xv >= min_dist] - min_dist) / spread)
    params, _ = curve_fit(curve, xv, yv)
    return params


with open("umap_ab.tsv", "w") as f:
    f.write("spread\tmin_dist\ta\tb\n")
    for spread, md in [(1.0, 0.5), (1.0, 0.1), (1.0, 0.0), (2.0, 0.5), (0.5, 0.2)]:
        a, b = find_ab(spread, md)
        f.write(f"{spread}\t{md}\t{a!r}\t{b!r}\n")

rng = np.random.default_rng(0)
x = np.vstack([rng.normal(0, 1, (40, 4)), rng.normal(5, 1, (40, 4))])
np.savetxt("tsne_points.tsv", x, delimiter="\t", fmt="%.17g")
perplexity = 10.0
k = min(len(x) - 1, int(3 * perplexity + 1))
nn = NearestNeighbors(n_neighbors=k).fit(x)
dist = nn.kneighbors_graph(mode="distance")
dist.data **= 2
P = _joint_probabilities_nn(dist, perplexity, 0).tocoo()
with open("tsne_p.tsv", "w") as f:
    f.write(f"# perplexity={perplexity}\n")
    for i, j, p in zip(P.row, P.col, P.data):
        if i < j:
            f.write(f"{i}\t{j}\t{p!r}\n")
