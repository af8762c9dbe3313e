"""Correspondence analysis and hierarchical clustering: the analyses KH Coder users expect, for any number of cities.

- `correspondence` runs a correspondence analysis (対応分析) of any non-negative count table with `prince` and
  returns principal coordinates, masses, contributions and squared cosines of rows and columns, the inertia of every
  dimension, and the coordinates of supplementary rows or columns (projected, not fitted). The formulas are those of
  Greenacre (2017): with P = N / n, masses r and c, standardized residuals S = D_r^{-1/2}(P − rcᵀ)D_c^{-1/2} = UΣVᵀ,
  row principal coordinates F = D_r^{-1/2}UΣ, column principal coordinates G = D_c^{-1/2}VΣ, inertia λ_k = σ_k²;
  tests/analysis/test_multivariate.py checks prince against them. Signs are fixed so that every dimension's
  largest column coordinate is positive (an SVD's signs are arbitrary).
- `cluster_terms` clusters a city's frequent terms by Ward's method on √(Jaccard distance) of the plan elements they
  occur in. KH Coder's default runs Ward on the Jaccard distance itself, which is not Euclidean (Ward's criterion
  assumes it is); √(1 − Jaccard) is (Gower & Legendre 1986, Theorem 7), so the merges minimise a real within-cluster
  sum of squares. `cluster_nodes` clusters policy-level nodes of every city by Ward on TF-IDF vectors of their first
  listings (unit length, so Euclidean distance is a monotone function of cosine distance).
- `ca_bootstrap` is Greenacre's partial bootstrap: plan elements are resampled within every column of a
  correspondence analysis, each replicate table is projected onto the original axes, and every point gets a 95 %
  percentile interval per axis. `term_cluster_stability` and `node_cluster_stability` are Hennig's (2007)
  clusterwise stability: the mean Jaccard similarity of each cluster to its best match over resamples (elements
  for term clusters, policies for policy clusters); below 0.6 a cluster is not stable, above 0.75 it is.

References
----------
Greenacre, M. (2017). Correspondence Analysis in Practice, 3rd ed. CRC Press.
Ward, J. H. (1963). Hierarchical grouping to optimize an objective function. JASA 58(301).
Higuchi, K. (2016). KH Coder 3 Reference Manual (階層的クラスター分析, 対応分析).
Gower, J. C. & Legendre, P. (1986). Metric and Euclidean properties of dissimilarity coefficients. Journal of
Classification 3: 5–48.
Hennig, C. (2007). Cluster-wise assessment of cluster stability. Computational Statistics & Data Analysis 52(1).
Greenacre, M. (2017), ch. 25 (partial bootstrap); Lebart, L. (2006). Validation techniques in multiple
correspondence analysis, in Greenacre & Blasius (eds.), Multiple Correspondence Analysis and Related Methods.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
import pandas as pd
from scipy.cluster import hierarchy

from compare.core.codes import str_categorical, unique_rows
from compare.core.settings import MAX_PAIRWISE_CITIES, SEED
from compare.io.schemas import BOOTSTRAP_COLUMNS, STABILITY_COLUMNS

__all__ = ["MultivariateConfig", "CAResult", "correspondence", "cluster_terms", "cluster_nodes", "frequency_top",
           "ca_bootstrap", "term_cluster_stability", "node_cluster_stability", "multivariate_stage", "linkage_table",
           "linkage_matrix"]


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
    bootstrap_draws: int = 200
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


def _term_incidence(tokens: pd.DataFrame, n_terms: int):
    """The `n_terms` terms used in the most elements (ties by term) and their terms × elements 0/1 matrix."""
    node, lem = str_categorical(tokens.node_id), str_categorical(tokens.lemma)
    pairs = unique_rows(node.codes, lem.codes)                  # distinct (element, term)
    df = np.bincount(pairs[1], minlength=len(lem.categories))   # elements using each term
    used = np.flatnonzero(df)
    top = used[np.lexsort((used, -df[used]))][:n_terms]         # most elements first, ties by term (sorted codes)
    row_of = np.full(len(lem.categories), -1)
    row_of[top] = np.arange(len(top))
    keep = row_of[pairs[1]] >= 0
    X = np.zeros((len(top), len(node.categories)))
    X[row_of[pairs[1][keep]], pairs[0][keep]] = 1.0
    return [lem.categories[i] for i in top], [int(df[i]) for i in top], X


def _ward_sqrt_jaccard(X: np.ndarray, w: np.ndarray | None = None) -> np.ndarray:
    """Ward linkage of the rows of the 0/1 matrix `X` on √(weighted Jaccard distance) (elements weighted by `w`)."""
    w = np.ones(X.shape[1]) if w is None else w
    co = (X * w) @ X.T
    df = np.diag(co)
    union = df[:, None] + df[None, :] - co
    d = 1.0 - np.divide(co, union, out=np.ones_like(co), where=union > 0)
    np.fill_diagonal(d, 0.0)
    from scipy.spatial.distance import squareform
    return hierarchy.linkage(squareform(np.sqrt(np.clip(d, 0.0, 1.0)), checks=False), method="ward")


def cluster_terms(tokens: pd.DataFrame, *, n_terms: int = 40, k: int = 6) -> tuple[pd.DataFrame, np.ndarray, list[str]]:
    """Ward clustering of the `n_terms` terms used in the most plan elements, on √(Jaccard distance) of their element
    sets (Euclidean, module docstring). Returns (term, nodes, cluster) with `k` clusters, the linkage matrix and the
    leaf labels.

    Examples
    --------
    >>> t = pd.DataFrame({"node_id": ["a", "a", "b", "b", "c", "c", "d"], "lemma": ["x", "y", "x", "y", "z", "w", "z"]})
    >>> table, Z, labels = cluster_terms(t, k=2)
    >>> table.groupby("cluster").term.apply(sorted).tolist()
    [['x', 'y'], ['w', 'z']]
    """
    terms, df, X = _term_incidence(tokens, n_terms)
    if len(terms) < 3:
        return pd.DataFrame(columns=["term", "nodes", "cluster"]), np.zeros((0, 4)), terms
    Z = _ward_sqrt_jaccard(X)
    labels = hierarchy.fcluster(Z, t=min(k, len(terms)), criterion="maxclust")
    return pd.DataFrame({"term": terms, "nodes": df, "cluster": labels}), Z, terms


def _best_jaccard(original: np.ndarray, other: np.ndarray, present: np.ndarray) -> np.ndarray:
    """For each cluster of `original` (labels), the highest Jaccard similarity with a cluster of `other`, over the
    objects in `present` (NaN for a cluster with no object present).

    >>> _best_jaccard(np.array([1, 1, 2, 2]), np.array([1, 2, 2, 2]), np.ones(4, bool)).round(3).tolist()
    [0.5, 0.667]
    """
    ua, ia = np.unique(original, return_inverse=True)
    ub, ib = np.unique(other, return_inverse=True)
    A = np.zeros((len(original), len(ua)))
    A[np.arange(len(original)), ia] = 1.0
    B = np.zeros((len(other), len(ub)))
    B[np.arange(len(other)), ib] = 1.0
    A, B = A[present], B[present]
    inter = A.T @ B
    union = A.sum(axis=0)[:, None] + B.sum(axis=0)[None, :] - inter
    with np.errstate(invalid="ignore", divide="ignore"):
        best = np.where(union > 0, inter / np.where(union > 0, union, 1.0), 0.0).max(axis=1)
    return np.where(A.sum(axis=0) > 0, best, np.nan)


def _stability_rows(labels: np.ndarray, sims: np.ndarray, draws: int, **extra) -> list[dict]:
    rows = []
    for j, c in enumerate(np.unique(labels)):
        col = sims[:, j][~np.isnan(sims[:, j])]
        rows.append({**extra, "cluster": int(c), "size": int((labels == c).sum()),
                     "stability": round(float(col.mean()), 4) if len(col) else float("nan"),
                     "stability_low": round(float(np.quantile(col, 0.05)), 4) if len(col) else float("nan"),
                     "dissolved": round(float((col <= 0.5).mean()), 4) if len(col) else float("nan"),
                     "draws": int(draws)})
    return rows


def term_cluster_stability(tokens: pd.DataFrame, *, n_terms: int = 40, k: int = 6, draws: int = 200,
                           seed: int = SEED) -> list[dict]:
    """Hennig's clusterwise stability of `cluster_terms`: the city's elements resampled with replacement `draws`
    times, the same terms reclustered with the same `k`.

    Returns
    -------
    list of dict
        Per cluster: size, ``stability`` (mean best Jaccard), ``stability_low`` (its 5 % quantile), ``dissolved``
        (share of resamples where the best Jaccard is at most 0.5), draws.

    Examples
    --------
    >>> t = pd.DataFrame({"node_id": list("aabbccddee"), "lemma": list("xyxyxyzwzw")})
    >>> [r["stability"] for r in term_cluster_stability(t, k=2, draws=20)]
    [1.0, 1.0]
    """
    terms, _, X = _term_incidence(tokens, n_terms)
    if len(terms) < 3:
        return []
    k = min(k, len(terms))
    labels = hierarchy.fcluster(_ward_sqrt_jaccard(X), t=k, criterion="maxclust")
    gen = np.random.default_rng(seed)
    n = X.shape[1]
    sims = np.array([_best_jaccard(labels, hierarchy.fcluster(
        _ward_sqrt_jaccard(X, np.bincount(gen.integers(0, n, n), minlength=n).astype(float)), t=k,
        criterion="maxclust"), np.ones(len(terms), dtype=bool)) for _ in range(draws)])
    return _stability_rows(labels, sims, draws)


def node_cluster_stability(X: np.ndarray, labels: np.ndarray, *, k: int, draws: int = 200,
                           seed: int = SEED) -> list[dict]:
    """Hennig's clusterwise stability of a Ward clustering of the rows of `X`: rows resampled with replacement,
    the distinct rows drawn reclustered with `k` clusters, each original cluster compared on the rows drawn.

    Examples
    --------
    >>> X = np.array([[0, 0], [0, 0.1], [0.1, 0], [5, 5], [5, 5.1], [5.1, 5]])
    >>> labels = hierarchy.fcluster(hierarchy.linkage(X, method="ward"), t=2, criterion="maxclust")
    >>> [r["stability"] for r in node_cluster_stability(X, labels, k=2, draws=20)]
    [1.0, 1.0]
    """
    gen = np.random.default_rng(seed)
    n = len(X)
    sims = []
    for _ in range(draws):
        idx = np.unique(gen.integers(0, n, n))
        if len(idx) <= k:
            continue
        lab = np.zeros(n, dtype=int)
        lab[idx] = hierarchy.fcluster(hierarchy.linkage(X[idx], method="ward"), t=k, criterion="maxclust")
        present = np.zeros(n, dtype=bool)
        present[idx] = True
        sims.append(_best_jaccard(labels, lab, present))
    return _stability_rows(labels, np.array(sims), len(sims))


def _node_vectors(nodes: pd.DataFrame, tokens: pd.DataFrame, level: str):
    from sklearn.feature_extraction.text import TfidfVectorizer

    from compare.analysis.themes import descendants

    sel = nodes[nodes.level == level]
    content = tokens[tokens.content.to_numpy(dtype=bool) & tokens.counted.to_numpy(dtype=bool)]   # first listings
    own = pd.DataFrame({"n": content.node_id.astype(str).to_numpy(), "w": content.lemma.astype(str).to_numpy()}) \
        .groupby("n").w.apply(list).to_dict()
    desc = descendants(nodes)
    docs = [own.get(n, []) + [w for d in desc[n] for w in own.get(d, [])] for n in sel.node_id]
    if len(sel) < 3 or not any(docs):
        return sel, np.zeros((len(sel), 0))
    return sel, TfidfVectorizer(analyzer=lambda d: d, sublinear_tf=True, norm="l2").fit_transform(docs).toarray()


def cluster_nodes(nodes: pd.DataFrame, tokens: pd.DataFrame, *, level: str = "policy", k: int = 10):
    """Ward clustering of every city's `level` nodes (each with its descendants' text, first listings only) on unit
    TF-IDF vectors.

    Which policies of different cities fall together; unlike a pairwise comparison, the result depends on every
    city in the registry (by definition). Returns (node table with cluster, linkage matrix, node ids, vectors).
    """
    sel, X = _node_vectors(nodes, tokens, level)
    if len(sel) < 3 or not X.shape[1]:
        return (pd.DataFrame(columns=["node_id", "city", "part", "label", "title", "cluster"]), np.zeros((0, 4)),
                list(sel.node_id), X)
    Z = hierarchy.linkage(X, method="ward")
    labels = hierarchy.fcluster(Z, t=min(k, len(sel)), criterion="maxclust")
    out = sel[["node_id", "city", "part", "label", "title"]].assign(cluster=labels).reset_index(drop=True)
    return out, Z, list(sel.node_id), X


def ca_bootstrap(elements: pd.DataFrame, ca: CAResult, *, draws: int = 200, seed: int = SEED) -> pd.DataFrame:
    """Greenacre's partial bootstrap of a correspondence analysis: the elements of every column resampled with
    replacement, each replicate's row and column profiles projected onto the original axes (as supplementary
    points), a 95 % percentile interval per point and axis.

    Parameters
    ----------
    elements : pandas.DataFrame
        One row per (element, row label, column label) with the ``count`` the element adds to that cell; an element
        belongs to one column, which is its resampling stratum.
    ca : CAResult
        The analysis of the table these elements sum to.
    draws : int
    seed : int

    Returns
    -------
    pandas.DataFrame
        kind, label, and per axis k ``dimK_low`` / ``dimK_high``; active points only.

    Examples
    --------
    >>> e = pd.DataFrame({"element": ["a1", "a2", "b1", "b2", "c1", "c2"], "row": ["x", "y", "x", "y", "y", "z"],
    ...                   "column": ["A", "A", "B", "B", "C", "C"], "count": [5, 1, 1, 5, 2, 6]})
    >>> ca = correspondence(e.pivot_table(index="row", columns="column", values="count", aggfunc="sum",
    ...                                   fill_value=0))
    >>> boot = ca_bootstrap(e, ca, draws=50)
    >>> list(boot.columns), len(boot)
    (['kind', 'label', 'dim1_low', 'dim1_high', 'dim2_low', 'dim2_high'], 6)
    """
    rows_act = ca.rows[~ca.rows.supplementary]
    cols_act = ca.columns[~ca.columns.supplementary]
    dims = [c for c in rows_act.columns if c.startswith("dim")]
    eig = ca.inertia.eigenvalue.to_numpy()[: len(dims)]
    F, G = rows_act[dims].to_numpy(), cols_act[dims].to_numpy()
    Phi, Gam = F / np.sqrt(eig), G / np.sqrt(eig)              # standard coordinates
    r_ix = {lab: i for i, lab in enumerate(rows_act.index)}
    c_ix = {lab: i for i, lab in enumerate(cols_act.index)}
    e = elements[elements["row"].isin(r_ix) & elements["column"].isin(c_ix)]
    el = str_categorical(e.element)
    W = np.zeros((len(el.categories), len(r_ix), len(c_ix)))
    np.add.at(W, (np.asarray(el.codes), e["row"].map(r_ix).to_numpy(), e["column"].map(c_ix).to_numpy()),
              e["count"].to_numpy(dtype=float))
    col_of = W.sum(axis=1).argmax(axis=1)                      # each element's column
    strata = [np.flatnonzero(col_of == j) for j in range(len(c_ix))]
    gen = np.random.default_rng(seed)
    fr, gc = [], []
    for _ in range(draws):
        w = np.zeros(len(el.categories))
        for idx in strata:
            if len(idx):
                w[idx] += np.bincount(gen.integers(0, len(idx), len(idx)), minlength=len(idx))
        N = np.tensordot(w, W, axes=1)                          # replicate table rows × columns
        with np.errstate(invalid="ignore", divide="ignore"):
            rp = N / N.sum(axis=1, keepdims=True)
            cp = N / N.sum(axis=0, keepdims=True)
        fr.append(rp @ Gam)
        gc.append(cp.T @ Phi)
    out = []
    for kind, labels, reps in (("row", list(r_ix), np.array(fr)), ("column", list(c_ix), np.array(gc))):
        lo = np.nanquantile(reps, 0.025, axis=0)
        hi = np.nanquantile(reps, 0.975, axis=0)
        for i, lab in enumerate(labels):
            rec = {"kind": kind, "label": lab}
            for j, d in enumerate(dims):
                rec[f"{d}_low"], rec[f"{d}_high"] = round(float(lo[i, j]), 6), round(float(hi[i, j]), 6)
            out.append(rec)
    return pd.DataFrame(out)


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
    # one row per (element, row, column, count) for each analysis: the units its partial bootstrap resamples
    by_element = w.assign(element=whole.node_id.astype(str).to_numpy())
    term_el = (by_element[by_element.lemma.isin(counts.index)].groupby(["element", "lemma", "city"]).size()
               .rename("count").reset_index().rename(columns={"lemma": "row", "city": "column"}))
    results, element_tables = [], {}
    if counts.shape[1] >= 2 and len(counts) >= 3:
        ca = correspondence(counts, n_components=config.ca_dimensions, supplementary_columns=sup, seed=config.seed)
        results.append(("terms-cities", ca))
        element_tables["terms-cities"] = term_el
    th = themes_cov[themes_cov.view == "whole"].pivot(index="theme_id", columns="city", values="hits")
    th = th.reindex(columns=cities).fillna(0)
    if th.shape[1] >= 2:
        from compare.analysis.themes import _hits

        codebook = inputs["codebook.csv"]
        labels = dict(zip(codebook.theme_id, codebook.label_ja))
        th.index = [f"{t} {labels.get(t, '')}" for t in th.index]
        results.append(("themes-cities", correspondence(th, n_components=config.ca_dimensions, seed=config.seed)))
        hits = _hits(whole.assign(node_id=whole.node_id.astype(str), lemma=whole.lemma.astype(str)), codebook)
        element_tables["themes-cities"] = pd.DataFrame({
            "element": hits.node_id, "row": [f"{t} {labels.get(t, '')}" for t in hits.theme_id],
            "column": hits.city, "count": hits.n})
    parts = (w.assign(col=w.city + " " + w.part).groupby(["lemma", "col"]).size().unstack("col", fill_value=0)
             if len(cities) <= config.max_joint_cities else pd.DataFrame())
    parts.columns.name = None
    parts = parts.loc[parts.index.isin(counts.index)]
    if parts.shape[1] >= 3:
        results.append(("terms-parts", correspondence(parts, n_components=config.ca_dimensions, seed=config.seed)))
        element_tables["terms-parts"] = (
            by_element[by_element.lemma.isin(parts.index)].assign(column=lambda d: d.city + " " + d.part)
            .groupby(["element", "lemma", "column"]).size().rename("count").reset_index()
            .rename(columns={"lemma": "row"}))
    coords = pd.concat([ca.long(name) for name, ca in results], ignore_index=True) if results else pd.DataFrame()
    inertia = pd.concat([ca.inertia.assign(analysis=name) for name, ca in results], ignore_index=True) \
        if results else pd.DataFrame()
    boots = [ca_bootstrap(element_tables[name], ca, draws=config.bootstrap_draws, seed=config.seed)
             .assign(analysis=name, draws=config.bootstrap_draws) for name, ca in results]
    boot = (pd.concat(boots, ignore_index=True)[list(BOOTSTRAP_COLUMNS)] if boots
            else pd.DataFrame(columns=list(BOOTSTRAP_COLUMNS)))
    term_clusters, term_links, stability = [], [], []
    rows_of = pd.Series(np.arange(len(whole))).groupby(whole.city.astype(str).to_numpy()).apply(list).to_dict()
    for c in cities:
        t_c = whole.iloc[rows_of.get(c, [])]
        table, Z, labels = cluster_terms(t_c, n_terms=config.cluster_terms, k=config.cluster_k)
        term_clusters.append(table.assign(city=c))
        term_links.append(linkage_table(Z, labels).assign(city=c))
        stability += [dict(analysis="terms", city=c, **r) for r in term_cluster_stability(
            t_c, n_terms=config.cluster_terms, k=config.cluster_k, draws=config.bootstrap_draws, seed=config.seed)]
    if len(cities) <= config.max_joint_cities:
        node_table, Z, ids, X = cluster_nodes(nodes, tokens, k=config.node_clusters)
        if len(node_table):
            stability += [dict(analysis="policies", city="all", **r) for r in node_cluster_stability(
                X, node_table.cluster.to_numpy(), k=min(config.node_clusters, len(node_table)),
                draws=config.bootstrap_draws, seed=config.seed)]
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
        "correspondence_bootstrap.csv": boot,
        "cluster_stability.csv": pd.DataFrame(stability, columns=list(STABILITY_COLUMNS)),
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
