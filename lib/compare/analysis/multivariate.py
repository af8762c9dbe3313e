"""Correspondence analysis and hierarchical clustering: the analyses KH Coder users expect, for any number of cities.

- `correspondence` runs a correspondence analysis (対応分析) of any non-negative count table with `prince` and
  returns principal coordinates, masses, contributions and squared cosines of rows and columns, the inertia of every
  dimension, and the coordinates of supplementary rows or columns (projected, not fitted). The formulas are those of
  Greenacre (2017): with P = N / n, masses r and c, standardized residuals S = D_r^{-1/2}(P − rcᵀ)D_c^{-1/2} = UΣVᵀ,
  row principal coordinates F = D_r^{-1/2}UΣ, column principal coordinates G = D_c^{-1/2}VΣ, inertia λ_k = σ_k²;
  tests/analysis/test_multivariate.py checks prince against them. Signs are fixed so that every dimension's
  largest column coordinate is positive (an SVD's signs are arbitrary).
- `cluster_terms` clusters a city's frequent terms by Ward's method on the Jaccard distance of the plan elements
  they occur in (KH Coder's 階層的クラスター分析 default); `cluster_nodes` clusters policy-level nodes of every city
  by Ward on TF-IDF vectors (unit length, so Euclidean distance is a monotone function of cosine distance).

References
----------
Greenacre, M. (2017). Correspondence Analysis in Practice, 3rd ed. CRC Press.
Ward, J. H. (1963). Hierarchical grouping to optimize an objective function. JASA 58(301).
Higuchi, K. (2016). KH Coder 3 Reference Manual (階層的クラスター分析, 対応分析).
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy
from scipy.spatial.distance import pdist

from compare.core.codes import str_categorical, unique_rows
from compare.core.settings import MAX_PAIRWISE_CITIES, SEED

__all__ = ["MultivariateConfig", "CAResult", "correspondence", "cluster_terms", "cluster_nodes", "frequency_top",
           "multivariate_stage", "linkage_table", "linkage_matrix"]


@dataclass(frozen=True)
class MultivariateConfig:
    """Parameters of the multivariate stage (recorded in build_config.json).

    ca_min_count: terms enter the term × city correspondence analysis when used at least this often in the whole
    plan (first listings); rarer terms carry little mass and mostly add noise to the biplot (KH Coder's default
    filter is similar: 最小出現数).
    """

    ca_min_count: int = 10
    ca_dimensions: int = 2
    #: Analyses over every city's parts or policies together grow with the square of their size: computed up to this
    #: many cities (the term × city analysis and the per-city clusters are linear and always computed).
    max_joint_cities: int = MAX_PAIRWISE_CITIES
    top_frequency: int = 150
    cluster_terms: int = 40
    cluster_k: int = 6
    node_clusters: int = 10
    seed: int = SEED


@dataclass
class CAResult:
    """Coordinates (principal), masses, contributions and cos² of rows and columns; inertia per dimension."""

    rows: pd.DataFrame
    columns: pd.DataFrame
    inertia: pd.DataFrame

    def long(self, analysis: str) -> pd.DataFrame:
        """One tidy table: analysis, kind (row / column), label, supplementary, mass, then dim/contrib/cos2 per axis."""
        out = []
        for kind, df in (("row", self.rows), ("column", self.columns)):
            out.append(df.reset_index(names="label").assign(analysis=analysis, kind=kind))
        return pd.concat(out, ignore_index=True)


def correspondence(table: pd.DataFrame, *, n_components: int = 2, supplementary_rows: pd.DataFrame | None = None,
                   supplementary_columns: pd.DataFrame | None = None, seed: int = SEED) -> CAResult:
    """Correspondence analysis of a count table (rows × columns), with optional supplementary points.

    Examples
    --------
    >>> t = pd.DataFrame({"仙台市": [30, 5, 2], "相模原市": [4, 20, 3], "廿日市市": [2, 3, 25]},
    ...                  index=["子育て", "人材", "避難"])
    >>> ca = correspondence(t)
    >>> round(float(ca.inertia.share.sum()), 3), list(ca.rows.columns[:3])
    (1.0, ['mass', 'dim1', 'dim2'])
    """
    import prince

    t = table.loc[table.sum(axis=1) > 0, table.sum(axis=0) > 0].astype(float)
    k = max(1, min(n_components, min(t.shape) - 1))
    ca = prince.CA(n_components=k, random_state=seed, engine="scipy").fit(t)
    F = ca.row_coordinates(t).to_numpy()
    G = ca.column_coordinates(t).to_numpy()
    sign = np.sign(G[np.abs(G).argmax(axis=0), np.arange(k)])
    sign[sign == 0] = 1
    F, G = F * sign, G * sign
    eig = np.asarray(ca.eigenvalues_)[:k]
    rows = _points(F, ca.row_masses_.to_numpy(), eig, t.index, k, ca.row_contributions_.to_numpy()[:, :k],
                   _cos2(t.to_numpy(), F, t.to_numpy(), axis=1))
    cols = _points(G, ca.col_masses_.to_numpy(), eig, t.columns, k, ca.column_contributions_.to_numpy()[:, :k],
                   _cos2(t.to_numpy(), G, t.to_numpy(), axis=0))
    if supplementary_rows is not None and len(supplementary_rows):
        s = supplementary_rows.reindex(columns=t.columns, fill_value=0).astype(float)
        s = s[s.sum(axis=1) > 0]
        Fs = ca.row_coordinates(s).to_numpy() * sign
        cos2 = _cos2(s.to_numpy(), Fs, t.to_numpy(), axis=1)
        rows = pd.concat([rows, _points(Fs, np.zeros(len(s)), eig, s.index, k, None, cos2,
                                        supplementary=True)])
    if supplementary_columns is not None and len(supplementary_columns.columns):
        s = supplementary_columns.reindex(index=t.index, fill_value=0).astype(float)
        s = s.loc[:, s.sum(axis=0) > 0]
        Gs = ca.column_coordinates(s).to_numpy() * sign
        cos2 = _cos2(s.to_numpy(), Gs, t.to_numpy(), axis=0)
        cols = pd.concat([cols, _points(Gs, np.zeros(s.shape[1]), eig, s.columns, k, None, cos2,
                                        supplementary=True)])
    total = float(ca.total_inertia_)
    inertia = pd.DataFrame({"dimension": np.arange(1, k + 1), "eigenvalue": eig, "share": eig / total,
                            "cumulative": np.cumsum(eig) / total, "total_inertia": total})
    return CAResult(rows, cols, inertia)


def _cos2(X: np.ndarray, coords: np.ndarray, active: np.ndarray, *, axis: int) -> np.ndarray:
    """Squared cosine of each point with each axis: coordinate² over the point's squared χ² distance to the
    centroid in the *full* space (Greenacre 2017, ch. 6), not within the kept axes — so the cos² of the kept axes
    sum to the share of the point's inertia they show, at most 1. `X` holds the points' counts (rows for
    ``axis=1``, columns for ``axis=0``; supplementary points included), `active` the analysed table."""
    P = active / active.sum()
    if axis == 1:
        prof = X / X.sum(axis=1, keepdims=True)
        centre = P.sum(axis=0)                        # column masses
        d2 = ((prof - centre) ** 2 / centre).sum(axis=1)
    else:
        prof = X / X.sum(axis=0, keepdims=True)
        centre = P.sum(axis=1)[:, None]               # row masses
        d2 = ((prof - centre) ** 2 / centre).sum(axis=0)
    d2 = np.where(d2 > 0, d2, 1.0)[:, None]
    return np.minimum(coords ** 2 / d2, 1.0)


def _points(coords, masses, eig, labels, k, contrib, cos2, *, supplementary: bool = False) -> pd.DataFrame:
    df = pd.DataFrame(index=pd.Index(labels, name=None))
    df["mass"] = masses
    for j in range(k):
        df[f"dim{j + 1}"] = coords[:, j]
    for j in range(k):
        df[f"contrib{j + 1}"] = contrib[:, j] if contrib is not None else np.nan
    for j in range(k):
        df[f"cos2_{j + 1}"] = cos2[:, j]
    df["supplementary"] = supplementary
    return df


def frequency_top(freq: pd.DataFrame, top: int = 150) -> pd.DataFrame:
    """KH Coder's 抽出語リスト: the `top` most frequent terms of every city and frame, ties at the cut-off kept."""
    f = freq[freq.part == "all"].copy()
    f["rank"] = f.groupby(["view", "city"])["count"].rank(method="min", ascending=False).astype(int)
    f = f[f["rank"] <= top]
    return f.sort_values(["view", "city", "rank", "lemma"])[["view", "city", "rank", "lemma", "count", "per_1000",
                                                             "nodes"]].reset_index(drop=True)


def linkage_table(Z: np.ndarray, labels: list[str]) -> pd.DataFrame:
    """The merge steps of a scipy linkage matrix with readable member names (for export beside the dendrogram)."""
    names = list(labels)
    rows = []
    for i, (a, b, dist, size) in enumerate(Z):
        names.append(f"cluster{i + 1}")
        rows.append({"step": i + 1, "left": names[int(a)], "right": names[int(b)], "height": round(float(dist), 6),
                     "size": int(size)})
    return pd.DataFrame(rows)


def cluster_terms(tokens: pd.DataFrame, *, n_terms: int = 40, k: int = 6) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Ward clustering of the `n_terms` terms used in the most plan elements, on the Jaccard distance of their element
    sets. Returns (term, df, cluster) with `k` clusters, the linkage matrix and the leaf labels."""
    node, lem = str_categorical(tokens.node_id), str_categorical(tokens.lemma)
    pairs = unique_rows(node.codes, lem.codes)                  # distinct (element, term)
    df = np.bincount(pairs[1], minlength=len(lem.categories))   # elements using each term
    used = np.flatnonzero(df)
    top = used[np.lexsort((used, -df[used]))][:n_terms]         # most elements first, ties by term (sorted codes)
    terms = [lem.categories[i] for i in top]
    if len(terms) < 3:
        return pd.DataFrame(columns=["term", "nodes", "cluster"]), np.zeros((0, 4)), terms
    row_of = np.full(len(lem.categories), -1)
    row_of[top] = np.arange(len(top))
    keep = row_of[pairs[1]] >= 0
    X = np.zeros((len(terms), len(node.categories)), dtype=bool)
    X[row_of[pairs[1][keep]], pairs[0][keep]] = True
    Z = hierarchy.linkage(pdist(X, metric="jaccard"), method="ward")
    labels = hierarchy.fcluster(Z, t=min(k, len(terms)), criterion="maxclust")
    return pd.DataFrame({"term": terms, "nodes": [int(df[i]) for i in top], "cluster": labels}), Z, terms


def cluster_nodes(nodes: pd.DataFrame, tokens: pd.DataFrame, *, level: str = "policy", k: int = 10):
    """Ward clustering of every city's `level` nodes (each with its descendants' text) on unit TF-IDF vectors.

    Which policies of different cities fall together; unlike a pairwise comparison, the result depends on every
    city in the registry (by definition). Returns (node table with cluster, linkage matrix, node ids).
    """
    from sklearn.feature_extraction.text import TfidfVectorizer

    from compare.analysis.themes import descendants

    sel = nodes[nodes.level == level]
    if len(sel) < 3:
        return pd.DataFrame(columns=["node_id", "city", "title", "cluster"]), np.zeros((0, 4)), list(sel.node_id)
    content = tokens[tokens.content.to_numpy(dtype=bool)]
    own = pd.DataFrame({"n": content.node_id.astype(str).to_numpy(), "w": content.lemma.astype(str).to_numpy()}) \
        .groupby("n").w.apply(list).to_dict()
    desc = descendants(nodes)
    docs = [own.get(n, []) + [w for d in desc[n] for w in own.get(d, [])] for n in sel.node_id]
    X = TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2").fit_transform(docs).toarray()
    Z = hierarchy.linkage(X, method="ward")
    labels = hierarchy.fcluster(Z, t=min(k, len(sel)), criterion="maxclust")
    out = sel[["node_id", "city", "part", "label", "title"]].assign(cluster=labels).reset_index(drop=True)
    return out, Z, list(sel.node_id)


def multivariate_stage(inputs: dict, config: MultivariateConfig, *, text=None) -> dict:
    """Build stage: frequency lists, correspondence analyses, term and node clustering."""
    from compare.analysis.frames import select_frame

    nodes, tokens, freq = inputs["nodes.csv"], inputs["tokens.csv"], inputs["vocab_frequencies.csv"]
    themes_cov = inputs["theme_coverage.csv"]
    cities = list(dict.fromkeys(nodes.city))
    whole = select_frame(tokens, "whole")
    w = pd.DataFrame({"city": whole.city.astype(str).to_numpy(), "part": whole.part.astype(str).to_numpy(),
                      "lemma": whole.lemma.astype(str).to_numpy()})
    counts = w.groupby(["lemma", "city"]).size().unstack("city", fill_value=0).reindex(columns=cities, fill_value=0)
    counts.columns.name = None
    counts = counts[counts.sum(axis=1) >= config.ca_min_count]
    # supplementary columns: each city's embedded sub-plans, projected onto the whole-plan solution
    sub = w[w.part.isin(["guardianship", "reoffending"])]
    sup = sub.assign(col=sub.city + " " + sub.part).groupby(["lemma", "col"]).size().unstack("col", fill_value=0)
    sup = sup.reindex(index=counts.index, fill_value=0)
    sup.columns.name = None
    results = []
    if counts.shape[1] >= 2 and len(counts) >= 3:
        ca = correspondence(counts, n_components=config.ca_dimensions, supplementary_columns=sup, seed=config.seed)
        results.append(("terms-cities", ca))
    th = themes_cov[themes_cov.view == "whole"].pivot(index="theme_id", columns="city", values="hits")
    th = th.reindex(columns=cities).fillna(0)
    if th.shape[1] >= 2:
        codebook = inputs["codebook.csv"]
        labels = dict(zip(codebook.theme_id, codebook.label_ja))
        th.index = [f"{t} {labels.get(t, '')}" for t in th.index]
        results.append(("themes-cities", correspondence(th, n_components=config.ca_dimensions, seed=config.seed)))
    parts = (w.assign(col=w.city + " " + w.part).groupby(["lemma", "col"]).size().unstack("col", fill_value=0)
             if len(cities) <= config.max_joint_cities else pd.DataFrame())
    parts.columns.name = None
    parts = parts.loc[parts.index.isin(counts.index)]
    if parts.shape[1] >= 3:
        results.append(("terms-parts", correspondence(parts, n_components=config.ca_dimensions, seed=config.seed)))
    coords = pd.concat([ca.long(name) for name, ca in results], ignore_index=True) if results else pd.DataFrame()
    inertia = pd.concat([ca.inertia.assign(analysis=name) for name, ca in results], ignore_index=True) \
        if results else pd.DataFrame()
    term_clusters, term_links = [], []
    rows_of = pd.Series(np.arange(len(whole))).groupby(whole.city.astype(str).to_numpy()).apply(list).to_dict()
    for c in cities:
        table, Z, labels = cluster_terms(whole.iloc[rows_of.get(c, [])], n_terms=config.cluster_terms,
                                         k=config.cluster_k)
        term_clusters.append(table.assign(city=c))
        term_links.append(linkage_table(Z, labels).assign(city=c))
    if len(cities) <= config.max_joint_cities:
        node_table, Z, ids = cluster_nodes(nodes, tokens, k=config.node_clusters)
    else:
        node_table, Z, ids = pd.DataFrame(columns=["node_id", "city", "part", "label", "title", "cluster"]), \
            np.zeros((0, 4)), []
    return {
        "frequency_top.csv": frequency_top(freq, config.top_frequency),
        "correspondence_coordinates.csv": coords,
        "correspondence_inertia.csv": inertia,
        "cluster_terms.csv": pd.concat(term_clusters, ignore_index=True),
        "cluster_terms_linkage.csv": pd.concat(term_links, ignore_index=True),
        "cluster_nodes.csv": node_table,
        "cluster_nodes_linkage.csv": linkage_table(Z, ids),
    }


def linkage_matrix(table: pd.DataFrame, labels: list[str]) -> np.ndarray:
    """Rebuild the scipy linkage matrix from `linkage_table` rows and the leaf labels (for drawing a dendrogram).

    >>> Z = hierarchy.linkage(np.array([[0.0], [1.0], [5.0]]), method="ward")
    >>> bool(np.allclose(linkage_matrix(linkage_table(Z, ["a", "b", "c"]), ["a", "b", "c"]), Z))
    True
    """
    index = {name: i for i, name in enumerate(labels)}
    n = len(labels)
    Z = np.zeros((len(table), 4))
    for k, r in enumerate(table.sort_values("step").itertuples(index=False)):
        index[f"cluster{k + 1}"] = n + k
        Z[k] = (index[r.left], index[r.right], r.height, r.size)
    return Z
