"""Figures of the multivariate analyses: correspondence-analysis biplots, dendrograms, network differences."""

from __future__ import annotations

import math

import numpy as np
import pandas as pd
from matplotlib.lines import Line2D
from scipy.cluster import hierarchy

from compare.analysis.multivariate import linkage_matrix
from compare.core.plan import PART_SHORT
from compare.plots.graph import place_labels
from compare.plots.style import GROUP_COLOURS, JP_FONT, OKABE_ITO, CityStyle, plt

__all__ = ["plot_ca_biplot", "plot_term_dendrograms", "plot_node_dendrogram", "plot_cooccurrence_difference"]


def plot_ca_biplot(coords: pd.DataFrame, inertia: pd.DataFrame, style: CityStyle, *, analysis: str, title: str,
                   label_rows: int = 35, column_city=None, column_kind: str = "city", row_kind: str = "terms"):
    """Symmetric biplot (principal coordinates of rows and columns, equal axis scales) of one analysis.

    Columns large, coloured and marked by city, rows small; the `label_rows` rows contributing most to the two
    axes are labelled, without overlaps; supplementary points hollow.

    `column_city(label)` maps a column label to a city id for its colour (default: the label itself).

    Parameters
    ----------
    coords : pandas.DataFrame
        Shaped like ``correspondence_coordinates.csv``: ``analysis``, ``kind`` (``"row"`` or ``"column"``),
        ``label``, ``supplementary`` (boolean), ``dim1``, ``dim2``, ``contrib1`` and ``contrib2``. Supplementary
        columns are drawn hollow; supplementary rows are not drawn.
    inertia : pandas.DataFrame
        Shaped like ``correspondence_inertia.csv``: ``analysis``, ``dimension`` (1, 2, …) and ``share``.
    style : CityStyle
        City names, colours and markers of the columns.
    analysis : str
        The analysis drawn (rows of `coords` and `inertia` with this ``analysis``).
    title : str
        First line of the title.
    label_rows : int, default 35
        Active rows labelled, by contribution to the two axes.
    column_city : callable, optional
        Column label → city id; a column whose city is not in `style` is drawn as a blue square under its own
        label. A column label is expected to start with its city id (the id is replaced by the Japanese name).
    column_kind : str, default "city"
        What the columns are, for the legend.
    row_kind : str, default "terms"
        What the rows are, for the legend and the title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with the biplot, its legend and the placed labels.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> coords = pd.DataFrame({
    ...     "analysis": "terms-cities", "kind": ["row"] * 4 + ["column"] * 2,
    ...     "label": ["子育て", "支援", "見守り", "再犯", "sendai", "sagamihara"], "supplementary": False,
    ...     "dim1": [0.5, 0.0, -0.4, -0.6, 0.3, -0.5], "dim2": [0.1, 0.3, 0.2, -0.3, 0.05, -0.1],
    ...     "contrib1": [0.3, 0.0, 0.2, 0.4, 0.5, 0.5], "contrib2": [0.1, 0.5, 0.1, 0.3, 0.5, 0.5]})
    >>> inertia = pd.DataFrame({"analysis": "terms-cities", "dimension": [1, 2], "share": [0.656, 0.344]})
    >>> fig = plot_ca_biplot(coords, inertia, style, analysis="terms-cities", title="対応分析", label_rows=2)
    >>> ax = fig.axes[0]
    >>> ax.get_title().splitlines()[1], ax.get_xlabel()
    ('labelled: the 2 terms contributing most to the two axes', 'dimension 1 (65.6% of inertia)')
    >>> [t.get_text() for t in ax.texts]               # the two columns first, then the two rows
    ['仙台市', '相模原市', '再犯', '支援']
    >>> plt.close(fig)
    """
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
        labels[key] = (style.short(city) + _part_words(r.label[len(city):])) if city in style.ids else r.label
    contrib = active.contrib1.fillna(0) + active.contrib2.fillna(0)
    top = active.loc[contrib.sort_values(ascending=False).index[:label_rows]]
    for r in active.itertuples():
        pos[("row", r.label)], sizes[("row", r.label)] = (r.dim1, r.dim2), 14
    at: dict = {}                      # labelled rows drawn at the same point share one label ("A, B")
    for r in top.itertuples():
        spot = (round(float(r.dim1), 6), round(float(r.dim2), 6))
        if spot in at:
            labels[at[spot]] += f", {r.label}"
        else:
            at[spot] = ("row", r.label)
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
                       markeredgecolor=style.colour(cid), markersize=9, label=f"{style.label(cid)} ({column_kind})")
                for cid in shown]
    if cols.supplementary.any():
        handles.append(Line2D([], [], ls="", marker="o", markerfacecolor="white", markeredgecolor="#555555",
                              markersize=9, label="hollow: supplementary (projected)"))
    # below the map, so that it never covers a point or a label
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.09), ncol=min(3, len(handles)),
              frameon=True, fontsize=8, framealpha=0.9)
    what = (f"the {len(top)} {row_kind} contributing most to the two axes" if len(top) < len(active)
            else f"all {len(active)} {row_kind}")
    ax.set_title(f"{title}\nlabelled: {what}", fontsize=11)
    fig.tight_layout()
    place_labels(ax, pos, {k: v for k, v in labels.items()}, sizes, fontsize=8,
                 order=[k for k in labels if k[0] == "col"] + [k for k in at.values()])
    return fig


def _part_words(rest: str) -> str:
    """' guardianship' → ' 成年後見 guardianship': a plan part named in a column label, in Japanese and English."""
    words = rest.split()
    if len(words) == 1 and words[0] in PART_SHORT:
        return f" {PART_SHORT[words[0]] or '本体'} {words[0]}"
    return rest


#: Branch colours of up to 13 clusters, none a city's: Tol's light scheme without its faint yellow and grey, then
#: his muted dark tones.
_CLUSTER_COLOURS = tuple(c for c in GROUP_COLOURS if c not in ("#EEDD88", "#DDDDDD")) + (
    "#332288", "#117733", "#882255", "#AA4499", "#999933", "#661100")


def _dendrogram(ax, Z, labels, colours=None, k: int | None = None, fontsize: float = 8):
    hierarchy.set_link_color_palette(list(_CLUSTER_COLOURS))     # cluster colours, never the city colours
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
    """One dendrogram per city of its most frequent terms (Ward on √ Jaccard distance), coloured at `k` clusters.

    Parameters
    ----------
    clusters : pandas.DataFrame
        Shaped like ``cluster_terms.csv``: ``city``, ``term`` and ``nodes`` (plan elements using the term); the
        terms of a city, in this order, are the leaves its linkage refers to.
    linkage : pandas.DataFrame
        Shaped like ``cluster_terms_linkage.csv``: ``city``, ``step``, ``left``, ``right`` (a term or
        ``cluster<step>``), ``height`` and ``size`` (see ``compare.analysis.multivariate.linkage_matrix``).
    style : CityStyle
        City labels, colours and order of the panels.
    k : int, default 6
        Clusters whose branches are coloured.
    ncols : int, default 3
        Panels per row (at most the number of cities).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per city (unused grid cells turned off), sharing the distance axis.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> clusters = pd.DataFrame({"city": ["sendai"] * 3 + ["sagamihara"] * 2,
    ...                          "term": ["機関", "関係", "地域", "支援", "人材"], "nodes": [12, 11, 86, 30, 9]})
    >>> linkage = pd.DataFrame({"city": ["sendai", "sendai", "sagamihara"], "step": [1, 2, 1],
    ...                         "left": ["機関", "cluster1", "支援"], "right": ["関係", "地域", "人材"],
    ...                         "height": [0.34, 0.9, 0.6], "size": [2, 3, 2]})
    >>> fig = plot_term_dendrograms(clusters, linkage, style, k=2)
    >>> [ax.get_title() for ax in fig.axes]
    ['仙台市 Sendai', '相模原市 Sagamihara']
    >>> sorted(t.get_text() for t in fig.axes[0].get_yticklabels())
    ['地域 (86)', '機関 (12)', '関係 (11)']
    >>> plt.close(fig)
    """
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
            ax.set_xlabel("Ward distance (√ Jaccard distance of plan elements)")
    top = linkage.height.max() if len(linkage) else 1.0
    axes.ravel()[0].set_xlim(0, top * 1.05)       # shared: every root merge inside the common axis
    for ax in axes.ravel()[len(cities):]:
        ax.axis("off")
    for ax in axes.ravel()[:len(cities)]:
        ax.tick_params(axis="x", labelbottom=True)
    fig.suptitle("語の階層的クラスター分析 Term clusters of each plan (label: term (elements using it); "
                 f"branch colours: {k} clusters; one distance axis for all panels)", fontsize=11)
    fig.tight_layout(rect=(0, 0, 1, 0.96))
    return fig


def plot_node_dendrogram(clusters: pd.DataFrame, linkage: pd.DataFrame, style: CityStyle, *, k: int = 10,
                         title_chars: int = 22, numbers: dict | None = None):
    """Policies of every city in one dendrogram (Ward on TF-IDF): branches coloured by cluster, labels by city name.

    Parameters
    ----------
    clusters : pandas.DataFrame
        Shaped like ``cluster_nodes.csv``: ``node_id`` (``<city>.<code>``), ``city`` and ``title``; the node ids,
        in this order, are the leaves `linkage` refers to.
    linkage : pandas.DataFrame
        Shaped like ``cluster_nodes_linkage.csv``: ``step``, ``left``, ``right`` (a node id or
        ``cluster<step>``), ``height`` and ``size``.
    style : CityStyle
        City names, colours and order of the legend.
    k : int, default 10
        Clusters whose branches are coloured.
    title_chars : int, default 22
        Longest title kept whole in a leaf label (longer ones are cut and end in ``…``).
    numbers : dict of str to str, optional
        Node id → the element's number as its plan prints it (`compare.core.plan.plan_numbers`); without it, the
        id without the city.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with the dendrogram and a legend of the cities.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> clusters = pd.DataFrame({"node_id": ["sendai.g1.p1", "sendai.g1.p2", "sagamihara.g1.p1"],
    ...                          "city": ["sendai", "sendai", "sagamihara"],
    ...                          "title": ["共生の意識を高める取り組みの推進", "多様な居場所づくり",
    ...                                    "居場所をつくります"]})
    >>> linkage = pd.DataFrame({"step": [1, 2], "left": ["sendai.g1.p2", "cluster1"],
    ...                         "right": ["sagamihara.g1.p1", "sendai.g1.p1"], "height": [0.9, 1.2], "size": [2, 3]})
    >>> fig = plot_node_dendrogram(clusters, linkage, style, k=2, title_chars=8)
    >>> leaves = fig.axes[0].get_yticklabels()
    >>> sorted(t.get_text() for t in leaves)
    ['仙台市 g1.p1 共生の意識を高…', '仙台市 g1.p2 多様な居場所づ…', '相模原市 g1.p1 居場所をつくり…']
    >>> {t.get_color() for t in leaves}          # dark: the city is in the words, colour means cluster only
    {'#222222'}
    >>> plt.close(fig)
    """
    numbers = numbers or {}
    labels = [f"{style.short(c)} {numbers.get(n, n.split('.', 1)[1])} "
              f"{t if len(t) <= title_chars else t[:title_chars - 1] + '…'}"
              for n, c, t in zip(clusters.node_id, clusters.city, clusters.title)]
    # labels name their city in words and stay dark: colour means cluster only (the branches), never city too
    colours = {lab: "#222222" for lab in labels}
    fig, ax = plt.subplots(figsize=(10, 0.22 * len(labels) + 1.6))
    _dendrogram(ax, linkage_matrix(linkage, list(clusters.node_id)), labels, colours, k=k, fontsize=8)
    ax.set_xlabel("Ward distance (TF-IDF of each policy with its programmes / actions)")
    ax.text(0.5, -0.06, f"each label starts with its city; branch colours = the {k} clusters cut from the tree "
            "(grey above the cut)", transform=ax.transAxes, ha="center", va="top", fontsize=8)
    ax.set_title("施策のクラスター Policies of every plan clustered by their text (full titles in the table)",
                 fontsize=11)
    fig.tight_layout()
    return fig


def plot_cooccurrence_difference(diffs: pd.DataFrame, style: CityStyle, a: str, b: str, *, max_rows: int = 60):
    """A forest plot of the term pairs tested for a difference in association between two cities.

    One row per term pair: the difference of the log odds ratios of co-occurrence (city `a` minus city `b`, over
    plan elements) with its unadjusted 95 % interval, coloured by the city whose elements associate the two terms
    more strongly; a filled marker where the difference is supported (BH q < 0.05), a hollow one where it is not.
    Rows are sorted by the difference, so the pairs most associated in `a` are on top.

    Parameters
    ----------
    diffs : pandas.DataFrame
        Shaped like ``cooccurrence_differences.csv``: ``city_a``, ``city_b``, ``term_a``, ``term_b``,
        ``difference``, ``ci_low``, ``ci_high``, ``p_value`` and ``significant``.
    style : CityStyle
        City names and colours.
    a, b : str
        The pair of cities, as in ``city_a`` and ``city_b``.
    max_rows : int, default 60
        Most rows drawn: the pairs with the smallest p-values (the title says how many were tested).

    Returns
    -------
    matplotlib.figure.Figure
        One axes; without a row for the pair it says so.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> diffs = pd.DataFrame({"view": "plan", "city_a": "sendai", "city_b": "sagamihara",
    ...                       "term_a": ["サービス", "サービス", "利用"], "term_b": ["利用", "提供", "提供"],
    ...                       "difference": [0.8, -1.2, 2.5], "ci_low": [-0.5, -2.6, 1.1],
    ...                       "ci_high": [2.1, 0.2, 3.9], "p_value": [0.2, 0.09, 0.001],
    ...                       "significant": [False, False, True]})
    >>> fig = plot_cooccurrence_difference(diffs, style, "sendai", "sagamihara")
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.get_yticklabels()]          # bottom to top: the largest difference on top
    ['サービス – 提供', 'サービス – 利用', '利用 – 提供']
    >>> [c.get_facecolors().size > 0 for c in ax.collections[-2:]]   # hollow = not supported, filled = supported
    [False, True]
    >>> plt.close(fig)
    """
    d = diffs[(diffs.city_a == a) & (diffs.city_b == b)]
    if d.empty:
        fig, ax = plt.subplots(figsize=(8, 2))
        ax.axis("off")
        ax.text(0.5, 0.5, f"{style.short(a)} × {style.short(b)}: no term pair meets the selection rule",
                ha="center", va="center", transform=ax.transAxes, fontsize=11)
        return fig
    shown = d.sort_values(["p_value", "term_a", "term_b"], kind="stable").head(max_rows)
    shown = shown.sort_values(["difference", "term_a", "term_b"], kind="stable").reset_index(drop=True)
    fig, ax = plt.subplots(figsize=(8.5, 0.24 * len(shown) + 2.2))
    y = np.arange(len(shown))
    colours = [style.colour(a) if v > 0 else style.colour(b) for v in shown.difference]
    ax.hlines(y, shown.ci_low, shown.ci_high, colors=colours, lw=1.4, zorder=2)
    ax.axvline(0, color="#555555", lw=0.8, zorder=1)
    sig = shown.significant.astype(bool).to_numpy()
    for mask, filled in ((~sig, False), (sig, True)):
        ax.scatter(shown.difference[mask], y[mask], s=34, zorder=3, linewidths=1.4,
                   edgecolors=[c for c, m in zip(colours, mask) if m],
                   facecolors=[c for c, m in zip(colours, mask) if m] if filled else "none")
    ax.set_yticks(y, [f"{t} – {u}" for t, u in zip(shown.term_a, shown.term_b)], fontsize=8)
    ax.set_ylim(-0.7, len(shown) - 0.3)
    ax.grid(axis="x", color="#eeeeee")
    ax.set_axisbelow(True)
    ax.set_xlabel(f"difference of log odds ratios ({style.short(a)} − {style.short(b)}), unadjusted 95 % interval")
    handles = [Line2D([], [], color=style.colour(a), marker="o", lw=1.4, label=f"stronger in {style.label(a)}"),
               Line2D([], [], color=style.colour(b), marker="o", lw=1.4, label=f"stronger in {style.label(b)}"),
               Line2D([], [], color="#333333", marker="o", ls="", label="supported difference (BH q < 0.05)"),
               Line2D([], [], color="#333333", marker="o", ls="", markerfacecolor="none",
                      label="no supported difference")]
    ax.legend(handles=handles, loc="upper center", bbox_to_anchor=(0.5, -0.6 / (0.24 * len(shown) + 2.2) - 0.06),
              ncol=2, frameon=False, fontsize=8)
    n_sig = int(d.significant.astype(bool).sum())
    which = (f"the {len(shown)} with the smallest p of {len(d)} pairs tested" if len(shown) < len(d)
             else f"{len(d)} term pairs tested")
    ax.set_title(f"共起の差 {style.short(a)} × {style.short(b)}: {which}, {n_sig} with a supported difference\n"
                 "(log odds ratio of co-occurrence over plan elements, one test per pair, BH q)", fontsize=10)
    fig.tight_layout()
    return fig
