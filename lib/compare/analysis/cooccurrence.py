"""Comparing co-occurrence across cities: shared and unique edges, shared associations, and a test of whether
two terms are associated more strongly in one city's plan elements than in another's.

KH Coder draws one co-occurrence network per group but cannot say which links differ between groups (khcoder #398).
Every city's network is built with the same rules (`cooccurrence_graph`, descriptive: the whole document, the
`top_terms` terms and `max_edges` strongest pairs of each city), and:

- `edge_table` lists every edge of every city's drawn network with how many cities' networks share it
  (``shared_by``); the top-N cut makes that a statement about the drawings, not the texts;
- `shared_associations` lists, without any cut, the term pairs that co-occur in at least `min_cooccurrence`
  elements of at least two cities, for the whole document and for the plan text;
- `association_differences` tests, for two cities, whether a term pair's association differs. The plan element is
  the unit: per city, the 2 × 2 table of elements with both terms, one, or neither gives a log odds ratio
  (Haldane–Anscombe 0.5, Woolf's variance); the difference of the two cities' log odds ratios is tested with a
  Wald z, BH across the pairs of the comparison, and reported with its 95 % interval. A log odds ratio measures
  association given each term's frequency, so a term that is simply more common in one city does not make a
  difference (Jaccard, kept as a descriptive column, does move with frequency). Each city's variance comes from
  its own elements: elements are never exchanged between cities, whose elements differ in length and kind.

The pairs tested are chosen by a rule fixed in advance and blind to the cities' labels: both terms in at least
`min_df_each` elements of *each* city (an association has to be estimable in both) and the pair in at least
`min_pooled_cooccurrence` elements of the two cities together. The pooled count is a sum that does not favour
either direction of the difference (independent filtering, Bourgon et al. 2010). The comparison reads the plan
text (`compare.analysis.frames`, like with like); what it cannot remove: longer elements co-mention more of
everything, and one document per city speaks for that document only. `split_half_null` measures the test's
false-positive rate on random halves of one city's elements.

References
----------
Higuchi, K. (2016). KH Coder 3 Reference Manual (共起ネットワーク: Jaccard).
Woolf, B. (1955). On estimating the relation between blood group and disease. Annals of Human Genetics 19(4).
Bourgon, R., Gentleman, R. & Huber, W. (2010). Independent filtering increases detection power for high-throughput
experiments. PNAS 107(21): 9546–9551.
"""

from __future__ import annotations

import itertools
import zlib
from dataclasses import dataclass

import networkx as nx
import numpy as np
import pandas as pd
from scipy import stats

from compare.analysis.frames import select_frame
from compare.analysis.stats import bh, log_odds_ratio
from compare.core.codes import str_categorical, unique_rows
from compare.core.settings import MAX_PAIRWISE_CITIES, SEED, rng
from compare.io.schemas import CALIBRATION_COLUMNS, DIFFERENCE_COLUMNS, EDGE_COLUMNS

__all__ = ["CooccurrenceConfig", "cooccurrence_graph", "cooccurrence_graphs", "edge_table", "documents",
           "association_differences", "split_half_null", "shared_associations", "cooccurrence_stage"]


@dataclass(frozen=True)
class CooccurrenceConfig:
    """Parameters of the co-occurrence stage (recorded in build_config.json).

    Each city's drawn network links its `top_terms` most widespread content terms (in at least `min_df` elements)
    that share at least `min_cooccurrence` elements, weighted by Jaccard, at most `max_edges` edges; Louvain
    communities are seeded with `seed`. Pairs of cities (up to `max_pairwise_cities`) are compared in `test_frame`:
    term pairs with both terms in at least `min_df_each` elements of each city and together in at least
    `min_pooled_cooccurrence` elements of the two; q < `alpha` is a difference. `calibration_splits` random halves
    of every city with at least `calibration_min_elements` elements measure the test's level; shared associations
    are listed for `shared_views`.
    """

    top_terms: int = 40
    min_df: int = 2
    min_cooccurrence: int = 2
    max_edges: int = 60
    test_frame: str = "plan"
    min_df_each: int = 2
    min_pooled_cooccurrence: int = 3
    alpha: float = 0.05
    calibration_splits: int = 100
    calibration_min_elements: int = 20
    shared_views: tuple = ("plan", "whole")
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


def _incidence(docs: list[frozenset], terms: list[str]) -> np.ndarray:
    """Elements × terms 0/1 matrix."""
    col = {t: i for i, t in enumerate(terms)}
    X = np.zeros((len(docs), len(terms)))
    for i, d in enumerate(docs):
        for t in d:
            if t in col:
                X[i, col[t]] = 1.0
    return X


def _pair_counts(G: np.ndarray, X: np.ndarray, ia: np.ndarray, ib: np.ndarray):
    """For each row of the weights `G` (groups × elements): elements, co-occurrences and both terms' elements."""
    return G.sum(axis=1)[:, None], G @ (X[:, ia] * X[:, ib]), G @ X[:, ia], G @ X[:, ib]


def _selected(a1, b1, a2, b2, co_pooled, config) -> np.ndarray:
    """The fixed selection rule: both terms in `min_df_each` elements of each group, the pair in
    `min_pooled_cooccurrence` elements of both groups together."""
    each = config.min_df_each
    return ((np.minimum(a1, b1) >= each) & (np.minimum(a2, b2) >= each)
            & (co_pooled >= config.min_pooled_cooccurrence))


def _log_or(n, co, da, db):
    return log_odds_ratio(co, da - co, db - co, n - da - db + co)


def _difference_test(n1, co1, a1, b1, n2, co2, a2, b2):
    """Difference of log odds ratios (group 1 − group 2), its standard error, z and two-sided p."""
    l1, v1 = _log_or(n1, co1, a1, b1)
    l2, v2 = _log_or(n2, co2, a2, b2)
    se = np.sqrt(v1 + v2)
    z = (l1 - l2) / se
    return l1, l2, se, z, 2 * stats.norm.sf(np.abs(z))


def association_differences(docs: dict[str, list[frozenset]], a: str, b: str,
                            config: CooccurrenceConfig | None = None, *, view: str = "plan") -> pd.DataFrame:
    """Test, for two cities, every term pair the fixed rule selects for a difference in association (module
    docstring).

    Parameters
    ----------
    docs : dict of str to list of frozenset
        Each city's distinct plan elements as term sets (`documents`).
    a, b : str
        The two cities.
    config : CooccurrenceConfig
        The selection rule (`min_df_each`, `min_pooled_cooccurrence`) and `alpha`.
    view : str
        The frame compared, copied into the ``view`` column.

    Returns
    -------
    pandas.DataFrame
        `compare.io.schemas.DIFFERENCE_COLUMNS`: the pair's elements in each city (``elements_*``, with both terms
        ``cooccurrence_*``), Jaccard (descriptive), log odds ratios, their ``difference`` (a − b) with a 95 % Wald
        interval, z, p, BH q across the comparison and ``significant`` (q < alpha).

    Examples
    --------
    >>> x = [frozenset({"x", "y"})] * 12 + [frozenset({"x"}), frozenset({"y"})] * 4 + [frozenset({"z"})] * 10
    >>> y = [frozenset({"x", "y"})] * 3 + [frozenset({"x"}), frozenset({"y"})] * 12 + [frozenset({"z"})] * 10
    >>> d = association_differences({"a": x, "b": y}, "a", "b")
    >>> d[["term_a", "term_b", "cooccurrence_a", "cooccurrence_b", "significant"]].values.tolist()
    [['x', 'y', 12, 3, True]]
    >>> bool(d.ci_low.iloc[0] > 0)
    True
    """
    config = config or CooccurrenceConfig()
    cols = list(DIFFERENCE_COLUMNS)
    if not docs.get(a) or not docs.get(b):
        return pd.DataFrame(columns=cols)
    terms = sorted(set().union(*docs[a], *docs[b]))
    Xa, Xb = _incidence(docs[a], terms), _incidence(docs[b], terms)
    dfa, dfb = Xa.sum(axis=0), Xb.sum(axis=0)
    live = np.flatnonzero((dfa >= config.min_df_each) & (dfb >= config.min_df_each))   # prunes; the rule decides
    Xa, Xb, dfa, dfb, terms = Xa[:, live], Xb[:, live], dfa[live], dfb[live], [terms[i] for i in live]
    iu, ju = np.triu_indices(len(terms), k=1)
    co_a, co_b = (Xa.T @ Xa)[iu, ju], (Xb.T @ Xb)[iu, ju]
    keep = _selected(dfa[iu], dfa[ju], dfb[iu], dfb[ju], co_a + co_b, config)
    iu, ju, co_a, co_b = iu[keep], ju[keep], co_a[keep], co_b[keep]
    if not len(iu):
        return pd.DataFrame(columns=cols)
    na, nb = float(len(docs[a])), float(len(docs[b]))
    a1, b1, a2, b2 = dfa[iu], dfa[ju], dfb[iu], dfb[ju]
    l1, l2, se, z, p = _difference_test(na, co_a, a1, b1, nb, co_b, a2, b2)
    q = bh(p)
    with np.errstate(invalid="ignore", divide="ignore"):
        ja, jb = co_a / (a1 + b1 - co_a), co_b / (a2 + b2 - co_b)
    out = pd.DataFrame({
        "view": view, "city_a": a, "city_b": b, "term_a": [terms[i] for i in iu], "term_b": [terms[j] for j in ju],
        "elements_a": int(na), "elements_b": int(nb), "cooccurrence_a": co_a.astype(int),
        "cooccurrence_b": co_b.astype(int), "jaccard_a": np.round(ja, 4), "jaccard_b": np.round(jb, 4),
        "log_or_a": np.round(l1, 4), "log_or_b": np.round(l2, 4), "difference": np.round(l1 - l2, 4),
        "ci_low": np.round(l1 - l2 - 1.959964 * se, 4), "ci_high": np.round(l1 - l2 + 1.959964 * se, 4),
        "z": np.round(z, 4), "p_value": p, "q_value": q, "significant": q < config.alpha})
    return out[cols].sort_values(["p_value", "term_a", "term_b"], kind="stable").reset_index(drop=True)


def split_half_null(docs: dict[str, list[frozenset]], cities: list[str], config: CooccurrenceConfig | None = None,
                    *, view: str = "plan") -> pd.DataFrame:
    """False-positive rate of `association_differences` on random halves of one city's elements.

    Every city with at least `config.calibration_min_elements` elements is split `config.calibration_splits`
    times at random into two pseudo-cities; the selection rule and the test run between the halves exactly as
    between two cities. ``splits`` counts the splits in which some pair met the rule; a city where none ever does
    has no row.

    Parameters
    ----------
    docs : dict of str to list of frozenset
        Each city's elements as term sets (`documents`).
    cities : list of str
    config : CooccurrenceConfig
    view : str

    Returns
    -------
    pandas.DataFrame
        `compare.io.schemas.CALIBRATION_COLUMNS` with ``test`` = ``association``.

    Examples
    --------
    >>> from compare.analysis.frames import select_frame
    >>> from compare.io import datasets as ds
    >>> docs, _ = documents(select_frame(ds.load_tokens(), "plan"))
    >>> cal = split_half_null(docs, list(ds.load_cities().city))
    >>> bool((cal.false_positive_rate <= 0.05).all())
    True
    """
    config = config or CooccurrenceConfig()
    rows = []
    for city in cities:
        d = docs.get(city, [])
        n = len(d)
        if n < config.calibration_min_elements:
            continue
        terms = sorted(set().union(*d))
        X = _incidence(d, terms)
        X = X[:, X.sum(axis=0) >= 2 * config.min_df_each]     # a term must reach min_df_each in both halves
        iu, ju = np.triu_indices(X.shape[1], k=1)
        co = (X.T @ X)[iu, ju]
        sel = co >= config.min_pooled_cooccurrence
        iu, ju = iu[sel], ju[sel]
        gen = rng(config.seed ^ zlib.crc32(f"split-half cooccurrence {view} {city}".encode()))
        G = np.zeros((config.calibration_splits, n))
        for s in range(config.calibration_splits):
            G[s, gen.permutation(n)[: n // 2]] = 1.0
        fpr, disc, tests = [], [], 0
        if len(iu):
            n1, co1, a1, b1 = _pair_counts(G, X, iu, ju)
            n2, co2, a2, b2 = _pair_counts(1.0 - G, X, iu, ju)
            ok = _selected(a1, b1, a2, b2, co1 + co2, config)
            *_, p = _difference_test(n1, co1, a1, b1, n2, co2, a2, b2)
            for s in range(len(G)):
                ps = p[s][ok[s]]
                if not len(ps):
                    continue
                tests += len(ps)
                fpr.append(float((ps < config.alpha).mean()))
                disc.append(int((bh(ps) < config.alpha).sum()))
        if not tests:                       # no pair meets the rule in any split: nothing to calibrate
            continue
        fpr_a, disc_a = np.array(fpr), np.array(disc, dtype=int)
        rows.append({"view": view, "city": city, "test": "association", "elements": n, "splits": len(fpr_a),
                     "tests": tests, "false_positive_rate": round(float(fpr_a.mean()), 4) if len(fpr_a) else 0.0,
                     "fpr_se": round(float(fpr_a.std(ddof=1) / np.sqrt(len(fpr_a))), 4) if len(fpr_a) > 1 else 0.0,
                     "splits_with_discovery": int((disc_a > 0).sum()), "discoveries": int(disc_a.sum())})
    return pd.DataFrame(rows, columns=list(CALIBRATION_COLUMNS))


def shared_associations(docs: dict[str, list[frozenset]], cities: list[str], *, min_cooccurrence: int = 2,
                        view: str = "whole") -> pd.DataFrame:
    """Term pairs co-occurring in at least `min_cooccurrence` elements of at least two cities, with no top-N cut.

    Parameters
    ----------
    docs : dict of str to list of frozenset
        Each city's distinct elements as term sets (`documents`).
    cities : list of str
    min_cooccurrence : int
    view : str
        The frame, copied into the ``view`` column.

    Returns
    -------
    pandas.DataFrame
        One row per pair × city where the pair reaches `min_cooccurrence`: ``view``, ``term_a``, ``term_b``,
        ``city``, ``cooccurrence``, ``jaccard``, ``shared_by`` (cities where it does), ``elements`` (the city's).

    Examples
    --------
    >>> docs = {"a": [frozenset({"x", "y"})] * 2, "b": [frozenset({"x", "y", "z"})] * 3, "c": [frozenset({"z"})]}
    >>> shared_associations(docs, ["a", "b", "c"])[["term_a", "term_b", "city", "shared_by"]].values.tolist()
    [['x', 'y', 'a', 2], ['x', 'y', 'b', 2]]
    """
    cols = ["view", "term_a", "term_b", "city", "cooccurrence", "jaccard", "shared_by", "elements"]
    parts = []
    for c in cities:
        d = docs.get(c, [])
        if not d:
            continue
        terms = sorted(set().union(*d))
        X = _incidence(d, terms)
        df = X.sum(axis=0)
        live = np.flatnonzero(df >= min_cooccurrence)
        X, df = X[:, live], df[live]
        iu, ju = np.triu_indices(len(live), k=1)
        co = (X.T @ X)[iu, ju]
        k = co >= min_cooccurrence
        iu, ju, co = iu[k], ju[k], co[k]
        parts.append(pd.DataFrame({"term_a": [terms[live[i]] for i in iu], "term_b": [terms[live[j]] for j in ju],
                                   "city": c, "cooccurrence": co.astype(int),
                                   "jaccard": np.round(co / (df[iu] + df[ju] - co), 4), "elements": len(d)}))
    if not parts:
        return pd.DataFrame(columns=cols)
    out = pd.concat(parts, ignore_index=True)
    out["shared_by"] = out.groupby(["term_a", "term_b"]).city.transform("size").astype(int)
    out = out[out.shared_by >= 2].assign(view=view)
    order = {c: i for i, c in enumerate(cities)}
    out = out.sort_values(["shared_by", "term_a", "term_b", "city"], ascending=[False, True, True, True],
                          key=lambda s: s.map(order) if s.name == "city" else s, kind="stable")
    return out[cols].reset_index(drop=True)


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
    """Build stage: every city's drawn network (whole document) and its edges; shared associations; pairwise tests
    of association differences in `config.test_frame` and their split-half calibration."""
    nodes, tokens = inputs["nodes.csv"], inputs["tokens.csv"]
    cities = list(dict.fromkeys(nodes.city))
    files: dict[str, object] = {}
    whole = select_frame(tokens, "whole")
    graphs = cooccurrence_graphs(whole, cities, config)
    files["cooccurrence_edges.csv"] = edge_table(graphs)
    docs_by_view = {v: documents(select_frame(tokens, v))[0]
                    for v in dict.fromkeys((*config.shared_views, config.test_frame))}
    files["cooccurrence_shared.csv"] = pd.concat(
        [shared_associations(docs_by_view[v], cities, min_cooccurrence=config.min_cooccurrence, view=v)
         for v in config.shared_views], ignore_index=True)
    docs = docs_by_view[config.test_frame]
    diffs = [association_differences(docs, a, b, config, view=config.test_frame)
             for a, b in itertools.combinations(cities, 2)] if len(cities) <= config.max_pairwise_cities else []
    files["cooccurrence_differences.csv"] = (pd.concat(diffs, ignore_index=True) if diffs
                                             else pd.DataFrame(columns=list(DIFFERENCE_COLUMNS)))
    files["cooccurrence_calibration.csv"] = split_half_null(docs, cities, config, view=config.test_frame)
    for city, G in graphs.items():
        G.graph.update({"city": city, "view": "whole", "weight": "jaccard", "top_terms": config.top_terms,
                        "min_df": config.min_df, "min_cooccurrence": config.min_cooccurrence,
                        "max_edges": config.max_edges})
        files[f"networks/cooccurrence-{city}"] = G
    return files
