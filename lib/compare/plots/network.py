"""Figures of the networks: owner co-responsibility, policies bridged by re-listings, actor co-mentions."""

from __future__ import annotations

import math

import networkx as nx
import numpy as np
from matplotlib.lines import Line2D

from compare.core.ordering import sorted_copy
from compare.core.plan import PART_LABELS
from compare.core.settings import SEED
from compare.plots.graph import component_layout, draw_graph, key_values, place_labels, size_key, width_key
from compare.plots.style import CityStyle, plt

__all__ = ["OWNER_KIND_COLORS", "kind_styles", "plot_owner_network", "plot_policy_network", "plot_actor_networks"]

#: Colours of kinds and parts inside one city's figure: Paul Tol's "muted" scheme, none of which is a city's colour
#: (the cities take Okabe–Ito's), so a kind is never read as a city.
_MUTED = ("#332288", "#88CCEE", "#44AA99", "#117733", "#999933", "#DDCC77", "#CC6677", "#882255", "#AA4499",
          "#555555", "#BBBBBB", "#661100")
OWNER_KIND_COLORS = {"bureau": _MUTED[0], "ward": _MUTED[3], "partner": _MUTED[6], "unspecified": "#999999"}
#: The owner kinds in Japanese, for the legend.
OWNER_KIND_JA = {"bureau": "局・室", "ward": "区役所・支所", "partner": "協力団体", "unspecified": "未分類"}
#: The actor kinds of data/reference/actors.csv in Japanese, for the legend.
ACTOR_KIND_JA = {"council": "社会福祉協議会", "commissioner": "民生委員・児童委員", "resident": "住民組織",
                 "public": "公的機関", "role": "専門職・役割", "volunteer": "ボランティア・更生保護",
                 "corporation": "法人・事業者", "education": "学校", "facility": "施設"}
_KIND_MARKERS = ("o", "s", "^", "D", "v", "P", "X", "h", "p", "*", "<", ">")
_KIND_COLOURS = _MUTED


def kind_styles(kinds) -> dict[str, tuple[str, str]]:
    """A distinct (colour, marker) pair for every kind, for any number of kinds (sorted order).

    There are 12 colours and 12 markers, cycled together: pairs are distinct for up to 12 kinds, and the 13th
    kind repeats the first kind's pair.

    Parameters
    ----------
    kinds : iterable of str
        Kinds, in any order, possibly repeated.

    Returns
    -------
    dict of str to tuple of (str, str)
        Kind → (hex colour, matplotlib marker), in sorted order of the kinds.

    Examples
    --------
    >>> ks = kind_styles(["volunteer", "commissioner"])
    >>> ks["commissioner"] != ks["volunteer"]
    True
    >>> kind_styles(["volunteer", "commissioner", "volunteer"])
    {'commissioner': ('#332288', 'o'), 'volunteer': ('#88CCEE', 's')}
    """
    kinds = sorted(set(kinds))
    return {k: (_KIND_COLOURS[i % len(_KIND_COLOURS)], _KIND_MARKERS[i % len(_KIND_MARKERS)])
            for i, k in enumerate(kinds)}


def _legend(ax, styles: dict[str, tuple[str, str]], title: str, loc: str = "lower left", **kw):
    handles = [Line2D([], [], ls="", marker=m, color=c, markersize=8, label=k) for k, (c, m) in styles.items()]
    leg = ax.legend(handles=handles, title=title, frameon=False, loc=loc, fontsize=8, title_fontsize=8, **kw)
    ax.add_artist(leg)
    return leg


def plot_owner_network(G: nx.Graph, style: CityStyle, city: str):
    """Owner co-responsibility: size = programmes, width and number = shared programmes, colour = owner kind.

    Owners sharing no programme are listed beside the graph instead of being drawn as a column of dots.

    Parameters
    ----------
    G : networkx.Graph
        One city's owner graph (as from ``compare.io.datasets.load_graph("owner-coresponsibility-<city>")``):
        node attributes ``programmes`` (int) and ``kind`` (a key of `OWNER_KIND_COLORS`), edge attribute
        ``weight`` (programmes shared, int).
    style : CityStyle
        City label.
    city : str
        City id of `G`, for the title.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: owners on a circle (largest component first), legends of kinds, sizes and widths.

    Examples
    --------
    >>> import pandas as pd
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("健康福祉局", {"programmes": 40, "kind": "bureau"}),
    ...                   ("区役所", {"programmes": 25, "kind": "ward"}),
    ...                   ("社会福祉協議会", {"programmes": 12, "kind": "partner"}),
    ...                   ("教育局", {"programmes": 3, "kind": "bureau"})])
    >>> G.add_edges_from([("健康福祉局", "区役所", {"weight": 8}), ("区役所", "社会福祉協議会", {"weight": 2})])
    >>> fig = plot_owner_network(G, style, "sendai")
    >>> ax = fig.axes[0]
    >>> [t.get_text() for t in ax.texts[:2]]          # programmes shared, on the edges
    ['8', '2']
    >>> ax.texts[2].get_text().splitlines()           # the owner sharing none, beside the graph
    ['共同担当なし / no shared programme:', '教育局 (3)']
    >>> from compare.plots.graph import label_overlaps
    >>> label_overlaps(fig)
    []
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(11, 8))
    alone = sorted((n for n in G if G.degree(n) == 0), key=lambda n: (-G.nodes[n]["programmes"], n))
    H = sorted_copy(G.subgraph([n for n in G if G.degree(n) > 0]))
    comps = sorted((sorted(c, key=lambda n: (-G.nodes[n]["programmes"], n)) for c in nx.connected_components(H)),
                   key=lambda c: (-len(c), c[0]))
    order = [n for c in comps for n in c]
    pos = nx.circular_layout(order)
    pmax = max((d for _, d in G.nodes(data="programmes")), default=1)
    size_of = lambda v: 80 + 1500 * math.sqrt(v / pmax)  # noqa: E731
    wmax = max((d["weight"] for _, _, d in H.edges(data=True)), default=1)
    width_of = lambda w: 1 + 9 * w / wmax  # noqa: E731
    sizes = {n: size_of(G.nodes[n]["programmes"]) for n in H}
    draw_graph(ax, H, pos, sizes=sizes, colours=[OWNER_KIND_COLORS.get(G.nodes[n]["kind"], "#999") for n in H],
               widths=[width_of(d["weight"]) for _, _, d in H.edges(data=True)])
    for a, b, d in H.edges(data=True):
        x, y = (pos[a] + pos[b]) / 2
        ax.annotate(str(d["weight"]), (x, y), fontsize=8, ha="center", va="center", color="#333",
                    bbox={"boxstyle": "round,pad=0.12", "fc": "white", "ec": "#bbb"})
    ax.set_xlim(-1.9, 1.9)
    ax.set_ylim(-1.45, 1.45)
    ax.set_aspect("equal")
    ax.axis("off")
    if alone:
        ax.annotate("共同担当なし / no shared programme:\n"
                    + "\n".join(f"{n} ({G.nodes[n]['programmes']})" for n in alone),
                    (1.01, 0.98), xycoords="axes fraction", va="top", ha="left", fontsize=8)
    drawn = {G.nodes[n]["kind"] for n in H}
    _legend(ax, {f"{OWNER_KIND_JA.get(k, k)} {k}": (c, "o") for k, c in OWNER_KIND_COLORS.items() if k in drawn},
            "担当の種類 owner kind (colour)", "lower left")
    size_key(ax, key_values([pmax]), size_of, "programmes (size)", loc="upper left")
    width_key(ax, sorted({1, max(1, wmax // 2), wmax}), width_of, "shared programmes (width)", loc="lower right")
    ax.set_title(f"{style.label(city)} 担当局等の共同担当ネットワーク: owners sharing programmes\n"
                 "(label: owner (programmes); number on an edge: programmes shared)", fontsize=11)
    place_labels(ax, pos, {n: f"{n} ({G.nodes[n]['programmes']})" for n in H}, sizes, fontsize=9)
    return fig


def plot_policy_network(G: nx.Graph, style: CityStyle, city: str, *, labels: dict | None = None):
    """Policies bridged by re-listed programmes: width = shared programmes, colour = part; labelled by number.

    Parameters
    ----------
    G : networkx.Graph
        One city's policy graph (as from ``compare.io.datasets.load_graph("policy-relisting-bridges-<city>")``):
        nodes are policy ids ``<city>.<code>`` with attributes ``programmes`` (int) and ``part``; edge attribute
        ``weight`` (programmes listed under both, int).
    style : CityStyle
        City label.
    city : str
        City id of `G`, for the title.
    labels : dict of str to str, optional
        Node id → its label, e.g. the plan's number and a short title (`compare.core.plan.plan_numbers`,
        `compare.plots.align.short_label`); without it, the ids without the city.

    Returns
    -------
    matplotlib.figure.Figure
        One axes: a Kamada–Kawai layout with a label per policy, legends of parts, sizes and widths.

    Examples
    --------
    >>> import pandas as pd
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("sendai.g1.p1", {"programmes": 12, "part": "main"}),
    ...                   ("sendai.g1.p2", {"programmes": 7, "part": "main"}),
    ...                   ("sendai.guardianship.p1", {"programmes": 4, "part": "guardianship"})])
    >>> G.add_edges_from([("sendai.g1.p1", "sendai.g1.p2", {"weight": 3}),
    ...                   ("sendai.g1.p1", "sendai.guardianship.p1", {"weight": 1}),
    ...                   ("sendai.g1.p2", "sendai.guardianship.p1", {"weight": 1})])
    >>> fig = plot_policy_network(G, style, "sendai")
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['g1.p1', 'g1.p2', 'guardianship.p1']
    >>> plt.close(fig)
    """
    parts = sorted({d.get("part", "") for _, d in G.nodes(data=True)})
    pstyles = {p: (_MUTED[(2 * i) % len(_MUTED)], "o") for i, p in enumerate(parts)}
    fig, ax = plt.subplots(figsize=(11, 9))
    pos = (nx.kamada_kawai_layout(sorted_copy(G), weight=None) if G.number_of_nodes() > 1
           else {n: np.zeros(2) for n in G})
    pmax = max((d["programmes"] for _, d in G.nodes(data=True)), default=1)
    size_of = lambda v: 120 + 900 * v / pmax  # noqa: E731
    wmax = max((d["weight"] for _, _, d in G.edges(data=True)), default=1)
    width_of = lambda w: 0.6 + 7 * w / wmax  # noqa: E731
    sizes = {n: size_of(G.nodes[n]["programmes"]) for n in G}
    draw_graph(ax, G, pos, sizes=sizes, colours=[pstyles[G.nodes[n].get("part", "")][0] for n in G],
               widths=[width_of(d["weight"]) for _, _, d in G.edges(data=True)])
    xs, ys = np.array([p[0] for p in pos.values()]), np.array([p[1] for p in pos.values()])
    ax.set_xlim(xs.min() - 0.5, xs.max() + 0.5)
    ax.set_ylim(ys.min() - 0.25, ys.max() + 0.25)
    ax.axis("off")
    _legend(ax, {PART_LABELS.get(p, p): v for p, v in pstyles.items()}, "部分 part (colour)", "lower left")
    size_key(ax, key_values([pmax]), size_of, "programmes listed (size)", loc="upper left")
    width_key(ax, sorted({1, max(1, wmax // 2), wmax}), width_of, "programmes listed under both", loc="lower right")
    ax.set_title(f"{style.label(city)} 施策間の再掲ネットワーク: policies bridged by the same programmes\n"
                 f"(label: {'the number and title the plan prints' if labels else 'policy id'})", fontsize=11)
    place_labels(ax, pos, {n: (labels or {}).get(n, n.split(".", 1)[1]) for n in G}, sizes, fontsize=9)
    return fig


def plot_actor_networks(graphs: dict[str, nx.Graph], style: CityStyle, *, ncols: int = 3, seed: int = SEED):
    """Every city's actor co-mention graph on the same scales; kind = colour and marker; labels never overlap.

    Parameters
    ----------
    graphs : dict of str to networkx.Graph
        City id → actor graph (as from ``compare.io.datasets.load_graph("actors-<city>")``): node attributes
        ``kind`` and ``nodes`` (plan elements naming the actor, int), edge attribute ``weight`` (elements naming
        both, int).
    style : CityStyle
        City labels, colours and order of the panels.
    ncols : int, default 3
        Panels per row (at most the number of cities).
    seed : int, default `compare.core.settings.SEED`
        Seed of the layouts (see `compare.plots.graph.component_layout`).

    Returns
    -------
    matplotlib.figure.Figure
        One axes per city (unused grid cells turned off), then one axes holding the kind, size and width keys.

    Examples
    --------
    >>> import pandas as pd
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> G = nx.Graph()
    >>> G.add_nodes_from([("民生委員", {"kind": "commissioner", "nodes": 9}),
    ...                   ("社会福祉協議会", {"kind": "partner", "nodes": 14}),
    ...                   ("ボランティア", {"kind": "volunteer", "nodes": 5})])
    >>> G.add_edges_from([("民生委員", "社会福祉協議会", {"weight": 4}),
    ...                   ("社会福祉協議会", "ボランティア", {"weight": 2})])
    >>> fig = plot_actor_networks({"sendai": G, "sagamihara": nx.Graph()}, style)
    >>> [ax.get_title() for ax in fig.axes[:2]], len(fig.axes)
    (['仙台市 Sendai: 3 actors, 2 links', '相模原市 Sagamihara: 0 actors, 0 links'], 3)
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['ボランティア', '民生委員', '社会福祉協議会']
    >>> plt.close(fig)
    """
    cities = style.order(graphs)
    kinds = kind_styles(d["kind"] for G in graphs.values() for _, d in G.nodes(data=True))
    nmax = max((d["nodes"] for G in graphs.values() for _, d in G.nodes(data=True)), default=1)
    wmax = max((d["weight"] for G in graphs.values() for _, _, d in G.edges(data=True)), default=1)
    size_of = lambda v: 60 + 900 * v / nmax  # noqa: E731
    width_of = lambda w: 0.5 + 6 * w / wmax  # noqa: E731
    ncols = min(ncols, len(cities))
    nrows = math.ceil(len(cities) / ncols)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.6 * ncols, 6.6 * nrows + 0.8), squeeze=False)
    layouts = {}
    for ax, city in zip(axes.ravel(), cities):
        G = graphs[city]
        ax.axis("off")
        ax.set_title(f"{style.label(city)}: {G.number_of_nodes()} actors, {G.number_of_edges()} links", fontsize=11,
                     color=style.colour(city))
        if not G:
            continue
        pos = layouts[city] = component_layout(G, seed=seed, method="kamada")   # even spacing: no clump
        draw_graph(ax, G, pos, sizes={n: size_of(G.nodes[n]["nodes"]) for n in G},
                   colours=[kinds[G.nodes[n]["kind"]][0] for n in G],
                   markers=[kinds[G.nodes[n]["kind"]][1] for n in G],
                   widths=[width_of(d["weight"]) for _, _, d in G.edges(data=True)], edge_alpha=0.5)
        xs, ys = np.array([p[0] for p in pos.values()]), np.array([p[1] for p in pos.values()])
        ax.set_xlim(xs.min() - 0.6, xs.max() + 0.6)
        ax.set_ylim(ys.min() - 0.3, ys.max() + 0.3)
    for ax in axes.ravel()[len(cities):]:
        ax.axis("off")
    fig.suptitle("主体の共起ネットワーク Actors named in the same plan element (first listings; same rules and scales "
                 "for every city)", fontsize=11)
    fig.tight_layout(rect=(0, 0.09, 1, 0.97))
    key = fig.add_axes((0.01, 0.0, 0.98, 0.08))
    key.axis("off")
    _legend(key, {f"{ACTOR_KIND_JA[k]} {k}" if k in ACTOR_KIND_JA else k: v for k, v in kinds.items()},
            "主体の種類 actor kind (colour and marker)", "center left", ncol=min(3, len(kinds)))
    size_key(key, key_values([max((d for _, d in G.nodes(data="nodes")), default=1) for G in graphs.values() if G]
                             or [nmax]), size_of, "plan elements naming the actor", loc="center")
    width_key(key, sorted({1, max(1, wmax // 2), wmax}), width_of, "elements naming both", loc="center right")
    for ax, city in zip(axes.ravel(), cities):
        G = graphs[city]
        if G:
            place_labels(ax, layouts[city], {n: n for n in G}, {n: size_of(G.nodes[n]["nodes"]) for n in G}, fontsize=8)
    return fig
