"""Comparing co-occurrence networks across cities: shared and unique edges, and a permutation test of edge weights.

KH Coder draws one co-occurrence network per group but cannot say which links differ between groups (khcoder #398).
Here every city's network is built with the same rules (`cooccurrence_graph`), and:

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
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from compare.analysis.frames import select_frame
from compare.core.codes import str_categorical, unique_rows
from compare.core.settings import MAX_PAIRWISE_CITIES, SEED
from compare.io.schemas import DIFFERENCE_COLUMNS, EDGE_COLUMNS

__all__ = ["CooccurrenceConfig", "cooccurrence_graph", "cooccurrence_graphs", "edge_table", "edge_differences",
           "documents", "cooccurrence_stage"]


@dataclass(frozen=True)
class CooccurrenceConfig:
    """Parameters of the co-occurrence stage (recorded in build_config.json).

    Each city's network links its `top_terms` most widespread content terms (in at least `min_df` elements) that
    share at least `min_cooccurrence` elements, weighted by Jaccard, at most `max_edges` edges; Louvain communities
    are seeded with `seed`; pairs of cities (up to `max_pairwise_cities`) get `edge_permutations` permutations.
    """

    top_terms: int = 40
    min_df: int = 2
    min_cooccurrence: int = 2
    max_edges: int = 60
    edge_permutations: int = 2000
    max_pairwise_cities: int = MAX_PAIRWISE_CITIES
    seed: int = SEED



def edge_table(graphs: dict[str, nx.Graph]) -> pd.DataFrame:
    """Every edge of every city's network, with the number of cities whose network has it.

    >>> G1, G2 = nx.Graph(), nx.Graph()
    >>> G1.add_edge("地域", "見守り", cooccurrence=3, jaccard=0.5); G2.add_edge("見守り", "地域",
    ...                                                                      cooccurrence=2, jaccard=0.4)
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
                     draws: int = 2000, seed: int = SEED, alpha: float = 0.05, chunk: int = 200) -> pd.DataFrame:
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


def _cooccurrence_from_codes(node_codes: np.ndarray, lemma_codes: np.ndarray, lemmas, *, top_terms: int, min_df: int,
                             min_cooccurrence: int, max_edges: int, seed: int) -> nx.Graph:
    """The co-occurrence graph of one city from integer codes of its tokens' nodes and lemmas (see
    `cooccurrence_graph`)."""
    from scipy import sparse

    counts = np.bincount(lemma_codes, minlength=len(lemmas))
    pairs = unique_rows(node_codes, lemma_codes)
    if not pairs.size:
        return nx.Graph()
    # one row per node, then identical documents (a programme printed again with the same text) counted once
    doc_of = np.unique(pairs[0], return_inverse=True)[1]
    X = sparse.csr_matrix((np.ones(pairs.shape[1]), (doc_of, pairs[1])), shape=(doc_of.max() + 1, len(lemmas)))
    keys = [X.indices[X.indptr[i]:X.indptr[i + 1]].tobytes() for i in range(X.shape[0])]
    first = sorted({k: i for i, k in reversed(list(enumerate(keys)))}.values())
    X = X[first]
    df = np.asarray(X.sum(axis=0)).ravel()
    cand = [i for i in np.nonzero(df >= min_df)[0]]
    ranked = sorted(cand, key=lambda i: (-df[i], lemmas[i]))[:top_terms]
    if len(ranked) < 2:
        return nx.Graph()
    keep = np.array(sorted(ranked, key=lambda i: lemmas[i]))
    Xk = X[:, keep]
    co = (Xk.T @ Xk).toarray()
    iu, ju = np.triu_indices(len(keep), k=1)
    c = co[iu, ju]
    sel = c >= min_cooccurrence
    iu, ju, c = iu[sel], ju[sel], c[sel]
    jac = c / (df[keep][iu] + df[keep][ju] - c)
    names = [lemmas[i] for i in keep]
    edges = sorted(zip(iu, ju, c, jac), key=lambda e: (-e[3], -e[2], names[e[0]], names[e[1]]))[:max_edges]
    G = nx.Graph()
    for k in sorted({x for e in edges for x in e[:2]}, key=lambda k: names[k]):
        G.add_node(names[k], df=int(df[keep[k]]), count=int(counts[keep[k]]))
    for i, j, co_, jj in sorted(edges, key=lambda e: (names[e[0]], names[e[1]])):
        G.add_edge(names[i], names[j], cooccurrence=int(co_), jaccard=round(float(jj), 4))
    if G.number_of_edges():
        comms = nx.community.louvain_communities(G, weight="jaccard", seed=seed)
        for n_, comm in enumerate(sorted(comms, key=lambda cm: (-len(cm), min(cm))), 1):
            for v in comm:
                G.nodes[v]["community"] = n_
        tree = nx.maximum_spanning_tree(G, weight="jaccard")
        for u, v in G.edges:
            G.edges[u, v]["mst"] = tree.has_edge(u, v)
    return G


def cooccurrence_graph(tokens: pd.DataFrame, *, top_terms: int = 40, min_df: int = 2, min_cooccurrence: int = 2,
                       max_edges: int = 60, seed: int = SEED) -> nx.Graph:
    """Terms linked when they occur in the same node; weight = Jaccard coefficient of their node sets.

    The same rules for every city make the graphs comparable (as in KH Coder): the `top_terms` terms used in
    the most nodes (at least `min_df`), pairs sharing at least `min_cooccurrence` nodes, and the `max_edges`
    strongest pairs by Jaccard (ties by co-occurrence, then term order). Identical documents (a programme
    printed again with the same text) count once. Node attributes: `df` (nodes using the term), `count`,
    `community` (seeded Louvain on Jaccard weights, 1 = largest); edge attributes: `cooccurrence`, `jaccard`, `mst`
    (the edge belongs to the maximum spanning tree on Jaccard, KH Coder's 最小スパニングツリー view).

    >>> t = pd.DataFrame({"node_id": ["n1", "n1", "n2", "n2", "n3"],
    ...                   "lemma": ["見守り", "地域", "見守り", "福祉", "地域"]})
    >>> G = cooccurrence_graph(t, min_df=1, min_cooccurrence=1)
    >>> round(G["見守り"]["地域"]["jaccard"], 3)
    0.333
    """
    node, lem = str_categorical(tokens.node_id), str_categorical(tokens.lemma)
    return _cooccurrence_from_codes(np.asarray(node.codes), np.asarray(lem.codes), list(lem.categories),
                                    top_terms=top_terms, min_df=min_df, min_cooccurrence=min_cooccurrence,
                                    max_edges=max_edges, seed=seed)


def cooccurrence_graphs(tokens: pd.DataFrame, cities: list[str], config: CooccurrenceConfig) -> dict[str, nx.Graph]:
    """`cooccurrence_graph` of every city, from one coding of the tokens (linear in the number of cities)."""
    node, lem = str_categorical(tokens.node_id), str_categorical(tokens.lemma)
    city = pd.Categorical(str_categorical(tokens.city), categories=cities)
    nc, lc, cc = np.asarray(node.codes), np.asarray(lem.codes), np.asarray(city.codes)
    order = np.argsort(cc, kind="stable")
    bounds = np.searchsorted(cc[order], np.arange(len(cities) + 1))
    lemmas = list(lem.categories)
    out = {}
    for k, c in enumerate(cities):
        idx = order[bounds[k]:bounds[k + 1]]
        out[c] = _cooccurrence_from_codes(nc[idx], lc[idx], lemmas, top_terms=config.top_terms, min_df=config.min_df,
                                          min_cooccurrence=config.min_cooccurrence, max_edges=config.max_edges,
                                          seed=config.seed)
    return out


def cooccurrence_stage(inputs: dict, config: CooccurrenceConfig, *, text=None) -> dict:
    """Build stage: every city's co-occurrence network (whole plan), its edges, and pairwise edge differences."""
    nodes, tokens = inputs["nodes.csv"], inputs["tokens.csv"]
    cities = list(dict.fromkeys(nodes.city))
    files: dict[str, object] = {}
    whole = select_frame(tokens, "whole")
    graphs = cooccurrence_graphs(whole, cities, config)
    files["cooccurrence_edges.csv"] = edge_table(graphs)
    if len(cities) <= config.max_pairwise_cities:
        docs, _ = documents(whole)
        diffs = [edge_differences(docs, graphs, a, b, draws=config.edge_permutations, seed=config.seed)
                 for a, b in itertools.combinations(cities, 2)]
        files["cooccurrence_differences.csv"] = pd.concat(diffs, ignore_index=True) if diffs else pd.DataFrame()
    else:
        files["cooccurrence_differences.csv"] = pd.DataFrame()
    for city, G in graphs.items():
        G.graph.update({"city": city, "view": "whole", "weight": "jaccard", "top_terms": config.top_terms,
                        "min_df": config.min_df, "min_cooccurrence": config.min_cooccurrence,
                        "max_edges": config.max_edges})
        files[f"networks/cooccurrence-{city}"] = G
    return files
