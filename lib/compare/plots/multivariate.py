"""Figures of the multivariate analyses: correspondence-analysis biplots, dendrograms, network differences."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from scipy.cluster import hierarchy

from compare.analysis.multivariate import linkage_matrix
from compare.plots.graph import component_layout, place_labels
from compare.plots.style import GROUP_COLOURS, JP_FONT, OKABE_ITO, CityStyle, plt

__all__ = ["plot_ca_biplot", "plot_term_dendrograms", "plot_node_dendrogram", "plot_cooccurrence_difference"]


def plot_ca_biplot(coords: pd.DataFrame, inertia: pd.DataFrame, style: CityStyle, *, analysis: str, title: str,
                   label_rows: int = 35, column_city=None, column_kind: str = "city", row_kind: str = "terms"):
    """Symmetric biplot (principal coordinates of rows and columns, equal axis scales): columns large, coloured and
    marked by city, rows small; the `label_rows` rows contributing most to the two axes are labelled, without
    overlaps; supplementary points hollow.

    `column_city(label)` maps a column label to a city id for its colour (default: the label itself)."""
    c = coords[coords.analysis == analysis]
    inn = inertia[inertia.analysis == analysis].set_index("dimension")
    rows, cols = c[c.kind == "row"], c[c.kind == "column"]
    fig, ax = plt.subplots(figsize=(10, 8.5))
    ax.axhline(0, color="#cccccc", lw=0.8, zorder=0)
    ax.axvline(0, color="#cccccc", lw=0.8, zorder=0)
    active = rows[~rows.supplementary]
    ax.scatter(active.dim1, active.dim2, s=14, color="#8a8a8a", zorder=2)
    city_of = column_city or (lambda lab: lab)
    pos, sizes, labels = {}, {}, {}
    for r in cols.sort_values("supplementary", ascending=False).itertuples():
        city = city_of(r.label)
        colour = style.colour(city) if city in style.ids else OKABE_ITO[0]
        ax.scatter([r.dim1], [r.dim2], s=110 if r.supplementary else 170, marker=style.marker(city) if city in style.ids
                   else "s", facecolors="white" if r.supplementary else colour, edgecolors=colour, linewidths=2,
                   zorder=4 if r.supplementary else 5)
        key = ("col", r.label)
        pos[key], sizes[key] = (r.dim1, r.dim2), 170
        labels[key] = (style.short(city) + r.label[len(city):]) if city in style.ids else r.label
    contrib = active.contrib1.fillna(0) + active.contrib2.fillna(0)
    top = active.loc[contrib.sort_values(ascending=False).index[:label_rows]]
    for r in active.itertuples():
        pos[("row", r.label)], sizes[("row", r.label)] = (r.dim1, r.dim2), 14
    for r in top.itertuples():
        labels[("row", r.label)] = r.label
    ax.set_aspect("equal", adjustable="box")
    xs, ys = np.array([p[0] for p in pos.values()]), np.array([p[1] for p in pos.values()])
    pad = max(xs.max() - xs.min(), ys.max() - ys.min()) * 0.12 + 0.05
    ax.set_xlim(xs.min() - pad, xs.max() + pad)
    ax.set_ylim(ys.min() - pad, ys.max() + pad)
    ax.set_xlabel(f"dimension 1 ({inn.loc[1, 'share']:.1%} of inertia)")
    ax.set_ylabel(f"dimension 2 ({inn.loc[2, 'share']:.1%} of inertia)" if 2 in inn.index else "dimension 2")
    shown = style.order({city_of(lab) for lab in cols.label if city_of(lab) in style.ids})
    handles = [Line2D([], [], ls="", marker="o", color="#8a8a8a", markersize=5, label=f"{row_kind} (rows)")]
    handles += [Line2D([], [], ls="", marker=style.marker(cid), markerfacecolor=style.colour(cid),
                       markeredgecolor=style.colour(cid), markersize=9, label=f"{style.short(cid)} ({column_kind})")
                for cid in shown]
    if cols.supplementary.any():
        handles.append(Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor="#555555",
                              markersize=9, label="hollow: supplementary (projected)"))
    ax.legend(handles=handles, loc="best", frameon=True, fontsize=8, framealpha=0.9)
    what = f"the {len(top)} {row_kind} contributing most" if len(top) < len(active) else f"all {len(active)} {row_kind}"
    ax.set_title(f"{title}\nlabelled: {what} to the two axes", fontsize=11)
    fig.tight_layout()
    place_labels(ax, pos, {k: v for k, v in labels.items()}, sizes, fontsize=8,
                 order=[k for k in labels if k[0] == "col"] + [("row", r.label) for r in top.itertuples()])
    return fig


def _dendrogram(ax, Z, labels, colours=None, k: int | None = None, fontsize: float = 8):
    hierarchy.set_link_color_palette(list(GROUP_COLOURS[:8]))      # cluster colours, never the city colours
    threshold = Z[-(k - 1), 2] if k and 1 < k <= len(Z) else 0
    d = hierarchy.dendrogram(Z, labels=labels, orientation="right", ax=ax, color_threshold=threshold,
                             above_threshold_color="#999999", leaf_font_size=fontsize)
    for lbl in ax.get_yticklabels():
        lbl.set_fontfamily(JP_FONT)
        if colours:
            lbl.set_color(colours.get(lbl.get_text(), "#222222"))
    for side in ("top", "right", "left"):
        ax.spines[side].set_visible(False)
    return d


def plot_term_dendrograms(clusters: pd.DataFrame, linkage: pd.DataFrame, style: CityStyle, *, k: int = 6,
                          ncols: int = 3):
    """One dendrogram per city of its most frequent terms (Ward on Jaccard distance), coloured at `k` clusters."""
    cities = style.order(clusters.city.unique())
    ncols = min(ncols, len(cities))
    nrows = math.ceil(len(cities) / ncols)
    n_leaves = max(clusters.groupby("city").size())
    fig, axes = plt.subplots(nrows, ncols, figsize=(5.2 * ncols, 0.2 * n_leaves * nrows + 1.8), squeeze=False,
                             sharex=True)
    for ax, city in zip(axes.ravel(), cities):
        t = clusters[clusters.city == city]
        L = linkage[linkage.city == city]
        ax.set_title(style.label(city), color=style.colour(city), fontsize=11)
        if len(L):
            _dendrogram(ax, linkage_matrix(L, list(t.term)), [f"{w} ({n})" for w, n in zip(t.term, t.nodes)], k=k)
            ax.set_xlabel("Ward distance (Jaccard of plan elements)")
    for ax in axes.ravel()[len(cities):]:
        ax.axis("off")
    for ax in axes.ravel()[:len(cities)]:
        ax.tick_params(axis="x", labelbottom=True)
    fig.suptitle(f"語の階層的クラスター分析 Term clusters of each plan (label: term (elements using it); branch colours: "
                 f"{k} clusters; one distance axis for all panels)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def plot_node_dendrogram(clusters: pd.DataFrame, linkage: pd.DataFrame, style: CityStyle, *, k: int = 10,
                         title_chars: int = 22):
    """Policies of every city in one dendrogram (Ward on TF-IDF): leaf labels coloured by city."""
    labels = [f"{style.short(c)} {n.split('.', 1)[1]} {t if len(t) <= title_chars else t[:title_chars - 1] + '…'}"
              for n, c, t in zip(clusters.node_id, clusters.city, clusters.title)]
    colours = {lab: style.colour(c) for lab, c in zip(labels, clusters.city)}
    fig, ax = plt.subplots(figsize=(10, 0.22 * len(labels) + 1.6))
    _dendrogram(ax, linkage_matrix(linkage, list(clusters.node_id)), labels, colours, k=k, fontsize=8)
    ax.set_xlabel("Ward distance (TF-IDF of each policy with its programmes / actions)")
    handles = [Line2D([], [], ls="", marker="s", color=style.colour(c), label=style.label(c))
               for c in style.order(clusters.city.unique())]
    ax.legend(handles=handles, loc="upper right", frameon=True, framealpha=0.95, fontsize=8,
              title="label colour = city; branch colours = clusters")
    ax.set_title("施策のクラスター Policies of every plan clustered by their text (full titles in the table)", fontsize=11)
    fig.tight_layout()
    return fig


def plot_cooccurrence_difference(graphs: dict[str, nx.Graph], diffs: pd.DataFrame, style: CityStyle, a: str, b: str,
                                 *, seed: int = 7):
    """The two cities' networks overlaid: an edge in both (grey), only in one (that city's colour); thick where the
    permutation test finds the Jaccard weights differ (q < 0.05), dashed where they do not."""
    d = diffs[(diffs.city_a == a) & (diffs.city_b == b)]
    U = nx.Graph()
    for r in d.itertuples():
        U.add_edge(r.term_a, r.term_b, jaccard=max(r.jaccard_a, r.jaccard_b))
    fig, ax = plt.subplots(figsize=(11, 9))
    ax.axis("off")
    if not U:
        return fig
    pos = component_layout(U, seed=seed, method="kamada")
    for r in d.itertuples():
        colour = "#777777" if r.in_a and r.in_b else style.colour(a) if r.in_a else style.colour(b)
        ax.plot([pos[r.term_a][0], pos[r.term_b][0]], [pos[r.term_a][1], pos[r.term_b][1]], color=colour,
                lw=3.2 if r.significant else 1.0, ls="-" if r.significant else (0, (3, 2)), alpha=0.85, zorder=1)
    ax.scatter([pos[n][0] for n in U], [pos[n][1] for n in U], s=40, color="#dddddd", edgecolors="#666666", zorder=3)
    xs, ys = np.array([p[0] for p in pos.values()]), np.array([p[1] for p in pos.values()])
    ax.set_xlim(xs.min() - 0.4, xs.max() + 0.4)
    ax.set_ylim(ys.min() - 0.25, ys.max() + 0.25)
    handles = [Line2D([], [], color="#777777", lw=2, label="in both networks"),
               Line2D([], [], color=style.colour(a), lw=2, label=f"only {style.short(a)}"),
               Line2D([], [], color=style.colour(b), lw=2, label=f"only {style.short(b)}"),
               Line2D([], [], color="#333333", lw=3.2, label="weights differ (permutation q < 0.05)"),
               Line2D([], [], color="#333333", lw=1, ls=(0, (3, 2)), label="no supported difference")]
    ax.legend(handles=handles, loc="lower left", frameon=True, fontsize=8, framealpha=0.9)
    n_sig = int(d.significant.sum())
    ax.set_title(f"共起ネットワークの差 {style.short(a)} × {style.short(b)}: {len(d)} links, {n_sig} with a supported "
                 f"difference in Jaccard weight ({int(d.draws.iloc[0]):,} permutations of plan elements)", fontsize=10)
    place_labels(ax, pos, {n: n for n in U}, {n: 40 for n in U}, fontsize=8)
    return fig
