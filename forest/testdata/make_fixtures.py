#!/usr/bin/python3
"""Reference values for the forest tests, from Debian's scikit-learn.

Writes sklearn_forest.json: two datasets bundled with scikit-learn (breast
cancer for classification, diabetes for regression), a fixed train/test
split, and the test scores of scikit-learn's RandomForestClassifier /
RandomForestRegressor (100 trees, default settings) over 10 seeds, so the Go
forest can be compared within sampling noise.

Run from this directory: /usr/bin/python3 make_fixtures.py
"""
import json

import numpy as np
import sklearn
from sklearn.datasets import load_breast_cancer, load_diabetes
from sklearn.ensemble import RandomForestClassifier, RandomForestRegressor
from sklearn.metrics import accuracy_score, r2_score, roc_auc_score
from sklearn.model_selection import train_test_split


def rounded(a):
    return np.round(np.asarray(a, dtype=float), 6).tolist()


def main():
    out = {"sklearn_version": sklearn.__version__}

    X, y = load_breast_cancer(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0, stratify=y)
    acc, auc = [], []
    for seed in range(10):
        rf = RandomForestClassifier(n_estimators=100, random_state=seed).fit(Xtr, ytr)
        acc.append(accuracy_score(yte, rf.predict(Xte)))
        auc.append(roc_auc_score(yte, rf.predict_proba(Xte)[:, 1]))
    out["classification"] = {
        "dataset": "sklearn.datasets.load_breast_cancer",
        "x_train": rounded(Xtr), "y_train": ytr.tolist(),
        "x_test": rounded(Xte), "y_test": yte.tolist(),
        "accuracy": acc, "auroc": auc,
    }

    X, y = load_diabetes(return_X_y=True)
    Xtr, Xte, ytr, yte = train_test_split(X, y, test_size=0.3, random_state=0)
    r2 = []
    for seed in range(10):
        rf = RandomForestRegressor(n_estimators=100, random_state=seed).fit(Xtr, ytr)
        r2.append(r2_score(yte, rf.predict(Xte)))
    out["regression"] = {
        "dataset": "sklearn.datasets.load_diabetes",
        "x_train": rounded(Xtr), "y_train": ytr.tolist(),
        "x_test": rounded(Xte), "y_test": yte.tolist(),
        "r2": r2,
    }

    # One deterministic tree (all features, no bootstrap) on continuous
    # random data: the CART splits, leaf values and importances must match
    # scikit-learn exactly. Small nodes are kept out (depth and leaf-size
    # limits) because there several features often tie for the best split,
    # and scikit-learn breaks such ties by its own random feature order.
    rng = np.random.default_rng(7)
    X = rng.normal(size=(60, 5))
    yr = X[:, 0] * 2 + np.sin(3 * X[:, 1]) + 0.1 * rng.normal(size=60)
    yc = (X[:, 2] + 0.5 * X[:, 3] > 0).astype(int) + (X[:, 0] > 1).astype(int)
    Xq = rng.normal(size=(20, 5))
    exact = {"x": rounded(X), "y_reg": rounded(yr), "y_cls": yc.tolist(), "x_query": rounded(Xq)}
    for name, kw in (("shallow", {"max_depth": 2}), ("limited", {"max_depth": 4, "min_samples_leaf": 3})):
        X6, yr6, Xq6 = np.round(X, 6), np.round(yr, 6), np.round(Xq, 6)
        reg = RandomForestRegressor(n_estimators=1, bootstrap=False, max_features=None, random_state=0, **kw).fit(X6, yr6)
        cls = RandomForestClassifier(n_estimators=1, bootstrap=False, max_features=None, random_state=0, **kw).fit(X6, yc)
        exact[name] = {
            "params": kw,
            "reg_predict": reg.predict(Xq6).tolist(),
            "reg_importances": reg.feature_importances_.tolist(),
        }
        # Gini gains are ratios of small integers: at depth 3-4 two features
        # tie exactly on this data, so only the shallow tree is compared.
        if name == "shallow":
            exact[name]["cls_proba"] = cls.predict_proba(Xq6).tolist()
            exact[name]["cls_importances"] = cls.feature_importances_.tolist()
    out["single_tree"] = exact

    with open("sklearn_forest.json", "w") as f:
        json.dump(out, f)


if __name__ == "__main__":
    main()
