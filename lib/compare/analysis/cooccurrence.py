"""Comparing co-occurrence networks across cities: shared and unique edges, and a permutation test of edge weights.

KH Coder draws one co-occurrence network per group but cannot say which links differ between groups (khcoder #398).
Here every city's network is built with the same rules (`compare.analysis.vocab.cooccurrence_graph`), and:

- `edge_table` lists every edge of every city with how many cities' networks share it (``shared_by``);
- `edge_differences` tests, for two cities, whether an edge's Jaccard weight differs: plan elements of both cities are
  pooled and reassigned at random to the two cities (group sizes kept, `draws` times, seeded), the Jaccard weight of
  every edge is recomputed in both, and p = (1 + #{|J_A − J_B|* ≥ |J_A − J_B|}) / (1 + draws); Benjamini–Hochberg
  across the edges tested for the pair. Elements, not tokens, are the units, as in the network itself.

References
----------
Higuchi, K. (2016). KH Coder 3 Reference Manual (共起ネットワーク: Jaccard).
Good, P. (2005). Permutation, Parametric, and Bootstrap Tests of Hypotheses, 3rd ed. Springer.
"""

from __future__ import annotations

import itertools

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

__all__ = ["edge_table", "edge_differences", "documents", "EDGE_COLUMNS", "DIFFERENCE_COLUMNS"]

EDGE_COLUMNS = ("city", "term_a", "term_b", "cooccurrence", "jaccard", "community_a", "community_b", "shared_by",
                "unique")
DIFFERENCE_COLUMNS = ("city_a", "city_b", "term_a", "term_b", "jaccard_a", "jaccard_b", "difference", "in_a", "in_b",
                      "p_value", "q_value", "significant", "draws")


def edge_table(graphs: dict[str, nx.Graph]) -> pd.DataFrame:
    """Every edge of every city's network, with the number of cities whose network has it.

    >>> G1, G2 = nx.Graph(), nx.Graph()
    >>> G1.add_edge("地域", "見守り", cooccurrence=3, jaccard=0.5); G2.add_edge("見守り", "地域", cooccurrence=2, jaccard=0.4)
    >>> edge_table({"a": G1, "b": G2}).shared_by.tolist()
    [2, 2]
    """
    rows = []
    for city, G in graphs.items():
        for a, b, d in G.edges(data=True):
            a, b = sorted((a, b))
            rows.append({"city": city, "term_a": a, "term_b": b, "cooccurrence": int(d["cooccurrence"]),
                         "jaccard": float(d["jaccard"]), "community_a": int(G.nodes[a].get("community", 0)),
                         "community_b": int(G.nodes[b].get("community", 0))})
    df = pd.DataFrame(rows, columns=[c for c in EDGE_COLUMNS if c not in ("shared_by", "unique")])
    shared = df.groupby(["term_a", "term_b"]).city.transform("nunique") if len(df) else pd.Series(dtype=int)
    df["shared_by"] = shared.astype(int) if len(df) else []
    df["unique"] = df.shared_by == 1
    return df.sort_values(["city", "term_a", "term_b"], key=lambda s: s.map({c: i for i, c in enumerate(graphs)})
                          if s.name == "city" else s).reset_index(drop=True)


def documents(tokens: pd.DataFrame) -> tuple[dict[str, list[frozenset]], list[str]]:
    """Each city's distinct plan elements as term sets (identical elements once, as in the networks)."""
    t = pd.DataFrame({"city": tokens.city.astype(str).to_numpy(), "node": tokens.node_id.astype(str).to_numpy(),
                      "lemma": tokens.lemma.astype(str).to_numpy()}).drop_duplicates()
    docs: dict[str, list[frozenset]] = {}
    for (city, _), g in t.groupby(["city", "node"], sort=True):
        docs.setdefault(city, []).append(frozenset(g.lemma))
    return {c: list(dict.fromkeys(d)) for c, d in docs.items()}, sorted(set(t.lemma))


def _jaccard(X: np.ndarray, ia: np.ndarray, ib: np.ndarray) -> np.ndarray:
    """Jaccard of term pairs (ia, ib) over the rows of the binary matrix X, for a stack of masks X[..., docs, terms]."""
    co = (X[..., ia] * X[..., ib]).sum(axis=-2)
    df = X.sum(axis=-2)
    den = df[..., ia] + df[..., ib] - co
    return np.divide(co, den, out=np.zeros_like(co, dtype=float), where=den > 0)


def edge_differences(docs: dict[str, list[frozenset]], graphs: dict[str, nx.Graph], a: str, b: str, *,
                     draws: int = 2000, seed: int = 42, alpha: float = 0.05, chunk: int = 200) -> pd.DataFrame:
    """Permutation test of the Jaccard weight of every edge in either city's network (see the module docstring)."""
    edges = sorted({tuple(sorted(e)) for e in itertools.chain(graphs[a].edges, graphs[b].edges)})
    if not edges or not docs.get(a) or not docs.get(b):
        return pd.DataFrame(columns=list(DIFFERENCE_COLUMNS))
    terms = sorted({t for e in edges for t in e})
    col = {t: i for i, t in enumerate(terms)}
    pool = docs[a] + docs[b]
    X = np.array([[t in d for t in terms] for d in pool], dtype=np.float32)
    ia = np.array([col[e[0]] for e in edges])
    ib = np.array([col[e[1]] for e in edges])
    na = len(docs[a])
    obs = _jaccard(X[:na], ia, ib) - _jaccard(X[na:], ia, ib)
    rng = np.random.default_rng(seed)
    hits = np.zeros(len(edges))
    done = 0
    while done < draws:
        k = min(chunk, draws - done)
        perm = np.argsort(rng.random((k, len(pool))), axis=1)
        Xp = X[perm]                                     # k × docs × terms
        diff = _jaccard(Xp[:, :na], ia, ib) - _jaccard(Xp[:, na:], ia, ib)
        hits += (np.abs(diff) >= np.abs(obs) - 1e-12).sum(axis=0)
        done += k
    p = (1 + hits) / (1 + draws)
    q = stats.false_discovery_control(p)
    ja, jb = _jaccard(X[:na], ia, ib), _jaccard(X[na:], ia, ib)
    in_a = {tuple(sorted(e)) for e in graphs[a].edges}
    in_b = {tuple(sorted(e)) for e in graphs[b].edges}
    return pd.DataFrame({
        "city_a": a, "city_b": b, "term_a": [e[0] for e in edges], "term_b": [e[1] for e in edges],
        "jaccard_a": np.round(ja, 4), "jaccard_b": np.round(jb, 4), "difference": np.round(ja - jb, 4),
        "in_a": [e in in_a for e in edges], "in_b": [e in in_b for e in edges], "p_value": p, "q_value": q,
        "significant": q < alpha, "draws": draws,
    })
