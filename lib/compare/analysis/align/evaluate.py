"""How well the alignment works on the gold standard: held-out metrics with bootstrap intervals, chance, the
agreement of the second judge.

References
----------
Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap (percentile intervals).
Cohen, J. (1960). A coefficient of agreement for nominal scales. Educational and Psychological Measurement 20(1).
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from compare.analysis.align.features import AlignConfig
from compare.analysis.align.model import CrossFit, Item, Task, cross_fitted, fit_cross, item_metrics, nested_cv

__all__ = ["rank_metrics", "evaluate", "evaluate_fixed", "agreement"]


def _weighted_auc(scores: np.ndarray, y: np.ndarray, w: np.ndarray, ranks=None) -> float:
    """ROC AUC with pair weights (ties count one half), from one sort (`ranks`: np.unique's result, reusable)."""
    pos, neg = w * y, w * (~y)
    if pos.sum() == 0 or neg.sum() == 0:
        return float("nan")
    uniq, inv = ranks if ranks is not None else np.unique(scores, return_inverse=True)
    neg_g = np.bincount(inv, weights=neg, minlength=len(uniq))
    pos_g = np.bincount(inv, weights=pos, minlength=len(uniq))
    below = np.cumsum(neg_g) - neg_g
    return float((pos_g * (below + 0.5 * neg_g)).sum() / (pos.sum() * neg.sum()))


def _bootstrap_auc(scores: np.ndarray, y: np.ndarray, item_of: np.ndarray, W: np.ndarray) -> np.ndarray:
    """Pooled ROC AUC for every row of item weights `W` (bootstrap multiplicities), ties counting one half."""
    from scipy import sparse

    if not len(scores) or y.all() or not y.any():
        return np.full(W.shape[0], np.nan)
    uniq, inv = np.unique(scores, return_inverse=True)
    n_items = W.shape[1]
    # positives (negatives) of each item at each distinct score; a draw's weights per distinct score are then one
    # sparse product with the item multiplicities (integer counts: exact in floating point, in any order)
    P = sparse.csr_matrix((y.astype(float), (inv, item_of)), shape=(len(uniq), n_items))
    N = sparse.csr_matrix(((~y).astype(float), (inv, item_of)), shape=(len(uniq), n_items))
    pos_g = np.asarray(P @ W.T).T       # weights of positives per distinct score, one row per draw
    neg_g = np.asarray(N @ W.T).T
    below = np.cumsum(neg_g, axis=1) - neg_g
    with np.errstate(invalid="ignore", divide="ignore"):
        return (pos_g * (below + 0.5 * neg_g)).sum(axis=1) / (pos_g.sum(axis=1) * neg_g.sum(axis=1))


def rank_metrics(items: list[Item], scores: list[np.ndarray], *, bootstrap: int = 2000, seed: int = 0) -> dict:
    """top-1, top-3, MRR, P@1, P@3 (items with a gold counterpart) and pooled ROC AUC, each with a 95 % interval.

    >>> it = [Item("s", "a", "b", ["x", "y"], np.zeros((2, 1)), np.array([True, False]))]
    >>> m = rank_metrics(it, [np.array([0.9, 0.1])], bootstrap=10)
    >>> m["top1"], m["auc"]
    (1.0, 1.0)
    """
    per = item_metrics(items, scores)
    g = per.has_gold.to_numpy()
    s_all = np.concatenate(scores) if scores else np.zeros(0)
    y_all = np.concatenate([it.y for it in items]) if items else np.zeros(0, dtype=bool)
    item_of = np.concatenate([np.full(len(it.y), i) for i, it in enumerate(items)]) if items else np.zeros(0, int)
    vals = {k: per[k].to_numpy(dtype=float) for k in ("top1", "top3", "rr", "p_at_3")}
    rng = np.random.default_rng(seed)
    n = len(items)
    W = np.ones((1, n))
    if n and bootstrap:
        draws = rng.integers(0, n, (bootstrap, n))   # the same stream as `bootstrap` draws of n, in one call
        draws += np.arange(bootstrap)[:, None] * n
        W = np.vstack([W, np.bincount(draws.ravel(), minlength=bootstrap * n).reshape(bootstrap, n)])
    Wg = W * g
    den = Wg.sum(axis=1)
    with np.errstate(invalid="ignore", divide="ignore"):
        means = {k: (Wg @ v) / den for k, v in vals.items()}
    means["auc"] = _bootstrap_auc(s_all, y_all, item_of, W)
    res = {"items": len(items), "items_with_counterpart": int(g.sum())}
    for k, name in (("top1", "top1"), ("top3", "top3"), ("rr", "mrr"), ("top1", "p_at_1"), ("p_at_3", "p_at_3"),
                    ("auc", "auc")):
        b = means[k][1:]
        b = b[np.isfinite(b)]
        res[name] = round(float(means[k][0]), 3)
        res[f"{name}_low"] = round(float(np.percentile(b, 2.5)), 3) if len(b) else float("nan")
        res[f"{name}_high"] = round(float(np.percentile(b, 97.5)), 3) if len(b) else float("nan")
    return res


# ----------------------------------------------------------------------------------------------- model

def _end_to_end(items: list[Item], probs: list[np.ndarray], bands: list[str], rights: list[float]) -> dict:
    """End-to-end accuracy, no-counterpart precision and recall, the precision of each band and the Brier score of
    the calibrated probability that the first answer is right."""
    rows = []
    for it, p, b, r in zip(items, probs, bands, rights):
        top_ok = bool(it.y[int(np.argmax(p))]) if len(p) else False
        said_none = b == "no counterpart"
        rows.append({"band": b, "has_gold": it.has_gold, "correct": (not said_none and top_ok) or
                     (said_none and not it.has_gold), "top_ok": top_ok, "right": r})
    df = pd.DataFrame(rows)
    out = {"end_to_end": round(float(df.correct.mean()), 3),
           "brier": round(float(((df.right - df.top_ok) ** 2).mean()), 4)}
    none = df[df.band == "no counterpart"]
    out["no_counterpart_precision"] = round(float((~none.has_gold).mean()), 3) if len(none) else float("nan")
    gold_none = df[~df.has_gold]
    out["no_counterpart_recall"] = (round(float((gold_none.band == "no counterpart").mean()), 3)
                                    if len(gold_none) else float("nan"))
    for band in ("strong", "moderate", "weak"):
        sel = df[df.band == band]
        out[f"precision_{band}"] = round(float(sel.top_ok.mean()), 3) if len(sel) else float("nan")
        out[f"items_{band}"] = int(len(sel))
    return out


# ----------------------------------------------------------------------------------------------- evaluation



def _chance(items: list[Item], config: AlignConfig) -> dict:
    """Expected top-1, top-3, MRR and P@k of a uniformly random ranking (k acceptable among n), AUC 0.5."""
    from math import comb

    per = []
    for it in items:
        n, k = len(it.y), int(it.y.sum())
        if not k:
            continue
        first = [comb(n - r, k - 1) / comb(n, k) for r in range(1, n - k + 2)]
        per.append({"top1": k / n, "top3": 1 - comb(n - k, 3) / comb(n, 3) if n >= 3 else 1.0,
                    "rr": sum(p / r for r, p in enumerate(first, 1)), "p_at_3": k / n})
    df = pd.DataFrame(per)
    rng = np.random.default_rng(config.seed)
    boots = [df.iloc[rng.integers(0, len(df), len(df))].mean()
             for _ in range(min(config.bootstrap, 500))] if len(df) else []
    out = {"items": len(items), "items_with_counterpart": len(df)}
    for k, name in (("top1", "top1"), ("top3", "top3"), ("rr", "mrr"), ("top1", "p_at_1"), ("p_at_3", "p_at_3")):
        b = np.array([x[k] for x in boots])
        out[name] = round(float(df[k].mean()), 3) if len(df) else float("nan")
        out[f"{name}_low"] = round(float(np.percentile(b, 2.5)), 3) if len(b) else float("nan")
        out[f"{name}_high"] = round(float(np.percentile(b, 97.5)), 3) if len(b) else float("nan")
    out.update(auc=0.5, auc_low=0.5, auc_high=0.5)
    return out


def evaluate(items: list[Item], task: Task, config: AlignConfig) -> tuple[pd.DataFrame, pd.DataFrame, CrossFit]:
    """Every feature alone, the learned combination cross-fitted leave-one-city-out (the headline: what a city that
    is new to the gold gets) and by nested CV, overall and per ordered pair of cities."""
    rows, per_item = [], []
    fi = {f: i for i, f in enumerate(config.features)}

    def add(method, scores, note, extra=None, keep=None, rights=None):
        keep = list(range(len(items))) if keep is None else keep
        its = [items[i] for i in keep]
        scores = [scores[i] for i in keep]
        extra = [extra[i] for i in keep] if extra is not None else None
        rights = [rights[i] for i in keep] if rights is not None else None
        per_pair = extra is not None or method == "tfidf-title"   # per-pair breakdown: the combination and the baseline
        for scope, idx in _scopes(its) if per_pair else [("all", list(range(len(its))))]:
            sub = [its[i] for i in idx]
            m = rank_metrics(sub, [scores[i] for i in idx], bootstrap=config.bootstrap, seed=config.seed)
            if extra is not None:
                m.update(_end_to_end(sub, [scores[i] for i in idx], [extra[i] for i in idx],
                                     [rights[i] for i in idx]))
            rows.append({"task": task.name, "method": method, "scope": scope, **m, "note": note})
        im = item_metrics(its, scores).assign(method=method)
        if extra is not None:
            im["band"], im["p_right"] = extra, [round(r, 4) for r in rights]
        per_item.append(im)

    rows.append({"task": task.name, "method": "chance", "scope": "all", **_chance(items, config),
                 "note": "expected accuracy of a uniformly random ranking (analytic): the floor"})
    for f in config.features:
        note = "baseline: titles only" if f == "tfidf-title" else "single feature, nothing tuned"
        add(f, [it.X[:, fi[f]] for it in items], note)
    model = fit_cross(items, config, task.held_out)
    probs, bands, rights, held = cross_fitted(items, model)
    keep = [i for i, h in enumerate(held) if h]
    if keep:
        add("combined (leave-one-city-out)", probs,
            f"the committed scores: each item scored by a model fitted without any gold item of its {task.held_out} "
            "city (C and the calibration chosen inside that model's own training items)", bands, keep=keep,
            rights=rights)
    probs, bands, rights, cs = nested_cv(items, config)
    add("combined (nested CV)", probs,
        f"logistic regression on all features; C chosen in inner CV (chosen: {sorted(set(cs))}); held-out scores, "
        "but the held-out items' cities are in the training folds", bands, rights=rights)
    table = pd.DataFrame(rows)
    table["weight"] = ""
    items_df = pd.concat(per_item, ignore_index=True)
    gold = pd.DataFrame([{"source_id": it.source, "target_city": it.target_city,
                          "acceptable": ";".join(it.acceptable), "rationale": it.rationale} for it in items])
    items_df = items_df.merge(gold, on=["source_id", "target_city"], how="left")
    items_df["task"] = task.name
    return table, items_df, model


def evaluate_fixed(items: list[Item], model, task: Task, config: AlignConfig, method: str,
                   note: str) -> tuple[pd.DataFrame, pd.DataFrame]:
    """A fitted model scored on items it never saw (the confirmation set), overall and per ordered pair.

    Parameters
    ----------
    items : list of Item
    model : compare.analysis.align.model.Model
        Applied as it is: nothing is fitted or tuned on `items`.
    task : Task
    config : AlignConfig
    method, note : str
        The rows' ``method`` and ``note``.

    Returns
    -------
    table, items : pandas.DataFrame
        Rows shaped like `evaluate`'s (with end-to-end figures and band precisions), and one row per item.
    """
    from compare.analysis.align.model import _predict

    probs = _predict(model.pipeline, items)
    bands = [model.calibration.decide(p) for p in probs]
    rights = [float(model.calibration.right(float(p.max()))) if len(p) else 0.0 for p in probs]
    rows = []
    for scope, idx in _scopes(items):
        sub = [items[i] for i in idx]
        m = rank_metrics(sub, [probs[i] for i in idx], bootstrap=config.bootstrap, seed=config.seed)
        m.update(_end_to_end(sub, [probs[i] for i in idx], [bands[i] for i in idx], [rights[i] for i in idx]))
        rows.append({"task": task.name, "method": method, "scope": scope, **m, "note": note})
    per = item_metrics(items, probs).assign(method=method, band=bands, p_right=[round(r, 4) for r in rights],
                                            task=task.name)
    gold = pd.DataFrame([{"source_id": it.source, "target_city": it.target_city,
                          "acceptable": ";".join(it.acceptable), "rationale": it.rationale} for it in items])
    table = pd.DataFrame(rows)
    table["weight"] = ""
    return table, per.merge(gold, on=["source_id", "target_city"], how="left")


def _scopes(items: list[Item]):
    yield "all", list(range(len(items)))
    pairs = sorted({(it.source_city, it.target_city) for it in items})
    for a, b in pairs:
        yield f"{a}→{b}", [i for i, it in enumerate(items) if (it.source_city, it.target_city) == (a, b)]


def agreement(first: pd.DataFrame, second: pd.DataFrame) -> dict:
    """Agreement of the independent second pass with the gold on the items both judged.

    `first` and `second` are the gold and the second pass as `compare.io.reference.load_gold` reads them.

    ``best_agreement``: both name the same best target (or both none); ``set_jaccard``: mean Jaccard of the
    accepted sets; ``kappa``: Cohen's κ of the decision "has a counterpart".
    """
    m = second.merge(first, on=["source_id", "target_city"], suffixes=("_2", "_1"))
    best = [(a[0] if a else "") == (b[0] if b else "") for a, b in zip(m.acceptable_1, m.acceptable_2)]
    jac = [len(set(a) & set(b)) / len(set(a) | set(b)) if (a or b) else 1.0
           for a, b in zip(m.acceptable_1, m.acceptable_2)]
    overlap = [bool(set(a) & set(b)) or (not a and not b) for a, b in zip(m.acceptable_1, m.acceptable_2)]
    h1 = np.array([bool(a) for a in m.acceptable_1])
    h2 = np.array([bool(a) for a in m.acceptable_2])
    po = float((h1 == h2).mean())
    pe = float(h1.mean() * h2.mean() + (1 - h1.mean()) * (1 - h2.mean()))
    return {"items": len(m), "best_agreement": round(float(np.mean(best)), 3),
            "any_overlap": round(float(np.mean(overlap)), 3), "set_jaccard": round(float(np.mean(jac)), 3),
            "kappa_has_counterpart": round((po - pe) / (1 - pe), 3) if pe < 1 else float("nan")}
