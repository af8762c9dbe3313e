"""Learning, validating and applying the alignment: gold standard, nested cross-validation, calibrated confidence.

The similarity features of `compare.analysis.align.features` are combined by a logistic regression on the gold standard
(``data/reference/alignment_gold.csv``: for a source node and a target city, the target nodes an expert accepts,
or none). Everything reported is out of sample:

- **Nested cross-validation.** Items are split into `AlignConfig.cv_folds` outer folds. Within each outer training
  set, an inner cross-validation chooses the regularisation C (best inner top-1) and, from the inner out-of-fold
  probabilities, the no-counterpart threshold τ and the confidence thresholds; the model is then fitted on the outer
  training set and scores the held-out items. The reported top-1, top-3, MRR, ROC AUC and precision at k are those
  held-out scores, with 95 % intervals from a bootstrap over items (`AlignConfig.bootstrap` draws, seeded).
- **No counterpart.** An item whose best probability is below τ is reported as having no counterpart. τ maximises,
  on inner out-of-fold predictions, the share of items handled correctly end to end (a correct top-1 above τ, or no
  gold counterpart and nothing above τ).
- **Confidence.** strong / moderate / weak: the probability bands in which the inner out-of-fold top-1 precision is
  at least `strong_precision` (0.9), at least `moderate_precision` (0.75), or merely above τ. Their held-out
  precision is reported.

The published alignment uses the model fitted on all gold items with C, τ and the bands chosen the same way.
Single features are evaluated as rankers on all gold items (they have nothing to tune). Pairs of cities without
gold items (a researcher's own city) use the same model: its features are computed within the pair.

References
----------
Varma, S. & Simon, R. (2006). Bias in error estimation when using cross-validation for model selection. BMC
Bioinformatics 7:91 (nested cross-validation).
Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap (percentile intervals).
"""

from __future__ import annotations

import itertools
from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from compare.analysis.align.features import (
    FEATURES,
    SOURCE_LEVELS,
    TARGET_LEVELS,
    AlignConfig,
    goal_alignment,
    pair_features,
)
from compare.core.errors import ValidationError
from compare.core.codes import present
from compare.core.paths import DEFAULT, Layout
from compare.analysis.themes import load_codebook, node_themes
from compare.io.validate import read_reference

__all__ = [
    "load_gold", "Task", "TASKS", "Item", "build_items", "rank_metrics", "nested_cv", "fit_final", "Model",
    "align_pair", "align_stage", "ALIGNMENT_COLUMNS", "agreement", "align_on_demand",
]

ALIGNMENT_COLUMNS = (
    "source_city", "source_id", "source_title", "target_city", "target_id", "target_title", "rank", "score",
    "confidence", "method", "evidence", "lexical", "thematic", "bm25", "chargram", "structure", "source_part",
    "source_level", "target_part",
)


@dataclass(frozen=True)
class Task:
    """What is aligned: source levels → target levels, and the gold file that validates it."""

    name: str
    source_levels: tuple[str, ...]
    target_levels: tuple[str, ...]
    gold: str


TASKS = {
    "policy": Task("policy", SOURCE_LEVELS, TARGET_LEVELS, "alignment_gold"),
    "programme": Task("programme", ("program",), ("action",), "alignment_gold_programmes"),
}


def load_gold(layout: Layout = DEFAULT, name: str = "alignment_gold", nodes: pd.DataFrame | None = None) -> pd.DataFrame:
    """A gold file with ``acceptable`` as a list; with `nodes`, every id is checked (file and line on error).

    >>> g = load_gold()
    >>> len(g) >= 60, sorted(g.target_city.unique())
    (True, ['hatsukaichi', 'sagamihara', 'sendai'])
    """
    df = read_reference(name, layout)
    df["acceptable"] = [[a for a in v.split(";") if a.strip()] for v in df.acceptable]
    if "target_city" not in df.columns:
        df["target_city"] = [a[0].split(".")[0] if a else "" for a in df.acceptable]
    if nodes is not None:
        city = dict(zip(nodes.node_id, nodes.city))
        path = layout.reference / f"{name}.csv"
        for r in df.itertuples(index=False):
            if r.source_id not in city:
                raise ValidationError(path, int(r._line), f"source_id {r.source_id!r} is not a node id")
            bad = [a for a in r.acceptable if city.get(a) != r.target_city]
            if bad:
                raise ValidationError(path, int(r._line), f"acceptable {bad[0]!r} is not a node of {r.target_city!r}")
    return df


@dataclass
class Item:
    """One gold item: a source node, the candidate targets of the target city, their features and labels."""

    source: str
    source_city: str
    target_city: str
    targets: list[str]
    X: np.ndarray
    y: np.ndarray
    rationale: str = ""
    acceptable: list[str] = field(default_factory=list)

    @property
    def has_gold(self) -> bool:
        return bool(self.y.any())


def _targets(pf, city: str, task: Task) -> list[str]:
    return pf.ids_of(city, task.target_levels)


def build_items(gold: pd.DataFrame, nodes, tokens, themes, task: Task, config: AlignConfig, theme_ids,
                cache: dict) -> list[Item]:
    """One `Item` per gold row: the feature matrix of its source against every candidate target, and the labels.

    Features are computed once per (source city, target city) for all the gold sources of that pair."""
    city = dict(zip(nodes.node_id, nodes.city))
    g = gold.assign(source_city=gold.source_id.map(city))
    feats: dict[tuple[str, str], tuple[list[str], dict]] = {}
    for (sc, tc), sub in g.groupby(["source_city", "target_city"], sort=False):
        key = tuple(sorted((sc, tc)))
        if key not in cache:
            cache[key] = pair_features(nodes, tokens, themes, *key, config=config, theme_ids=theme_ids)
        pf = cache[key]
        targets = _targets(pf, tc, task)
        sources = list(dict.fromkeys(sub.source_id))
        mats = pf.matrices(sources, targets, config.features)
        feats[(sc, tc)] = (targets, {s: np.stack([mats[f][i] for f in config.features], axis=1)
                                     for i, s in enumerate(sources)})
    items = []
    for r in g.itertuples(index=False):
        targets, X = feats[(r.source_city, r.target_city)]
        y = np.array([t in r.acceptable for t in targets])
        items.append(Item(r.source_id, r.source_city, r.target_city, targets, X[r.source_id], y, r.rationale,
                          list(r.acceptable)))
    return items


# ----------------------------------------------------------------------------------------------- metrics

def _first_rank(scores: np.ndarray, y: np.ndarray, targets: list[str]) -> int:
    order = sorted(range(len(scores)), key=lambda j: (-round(float(scores[j]), 12), targets[j]))
    return next((k for k, j in enumerate(order, 1) if y[j]), len(order) + 1)


def _item_metrics(items: list[Item], scores: list[np.ndarray]) -> pd.DataFrame:
    rows = []
    for it, s in zip(items, scores):
        order = sorted(range(len(s)), key=lambda j: (-round(float(s[j]), 12), it.targets[j]))
        rank = next((k for k, j in enumerate(order, 1) if it.y[j]), len(order) + 1)
        top3 = [it.y[j] for j in order[:3]]
        rows.append({"source_id": it.source, "source_city": it.source_city, "target_city": it.target_city,
                     "has_gold": it.has_gold, "predicted": it.targets[order[0]] if order else "",
                     "best_score": float(s[order[0]]) if order else 0.0, "first_correct_rank": rank,
                     "top1": it.has_gold and rank == 1, "top3": it.has_gold and rank <= 3,
                     "rr": 1 / rank if it.has_gold else 0.0, "p_at_3": sum(top3) / 3})
    return pd.DataFrame(rows)


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
    GT = sparse.csr_matrix((np.ones(len(inv)), (inv, np.arange(len(inv)))), shape=(len(uniq), len(inv)))
    Wp = W[:, item_of]
    pos_g = np.asarray(GT @ (Wp * y).T).T       # weights of positives per distinct score, one row per draw
    neg_g = np.asarray(GT @ (Wp * ~y).T).T
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
    per = _item_metrics(items, scores)
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

def _fit(items: list[Item], C: float):
    X = np.concatenate([it.X for it in items])
    y = np.concatenate([it.y for it in items])
    model = make_pipeline(StandardScaler(), LogisticRegression(C=C, max_iter=2000))
    model.fit(X, y)
    return model


def _predict(model, items: list[Item]) -> list[np.ndarray]:
    if not items:
        return []
    p = model.predict_proba(np.concatenate([it.X for it in items]))[:, 1]
    return np.split(p, np.cumsum([len(it.y) for it in items])[:-1])


def _folds(n: int, k: int, seed: int) -> list[np.ndarray]:
    order = np.random.default_rng(seed).permutation(n)
    return [np.sort(order[i::k]) for i in range(min(k, n))]


def _oof(items: list[Item], C: float, k: int, seed: int) -> list[np.ndarray]:
    out: list = [None] * len(items)
    for test in _folds(len(items), k, seed):
        train = [items[i] for i in range(len(items)) if i not in set(test)]
        model = _fit(train, C)
        for i, p in zip(test, _predict(model, [items[i] for i in test])):
            out[i] = p
    return out


@dataclass(frozen=True)
class Thresholds:
    """No-counterpart threshold τ and the lower bounds of the moderate and strong bands (probabilities)."""

    none: float
    moderate: float
    strong: float

    def band(self, p: float) -> str:
        if p >= self.strong:
            return "strong"
        if p >= self.moderate:
            return "moderate"
        if p >= self.none:
            return "weak"
        return "no counterpart"


def _choose_thresholds(items: list[Item], probs: list[np.ndarray], config: AlignConfig) -> Thresholds:
    best = np.array([p.max() if len(p) else 0.0 for p in probs])
    ok = np.array([bool(it.y[int(np.argmax(p))]) if len(p) else False for it, p in zip(items, probs)])
    has = np.array([it.has_gold for it in items])
    cands = np.unique(np.r_[0.0, best])
    correct = [((best >= t) & ok).sum() + ((best < t) & ~has).sum() for t in cands]
    tau = float(cands[int(np.argmax(correct))])

    def band_floor(target: float) -> float:
        for t in np.sort(np.unique(best[best >= tau])):
            above = best >= t
            if above.sum() >= 5 and ok[above].mean() >= target:
                return float(t)
        return float("inf")

    strong = band_floor(config.strong_precision)
    moderate = min(band_floor(config.moderate_precision), strong)
    return Thresholds(tau, max(moderate, tau), max(strong, tau))


def _choose_c(items: list[Item], config: AlignConfig, seed: int) -> tuple[float, list[np.ndarray]]:
    best = None
    for C in config.c_grid:
        probs = _oof(items, C, config.inner_folds, seed)
        top1 = _item_metrics(items, probs).query("has_gold").top1.mean()
        if best is None or top1 > best[0] + 1e-12:
            best = (top1, C, probs)
    return best[1], best[2]


@dataclass
class Model:
    """The fitted combiner: feature names, C, coefficients (on standardized features) and thresholds."""

    features: tuple[str, ...]
    C: float
    pipeline: object
    thresholds: Thresholds

    def proba(self, mats: dict[str, np.ndarray]) -> np.ndarray:
        X = np.stack([mats[f] for f in self.features], axis=-1)
        shape = X.shape[:-1]
        return self.pipeline.predict_proba(X.reshape(-1, len(self.features)))[:, 1].reshape(shape)

    def record(self) -> dict:
        lr = self.pipeline[-1]
        return {"features": list(self.features), "C": self.C,
                "coefficients": {f: round(float(c), 4) for f, c in zip(self.features, lr.coef_[0])},
                "intercept": round(float(lr.intercept_[0]), 4),
                "thresholds": {"no_counterpart": round(self.thresholds.none, 4),
                               "moderate": round(self.thresholds.moderate, 4),
                               "strong": round(self.thresholds.strong, 4)}}


def fit_final(items: list[Item], config: AlignConfig) -> Model:
    """C by inner cross-validation on all items, thresholds from its out-of-fold probabilities, then fit on all."""
    C, probs = _choose_c(items, config, config.seed)
    return Model(tuple(config.features), C, _fit(items, C), _choose_thresholds(items, probs, config))


def nested_cv(items: list[Item], config: AlignConfig) -> tuple[list[np.ndarray], list[str], list[float]]:
    """Held-out probabilities of every item, its confidence band, and the C chosen for its outer fold."""
    probs: list = [None] * len(items)
    bands: list = [""] * len(items)
    cs: list = [0.0] * len(items)
    for k, test in enumerate(_folds(len(items), config.cv_folds, config.seed)):
        train = [items[i] for i in range(len(items)) if i not in set(test)]
        C, inner = _choose_c(train, config, config.seed + 1 + k)
        th = _choose_thresholds(train, inner, config)
        model = _fit(train, C)
        for i, p in zip(test, _predict(model, [items[i] for i in test])):
            probs[i], cs[i] = p, C
            bands[i] = th.band(float(p.max()) if len(p) else 0.0)
    return probs, bands, cs


def _end_to_end(items: list[Item], probs: list[np.ndarray], bands: list[str]) -> dict:
    rows = []
    for it, p, b in zip(items, probs, bands):
        top_ok = bool(it.y[int(np.argmax(p))]) if len(p) else False
        said_none = b == "no counterpart"
        rows.append({"band": b, "has_gold": it.has_gold, "correct": (not said_none and top_ok) or
                     (said_none and not it.has_gold), "top_ok": top_ok})
    df = pd.DataFrame(rows)
    out = {"end_to_end": round(float(df.correct.mean()), 3)}
    none = df[df.band == "no counterpart"]
    out["no_counterpart_precision"] = round(float((~none.has_gold).mean()), 3) if len(none) else float("nan")
    gold_none = df[~df.has_gold]
    out["no_counterpart_recall"] = round(float((gold_none.band == "no counterpart").mean()), 3) if len(gold_none) else float("nan")
    for band in ("strong", "moderate", "weak"):
        sel = df[df.band == band]
        out[f"precision_{band}"] = round(float(sel.top_ok.mean()), 3) if len(sel) else float("nan")
        out[f"items_{band}"] = int(len(sel))
    return out


# ----------------------------------------------------------------------------------------------- evaluation

EVAL_COLUMNS = ("task", "method", "scope", "items", "items_with_counterpart", "top1", "top1_low", "top1_high", "top3",
                "top3_low", "top3_high", "mrr", "mrr_low", "mrr_high", "auc", "auc_low", "auc_high", "p_at_1",
                "p_at_1_low", "p_at_1_high", "p_at_3", "p_at_3_low", "p_at_3_high", "end_to_end",
                "no_counterpart_precision", "no_counterpart_recall", "precision_strong", "items_strong",
                "precision_moderate", "items_moderate", "precision_weak", "items_weak", "weight", "note")


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
    boots = [df.iloc[rng.integers(0, len(df), len(df))].mean() for _ in range(min(config.bootstrap, 500))] if len(df) else []
    out = {"items": len(items), "items_with_counterpart": len(df)}
    for k, name in (("top1", "top1"), ("top3", "top3"), ("rr", "mrr"), ("top1", "p_at_1"), ("p_at_3", "p_at_3")):
        b = np.array([x[k] for x in boots])
        out[name] = round(float(df[k].mean()), 3) if len(df) else float("nan")
        out[f"{name}_low"] = round(float(np.percentile(b, 2.5)), 3) if len(b) else float("nan")
        out[f"{name}_high"] = round(float(np.percentile(b, 97.5)), 3) if len(b) else float("nan")
    out.update(auc=0.5, auc_low=0.5, auc_high=0.5)
    return out


def evaluate(items: list[Item], task: Task, config: AlignConfig) -> tuple[pd.DataFrame, pd.DataFrame, Model]:
    """Every feature alone and the learned combination (nested CV), overall and per ordered pair of cities."""
    rows, per_item = [], []
    fi = {f: i for i, f in enumerate(config.features)}

    def add(method, scores, note, extra=None):
        per_pair = extra is not None or method == "tfidf-title"   # per-pair breakdown: the combination and the baseline
        for scope, idx in _scopes(items) if per_pair else [("all", list(range(len(items))))]:
            sub = [items[i] for i in idx]
            m = rank_metrics(sub, [scores[i] for i in idx], bootstrap=config.bootstrap, seed=config.seed)
            if extra is not None:
                m.update(_end_to_end(sub, [scores[i] for i in idx], [extra[i] for i in idx]))
            rows.append({"task": task.name, "method": method, "scope": scope, **m, "note": note})
        im = _item_metrics(items, scores).assign(method=method)
        if extra is not None:
            im["band"] = extra
        per_item.append(im)

    rows.append({"task": task.name, "method": "chance", "scope": "all", **_chance(items, config),
                 "note": "expected accuracy of a uniformly random ranking (analytic): the floor"})
    for f in config.features:
        note = "baseline: titles only" if f == "tfidf-title" else "single feature, nothing tuned"
        add(f, [it.X[:, fi[f]] for it in items], note)
    probs, bands, cs = nested_cv(items, config)
    add("combined (nested CV)", probs,
        f"logistic regression on all features; C chosen in inner CV (chosen: {sorted(set(cs))}); held-out scores",
        bands)
    model = fit_final(items, config)
    table = pd.DataFrame(rows)
    table["weight"] = ""
    items_df = pd.concat(per_item, ignore_index=True)
    gold = pd.DataFrame([{"source_id": it.source, "target_city": it.target_city,
                          "acceptable": ";".join(it.acceptable), "rationale": it.rationale} for it in items])
    items_df = items_df.merge(gold, on=["source_id", "target_city"], how="left")
    items_df["task"] = task.name
    return table, items_df, model


def _scopes(items: list[Item]):
    yield "all", list(range(len(items)))
    pairs = sorted({(it.source_city, it.target_city) for it in items})
    for a, b in pairs:
        yield f"{a}→{b}", [i for i, it in enumerate(items) if (it.source_city, it.target_city) == (a, b)]


def agreement(layout: Layout = DEFAULT) -> dict:
    """Agreement of the independent second pass with the gold on the items both judged.

    ``best_agreement``: both name the same best target (or both none); ``set_jaccard``: mean Jaccard of the
    accepted sets; ``kappa``: Cohen's κ of the decision "has a counterpart".
    """
    first = load_gold(layout)
    second = load_gold(layout, "alignment_gold_second_pass")
    m = second.merge(first, on=["source_id", "target_city"], suffixes=("_2", "_1"))
    best = [(a[0] if a else "") == (b[0] if b else "") for a, b in zip(m.acceptable_1, m.acceptable_2)]
    jac = [len(set(a) & set(b)) / len(set(a) | set(b)) if (a or b) else 1.0 for a, b in zip(m.acceptable_1, m.acceptable_2)]
    overlap = [bool(set(a) & set(b)) or (not a and not b) for a, b in zip(m.acceptable_1, m.acceptable_2)]
    h1 = np.array([bool(a) for a in m.acceptable_1])
    h2 = np.array([bool(a) for a in m.acceptable_2])
    po = float((h1 == h2).mean())
    pe = float(h1.mean() * h2.mean() + (1 - h1.mean()) * (1 - h2.mean()))
    return {"items": len(m), "best_agreement": round(float(np.mean(best)), 3),
            "any_overlap": round(float(np.mean(overlap)), 3), "set_jaccard": round(float(np.mean(jac)), 3),
            "kappa_has_counterpart": round((po - pe) / (1 - pe), 3) if pe < 1 else float("nan")}


# ----------------------------------------------------------------------------------------------- applying

def _rows_for_sources(pf, model: Model, sources: list[str], targets: list[str], target_city: str, config: AlignConfig,
                      labels: dict, method: str) -> list[dict]:
    if not sources or not targets:
        return []
    mats = pf.matrices(sources, targets, config.features)
    P = model.proba(mats)
    nd = pf.nodes
    rows = []
    for i, s in enumerate(sources):
        order = sorted(range(len(targets)), key=lambda j: (-round(float(P[i, j]), 12), targets[j]))
        s_node = nd.loc[s]
        base = {"source_city": s_node.city, "source_id": s, "source_title": s_node.title,
                "target_city": target_city, "method": method, "source_part": s_node.part,
                "source_level": s_node.level}
        kept = [j for j in order[: config.top_k] if P[i, j] >= model.thresholds.none]
        if not kept:
            j = order[0]
            rows.append({**base, "target_id": "", "target_title": "", "rank": 0, "score": round(float(P[i, j]), 4),
                         "confidence": "no counterpart",
                         "evidence": f"best candidate {targets[j]} 「{nd.loc[targets[j]].title}」 at "
                                     f"{P[i, j]:.3f} is below the validated threshold {model.thresholds.none:.3f}",
                         "lexical": round(float(mats['tfidf'][i, j]), 4), "thematic": round(float(mats['themes'][i, j]), 4),
                         "bm25": round(float(mats['bm25'][i, j]), 4), "chargram": round(float(mats['chargram'][i, j]), 4),
                         "structure": round(float(mats['structure'][i, j]), 4), "target_part": ""})
            continue
        for r, j in enumerate(kept, 1):
            t = targets[j]
            terms, themes = pf.evidence(s, t, labels)
            rows.append({**base, "target_id": t, "target_title": nd.loc[t].title, "rank": r,
                         "score": round(float(P[i, j]), 4), "confidence": model.thresholds.band(float(P[i, j])),
                         "evidence": f"terms: {terms or '—'}; themes: {themes or '—'}",
                         "lexical": round(float(mats['tfidf'][i, j]), 4), "thematic": round(float(mats['themes'][i, j]), 4),
                         "bm25": round(float(mats['bm25'][i, j]), 4), "chargram": round(float(mats['chargram'][i, j]), 4),
                         "structure": round(float(mats['structure'][i, j]), 4), "target_part": nd.loc[t].part})
    return rows


def align_pair(pf, model: Model, source_city: str, target_city: str, task: Task, config: AlignConfig, labels: dict,
               *, parts=None, source_ids=None, target_ids=None) -> pd.DataFrame:
    """Ranked counterparts (with confidence, or "no counterpart") of `source_city`'s nodes in `target_city`."""
    sources = source_ids if source_ids is not None else pf.ids_of(source_city, task.source_levels, parts)
    targets = target_ids if target_ids is not None else pf.ids_of(target_city, task.target_levels, parts)
    return pd.DataFrame(_rows_for_sources(pf, model, sources, targets, target_city, config, labels,
                                          f"combined-{task.name}"), columns=list(ALIGNMENT_COLUMNS))


def _first_listings(nodes: pd.DataFrame, tokens: pd.DataFrame, city: str) -> list[str]:
    counted = present(tokens.node_id, tokens.counted.to_numpy(dtype=bool))
    sel = nodes[(nodes.city == city) & (nodes.level == "program")]
    return [n for n in sel.node_id if n in counted]


def align_stage(inputs: dict, layout: Layout, config: AlignConfig, *, use_cache: bool = True) -> dict:
    """Build stage: alignment for every ordered pair of cities, goal assignment, sub-plans, programmes, evaluation."""
    nodes, tokens = inputs["nodes.csv"], inputs["tokens.csv"]
    cities = list(dict.fromkeys(nodes.city))
    codebook = load_codebook(layout)
    labels = dict(zip(codebook.theme_id, codebook.label_ja))
    theme_ids = list(codebook.theme_id)
    golds = {task.name: load_gold(layout, task.gold, nodes) for task in TASKS.values()}
    pairs = list(itertools.permutations(cities, 2)) if len(cities) <= config.max_pairwise_cities else []
    # theme profiles of the cities this stage compares (the gold set's and every pair's): the same rows as
    # themes.csv has for them, computed here so that alignment need not wait for the themes stage
    city_of = dict(zip(nodes.node_id, nodes.city))
    needed = {c for a, b in pairs for c in (a, b)}
    for g in golds.values():
        needed |= set(g.target_city) | {city_of[s] for s in g.source_id}
    themes = node_themes(nodes, tokens, codebook, cities=[c for c in cities if c in needed])
    cache: dict = {}
    models, evals, eval_items, records = {}, [], [], {}
    for task in TASKS.values():
        gold = golds[task.name]
        items = build_items(gold, nodes, tokens, themes, task, config, theme_ids, cache)
        table, per_item, model = evaluate(items, task, config)
        models[task.name] = model
        evals.append(table)
        eval_items.append(per_item)
        records[task.name] = model.record()
    records["agreement"] = agreement(layout)
    policy = models["policy"]
    rows, goals, subs, progs = [], [], [], []
    for a, b in pairs:
        key = tuple(sorted((a, b)))
        if key not in cache:
            cache[key] = pair_features(nodes, tokens, themes, *key, config=config, theme_ids=theme_ids)
        pf = cache[key]
        rows.append(align_pair(pf, policy, a, b, TASKS["policy"], config, labels))
        if cities.index(a) < cities.index(b):
            goals.append(goal_alignment(pf, a, b))
        for part in ("livelihood", "guardianship", "reoffending"):
            if pf.ids_of(a, SOURCE_LEVELS, [part]) and pf.ids_of(b, TARGET_LEVELS, [part]):
                subs.append(align_pair(pf, policy, a, b, TASKS["policy"], config, labels, parts=[part])
                            .assign(part=part))
        prog = _first_listings(nodes, tokens, a)
        if prog and pf.ids_of(b, ("action",)):
            progs.append(align_pair(pf, models["programme"], a, b, TASKS["programme"], config, labels,
                                    source_ids=prog).assign(direction="programme→action", validated=True))
            back = TASKS["programme"]
            reverse = Task("programme-reverse", ("action",), ("program",), back.gold)
            progs.append(align_pair(pf, models["programme"], b, a, reverse, config, labels, target_ids=prog)
                         .assign(direction="action→programme", validated=False))
    empty = pd.DataFrame(columns=list(ALIGNMENT_COLUMNS))
    return {
        "alignment.csv": pd.concat(rows, ignore_index=True) if rows else empty,
        "goal_alignment.csv": pd.concat(goals, ignore_index=True) if goals else pd.DataFrame(),
        "subplan_alignment.csv": pd.concat(subs, ignore_index=True) if subs else empty.assign(part=""),
        "alignment_programmes.csv": pd.concat(progs, ignore_index=True) if progs else
        empty.assign(direction="", validated=False),
        "alignment_eval.csv": pd.concat(evals, ignore_index=True),
        "alignment_eval_items.csv": pd.concat(eval_items, ignore_index=True),
        "alignment_model.json": records,
    }


def align_on_demand(source: str, target: str, layout: Layout = DEFAULT, config: AlignConfig = AlignConfig()) -> pd.DataFrame:
    """Align any two cities from the processed tables (for registries beyond `AlignConfig.max_pairwise_cities`).

    The combination is refitted on the gold standard exactly as in the build, so the rows equal what the build
    writes for the pair when it computes every pair.
    """
    from compare.io import datasets

    nodes, tokens, themes = datasets.load_nodes(layout), datasets.load_tokens(layout), datasets.load_themes(layout)
    known = list(dict.fromkeys(nodes.city))
    for c in (source, target):
        if c not in known:
            raise ValidationError(layout.processed / "nodes.csv", None,
                                  f"unknown city {c!r}; the processed data has {', '.join(known)}")
    if source == target:
        raise ValidationError(layout.processed / "nodes.csv", None, "choose two different cities")
    codebook = load_codebook(layout)
    theme_ids = list(codebook.theme_id)
    cache: dict = {}
    gold = load_gold(layout, TASKS["policy"].gold, nodes)
    items = build_items(gold, nodes, tokens, themes, TASKS["policy"], config, theme_ids, cache)
    model = fit_final(items, config)
    key = tuple(sorted((source, target)))
    pf = cache.get(key) or pair_features(nodes, tokens, themes, *key, config=config, theme_ids=theme_ids)
    return align_pair(pf, model, source, target, TASKS["policy"], config, dict(zip(codebook.theme_id, codebook.label_ja)))
