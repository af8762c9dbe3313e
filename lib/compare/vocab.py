"""Vocabulary comparison: frequencies per 1,000 tokens, G² keyness, shared vocabulary, KWIC, co-occurrence networks.

References
----------
Dunning, T. (1993). Accurate methods for the statistics of surprise and coincidence. Computational Linguistics 19(1).
Hardie, A. (2014). Log Ratio — an informal introduction. ESRC Centre for Corpus Approaches to Social Science.
Rayson, P. & Garside, R. (2000). Comparing corpora using frequency profiling. WCC workshop, ACL.
"""

from __future__ import annotations

import functools
import io
import itertools
from typing import Literal

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from .figures import CITY_COLORS, JP_FONT, city_label, city_order, plt
from .graphs import component_layout, graphml_bytes
from .model import CITIES
from .paths import DEFAULT, Layout
from .tables import csv_bytes

__all__ = [
    "VIEWS", "select_view", "frequencies", "keyness", "overlap", "kwic", "load_tokens",
    "cooccurrence_graph", "plot_keyness", "plot_overlap", "plot_cooccurrence", "vocab_stage",
]

#: What is compared. "whole": every node of every document. "comparable": every level except 事業 (programme),
#: which only Sendai prints — the goal/policy/action layers that all three plans have.
VIEWS = {"whole": ("vision", "goal", "policy", "action", "program"), "comparable": ("vision", "goal", "policy", "action")}
View = Literal["whole", "comparable"]


def select_view(tokens: pd.DataFrame, view: View = "comparable", *, content_only: bool = True) -> pd.DataFrame:
    """Tokens of the levels in `view` (content words only by default).

    >>> t = pd.DataFrame({"level": ["goal", "program"], "content": [True, True]})
    >>> len(select_view(t, "comparable")), len(select_view(t, "whole"))
    (1, 2)
    """
    if view not in VIEWS:
        raise ValueError(f"view must be one of {', '.join(VIEWS)}; got {view!r}")
    t = tokens[tokens.level.isin(VIEWS[view])]
    return t[t.content] if content_only else t


def frequencies(tokens: pd.DataFrame, by: tuple[str, ...] = ("city",)) -> pd.DataFrame:
    """Counts and counts per 1,000 content tokens of each lemma within each group of `by`.

    >>> t = pd.DataFrame({"city": ["a", "a", "a", "b"], "lemma": ["x", "x", "y", "x"]})
    >>> frequencies(t).to_dict("records")[0]
    {'city': 'a', 'lemma': 'x', 'count': 2, 'per_1000': 666.667}
    """
    by = list(by)
    counts = tokens.groupby([*by, "lemma"]).size().rename("count").reset_index()
    totals = tokens.groupby(by).size().rename("total")
    counts = counts.join(totals, on=by)
    counts["per_1000"] = (counts["count"] * 1000 / counts["total"]).round(3)
    counts = counts.drop(columns="total")
    return counts.sort_values([*by, "count", "lemma"], ascending=[True] * len(by) + [False, True]).reset_index(drop=True)


def _g2(a: np.ndarray, b: np.ndarray, c: float, d: float) -> np.ndarray:
    """Log-likelihood G² for a word seen a times in a corpus of c tokens and b times in one of d tokens."""
    e1 = c * (a + b) / (c + d)
    e2 = d * (a + b) / (c + d)
    with np.errstate(divide="ignore", invalid="ignore"):
        t1 = np.where(a > 0, a * np.log(a / e1), 0.0)
        t2 = np.where(b > 0, b * np.log(b / e2), 0.0)
    return 2 * (t1 + t2)


def keyness(tokens: pd.DataFrame, *, min_freq: int = 3, group: str = "city") -> pd.DataFrame:
    """Distinctive terms of each group against all the others (one-vs-rest), as a tidy long table.

    Columns: group value, term, count_target, count_reference, per_1000_target, per_1000_reference, g2,
    log_ratio (log2 of the ratio of relative frequencies, 0.5 added to a zero count), p_value (χ², 1 df),
    q_value (Benjamini–Hochberg within the group), direction (over / under). Terms with fewer than
    `min_freq` occurrences in the whole corpus are left out.

    Examples
    --------
    >>> t = pd.DataFrame({"city": ["a"] * 10 + ["b"] * 10, "lemma": ["見守り"] * 8 + ["x"] * 2 + ["x"] * 10})
    >>> k = keyness(t, min_freq=1)
    >>> row = k[(k.city == "a") & (k.term == "見守り")].iloc[0]
    >>> round(float(row.g2), 2), row.direction
    (11.09, 'over')
    """
    if min_freq < 1:
        raise ValueError("min_freq must be at least 1")
    counts = tokens.groupby([group, "lemma"]).size().unstack(group, fill_value=0)
    counts = counts[counts.sum(axis=1) >= min_freq]
    totals = tokens.groupby(group).size()
    out = []
    for g in city_order(counts.columns) if group == "city" else sorted(counts.columns):
        a = counts[g].to_numpy(dtype=float)
        b = (counts.sum(axis=1) - counts[g]).to_numpy(dtype=float)
        c = float(totals[g])
        d = float(totals.sum() - totals[g])
        g2 = _g2(a, b, c, d)
        lr = np.log2(((np.where(a == 0, 0.5, a)) / c) / ((np.where(b == 0, 0.5, b)) / d))
        p = stats.chi2.sf(g2, df=1)
        q = stats.false_discovery_control(p) if len(p) else p
        df = pd.DataFrame({
            group: g, "term": counts.index, "count_target": a.astype(int), "count_reference": b.astype(int),
            "per_1000_target": np.round(a * 1000 / c, 3), "per_1000_reference": np.round(b * 1000 / d, 3),
            "g2": np.round(g2, 4), "log_ratio": np.round(lr, 4), "p_value": p, "q_value": q,
            "direction": np.where(a / c >= b / d, "over", "under"),
        })
        out.append(df.sort_values(["direction", "g2", "term"], ascending=[True, False, True]))
    return pd.concat(out, ignore_index=True) if out else pd.DataFrame()


def overlap(tokens: pd.DataFrame, *, min_count: int = 2, list_terms: int = 30) -> pd.DataFrame:
    """The seven regions of the three-city vocabulary overlap.

    A term belongs to a city's vocabulary when it occurs at least `min_count` times there. Each row: the
    region (cities sharing exactly these terms), the number of terms, and the most frequent of them.
    """
    counts = tokens.groupby(["city", "lemma"]).size()
    vocab = {c: set(counts[c][counts[c] >= min_count].index) for c in city_order(counts.index.get_level_values(0))}
    total = tokens.groupby("lemma").size()
    cities = list(vocab)
    rows = []
    for r in range(len(cities), 0, -1):
        for combo in itertools.combinations(cities, r):
            inside = set.intersection(*(vocab[c] for c in combo))
            outside = set().union(*(vocab[c] for c in cities if c not in combo)) if len(combo) < len(cities) else set()
            terms = sorted(inside - outside, key=lambda t: (-total[t], t))
            rows.append({"region": "+".join(combo), "n_cities": len(combo), "n_terms": len(terms),
                         "terms": " ".join(terms[:list_terms])})
    return pd.DataFrame(rows)


@functools.lru_cache(maxsize=2)
def _tokens_cached(path: str, mtime: float) -> pd.DataFrame:
    df = pd.read_csv(path, dtype=str, keep_default_na=False)
    df["position"] = df["position"].astype(int)
    df["content"] = df["content"].eq("true")
    return df


def load_tokens(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/processed/tokens.csv (read once per session)."""
    path = layout.processed / "tokens.csv"
    return _tokens_cached(str(path), path.stat().st_mtime)


def kwic(term: str, window: int = 6, *, match: Literal["lemma", "surface"] = "lemma",
         tokens: pd.DataFrame | None = None, cities=None) -> pd.DataFrame:
    """Key word in context: every passage of the plans that uses `term`, traceable to its node.

    `window` tokens of context on each side, joined as printed (Japanese has no spaces).
    `match="lemma"` (default) finds the term's whole word family: tokens printed as `term` or whose lemma is
    `term`, plus every token sharing a lemma with those (so 見守り also finds 見守る and 見守っ). A term that
    is not a single token (e.g. 地域福祉) is found as a string in the text. `match="surface"`: string match only.

    Examples
    --------
    >>> k = kwic("見守り")
    >>> list(k.columns)
    ['city', 'node_id', 'field', 'left', 'keyword', 'right']
    >>> sorted(k.city.unique())
    ['hatsukaichi', 'sagamihara', 'sendai']
    """
    if match not in ("lemma", "surface"):
        raise ValueError("match must be 'lemma' or 'surface'")
    if window < 0:
        raise ValueError("window must be >= 0")
    t = load_tokens() if tokens is None else tokens
    if cities is not None:
        t = t[t.city.isin(list(cities))]
    lemmas: set[str] = set()
    if match == "lemma":
        lemmas = {term} | set(t.lemma[t.surface == term])
        if not (t.lemma.isin(lemmas) | (t.surface == term)).any():
            lemmas = set()
    hits = []
    for (node_id, fld), g in t.groupby(["node_id", "field"], sort=False):
        surf = g.surface.tolist()
        city = g.city.iloc[0]
        spans: list[tuple[int, int]] = []
        if lemmas:
            spans = [(i, i + 1) for i, (s_, l_) in enumerate(zip(surf, g.lemma)) if l_ in lemmas or s_ == term]
        else:
            text = "".join(surf)
            if term not in text:
                continue
            starts = np.cumsum([0] + [len(s_) for s_ in surf])
            pos = text.find(term)
            while pos != -1:
                i = int(np.searchsorted(starts, pos, side="right") - 1)
                j = int(np.searchsorted(starts, pos + len(term), side="left"))
                spans.append((i, max(j, i + 1)))
                pos = text.find(term, pos + 1)
        for i, j in spans:
            hits.append({"city": city, "node_id": node_id, "field": fld,
                         "left": "".join(surf[max(0, i - window):i]), "keyword": "".join(surf[i:j]),
                         "right": "".join(surf[j:j + window])})
    out = pd.DataFrame(hits, columns=["city", "node_id", "field", "left", "keyword", "right"])
    if out.empty:
        import logging

        logging.getLogger(__name__).warning("no passage uses %r (match=%s)", term, match)
    return out


def cooccurrence_graph(tokens: pd.DataFrame, *, top_terms: int = 40, min_df: int = 2, min_cooccurrence: int = 2,
                       max_edges: int = 60) -> nx.Graph:
    """Terms linked when they occur in the same node; weight = Jaccard coefficient of their node sets.

    The same rules for every city make the graphs comparable (as in KH Coder): the `top_terms` terms used in
    the most nodes (at least `min_df`), pairs sharing at least `min_cooccurrence` nodes, and the `max_edges`
    strongest pairs by Jaccard (ties by co-occurrence, then term order). Identical documents (a programme
    printed again with the same text) count once. Node attributes: `df` (nodes using the term), `count`;
    edge attributes: `cooccurrence`, `jaccard`.

    >>> t = pd.DataFrame({"node_id": ["n1", "n1", "n2", "n2", "n3"], "lemma": ["見守り", "地域", "見守り", "福祉", "地域"]})
    >>> G = cooccurrence_graph(t, min_df=1, min_cooccurrence=1)
    >>> round(G["見守り"]["地域"]["jaccard"], 3)
    0.333
    """
    docs = tokens.groupby("node_id").lemma.apply(lambda s: tuple(sorted(set(s)))).drop_duplicates()
    df = pd.Series([t for terms in docs for t in terms]).value_counts()
    df = df[df >= min_df]
    ranked = sorted(df.items(), key=lambda kv: (-kv[1], kv[0]))[:top_terms]
    keep = {t for t, _ in ranked}
    pairs: dict[tuple[str, str], int] = {}
    for terms in docs:
        terms = [t for t in terms if t in keep]
        for a, b in itertools.combinations(terms, 2):
            pairs[(a, b)] = pairs.get((a, b), 0) + 1
    edges = []
    for (a, b), co in pairs.items():
        if co >= min_cooccurrence:
            edges.append((a, b, co, co / (df[a] + df[b] - co)))
    edges.sort(key=lambda e: (-e[3], -e[2], e[0], e[1]))
    edges = edges[:max_edges]
    counts = tokens.lemma.value_counts()
    G = nx.Graph()
    for term in sorted({x for e in edges for x in e[:2]}):
        G.add_node(term, df=int(df[term]), count=int(counts[term]))
    for a, b, co, j in sorted(edges, key=lambda e: (e[0], e[1])):
        G.add_edge(a, b, cooccurrence=int(co), jaccard=round(float(j), 4))
    return G


def plot_keyness(key: pd.DataFrame, *, top: int = 15, alpha: float = 0.05):
    """Side-by-side bars: the `top` over-used terms of each city by G², with the log ratio (effect) at the bar."""
    cities = city_order(key.city.unique())
    fig, axes = plt.subplots(1, len(cities), figsize=(4.2 * len(cities), 0.32 * top + 1.6))
    for ax, city in zip(np.atleast_1d(axes), cities):
        k = key[(key.city == city) & (key.direction == "over") & (key.p_value < alpha)].head(top).iloc[::-1]
        ax.barh(k.term, k.g2, color=CITY_COLORS.get(city, "grey"))
        for y, (g2, lr) in enumerate(zip(k.g2, k.log_ratio)):
            ax.text(g2, y, f" LR {lr:+.1f}", va="center", fontsize=8)
        ax.set_title(city_label(city))
        ax.set_xlabel("G² (log-likelihood)")
        ax.margins(x=0.25)
        ax.tick_params(axis="y", labelsize=9)
    fig.suptitle("特徴語 Distinctive terms of each plan vs the other two (p < %.2f; LR = log2 ratio)" % alpha, y=1.0)
    fig.tight_layout()
    return fig


def plot_overlap(ov: pd.DataFrame):
    """Bars for the seven regions of the three-way vocabulary overlap, with a dot matrix naming the cities."""
    cities = [c for c in CITIES if any(c in r.split("+") for r in ov.region)]
    fig, (ax, mx) = plt.subplots(2, 1, figsize=(8, 4.8), height_ratios=[3, 1.2], sharex=True)
    x = np.arange(len(ov))
    ax.bar(x, ov.n_terms, color=["#555555" if n == len(cities) else "#999999" for n in ov.n_cities])
    for i, n in enumerate(ov.n_terms):
        ax.text(i, n, str(n), ha="center", va="bottom", fontsize=9)
    ax.set_ylabel("terms")
    ax.set_title("語彙の重なり Shared and unique vocabulary (content lemmas used 2+ times)")
    for j, city in enumerate(cities):
        for i, region in enumerate(ov.region):
            on = city in region.split("+")
            mx.scatter(i, j, s=80, color=CITY_COLORS[city] if on else "#dddddd", zorder=3)
    mx.set_yticks(range(len(cities)), [city_label(c, english=False) for c in cities])
    mx.set_ylim(-0.6, len(cities) - 0.4)
    mx.invert_yaxis()
    mx.tick_params(axis="x", bottom=False, labelbottom=False)
    for side in ("bottom", "left"):
        mx.spines[side].set_visible(False)
    return fig


def plot_cooccurrence(graphs: dict[str, nx.Graph], *, seed: int = 7):
    """The cities' co-occurrence networks side by side on one scale (node size ∝ df, width ∝ Jaccard)."""
    fig, axes = plt.subplots(1, len(graphs), figsize=(6 * len(graphs), 6))
    max_df = max((d for G in graphs.values() for _, d in G.nodes(data="df")), default=1)
    for ax, (city, G) in zip(np.atleast_1d(axes), graphs.items()):
        ax.set_title(f"{city_label(city)}  ({G.number_of_nodes()} terms, {G.number_of_edges()} links)")
        ax.axis("off")
        if not G:
            continue
        pos = component_layout(G, seed=seed)
        sizes = [60 + 900 * d / max_df for _, d in G.nodes(data="df")]
        widths = [0.5 + 5 * w for _, _, w in G.edges(data="jaccard")]
        nx.draw_networkx_edges(G, pos, ax=ax, width=widths, edge_color="#999999", alpha=0.7)
        nx.draw_networkx_nodes(G, pos, ax=ax, node_size=sizes, node_color=CITY_COLORS.get(city, "grey"), alpha=0.85)
        nx.draw_networkx_labels(G, pos, ax=ax, font_size=8, font_family=JP_FONT)
    fig.suptitle("共起ネットワーク Term co-occurrence within plan elements (same thresholds for every city)")
    fig.tight_layout()
    return fig


#: Thresholds of the published tables and networks (the notebook shows them).
STAGE_PARAMS = {"keyness_min_freq": 3, "overlap_min_count": 2, "top_terms": 40, "min_df": 2, "min_cooccurrence": 2,
                "max_edges": 60}


def vocab_stage(layout: Layout, outputs: dict[str, bytes]) -> dict[str, bytes]:
    """Build stage: frequencies, keyness and overlap for both views; co-occurrence networks per city."""
    tokens = pd.read_csv(io.BytesIO(outputs["tokens.csv"]), dtype=str, keep_default_na=False)
    tokens["content"] = tokens["content"].eq("true")
    split_mode = pd.read_json(io.BytesIO(outputs["text_config.json"]), typ="series")["split_mode"]
    files: dict[str, bytes] = {}
    freq, key, ov = [], [], []
    for view in VIEWS:
        t = select_view(tokens, view)
        f_city = frequencies(t, ("city",)).assign(part="all")
        f_part = frequencies(t, ("city", "part"))
        freq.append(pd.concat([f_city, f_part]).assign(view=view))
        key.append(keyness(t, min_freq=STAGE_PARAMS["keyness_min_freq"]).assign(view=view, split_mode=split_mode))
        ov.append(overlap(t, min_count=STAGE_PARAMS["overlap_min_count"]).assign(view=view))
    freq_df = pd.concat(freq)
    files["vocab_frequencies.csv"] = csv_bytes(freq_df.to_dict("records"),
                                               ["view", "city", "part", "lemma", "count", "per_1000"])
    key_df = pd.concat(key)
    files["keyness.csv"] = csv_bytes(key_df.to_dict("records"), [
        "view", "split_mode", "city", "term", "count_target", "count_reference", "per_1000_target",
        "per_1000_reference", "g2", "log_ratio", "p_value", "q_value", "direction"])
    files["vocab_overlap.csv"] = csv_bytes(pd.concat(ov).to_dict("records"),
                                           ["view", "region", "n_cities", "n_terms", "terms"])
    whole = select_view(tokens, "whole")
    for city in city_order(whole.city.unique()):
        G = cooccurrence_graph(whole[whole.city == city], top_terms=STAGE_PARAMS["top_terms"],
                               min_df=STAGE_PARAMS["min_df"], min_cooccurrence=STAGE_PARAMS["min_cooccurrence"],
                               max_edges=STAGE_PARAMS["max_edges"])
        G.graph.update({"city": city, "view": "whole", "weight": "jaccard", **STAGE_PARAMS})
        files[f"networks/cooccurrence-{city}.graphml"] = graphml_bytes(G)
    return files
