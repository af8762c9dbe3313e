"""Cross-city alignment: which element of one plan does what an element of another plan does.

For an ordered pair of cities (A → B), every source node of A (policy and action levels) is compared with every
target node of B (policy level) by several similarity *features*, each a sources × targets matrix in [0, 1]:

- ``tfidf-title`` — baseline: TF-IDF cosine over the lemmas of the titles only.
- ``tfidf`` — TF-IDF cosine (sublinear tf, smoothed idf) over the content lemmas of title + body + all descendants
  (a Sendai 施策 carries its programmes).
- ``bm25`` — Okapi BM25 (k₁ = 1.2, b = 0.75; Robertson & Zaragoza 2009) of the target documents for the source
  document as query, divided by the source's score against itself.
- ``chargram`` — TF-IDF cosine over character 2–3-grams of the NFKC text: independent of the tokenizer.
- ``chargram-deboiler`` — the same after boilerplate down-weighting: n-grams in more than `AlignConfig.boilerplate_df`
  of the pair's nodes (〜を推進します, 〜の充実) are dropped, as Linder et al. (2020) found essential for text reuse.
- ``themes`` — cosine of the codebook theme profiles (log1p of keyword hits incl. descendants).
- ``structure`` — the structural prior: similarity of the goals the two nodes sit under (a child's counterpart is
  likely under its parent's counterpart), relative to the source goal's best-matching target goal.
- ``same-part`` — the structural prior at the level of plan parts: 1 when both nodes belong to the same part (the
  same embedded sub-plan — 成年後見, 再犯防止, 生活困窮 — or both to the main plan, the priority part counting as
  main), else 0: a sub-plan's counterpart is likely in the other city's same sub-plan.

Every matrix is computed from the two cities' nodes alone (IDF, BM25 statistics and boilerplate are fitted on the
pair), so adding a city never changes a comparison between two others. `compare.analysis.align.model` learns how to
combine the features on the gold standard and validates confidence and the no-counterpart threshold.

References
----------
Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval. IP&M 24(5).
Robertson, S. & Zaragoza, H. (2009). The probabilistic relevance framework: BM25 and beyond. FnTIR 3(4).
Linder, F., Desmarais, B., Burgess, M. & Giraudy, E. (2020). Text as policy: measuring policy similarity through
bill text reuse. Policy Studies Journal 48(2).
Kuhn, H. W. (1955). The Hungarian method for the assignment problem (scipy's linear_sum_assignment).
"""

from __future__ import annotations

import unicodedata
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy import sparse
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import CountVectorizer, TfidfTransformer, TfidfVectorizer

from compare.analysis.themes import descendants, theme_vectors
from compare.core.settings import MAX_PAIRWISE_CITIES, RESAMPLING_SEED

__all__ = ["FEATURES", "AlignConfig", "PairFeatures", "pair_features", "goal_alignment", "ancestor_at"]

FEATURES = ("tfidf-title", "tfidf", "bm25", "chargram", "chargram-deboiler", "themes", "structure", "same-part")
SOURCE_LEVELS = ("policy", "action")
TARGET_LEVELS = ("policy",)


@dataclass(frozen=True)
class AlignConfig:
    """Parameters of the alignment stage (recorded in build_config.json).

    >>> AlignConfig(top_k=0)
    Traceback (most recent call last):
    ...
    ValueError: top_k must be at least 1; got 0
    """

    features: tuple[str, ...] = FEATURES
    top_k: int = 5
    evidence_terms: int = 5
    max_pairwise_cities: int = MAX_PAIRWISE_CITIES
    boilerplate_df: float = 0.05
    bm25_k1: float = 1.2
    bm25_b: float = 0.75
    cv_folds: int = 10
    inner_folds: int = 5
    c_grid: tuple[float, ...] = (0.03, 0.3, 3.0)
    bootstrap: int = 2000
    seed: int = RESAMPLING_SEED
    strong_precision: float = 0.75
    moderate_precision: float = 0.5

    def __post_init__(self):
        if self.top_k < 1:
            raise ValueError(f"top_k must be at least 1; got {self.top_k}")
        unknown = set(self.features) - set(FEATURES)
        if unknown:
            raise ValueError(f"features must be among {', '.join(FEATURES)}; got {', '.join(sorted(unknown))}")


def _cosine_sparse(X, Y) -> np.ndarray:
    return np.asarray((X @ Y.T).todense()) if sparse.issparse(X) else X @ Y.T


def _cosine_dense(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    na[na == 0] = 1
    nb[nb == 0] = 1
    return (a / na) @ (b / nb).T


def ancestor_at(nodes: pd.DataFrame, level: str) -> dict[str, str]:
    """Each node's ancestor at `level` (the node itself if it is at that level; '' if it has none).

    >>> n = pd.DataFrame({"node_id": ["v", "g", "p"], "parent_id": ["", "v", "g"],
    ...                   "level": ["vision", "goal", "policy"]})
    >>> ancestor_at(n, "goal")
    {'v': '', 'g': 'g', 'p': 'g'}
    """
    parent = dict(zip(nodes.node_id, nodes.parent_id))
    lvl = dict(zip(nodes.node_id, nodes.level))
    out = {}
    for nid in nodes.node_id:
        cur, seen = nid, set()
        while cur and lvl.get(cur) != level and cur not in seen:
            seen.add(cur)
            cur = parent.get(cur, "")
        out[nid] = cur if cur and lvl.get(cur) == level else ""
    return out


def _norm_text(s: str) -> str:
    return unicodedata.normalize("NFKC", s)


class PairFeatures:
    """Similarity features between the nodes of two cities, fitted on those two cities alone.

    Documents: a node's content lemmas (title + body) plus those of its descendants; every listing of a programme
    is part of the section that prints it. Character n-grams use the NFKC text of the same nodes.

    Examples
    --------
    >>> from compare.io import datasets
    >>> pf = PairFeatures(datasets.load_nodes(), datasets.load_tokens(), datasets.load_themes(),
    ...                   "hatsukaichi", "sendai")
    >>> s = pf.matrix("tfidf", ["hatsukaichi.g3.a3"], ["sendai.g2.p4", "sendai.g3.p2"])
    >>> bool(s[0, 0] > s[0, 1])
    True
    """

    def __init__(self, nodes: pd.DataFrame, tokens: pd.DataFrame, themes: pd.DataFrame, city_a: str, city_b: str,
                 config: AlignConfig = AlignConfig(), theme_ids=None):
        self.config = config
        self.cities = (city_a, city_b)
        sub = nodes[nodes.city.isin(self.cities)].reset_index(drop=True)
        self.nodes = sub.set_index("node_id", drop=False)
        self.ids = list(sub.node_id)
        self.pos = {nid: i for i, nid in enumerate(self.ids)}
        ids = set(self.ids)
        tok = tokens[tokens.content.to_numpy(dtype=bool)]
        tok = tok[tok.node_id.astype(str).isin(ids)]
        lem = tok.lemma.astype(str).to_numpy()
        nid = tok.node_id.astype(str).to_numpy()
        is_title = (tok.field.astype(str) == "title").to_numpy()
        own: dict[str, list[str]] = {}
        titles: dict[str, list[str]] = {}
        for n, w, t in zip(nid, lem, is_title):
            own.setdefault(n, []).append(w)
            if t:
                titles.setdefault(n, []).append(w)
        desc = descendants(sub)
        self.desc = desc
        self.docs = [own.get(n, []) + [w for d in desc[n] for w in own.get(d, [])] for n in self.ids]
        text = {n: _norm_text(f"{t} {b}") for n, t, b in zip(sub.node_id, sub.title, sub.body)}
        self.texts = [" ".join([text[n]] + [text[d] for d in desc[n]]) for n in self.ids]
        ident = lambda d: d  # noqa: E731 - documents are already token lists
        self._tfidf = TfidfVectorizer(analyzer=ident, sublinear_tf=True, norm="l2")
        self.X = self._tfidf.fit_transform(self.docs)
        self.X_title = TfidfVectorizer(analyzer=ident, sublinear_tf=True, norm="l2").fit_transform(
            [titles.get(n, []) for n in self.ids])
        # character n-grams counted once; the plain and the boilerplate-filtered TF-IDF both come from these counts
        # (what two TfidfVectorizer fits would give: CountVectorizer + TfidfTransformer, max_df as a column filter)
        counts = CountVectorizer(analyzer="char", ngram_range=(2, 3)).fit_transform(self.texts)
        self.C = TfidfTransformer(sublinear_tf=True).fit_transform(counts)
        self.C_deboiler = self._deboiler(counts)
        self._bm25_fit()
        self.theme_ids = list(theme_ids) if theme_ids is not None else sorted(set(themes.theme_id))
        self.T = theme_vectors(themes, self.ids, self.theme_ids)
        self.goal_of = ancestor_at(sub, "goal")

    def _deboiler(self, counts):
        df = np.asarray((counts > 0).sum(axis=0)).ravel()
        keep = np.flatnonzero(df <= self.config.boilerplate_df * counts.shape[0])
        if not len(keep):   # every n-gram is boilerplate (tiny pair): fall back to no filtering
            return self.C
        return TfidfTransformer(sublinear_tf=True).fit_transform(counts[:, keep])

    def _bm25_fit(self) -> None:
        cv = CountVectorizer(analyzer=lambda d: d)
        tf = cv.fit_transform(self.docs).tocsr().astype(float)
        n = tf.shape[0]
        df = np.asarray((tf > 0).sum(axis=0)).ravel()
        self._idf = np.log((n - df + 0.5) / (df + 0.5) + 1.0)
        lengths = np.asarray(tf.sum(axis=1)).ravel()
        avgdl = lengths.mean() if n else 1.0
        k1, b = self.config.bm25_k1, self.config.bm25_b
        denom = k1 * (1 - b + b * lengths / (avgdl or 1.0))
        W = tf.copy()
        rows = np.repeat(np.arange(n), np.diff(W.indptr))
        W.data = W.data * (k1 + 1) / (W.data + denom[rows])
        self._bm25_W = W.multiply(self._idf[None, :]).tocsr()
        self._bm25_Q = (tf > 0).astype(float).tocsr()

    def _rows(self, ids) -> list[int]:
        return [self.pos[i] for i in ids]

    def matrix(self, feature: str, sources, targets) -> np.ndarray:
        """Similarity matrix (sources × targets) of one feature."""
        s, t = self._rows(sources), self._rows(targets)
        if feature == "tfidf":
            return _cosine_sparse(self.X[s], self.X[t])
        if feature == "tfidf-title":
            return _cosine_sparse(self.X_title[s], self.X_title[t])
        if feature == "chargram":
            return _cosine_sparse(self.C[s], self.C[t])
        if feature == "chargram-deboiler":
            return _cosine_sparse(self.C_deboiler[s], self.C_deboiler[t])
        if feature == "themes":
            return _cosine_dense(self.T[s], self.T[t])
        if feature == "bm25":
            scores = np.asarray((self._bm25_Q[s] @ self._bm25_W[t].T).todense())
            self_scores = np.asarray(self._bm25_Q[s].multiply(self._bm25_W[s]).sum(axis=1)).ravel()
            self_scores[self_scores == 0] = 1.0
            return np.clip(scores / self_scores[:, None], 0, 1)
        if feature == "structure":
            return self._structure(sources, targets)
        if feature == "same-part":
            main = lambda p: "main" if p in ("main", "priority", "livelihood") else p  # noqa: E731
            ps = np.array([main(p) for p in self.nodes.part.loc[list(sources)]], dtype=object)
            pt = np.array([main(p) for p in self.nodes.part.loc[list(targets)]], dtype=object)
            return (ps[:, None] == pt[None, :]).astype(float)
        raise ValueError(f"unknown feature {feature!r}; expected one of {', '.join(FEATURES)}")

    def _structure(self, sources, targets) -> np.ndarray:
        gs = [self.goal_of.get(n, "") for n in sources]
        gt = [self.goal_of.get(n, "") for n in targets]
        goals_s = sorted({g for g in gs if g})
        goals_t = sorted({g for g in gt if g})
        out = np.zeros((len(sources), len(targets)))
        if not goals_s or not goals_t:
            return out
        sim = _cosine_sparse(self.X[self._rows(goals_s)], self.X[self._rows(goals_t)])
        best = sim.max(axis=1, keepdims=True)
        best[best == 0] = 1
        rel = sim / best
        i_s = {g: i for i, g in enumerate(goals_s)}
        i_t = {g: j for j, g in enumerate(goals_t)}
        for a, g in enumerate(gs):
            if g:
                for b, h in enumerate(gt):
                    if h:
                        out[a, b] = rel[i_s[g], i_t[h]]
        return out

    def matrices(self, sources, targets, features=None) -> dict[str, np.ndarray]:
        return {f: self.matrix(f, sources, targets) for f in (features or self.config.features)}

    def evidence(self, source: str, target: str, theme_labels: dict[str, str] | None = None) -> tuple[str, str]:
        """(shared terms, shared themes) behind a pair: largest products of TF-IDF weights; themes both carry."""
        prod = self.X[self.pos[source]].multiply(self.X[self.pos[target]]).tocoo()
        # the largest products first, ties by vocabulary index (as a stable sort of the dense row would give)
        top = sorted((-v, int(i)) for i, v in zip(prod.col, prod.data) if v > 0)[: self.config.evidence_terms]
        if not hasattr(self, "_vocab"):
            self._vocab = self._tfidf.get_feature_names_out()
        terms = "・".join(self._vocab[i] for _, i in top)
        ta, tb = self.T[self.pos[source]], self.T[self.pos[target]]
        shared = [(min(ta[j], tb[j]), tid) for j, tid in enumerate(self.theme_ids) if ta[j] > 0 and tb[j] > 0]
        labels = theme_labels or {}
        # theme labels contain 「・」 (見守り・支え合い), so the themes are joined by " / "
        themes = " / ".join(f"{tid} {labels.get(tid, '')}".strip()
                          for _, tid in sorted(shared, key=lambda x: (-x[0], x[1]))[:3])
        return terms, themes

    def ids_of(self, city: str, levels, parts=None) -> list[str]:
        n = self.nodes
        sel = n[(n.city == city) & n.level.isin(list(levels))]
        if parts is not None:
            sel = sel[sel.part.isin(list(parts))]
        return list(sel.node_id)


def pair_features(nodes, tokens, themes, city_a: str, city_b: str, config: AlignConfig = AlignConfig(),
                  theme_ids=None) -> PairFeatures:
    """`PairFeatures` for an unordered pair (the same object serves both directions)."""
    a, b = sorted((city_a, city_b))
    return PairFeatures(nodes, tokens, themes, a, b, config, theme_ids)


def goal_alignment(pf: PairFeatures, city_a: str, city_b: str, *, feature: str = "tfidf") -> pd.DataFrame:
    """Similarity of every pair of main-plan goals of two cities and the optimal one-to-one assignment.

    ``best_for_a`` / ``best_for_b``: the best similarity available to each goal; ``forced`` marks an assigned pair
    whose similarity is below what either goal could have had, i.e. the one-to-one constraint, not the texts,
    chose it.
    """
    ga, gb = pf.ids_of(city_a, ["goal"], ["main"]), pf.ids_of(city_b, ["goal"], ["main"])
    if not ga or not gb:
        return pd.DataFrame()
    sim = pf.matrix(feature, ga, gb)
    r, c = linear_sum_assignment(-sim)
    pairs = set(zip((ga[i] for i in r), (gb[j] for j in c)))
    rows = []
    for i, a in enumerate(ga):
        for j, b in enumerate(gb):
            s = float(sim[i, j])
            assigned = (a, b) in pairs
            rows.append({"city_a": city_a, "goal_a": a, "title_a": pf.nodes.loc[a].title, "city_b": city_b,
                         "goal_b": b, "title_b": pf.nodes.loc[b].title, "similarity": round(s, 4),
                         "assigned": assigned, "best_for_a": round(float(sim[i].max()), 4),
                         "best_for_b": round(float(sim[:, j].max()), 4),
                         "forced": assigned and (s < sim[i].max() - 1e-9 or s < sim[:, j].max() - 1e-9),
                         "metric": f"{feature} cosine (title + body + descendants)"})
    return pd.DataFrame(rows)
