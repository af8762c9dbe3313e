"""Cross-city alignment: ranked counterparts from TF-IDF over Sudachi lemmas and codebook theme profiles.

Methods (`method` column of alignment.csv):

- ``tfidf-title`` — baseline: TF-IDF cosine over the lemmas of the titles only.
- ``tfidf`` — TF-IDF cosine over title + body + all descendants (a Sendai 施策 carries its programmes).
- ``themes`` — cosine of the codebook theme profiles (log1p of keyword hits incl. descendants).
- ``combined`` — ``w · tfidf + (1 − w) · themes``; `w` is a parameter (default 0.5, chosen a priori).

References
----------
Salton, G. & Buckley, C. (1988). Term-weighting approaches in automatic text retrieval. IP&M 24(5).
Kuhn, H. W. (1955). The Hungarian method for the assignment problem (scipy's linear_sum_assignment).
"""

from __future__ import annotations

import io
from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.optimize import linear_sum_assignment
from sklearn.feature_extraction.text import TfidfVectorizer

from .figures import CITY_COLORS, city_label, plt
from .paths import DEFAULT, Layout
from .tables import csv_bytes, read_commented_csv
from .themes import descendants, load_codebook, theme_vectors

__all__ = [
    "METHODS", "AlignConfig", "Aligner", "load_gold", "evaluate", "goal_alignment", "plot_goal_heatmaps",
    "plot_similarity",
    "plot_alignment_lines", "align_stage", "ALIGNMENT_COLUMNS",
]

METHODS = ("tfidf-title", "tfidf", "themes", "combined")
ALIGNMENT_COLUMNS = ("source_city", "source_id", "source_title", "target_city", "target_id", "target_title", "rank",
                     "score", "method", "evidence", "lexical", "thematic", "source_part", "source_level", "target_part")
SOURCE_LEVELS = ("policy", "action")


@dataclass(frozen=True)
class AlignConfig:
    """Parameters of the alignment (all recorded in the outputs).

    >>> AlignConfig(lexical_weight=1.5)
    Traceback (most recent call last):
    ...
    ValueError: lexical_weight must be between 0 and 1; got 1.5
    """

    method: str = "combined"
    lexical_weight: float = 0.5
    top_k: int = 5
    evidence_terms: int = 5

    def __post_init__(self):
        if self.method not in METHODS:
            raise ValueError(f"method must be one of {', '.join(METHODS)}; got {self.method!r}")
        if not 0 <= self.lexical_weight <= 1:
            raise ValueError(f"lexical_weight must be between 0 and 1; got {self.lexical_weight}")


def _cosine(a: np.ndarray, b: np.ndarray) -> np.ndarray:
    na = np.linalg.norm(a, axis=1, keepdims=True)
    nb = np.linalg.norm(b, axis=1, keepdims=True)
    na[na == 0] = 1
    nb[nb == 0] = 1
    return (a / na) @ (b / nb).T


class Aligner:
    """Similarities between any plan nodes, computed once for the whole corpus.

    Documents are the content lemmas of a node (title + body) plus those of its descendants; the TF-IDF
    weights (sublinear tf, smoothed idf, l2) are fitted on all nodes of all cities.

    Examples
    --------
    >>> from compare.corpus import load_nodes
    >>> from compare.vocab import load_tokens
    >>> import pandas as pd
    >>> al = Aligner(load_nodes(), load_tokens(), pd.read_csv(DEFAULT.processed / "themes.csv", dtype=str,
    ...              keep_default_na=False).astype({"score": int}))
    >>> s = al.similarity(["hatsukaichi.g3.a3"], ["sendai.g2.p4", "sendai.g3.p2"], "combined")
    >>> bool(s.loc["hatsukaichi.g3.a3", "sendai.g2.p4"] > s.loc["hatsukaichi.g3.a3", "sendai.g3.p2"])
    True
    """

    def __init__(self, nodes: pd.DataFrame, tokens: pd.DataFrame, themes: pd.DataFrame, layout: Layout = DEFAULT):
        self.nodes = nodes.set_index("node_id", drop=False)
        content = tokens[tokens.content]
        own = content.groupby("node_id").lemma.apply(list).to_dict()
        titles = content[content.field == "title"].groupby("node_id").lemma.apply(list).to_dict()
        desc = descendants(nodes)
        ids = list(nodes.node_id)
        self.ids = ids
        self.pos = {nid: i for i, nid in enumerate(ids)}
        full_docs = [own.get(n, []) + [t for d in desc[n] for t in own.get(d, [])] for n in ids]
        title_docs = [titles.get(n, []) for n in ids]
        self._vec = {}
        self._X = {}
        for name, docs in (("tfidf", full_docs), ("tfidf-title", title_docs)):
            vec = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2")
            self._X[name] = vec.fit_transform(docs)
            self._vec[name] = vec
        codebook = load_codebook(layout)
        self.theme_ids = list(codebook.theme_id)
        self.theme_labels = dict(zip(codebook.theme_id, codebook.label_ja))
        self.T = theme_vectors(themes, ids, self.theme_ids)

    def _rows(self, ids) -> list[int]:
        return [self.pos[i] for i in ids]

    def similarity(self, sources, targets, method: str = "combined", lexical_weight: float = 0.5) -> pd.DataFrame:
        """Matrix (sources × targets) of similarities in [0, 1]."""
        AlignConfig(method=method, lexical_weight=lexical_weight)
        s, t = self._rows(sources), self._rows(targets)
        lex = (self._X["tfidf"][s] @ self._X["tfidf"][t].T).toarray()
        if method == "tfidf-title":
            m = (self._X["tfidf-title"][s] @ self._X["tfidf-title"][t].T).toarray()
        elif method == "tfidf":
            m = lex
        else:
            th = _cosine(self.T[s], self.T[t])
            m = th if method == "themes" else lexical_weight * lex + (1 - lexical_weight) * th
        return pd.DataFrame(m, index=list(sources), columns=list(targets))

    def components(self, source: str, target: str) -> tuple[float, float]:
        """(lexical, thematic) similarity of one pair."""
        s, t = self.pos[source], self.pos[target]
        lex = float((self._X["tfidf"][s] @ self._X["tfidf"][t].T).toarray()[0, 0])
        th = float(_cosine(self.T[[s]], self.T[[t]])[0, 0])
        return lex, th

    def evidence(self, source: str, target: str, n_terms: int = 5) -> str:
        """Shared terms (largest products of TF-IDF weights) and shared themes behind a pair's score."""
        X = self._X["tfidf"]
        a, b = X[self.pos[source]].toarray()[0], X[self.pos[target]].toarray()[0]
        prod = a * b
        idx = [i for i in np.argsort(-prod, kind="stable")[:n_terms] if prod[i] > 0]
        vocab = self._vec["tfidf"].get_feature_names_out()
        terms = "・".join(vocab[i] for i in idx)
        ta, tb = self.T[self.pos[source]], self.T[self.pos[target]]
        shared = [(min(ta[j], tb[j]), tid) for j, tid in enumerate(self.theme_ids) if ta[j] > 0 and tb[j] > 0]
        themes = "・".join(f"{tid} {self.theme_labels[tid]}" for _, tid in sorted(shared, key=lambda x: (-x[0], x[1]))[:3])
        return f"terms: {terms or '—'}; themes: {themes or '—'}"

    def rank(self, sources, targets, config: AlignConfig = AlignConfig()) -> pd.DataFrame:
        """Top-k targets for every source, with scores and evidence (alignment.csv rows)."""
        sim = self.similarity(sources, targets, config.method, config.lexical_weight)
        rows = []
        for src in sim.index:
            row = sim.loc[src]
            order = sorted(range(len(row)), key=lambda j: (-round(row.iloc[j], 12), row.index[j]))[: config.top_k]
            for r, j in enumerate(order, 1):
                tgt = row.index[j]
                lex, th = self.components(src, tgt)
                s_node, t_node = self.nodes.loc[src], self.nodes.loc[tgt]
                rows.append({
                    "source_city": s_node.city, "source_id": src, "source_title": s_node.title,
                    "target_city": t_node.city, "target_id": tgt, "target_title": t_node.title, "rank": r,
                    "score": round(float(row.iloc[j]), 4), "method": f"{config.method}(w={config.lexical_weight:g})"
                    if config.method == "combined" else config.method,
                    "evidence": self.evidence(src, tgt, config.evidence_terms), "lexical": round(lex, 4),
                    "thematic": round(th, 4), "source_part": s_node.part, "source_level": s_node.level,
                    "target_part": t_node.part,
                })
        return pd.DataFrame(rows, columns=list(ALIGNMENT_COLUMNS))

    def ids_of(self, city: str, levels, parts=None) -> list[str]:
        n = self.nodes
        sel = n[(n.city == city) & n.level.isin(list(levels))]
        if parts is not None:
            sel = sel[sel.part.isin(list(parts))]
        return list(sel.node_id)


def load_gold(layout: Layout = DEFAULT) -> pd.DataFrame:
    rows = read_commented_csv(layout.reference / "alignment_gold.csv")
    df = pd.DataFrame(rows).drop(columns="_line")
    df["acceptable"] = df.acceptable.str.split(";")
    return df


def _hits(sim: pd.DataFrame, gold: pd.DataFrame) -> pd.DataFrame:
    out = []
    for src, ok in zip(gold.source_id, gold.acceptable):
        row = sim.loc[src]
        order = sorted(row.index, key=lambda t: (-round(row[t], 12), t))
        rank = next((i for i, t in enumerate(order, 1) if t in ok), len(order) + 1)
        out.append({"source_id": src, "predicted": order[0], "first_correct_rank": rank,
                    "top1": rank == 1, "top3": rank <= 3, "rr": 1 / rank})
    return pd.DataFrame(out)


def evaluate(aligner: Aligner, gold: pd.DataFrame, *, weights=tuple(np.round(np.linspace(0, 1, 11), 1))):
    """Top-1 / top-3 accuracy and MRR of every method on the gold items.

    ``combined (LOO)`` chooses the weight on all other gold items (best top-1, then top-3, then MRR; ties →
    the weight nearest 0.5) and scores the held-out item, so its accuracy is not tuned on what it reports.
    ``combined (in-sample best)`` is shown only to say how optimistic tuning on the test items would be.
    Returns (summary per method, per-item table, the weight LOO chose most often — ties → nearest 0.5).
    """
    targets = aligner.ids_of("sendai", ["policy"])
    sources = list(gold.source_id)
    items, summary = [], []

    def add(name, hits, note, weight=""):
        items.append(hits.assign(method=name))
        summary.append({"method": name, "weight": weight, "items": len(hits), "top1": round(hits.top1.mean(), 3),
                        "top3": round(hits.top3.mean(), 3), "mrr": round(hits.rr.mean(), 3), "note": note})

    add("tfidf-title (baseline)", _hits(aligner.similarity(sources, targets, "tfidf-title"), gold), "titles only")
    add("tfidf", _hits(aligner.similarity(sources, targets, "tfidf"), gold), "title+body+descendants")
    add("themes", _hits(aligner.similarity(sources, targets, "themes"), gold), "codebook profiles")
    add("combined (w=0.5)", _hits(aligner.similarity(sources, targets, "combined", 0.5), gold),
        "default weight fixed a priori", 0.5)
    per_w = {w: _hits(aligner.similarity(sources, targets, "combined", float(w)), gold) for w in weights}
    loo = []
    for i, src in enumerate(sources):
        def key(w):
            h = per_w[w].drop(index=i)
            return (h.top1.mean(), h.top3.mean(), h.rr.mean(), -abs(w - 0.5))
        best = max(weights, key=key)
        loo.append(per_w[best].iloc[i].to_dict() | {"weight": best})
    loo_df = pd.DataFrame(loo)
    chosen = sorted(set(loo_df.weight))
    add("combined (LOO)", loo_df.drop(columns="weight"), f"weight chosen without the held-out item; chosen: {chosen}",
        "LOO")
    best_w = max(weights, key=lambda w: (per_w[w].top1.mean(), per_w[w].top3.mean(), per_w[w].rr.mean()))
    add("combined (in-sample best)", per_w[best_w], "tuned on the reported items: optimistic", float(best_w))
    item_df = pd.concat(items, ignore_index=True)
    item_df = item_df.merge(gold.assign(acceptable=gold.acceptable.str.join(";")), on="source_id")
    counts = loo_df.weight.value_counts()
    selected = float(min(counts.index, key=lambda w: (-counts[w], abs(w - 0.5), w)))
    return pd.DataFrame(summary), item_df, selected


def goal_alignment(aligner: Aligner, city_a: str, city_b: str, method: str = "combined", weight: float = 0.5):
    """Many-to-many similarity between two cities' main-plan goals and the optimal one-to-one assignment."""
    ga = aligner.ids_of(city_a, ["goal"], ["main"])
    gb = aligner.ids_of(city_b, ["goal"], ["main"])
    sim = aligner.similarity(ga, gb, method, weight)
    r, c = linear_sum_assignment(-sim.to_numpy())
    pairs = set(zip((ga[i] for i in r), (gb[j] for j in c)))
    rows = [{"city_a": city_a, "goal_a": a, "title_a": aligner.nodes.loc[a].title, "city_b": city_b, "goal_b": b,
             "title_b": aligner.nodes.loc[b].title, "similarity": round(float(sim.loc[a, b]), 4),
             "assigned": (a, b) in pairs} for a in ga for b in gb]
    return sim, pd.DataFrame(rows)


def plot_goal_heatmaps(aligner: Aligner, pairs, *, method: str = "combined", weight: float = 0.5):
    """One heatmap per city pair of goal similarities; ● marks the optimal one-to-one assignment.

    Returns the figure and the assigned pairs.
    """
    nd = aligner.nodes
    fig, axes = plt.subplots(1, len(pairs), figsize=(6 * len(pairs), 5))
    assigned = []
    for ax, (a, b) in zip(np.atleast_1d(axes), pairs):
        sim, table = goal_alignment(aligner, a, b, method, weight)
        chosen = set(zip(table.goal_a[table.assigned], table.goal_b[table.assigned]))
        assigned.append(table[table.assigned])
        ax.imshow(sim.to_numpy(), cmap="Blues", vmin=0)
        for (i, j), v in np.ndenumerate(sim.to_numpy()):
            mark = " ●" if (sim.index[i], sim.columns[j]) in chosen else ""
            ax.text(j, i, f"{v:.2f}{mark}", ha="center", va="center", fontsize=9)
        ax.set_yticks(range(len(sim)), [nd.loc[i].title[:14] for i in sim.index], fontsize=8)
        ax.set_xticks(range(sim.shape[1]), [nd.loc[i].title[:10] for i in sim.columns], fontsize=8, rotation=30,
                      ha="right")
        ax.set_ylabel(city_label(a))
        ax.set_xlabel(city_label(b))
        ax.set_title(f"{city_label(a, english=False)} × {city_label(b, english=False)}  (● = assignment)", fontsize=10)
    fig.tight_layout()
    return fig, pd.concat(assigned, ignore_index=True)


def plot_similarity(sim: pd.DataFrame, nodes: pd.DataFrame, title: str, *, label_chars: int = 16):
    """Heatmap of a similarity matrix with Japanese labels (truncated titles) and values."""
    nd = nodes.set_index("node_id")
    ylab = [f"{nd.loc[i].label} {nd.loc[i].title[:label_chars]}" for i in sim.index]
    xlab = [f"{nd.loc[i].label} {nd.loc[i].title[:label_chars]}" for i in sim.columns]
    fig, ax = plt.subplots(figsize=(0.55 * len(xlab) + 4, 0.42 * len(ylab) + 2.5))
    im = ax.imshow(sim.to_numpy(), cmap="Blues", vmin=0, aspect="auto")
    if sim.size <= 400:
        for (i, j), v in np.ndenumerate(sim.to_numpy()):
            ax.text(j, i, f"{v:.2f}", ha="center", va="center", fontsize=7,
                    color="white" if v > sim.to_numpy().max() * 0.6 else "#222")
    ax.set_xticks(range(len(xlab)), xlab, rotation=60, ha="right", fontsize=8)
    ax.set_yticks(range(len(ylab)), ylab, fontsize=8)
    fig.colorbar(im, ax=ax, shrink=0.6, label="similarity")
    ax.set_title(title, fontsize=11)
    return fig


def plot_alignment_lines(ranked: pd.DataFrame, nodes: pd.DataFrame, *, max_rank: int = 1, label_chars: int = 18):
    """Two columns of policies (source city left, Sendai right) joined by lines; width = score."""
    nd = nodes.set_index("node_id")
    r = ranked[ranked["rank"] <= max_rank]
    left = list(dict.fromkeys(r.source_id))
    right = [t for t in nd.index if t in set(r.target_id) or (nd.loc[t].city == r.target_city.iloc[0]
                                                             and nd.loc[t].level == "policy")]
    fig, ax = plt.subplots(figsize=(11, 0.3 * max(len(left), len(right)) + 1.5))
    yl = {s: 1 - i / max(1, len(left) - 1) for i, s in enumerate(left)}
    yr = {t: 1 - i / max(1, len(right) - 1) for i, t in enumerate(right)}
    smax = r.score.max()
    for s, t, sc in zip(r.source_id, r.target_id, r.score):
        ax.plot([0, 1], [yl[s], yr[t]], color=CITY_COLORS.get(nd.loc[s].city, "grey"), alpha=0.7,
                lw=0.5 + 5 * sc / smax)
    for s, y in yl.items():
        ax.text(-0.02, y, f"{nd.loc[s].title[:label_chars]} [{s.split('.', 1)[1]}]", ha="right", va="center", fontsize=7)
    for t, y in yr.items():
        ax.text(1.02, y, f"[{t.split('.', 1)[1]}] {nd.loc[t].title[:label_chars]}", ha="left", va="center", fontsize=7)
    ax.set_xlim(-0.9, 1.9)
    ax.axis("off")
    src_city = nd.loc[left[0]].city
    ax.set_title(f"{city_label(src_city)} → {city_label(r.target_city.iloc[0])}: best counterpart of each item "
                 "(line width = score)", fontsize=11)
    return fig


def align_stage(layout: Layout, outputs: dict[str, bytes]) -> dict[str, bytes]:
    """Build stage: alignment.csv, goal_alignment.csv, subplan_alignment.csv, alignment_eval(_items).csv."""
    nodes = pd.read_csv(io.BytesIO(outputs["nodes.csv"]), dtype=str, keep_default_na=False)
    tokens = pd.read_csv(io.BytesIO(outputs["tokens.csv"]), dtype=str, keep_default_na=False)
    tokens["content"] = tokens["content"].eq("true")
    themes = pd.read_csv(io.BytesIO(outputs["themes.csv"]), dtype=str, keep_default_na=False).astype({"score": int})
    al = Aligner(nodes, tokens, themes, layout)
    summary, items, weight = evaluate(al, load_gold(layout))
    cfg = AlignConfig(lexical_weight=weight)  # the weight leave-one-out selects on the gold items
    sendai_policies = al.ids_of("sendai", ["policy"])
    parts = []
    for src_city in ("sagamihara", "hatsukaichi"):
        parts.append(al.rank(al.ids_of(src_city, SOURCE_LEVELS), sendai_policies, cfg))
    for a, b in (("sagamihara", "hatsukaichi"), ("hatsukaichi", "sagamihara")):
        parts.append(al.rank(al.ids_of(a, SOURCE_LEVELS), al.ids_of(b, SOURCE_LEVELS), cfg))
    alignment = pd.concat(parts, ignore_index=True)
    goals = pd.concat([goal_alignment(al, a, b, weight=weight)[1] for a, b in
                       (("sendai", "sagamihara"), ("sendai", "hatsukaichi"), ("sagamihara", "hatsukaichi"))])
    sub = []
    for part in ("guardianship", "reoffending"):
        for a, b in (("sagamihara", "sendai"), ("hatsukaichi", "sendai"), ("sagamihara", "hatsukaichi")):
            tgt_levels = ("policy", "program") if b == "sendai" else SOURCE_LEVELS
            sub.append(al.rank(al.ids_of(a, SOURCE_LEVELS, [part]), al.ids_of(b, tgt_levels, [part]),
                               AlignConfig(lexical_weight=weight, top_k=1)).assign(part=part))
    cols = list(ALIGNMENT_COLUMNS)
    return {
        "alignment.csv": csv_bytes(alignment.to_dict("records"), cols),
        "goal_alignment.csv": csv_bytes(goals.to_dict("records"), list(goals.columns)),
        "subplan_alignment.csv": csv_bytes(pd.concat(sub).to_dict("records"), ["part", *cols]),
        "alignment_eval.csv": csv_bytes(summary.to_dict("records"), list(summary.columns)),
        "alignment_eval_items.csv": csv_bytes(items.to_dict("records"), [
            "method", "source_id", "predicted", "first_correct_rank", "top1", "top3", "acceptable", "rationale"]),
    }
