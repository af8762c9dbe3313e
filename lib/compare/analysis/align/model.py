"""Learning the alignment from the gold standard: items, nested cross-validation, calibrated confidence.

The similarity features of `compare.analysis.align.features` are combined by a logistic regression on the gold standard
(``data/reference/alignment_gold.csv``: for a source node and a target city, the target nodes an expert accepts,
or none). Everything reported is out of sample:

- **Nested cross-validation.** Items are split into `AlignConfig.cv_folds` outer folds. Within each outer training
  set, an inner cross-validation chooses the regularisation C (best inner top-1) and, from the inner out-of-fold
  probabilities, the calibration (`Calibration`); the model is then fitted on the outer training set and scores the
  held-out items. The reported top-1, top-3, MRR, ROC AUC and precision at k are those held-out scores, with 95 %
  intervals from a bootstrap over items (`AlignConfig.bootstrap` draws, seeded).
- **Cross-fitting** (`fit_cross`): one model per gold city, fitted without any gold item involving it; the committed
  scores of a city come from its model, so they are what a city new to the gold would get.
- **Calibrated confidence** (`Calibration`): Platt scaling of the first-ranked probability (is the first answer
  right?) and a logistic model of "no counterpart", both fitted on inner out-of-fold probabilities; "no
  counterpart" is said when it is more probable than the first answer being right, and the bands strong /
  moderate / weak are floors of calibrated precision. Their out-of-city precision is reported.

A city without gold items (a researcher's) is scored by the model fitted on all gold items, with C and the
calibration chosen the same way; its features are computed within the pair. Single features are evaluated as rankers
on all gold items (they have nothing to tune).

References
----------
Varma, S. & Simon, R. (2006). Bias in error estimation when using cross-validation for model selection. BMC
Bioinformatics 7:91 (nested cross-validation).
Platt, J. (1999). Probabilistic outputs for support vector machines and comparisons to regularized likelihood
methods. In Advances in Large Margin Classifiers (Platt scaling).
Brier, G. W. (1950). Verification of forecasts expressed in terms of probability. Monthly Weather Review 78(1).
Efron, B. & Tibshirani, R. (1993). An Introduction to the Bootstrap (percentile intervals).
"""

from __future__ import annotations

from dataclasses import dataclass, field

import numpy as np
import pandas as pd
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline
from sklearn.preprocessing import StandardScaler

from compare.analysis.align.features import (
    SOURCE_LEVELS,
    TARGET_LEVELS,
    AlignConfig,
    pair_features,
)

__all__ = ["Task", "TASKS", "Item", "build_items", "item_metrics", "nested_cv", "fit_final", "Model", "Calibration",
           "CrossFit", "fit_cross", "cross_fitted"]



@dataclass(frozen=True)
class Task:
    """What is aligned: source levels → target levels, the gold file that validates it, and which city of an ordered
    pair is held out when the pair is scored (``held_out``: ``source`` or ``target``; see `CrossFit`)."""

    name: str
    source_levels: tuple[str, ...]
    target_levels: tuple[str, ...]
    gold: str
    held_out: str = "source"


TASKS = {
    "policy": Task("policy", SOURCE_LEVELS, TARGET_LEVELS, "alignment_gold"),
    # every programme gold item has the programme city as its source, so the city held out is the target
    "programme": Task("programme", ("program",), ("action",), "alignment_gold_programmes", held_out="target"),
}


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


# ----------------------------------------------------------------------------------------------- fitting

def _first_rank(scores: np.ndarray, y: np.ndarray, targets: list[str]) -> int:
    order = sorted(range(len(scores)), key=lambda j: (-round(float(scores[j]), 12), targets[j]))
    return next((k for k, j in enumerate(order, 1) if y[j]), len(order) + 1)


def item_metrics(items: list[Item], scores: list[np.ndarray]) -> pd.DataFrame:
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


def _logit(p) -> np.ndarray:
    p = np.clip(np.asarray(p, dtype=float), 1e-6, 1 - 1e-6)
    return np.log(p / (1 - p))


def _sigmoid(z) -> np.ndarray:
    return 1 / (1 + np.exp(-np.asarray(z, dtype=float)))


def _item_features(p: np.ndarray) -> np.ndarray:
    """What the no-counterpart decision sees of one item: the logit of its best probability and its margin over the
    second best."""
    s = np.sort(np.asarray(p, dtype=float))[::-1]
    best = float(_logit(s[0])) if len(s) else float(_logit(0.0))
    second = float(_logit(s[1])) if len(s) > 1 else float(_logit(0.0))
    return np.array([best, best - second])


def _logistic(X: np.ndarray, y: np.ndarray, C: float) -> tuple[np.ndarray, float]:
    """Coefficients and intercept of a logistic regression of `y` on `X`; a constant at the (smoothed) base rate
    when `y` has one class only."""
    y = np.asarray(y, dtype=bool)
    if y.all() or not y.any():
        rate = (y.sum() + 0.5) / (len(y) + 1)
        return np.zeros(X.shape[1]), float(_logit(rate))
    lr = LogisticRegression(C=C, max_iter=2000).fit(X, y)
    return lr.coef_[0], float(lr.intercept_[0])


@dataclass(frozen=True)
class Calibration:
    """Calibrated confidence of one fitted model: Platt scaling, the no-counterpart decision and the bands.

    - ``P(right)`` of a candidate = σ(`slope` · logit(p) + `intercept`), p the model's probability: Platt scaling
      fitted on the first-ranked candidates of inner out-of-fold predictions (was the first answer right?), so for
      a source's first-ranked target it is the probability that the answer is right.
    - ``P(none)`` of a source = σ(`none_coef` · (logit of the best p, its margin over the second) +
      `none_intercept`), fitted on the same predictions (has the item no gold counterpart?).
    - **No counterpart** when P(none) > P(right) of the first-ranked target: the decision that maximises the expected
      share of items handled right end to end. Other candidates are listed while their P(right) exceeds P(none).
    - **Bands** by calibrated precision: ``strong`` when P(right) ≥ `strong`, ``moderate`` when ≥ `moderate`, else
      ``weak`` (`AlignConfig.strong_precision`, `AlignConfig.moderate_precision`).

    Examples
    --------
    >>> cal = Calibration(1.0, 0.0, (-1.0, 0.0), 0.0, strong=0.75, moderate=0.5)   # P(none) = 1 - best
    >>> round(float(cal.right(0.8)), 3), cal.band(0.8), cal.band(0.6), cal.band(0.2)
    (0.8, 'strong', 'moderate', 'weak')
    >>> cal.decide(np.array([0.9, 0.1])), cal.decide(np.array([0.05, 0.04]))
    ('strong', 'no counterpart')
    """

    slope: float
    intercept: float
    none_coef: tuple[float, float]
    none_intercept: float
    strong: float
    moderate: float

    def right(self, p):
        """Calibrated probability that a candidate of model probability `p` is right (array or float)."""
        return _sigmoid(self.slope * _logit(p) + self.intercept)

    def none(self, p: np.ndarray) -> float:
        """Calibrated probability that the source of the candidate probabilities `p` has no counterpart."""
        return float(_sigmoid(np.dot(self.none_coef, _item_features(p)) + self.none_intercept))

    def band(self, right: float) -> str:
        if right >= self.strong:
            return "strong"
        if right >= self.moderate:
            return "moderate"
        return "weak"

    def decide(self, p: np.ndarray) -> str:
        """The item's outcome: ``'no counterpart'`` or the band of its first-ranked candidate."""
        if not len(p):
            return "no counterpart"
        best = float(self.right(float(np.max(p))))
        return "no counterpart" if self.none(p) > best else self.band(best)

    def record(self) -> dict:
        return {"platt_slope": round(self.slope, 4), "platt_intercept": round(self.intercept, 4),
                "none_coefficients": [round(float(c), 4) for c in self.none_coef],
                "none_intercept": round(self.none_intercept, 4), "strong": self.strong, "moderate": self.moderate}


def _calibrate(items: list[Item], probs: list[np.ndarray], config: AlignConfig) -> Calibration:
    """Platt scaling and the no-counterpart model from out-of-fold probabilities of the training items."""
    scored = [(it, p) for it, p in zip(items, probs) if len(p)]
    best = np.array([_logit(float(p.max())) for _, p in scored]).reshape(-1, 1)
    ok = np.array([bool(it.y[int(np.argmax(p))]) for it, p in scored])
    slope, intercept = _logistic(best, ok, 1e4)
    F = np.array([_item_features(p) for _, p in scored]).reshape(-1, 2)
    coef, b = _logistic(F, np.array([not it.has_gold for it, _ in scored]), 1.0)
    return Calibration(float(slope[0]), intercept, (float(coef[0]), float(coef[1])), b,
                       config.strong_precision, config.moderate_precision)


def _choose_c(items: list[Item], config: AlignConfig, seed: int) -> tuple[float, list[np.ndarray]]:
    best = None
    for C in config.c_grid:
        probs = _oof(items, C, config.inner_folds, seed)
        top1 = item_metrics(items, probs).query("has_gold").top1.mean()
        if best is None or top1 > best[0] + 1e-12:
            best = (top1, C, probs)
    return best[1], best[2]


@dataclass
class Model:
    """The fitted combiner: feature names, C, coefficients (on standardized features) and its calibration."""

    features: tuple[str, ...]
    C: float
    pipeline: object
    calibration: Calibration

    def proba(self, mats: dict[str, np.ndarray]) -> np.ndarray:
        X = np.stack([mats[f] for f in self.features], axis=-1)
        shape = X.shape[:-1]
        return self.pipeline.predict_proba(X.reshape(-1, len(self.features)))[:, 1].reshape(shape)

    def record(self) -> dict:
        lr = self.pipeline[-1]
        return {"features": list(self.features), "C": self.C,
                "coefficients": {f: round(float(c), 4) for f, c in zip(self.features, lr.coef_[0])},
                "intercept": round(float(lr.intercept_[0]), 4),
                "calibration": self.calibration.record()}


def fit_final(items: list[Item], config: AlignConfig) -> Model:
    """C by inner cross-validation on all items, the calibration from its out-of-fold probabilities, then fit on all."""
    C, probs = _choose_c(items, config, config.seed)
    return Model(tuple(config.features), C, _fit(items, C), _calibrate(items, probs, config))


def nested_cv(items: list[Item], config: AlignConfig) -> tuple[list[np.ndarray], list[str], list[float], list[float]]:
    """Held-out probabilities of every item, its outcome (band or "no counterpart"), the calibrated probability that
    its first answer is right, and the C chosen for its outer fold."""
    probs: list = [None] * len(items)
    bands: list = [""] * len(items)
    rights: list = [float("nan")] * len(items)
    cs: list = [0.0] * len(items)
    for k, test in enumerate(_folds(len(items), config.cv_folds, config.seed)):
        train = [items[i] for i in range(len(items)) if i not in set(test)]
        C, inner = _choose_c(train, config, config.seed + 1 + k)
        cal = _calibrate(train, inner, config)
        model = _fit(train, C)
        for i, p in zip(test, _predict(model, [items[i] for i in test])):
            probs[i], cs[i] = p, C
            bands[i] = cal.decide(p)
            rights[i] = float(cal.right(float(p.max()))) if len(p) else 0.0
    return probs, bands, rights, cs




#: A held-out model needs at least this many training items (else the city's pairs use the model fitted on all).
MIN_TRAIN_ITEMS = 20


@dataclass
class CrossFit:
    """Cross-fitted models: for every gold city, the model fitted without any gold item involving that city.

    An ordered pair (a → b) is scored by the model that never saw the city `side` names (a for ``source``, b for
    ``target``), so what the committed alignment says of a city's elements is what that city would get were it new;
    a city without gold items (a researcher's) gets `full`, fitted on every gold item, which never saw it either.
    """

    full: Model
    held_out: dict
    side: str = "source"

    def for_pair(self, a: str, b: str) -> Model:
        return self.held_out.get(a if self.side == "source" else b, self.full)

    def record(self) -> dict:
        return {**self.full.record(), "held_out_side": self.side,
                "held_out": {c: m.record() for c, m in self.held_out.items()}}


def fit_cross(items: list[Item], config: AlignConfig, side: str = "source") -> CrossFit:
    """The model on all items and one per city fitted without the items that involve it (as source or target).

    Examples
    --------
    >>> rng = np.random.default_rng(0)
    >>> def item(a, b):
    ...     X = rng.random((4, 2)); y = X[:, 0] == X[:, 0].max()
    ...     return Item(f"{a}.{rng.integers(1e9)}", a, b, list("wxyz"), X, y)
    >>> items = [item(a, b) for a, b in [("p", "q"), ("q", "r"), ("r", "p")] for _ in range(24)]
    >>> cf = fit_cross(items, AlignConfig(c_grid=(1.0,), inner_folds=2, features=("tfidf", "bm25")))
    >>> sorted(cf.held_out), cf.for_pair("p", "q") is cf.held_out["p"], cf.for_pair("new", "q") is cf.full
    (['p', 'q', 'r'], True, True)
    """
    cities = list(dict.fromkeys([c for it in items for c in (it.source_city, it.target_city)]))
    held = {}
    for c in cities:
        train = [it for it in items if c not in (it.source_city, it.target_city)]
        if len(train) >= MIN_TRAIN_ITEMS and any(it.has_gold for it in train):
            held[c] = fit_final(train, config)
    return CrossFit(fit_final(items, config), held, side)


def cross_fitted(items: list[Item], cf: CrossFit) -> tuple[list, list[str], list[float], list[str]]:
    """Every item scored by the model that never saw its held-out city: probabilities, outcomes (band or "no
    counterpart"), the calibrated probability that the first answer is right, and the city held out ('' where no
    held-out model exists: such items are left out of the cross-fitted figures)."""
    probs, bands, rights, held = [], [], [], []
    for it in items:
        city = it.source_city if cf.side == "source" else it.target_city
        m = cf.held_out.get(city)
        if m is None:
            probs.append(None), bands.append(""), rights.append(float("nan")), held.append("")
            continue
        p = _predict(m.pipeline, [it])[0]
        probs.append(p), bands.append(m.calibration.decide(p)), held.append(city)
        rights.append(float(m.calibration.right(float(p.max()))) if len(p) else 0.0)
    return probs, bands, rights, held
