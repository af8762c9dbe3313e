"""Correspondence analysis checked against Greenacre's formulas; clustering and co-occurrence differences."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from compare.analysis.cooccurrence import documents, edge_table
from compare.analysis.multivariate import cluster_terms, correspondence, linkage_matrix, linkage_table
from compare.io import datasets as ds


def _greenacre(N: np.ndarray):
    """Principal coordinates and inertias straight from the SVD of standardized residuals (Greenacre 2017, ch. 4)."""
    P = N / N.sum()
    r, c = P.sum(axis=1), P.sum(axis=0)
    S = (P - np.outer(r, c)) / np.sqrt(np.outer(r, c))
    U, s, Vt = np.linalg.svd(S, full_matrices=False)
    F = (U * s) / np.sqrt(r)[:, None]
    G = (Vt.T * s) / np.sqrt(c)[:, None]
    return F, G, s ** 2, (S ** 2).sum()


def test_correspondence_matches_the_svd_formulas():
    rng = np.random.default_rng(3)
    N = rng.integers(1, 40, size=(12, 4)).astype(float)
    table = pd.DataFrame(N, index=[f"t{i}" for i in range(12)], columns=list("abcd"))
    ca = correspondence(table, n_components=2)
    F, G, eig, total = _greenacre(N)
    for k in range(2):
        sign = np.sign(ca.columns[f"dim{k + 1}"].to_numpy() @ G[:, k])
        assert np.allclose(ca.rows[f"dim{k + 1}"], sign * F[:, k], atol=1e-8)
        assert np.allclose(ca.columns[f"dim{k + 1}"], sign * G[:, k], atol=1e-8)
    assert np.allclose(ca.inertia.eigenvalue, eig[:2]) and ca.inertia.total_inertia.iloc[0] == pytest.approx(total)
    # contributions of the active rows to an axis sum to one; mass-weighted squared coordinates give the eigenvalue
    assert np.allclose(ca.rows[["contrib1", "contrib2"]].sum(), 1.0)
    assert (ca.rows.mass * ca.rows.dim1 ** 2).sum() == pytest.approx(eig[0])


def test_cos2_is_measured_against_the_full_space():
    """cos² = coordinate² over the point's squared χ² distance to the centroid in all dimensions (Greenacre 2017):
    with every dimension kept they sum to one; with fewer, to the share of the point's inertia the map shows."""
    rng = np.random.default_rng(5)
    N = rng.integers(1, 40, size=(12, 5)).astype(float)
    table = pd.DataFrame(N, index=[f"t{i}" for i in range(12)], columns=list("abcde"))
    full, two = correspondence(table, n_components=4), correspondence(table, n_components=2)
    assert np.allclose(full.rows.filter(like="cos2").sum(axis=1), 1.0)
    assert np.allclose(full.columns.filter(like="cos2").sum(axis=1), 1.0)
    shown = two.rows.cos2_1 + two.rows.cos2_2
    assert (shown <= 1 + 1e-9).all() and shown.min() < 0.9          # not 1.000 for every point
    P = N / N.sum()
    c = P.sum(axis=0)
    d2 = (((N / N.sum(axis=1, keepdims=True)) - c) ** 2 / c).sum(axis=1)
    assert np.allclose(two.rows.cos2_1, two.rows.dim1 ** 2 / d2)
    committed = ds.read("correspondence_coordinates.csv")
    exact = ds.read("correspondence_inertia.csv").groupby("analysis").cumulative.max() > 0.9999
    for analysis, pts in committed[~committed.supplementary].groupby("analysis"):
        shown = pts.cos2_1 + pts.cos2_2                # a map that is the whole table shows all of every point
        assert np.allclose(shown, 1.0) if exact[analysis] else shown.median() < 0.999, analysis


def test_supplementary_points_are_projected_not_fitted():
    t = pd.DataFrame({"a": [10, 1, 1], "b": [1, 10, 1], "c": [1, 1, 10]}, index=list("xyz"))
    ca = correspondence(t, supplementary_columns=pd.DataFrame({"a2": [10, 1, 1]}, index=list("xyz")))
    cols = ca.columns
    assert bool(cols.loc["a2", "supplementary"]) and np.allclose(cols.loc["a2", ["dim1", "dim2"]].to_numpy(dtype=float),
                                                                 cols.loc["a", ["dim1", "dim2"]].to_numpy(dtype=float))
    ca0 = correspondence(t)
    assert np.allclose(ca0.inertia.eigenvalue, ca.inertia.eigenvalue)


def test_processed_ca_tables_reproduce_the_figure(registry):
    inertia = ds.read("correspondence_inertia.csv")
    coords = ds.read("correspondence_coordinates.csv")
    tc = inertia[inertia.analysis == "terms-cities"]
    assert tc.share.sum() <= 1 + 1e-9 and (tc.share.diff().dropna() <= 0).all()
    cols = coords[(coords.analysis == "terms-cities") & (coords.kind == "column") & ~coords.supplementary]
    assert set(cols.label) == set(registry.ids)


def test_linkage_round_trip_and_term_clusters():
    t = ds.load_tokens()
    t = t[t.counted & t.content & (t.city.astype(str) == "sendai")]
    table, Z, labels = cluster_terms(t, n_terms=20, k=4)
    assert len(table) == 20 and table.cluster.nunique() == 4
    assert np.allclose(linkage_matrix(linkage_table(Z, labels), labels), Z)
    assert ds.read("cluster_nodes.csv").city.nunique() == len(set(ds.load_nodes().city))


def test_edge_table_counts_shared_edges():
    edges = ds.read("cooccurrence_edges.csv")
    graphs = {c: ds.load_graph(f"cooccurrence-{c}") for c in edges.city.unique()}
    again = edge_table(graphs)
    assert (again.shared_by.to_numpy() == edges.shared_by.to_numpy()).all()
    assert (edges.unique == (edges.shared_by == 1)).all()


def test_documents_collapse_identical_elements():
    t = pd.DataFrame({"city": ["a"] * 4, "node_id": ["n1", "n1", "n2", "n2"], "lemma": ["x", "y", "y", "x"]})
    docs, terms = documents(t)
    assert docs == {"a": [frozenset({"x", "y"})]} and terms == ["x", "y"]


def test_ward_runs_on_a_euclidean_distance():
    """√(Jaccard distance) is Euclidean (Gower & Legendre 1986): the double-centred matrix −½ J D² J has no negative
    eigenvalue, where the Jaccard distance itself has."""
    from compare.analysis.multivariate import _term_incidence

    t = ds.load_tokens()
    raw = []
    for city in t.city.astype(str).unique():
        _, _, X = _term_incidence(t[t.counted & t.content & (t.city.astype(str) == city)], 40)
        co = X @ X.T
        df = np.diag(co)
        d = 1 - co / (df[:, None] + df[None, :] - co)
        J = np.eye(len(d)) - 1 / len(d)

        def smallest(D):
            return np.linalg.eigvalsh(-0.5 * J @ (D ** 2) @ J).min()

        assert smallest(np.sqrt(d)) > -1e-9
        raw.append(smallest(d))
    assert min(raw) < -1e-3                  # the Jaccard distance itself is not Euclidean for some city


def test_cluster_stability_table():
    stab = ds.read("cluster_stability.csv")
    assert set(stab.analysis) == {"terms", "policies"}
    assert stab.stability.between(0, 1).all() and (stab.stability_low <= stab.stability).all()
    clusters = ds.read("cluster_terms.csv")
    sizes = clusters.groupby(["city", "cluster"]).size()
    got = stab[stab.analysis == "terms"].set_index(["city", "cluster"])["size"]
    assert (got.sort_index() == sizes.sort_index()).all()


def test_policy_clusters_read_first_listings_only():
    """A re-listed programme adds nothing to the text of the policy that re-lists it."""
    from compare.analysis.multivariate import _node_vectors

    nodes, tokens = ds.load_nodes(), ds.load_tokens()
    once = tokens.assign(counted=True)
    sel, X = _node_vectors(nodes, tokens, "policy")
    _, Y = _node_vectors(nodes, once, "policy")
    relisted = set(tokens.node_id[~tokens.counted].astype(str))
    if relisted:
        assert X.shape != Y.shape or not np.allclose(X, Y)


def test_partial_bootstrap_intervals_cover_the_point():
    boot, coords = ds.read("correspondence_bootstrap.csv"), ds.read("correspondence_coordinates.csv")
    m = boot.merge(coords, on=["analysis", "kind", "label"])
    assert len(m) == len(boot) and (m.dim1_low <= m.dim1_high).all()
    cols = m[m.kind == "column"]
    assert ((cols.dim1_low <= cols.dim1) & (cols.dim1 <= cols.dim1_high)).mean() >= 0.8
