"""Figures of the vocabulary comparison: over-used terms with effect sizes and intervals, shared vocabulary (UpSet),
co-occurrence networks."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd

from compare.core.settings import FIGURE_SEED
from compare.plots.graph import component_layout, draw_graph, key_values, place_labels, size_key, width_key
from compare.plots.style import GROUP_COLOURS, CityStyle, plt

__all__ = ["plot_keyness", "plot_overlap", "plot_cooccurrence", "top_terms"]


def top_terms(key: pd.DataFrame, top: int) -> pd.DataFrame:
    """The over-used terms of one comparison ranked by the element-level t, keeping every term tied with the last.

    Parameters
    ----------
    key : pandas.DataFrame
        Rows of ``keyness.csv`` for one comparison and target city; needs ``term``, ``rank`` (over-used terms are
        ranked by t; tied terms share a rank; 0 for under-used ones) and ``direction``.
    top : int
        How many terms to keep before ties are added.

    Returns
    -------
    pandas.DataFrame
        The over-used rows sorted by rank and term: the first `top`, and every further row tied with the last of
        them (empty when no term is over-used).

    Examples
    --------
    >>> key = pd.DataFrame({"term": ["子育て", "事業", "相談", "支援", "地域"], "rank": [1, 2, 2, 3, 0],
    ...                     "direction": ["over", "over", "over", "over", "under"]})
    >>> top_terms(key, 2).term.tolist()
    ['子育て', '事業', '相談']
    >>> top_terms(key.assign(direction="under"), 2).empty
    True
    """
    k = key[key.direction == "over"].sort_values(["rank", "term"])
    if k.empty:
        return k
    cut = k["rank"].iloc[min(top, len(k)) - 1]
    return k[k["rank"] <= cut]


def plot_keyness(key: pd.DataFrame, style: CityStyle, *, title: str, top: int = 12, ncols: int = 3):
    """Small multiples, one panel per target city, on one shared log-ratio axis: the most over-used terms with their
    effect sizes and intervals, filled where the term is distinctive.

    Each panel shows the `top` over-used terms by the element-level t (ties all drawn, marked ``(=n)``): a dot at the
    log₂ ratio of pooled rates, a line for its element-bootstrap 95 % interval, filled when the term is distinctive
    (q_element < 0.05) and hollow otherwise. Right of each row: q_element and in how many of the six tokenizer
    settings the term is distinctive. A panel without enough elements for a test says so instead.

    Parameters
    ----------
    key : pandas.DataFrame
        Rows of ``keyness.csv`` for one view and comparison, any number of target cities: ``city``, ``term``,
        ``rank``, ``direction``, ``log_ratio``, ``log_ratio_low``, ``log_ratio_high``, ``q_element``,
        ``distinctive``, ``robust_settings``, ``testable`` and ``nodes_target_total``.
    style : CityStyle
        City labels, colours and order of the panels.
    title : str
        First line of the figure title.
    top : int, default 12
        Terms drawn per panel, before ties (see `top_terms`).
    ncols : int, default 3
        Panels per row (at most the number of cities).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per target city (unused grid cells turned off).

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> key = pd.DataFrame({"city": ["sendai", "sendai", "sagamihara"], "term": ["子育て", "相談", "支援"],
    ...                     "rank": [1, 2, 1], "direction": ["over"] * 3, "log_ratio": [2.1, 0.9, 0.2],
    ...                     "log_ratio_low": [1.2, -0.1, -0.5], "log_ratio_high": [3.0, 1.8, 0.9],
    ...                     "q_element": [0.01, 0.3, 0.9], "distinctive": [True, False, False],
    ...                     "robust_settings": ["6/6", "0/6", "0/6"], "testable": [True, True, False],
    ...                     "nodes_target_total": [40, 40, 9]})
    >>> fig = plot_keyness(key, style, title="一対他 One city against the rest")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]      # bottom to top
    ['相談', '子育て']
    >>> fig.axes[1].texts[0].get_text().splitlines()
    ['too few elements for a test', '(9 elements)']
    >>> plt.close(fig)
    """
    targets = style.order(key.city.unique())
    ncols = min(ncols, len(targets))
    nrows = math.ceil(len(targets) / ncols)
    shown = {c: top_terms(key[(key.city == c) & key.testable], top) for c in targets}
    height = max([len(v) for v in shown.values()] + [3])
    drawn = pd.concat([v for v in shown.values() if len(v)] or [key.head(0)])
    lo = min([float(drawn.log_ratio_low.min()) if len(drawn) else -1.0, -1.0])
    hi = max([float(drawn.log_ratio_high.max()) if len(drawn) else 1.0, 1.0])
    pad = 0.08 * (hi - lo)
    fig, axes = plt.subplots(nrows, ncols, figsize=(4.9 * ncols, (0.3 * height + 1.5) * nrows), squeeze=False,
                             sharex=True)
    for ax, city in zip(axes.ravel(), targets):
        k = shown[city].iloc[::-1]
        sub = key[key.city == city]
        colour = style.colour(city)
        ax.set_title(style.label(city), color=colour, fontsize=11)
        ax.tick_params(axis="x", labelbottom=True)
        ax.set_xlabel("log2 ratio of rates (95 % element-bootstrap interval)", fontsize=8.5)
        ax.axvline(0, color="#999999", lw=0.8, zorder=0)
        if not sub.testable.any() or k.empty:
            n = int(sub.nodes_target_total.max()) if len(sub) else 0
            msg = (f"too few elements for a test\n({n} elements)" if not sub.testable.any()
                   else "no over-used term")
            ax.text(0.5, 0.5, msg, ha="center", va="center", transform=ax.transAxes, fontsize=9, color="#555555")
            ax.set_yticks([])
        else:
            y = np.arange(len(k))
            ax.hlines(y, k.log_ratio_low, k.log_ratio_high, color=colour, lw=1.6)
            filled = k.distinctive.to_numpy(dtype=bool)
            ax.scatter(k.log_ratio[filled], y[filled], s=34, color=colour, edgecolor=colour, zorder=3)
            ax.scatter(k.log_ratio[~filled], y[~filled], s=34, facecolor="white", edgecolor=colour, zorder=3)
            labels = [f"{t} (={r})" if (k["rank"] == r).sum() > 1 else t for t, r in zip(k.term, k["rank"])]
            ax.set_yticks(y, labels, fontsize=9)
            for yy, (q, rob) in enumerate(zip(k.q_element, k.robust_settings)):
                ax.text(1.01, yy, f"q {q:.2f}  {rob}", va="center", fontsize=7, color="#333333",
                        transform=ax.get_yaxis_transform())
            ax.text(1.01, 1.0, "BH q · settings\ndistinctive in", va="bottom", fontsize=6.5, color="#333333",
                    transform=ax.transAxes)          # the column's header: q, and in how many settings it holds
            if not filled.any():                     # say it: the terms shown are only the largest; none passes
                ax.set_title(f"{style.label(city)}\nno term reaches q < 0.05 · 有意な特徴語なし", color=colour,
                             fontsize=10)
        ax.set_ylim(-0.7, height - 0.3)
        ax.set_xlim(lo - pad, hi + pad)
        ax.tick_params(axis="y", length=0)
    for ax in axes.ravel()[len(targets):]:
        ax.axis("off")
    fig.suptitle(f"{title}\nfilled: distinctive (element-level Welch t, BH q < 0.05); hollow: not distinctive; "
                 "right: q and tokenizer settings in which the term is distinctive; (=n): tied rank", fontsize=9.5,
                 y=1.0)
    fig.tight_layout()
    return fig


def plot_overlap(ov: pd.DataFrame, style: CityStyle, *, title: str, max_sets: int = 15):
    """UpSet-style chart of shared vocabulary for any number of cities.

    Top: terms in each exact intersection (largest `max_sets`); bottom: which cities form it; left: each
    city's vocabulary size. For three cities it shows the seven regions of a Venn diagram.

    Parameters
    ----------
    ov : pandas.DataFrame
        Rows of ``vocab_overlap.csv`` for one view: ``region`` (city ids joined by ``+``), ``n_cities`` and
        ``n_terms`` (terms used by exactly these cities).
    style : CityStyle
        City names, colours and order.
    title : str
        First line of the title.
    max_sets : int, default 15
        Largest intersections drawn.

    Returns
    -------
    matplotlib.figure.Figure
        Three axes: intersection sizes (bars), city membership (dots), vocabulary size per city (bars).

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> ov = pd.DataFrame({"region": ["sendai+sagamihara", "sendai", "sagamihara"], "n_cities": [2, 1, 1],
    ...                    "n_terms": [35, 80, 10]})
    >>> fig = plot_overlap(ov, style, title="共有語彙 Shared vocabulary")
    >>> bars, dots, vocabulary = fig.axes
    >>> [t.get_text() for t in bars.texts], [int(p.get_width()) for p in vocabulary.patches]
    (['80', '35', '10'], [115, 45])
    >>> plt.close(fig)
    """
    ov = ov.sort_values(["n_terms", "n_cities", "region"], ascending=[False, False, True]).head(max_sets)
    cities = style.order({c for r in ov.region for c in r.split("+")})
    sizes = {c: int(ov.loc[ov.region.str.split("+").apply(lambda r: c in r), "n_terms"].sum()) for c in cities}
    fig = plt.figure(figsize=(max(7, 0.55 * len(ov) + 3), 3.2 + 0.35 * len(cities)))
    name_room = max(len(style.short(c)) for c in cities) * 0.16 + 0.35     # inches for the city names between
    width_ratios = [1.2, max(3, 0.45 * len(ov))]
    gs = fig.add_gridspec(2, 2, width_ratios=width_ratios, height_ratios=[3, 0.25 * len(cities) + 0.6],
                          wspace=name_room / (fig.get_figwidth() * 0.75 / 2), hspace=0.05)
    ax = fig.add_subplot(gs[0, 1])
    mx = fig.add_subplot(gs[1, 1], sharex=ax)
    sz = fig.add_subplot(gs[1, 0], sharey=mx)
    x = np.arange(len(ov))
    ax.bar(x, ov.n_terms, color=["#444444" if n == len(cities) else "#999999" for n in ov.n_cities])
    for i, n in enumerate(ov.n_terms):
        ax.text(i, n, str(n), ha="center", va="bottom", fontsize=8)
    ax.set_ylabel("terms in exactly\nthese cities")
    ax.tick_params(axis="x", bottom=False, labelbottom=False)
    ax.set_title(f"{title}\ndark bar: terms every city uses; dots below: the cities of each bar", fontsize=10)
    for j, city in enumerate(cities):
        on = [city in r.split("+") for r in ov.region]
        mx.scatter(x, [j] * len(x), s=70, color=[style.colour(city) if o else "#e3e3e3" for o in on], zorder=3)
    for i, r in enumerate(ov.region):
        ys = [cities.index(c) for c in r.split("+")]
        if len(ys) > 1:
            mx.plot([i, i], [min(ys), max(ys)], color="#666666", lw=1.2, zorder=2)
    mx.set_ylim(-0.6, len(cities) - 0.4)
    mx.set_xlim(-0.8, len(ov) - 0.2)
    mx.invert_yaxis()
    mx.tick_params(axis="x", bottom=False, labelbottom=False)
    mx.tick_params(axis="y", left=False, labelleft=False)
    for side in ("bottom", "left"):
        mx.spines[side].set_visible(False)
    sz.barh(range(len(cities)), [sizes[c] for c in cities], color=[style.colour(c) for c in cities])
    for i, c in enumerate(cities):                  # the set sizes as numbers, at the end of each bar
        sz.text(sizes[c], i, f"{sizes[c]:,} ", ha="right", va="center", fontsize=7, color="#333333")
    sz.invert_xaxis()
    sz.margins(x=0.35)
    sz.set_yticks(range(len(cities)), [style.label(c).replace(" ", "\n", 1) for c in cities], fontsize=8)
    sz.yaxis.tick_right()
    sz.tick_params(axis="y", length=0, pad=14)
    sz.set_xlabel("vocabulary\n(terms)", fontsize=8)
    for side in ("left", "top"):
        sz.spines[side].set_visible(False)
    return fig


def plot_cooccurrence(graphs: dict[str, nx.Graph], style: CityStyle, *, title: str, ncols: int = 3,
                      seed: int = FIGURE_SEED, mst_only: bool = False):
    """Each city's co-occurrence network on the same scales; labels never overlap.

    Size ∝ nodes using the term, width ∝ Jaccard, colour = community (seeded Louvain, stored in the graph).
    With `mst_only`, only the edges of the maximum spanning forest (edge attribute ``mst``: a tree for each
    connected part), KH Coder's minimum-spanning-tree view.

    Parameters
    ----------
    graphs : dict of str to networkx.Graph
        City id → co-occurrence graph (as from ``compare.io.datasets.load_graph("cooccurrence-<city>")``): node
        attributes ``df`` (plan elements using the term) and ``community`` (1, 2, …; 0 or missing = none), edge
        attributes ``jaccard`` and, for `mst_only`, ``mst``.
    style : CityStyle
        City labels, colours and order of the panels.
    title : str
        Figure title.
    ncols : int, default 3
        Panels per row (at most the number of cities).
    seed : int, default `compare.core.settings.FIGURE_SEED`
        Seed of the layouts (see `compare.plots.graph.component_layout`).
    mst_only : bool, default False
        Draw only the edges marked ``mst`` (and the nodes they join), laid out with Kamada–Kawai.

    Returns
    -------
    matplotlib.figure.Figure
        One axes per city (unused grid cells turned off), then one axes holding the size and width keys.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("地域", {"df": 86, "community": 1}), ("支援", {"df": 103, "community": 1}),
    ...                   ("相談", {"df": 40, "community": 2})])
    >>> G.add_edges_from([("地域", "支援", {"jaccard": 0.5, "mst": True}),
    ...                   ("支援", "相談", {"jaccard": 0.3, "mst": True}),
    ...                   ("地域", "相談", {"jaccard": 0.2, "mst": False})])
    >>> fig = plot_cooccurrence({"sendai": G}, style, title="共起ネットワーク")
    >>> len(fig.axes), fig.axes[0].get_title()
    (2, '仙台市 Sendai (3 terms, 3 links)')
    >>> from compare.plots.graph import label_overlaps
    >>> label_overlaps(fig)
    []
    >>> plt.close(fig)
    """
    if mst_only:
        graphs = {c: G.edge_subgraph([(u, v) for u, v, d in G.edges(data=True) if d.get("mst")]).copy()
                  for c, G in graphs.items()}
    cities = style.order(graphs)
    ncols = min(ncols, len(cities))
    nrows = math.ceil(len(cities) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.4 * ncols, 6.4 * nrows), squeeze=False)
    max_df = max((d for G in graphs.values() for _, d in G.nodes(data="df")), default=1)
    size_of = lambda v: 40 + 700 * v / max_df  # noqa: E731
    width_of = lambda w: 0.4 + 5 * w  # noqa: E731
    method = "kamada"          # even spacing: a dense core does not clump (trees spread better too)
    for ax, city in zip(axes.ravel(), cities):
        G = graphs[city]
        ax.set_title(f"{style.label(city)} ({G.number_of_nodes()} terms, {G.number_of_edges()} links)",
                     color=style.colour(city), fontsize=11)
        ax.axis("off")
        if not G:
            continue
        pos = component_layout(G, seed=seed, method=method)
        sizes = {n: size_of(G.nodes[n]["df"]) for n in G}
        comm = {n: int(G.nodes[n].get("community", 0)) for n in G}
        colours = [GROUP_COLOURS[(comm[n] - 1) % len(GROUP_COLOURS)] if comm[n] else "#999999" for n in G]
        draw_graph(ax, G, pos, sizes=sizes, colours=colours,
                   widths=[width_of(d["jaccard"]) for _, _, d in G.edges(data=True)])
        xs, ys = np.array([p[0] for p in pos.values()]), np.array([p[1] for p in pos.values()])
        ax.set_xlim(xs.min() - 0.45, xs.max() + 0.45)
        ax.set_ylim(ys.min() - 0.3, ys.max() + 0.3)
    for ax in axes.ravel()[len(cities):]:
        ax.axis("off")
    fig.suptitle(title, fontsize=11)
    fig.tight_layout(rect=(0, 0.1, 1, 0.97))
    key_ax = fig.add_axes((0.02, 0.01, 0.96, 0.08))
    key_ax.axis("off")
    vals = key_values([max((d for _, d in G.nodes(data="df")), default=1) for G in graphs.values() if G] or [max_df])
    size_key(key_ax, vals, size_of, "node size = plan elements using the term", loc="center left")
    width_key(key_ax, [0.2, 0.5, 1.0], width_of, "edge width = Jaccard", loc="center")
    key_ax.text(0.78, 0.5, "colour = community\n(Louvain, seeded; per city)", transform=key_ax.transAxes, fontsize=8,
                va="center")
    for ax, city in zip(axes.ravel(), cities):
        G = graphs[city]
        if G:
            pos = component_layout(G, seed=seed, method=method)
            place_labels(ax, pos, {n: n for n in G}, {n: size_of(G.nodes[n]["df"]) for n in G}, fontsize=8)
    return fig
