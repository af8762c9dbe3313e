"""Drawing networks readably: seeded layouts, labels placed where they overlap no other label or node, size keys."""

from __future__ import annotations

import math

import matplotlib.patheffects as pe
import networkx as nx
import numpy as np
from matplotlib.lines import Line2D
from matplotlib.transforms import Bbox

from compare.core.ordering import sorted_copy
from compare.core.settings import FIGURE_SEED
from compare.plots.style import JP_FONT

__all__ = ["component_layout", "place_labels", "label_overlaps", "size_key", "key_values", "width_key", "draw_graph"]


def component_layout(G: nx.Graph, *, seed: int = FIGURE_SEED, method: str = "spring") -> dict:
    """Seeded spring layout per connected component: the largest in the middle, the others in a row below it.

    A plain spring layout lets small components push the main one into a clump; isolated nodes and small
    components go in a grid under the main component, so no panel edge is crowded.

    Parameters
    ----------
    G : networkx.Graph
        The graph to lay out (node names must be sortable).
    seed : int, default `compare.core.settings.FIGURE_SEED`
        Seed of every spring layout.
    method : {"spring", "kamada"}, default "spring"
        Layout of the largest component: seeded spring layout, or Kamada–Kawai (even spacing for dense graphs).

    Returns
    -------
    dict
        Node → ``numpy`` array ``[x, y]``; the largest component within about [-1, 1], the others in a grid
        below it (rows centred at y = -1.45, -2.0, …). Empty for an empty graph.

    Examples
    --------
    >>> G = nx.Graph([("地域", "支援"), ("支援", "福祉"), ("見守り", "訪問")])
    >>> G.add_node("居場所")
    >>> pos = component_layout(G)
    >>> sorted(pos) == sorted(G)
    True
    >>> bool(max(pos[n][1] for n in ("見守り", "訪問", "居場所")) < min(pos[n][1] for n in ("地域", "支援", "福祉")))
    True
    >>> component_layout(nx.Graph())
    {}
    """
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    pos: dict = {}
    if not comps:
        return pos
    main = sorted_copy(G.subgraph(comps[0]))  # a subgraph view iterates in hash order: copy in sorted order
    if len(comps[0]) == 1:
        pos[comps[0][0]] = np.zeros(2)
    elif method == "kamada":          # even spacing for dense graphs (deterministic, no seed needed)
        pos.update(nx.kamada_kawai_layout(main))
    else:
        p = nx.spring_layout(main, seed=seed, k=2.0 / math.sqrt(len(comps[0])), iterations=300)
        pos.update(p)
    rest = comps[1:]
    if rest:
        cols = max(2, math.ceil(math.sqrt(len(rest) * 2)))
        for i, comp in enumerate(rest):
            cx, cy = -1.0 + 2.0 * (i % cols + 0.5) / cols, -1.45 - 0.55 * (i // cols)
            if len(comp) == 1:
                pos[comp[0]] = np.array([cx, cy])
            else:
                sub = sorted_copy(G.subgraph(comp))
                p = nx.spring_layout(sub, seed=seed, iterations=200)
                scale = 0.18
                pos.update({n: xy * scale + np.array([cx, cy]) for n, xy in p.items()})
    return pos


def _box_hits_circle(box: Bbox, cx: float, cy: float, r: float) -> bool:
    nx_ = min(max(cx, box.x0), box.x1)
    ny_ = min(max(cy, box.y0), box.y1)
    return (nx_ - cx) ** 2 + (ny_ - cy) ** 2 < r * r


_ANGLES = (0, 180, 90, 270, 30, 150, 210, 330, 60, 120, 240, 300)


def place_labels(ax, pos: dict, labels: dict, size_pt2: dict, *, fontsize: float = 8, order=None,
                 max_rings: int = 14, pad_px: float = 2.0) -> list:
    """Place each label next to its node where it overlaps no placed label, no node and stays in the axes.

    Candidates are tried on rings of growing distance around the node (right, left, above, below, diagonals);
    the first free one wins, and a thin leader line joins a label placed away from its node. Deterministic:
    labels are placed in `order` (default: largest node first, then name). Call after the axes limits are final.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes the nodes are drawn on (its figure is drawn once to measure the labels).
    pos : dict
        Node → (x, y) in data coordinates, for every node drawn (labelled or not: labels avoid them all).
    labels : dict
        Node → label text, for the nodes to label.
    size_pt2 : dict
        Node → marker size in points² (as passed to ``scatter``); a missing node counts as 30.
    fontsize : float, default 8
        Font size of the labels.
    order : list, optional
        Nodes in the order their labels are placed; default: largest node first, then by name.
    max_rings : int, default 14
        Number of distances tried around a node before giving up (the label then sits right of the node).
    pad_px : float, default 2.0
        Free margin around every label, in pixels.

    Returns
    -------
    list of matplotlib.text.Text
        The labels, in placement order.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots(figsize=(3, 3))
    >>> pos = {"地域": (0.0, 0.0), "支援": (0.05, 0.0), "福祉": (0.5, 0.5)}
    >>> _ = ax.set(xlim=(-1, 1), ylim=(-1, 1))
    >>> _ = ax.scatter([p[0] for p in pos.values()], [p[1] for p in pos.values()], s=60)
    >>> texts = place_labels(ax, pos, {n: n for n in pos}, {n: 60 for n in pos})
    >>> [t.get_text() for t in texts]
    ['地域', '支援', '福祉']
    >>> label_overlaps(fig)
    []
    >>> plt.close(fig)
    """
    fig = ax.figure
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    to_px = ax.transData.transform
    scale = fig.dpi / 72
    nodes_px = {n: to_px(pos[n]) for n in pos}
    radius = {n: math.sqrt(size_pt2.get(n, 30)) / 2 * scale * 1.3 for n in pos}   # room for square/diamond markers
    axes_box = ax.get_window_extent(renderer)
    order = order or sorted(labels, key=lambda n: (-size_pt2.get(n, 0), str(n)))
    placed: list[Bbox] = []
    texts = []
    for n in order:
        t = ax.text(*pos[n], labels[n], fontsize=fontsize, fontfamily=JP_FONT, ha="left", va="bottom", zorder=5,
                    path_effects=[pe.withStroke(linewidth=2.5, foreground="white")])
        ext = t.get_window_extent(renderer)
        w, h = ext.width + 2 * pad_px, ext.height + 2 * pad_px
        cx, cy = nodes_px[n]
        choice = None
        # first pass: only places nearer the label's own node than any other (a label is read as the nearest
        # marker's); then, if none is free, any free place (with a leader line)
        for own_nearest in (True, False):
            for ring in range(max_rings):
                d = radius[n] + pad_px + ring * h * 0.75
                for ang in _ANGLES:
                    ux, uy = math.cos(math.radians(ang)), math.sin(math.radians(ang))
                    x0 = cx + ux * d - (w if ux < -1e-9 else (w / 2 if abs(ux) <= 1e-9 else 0))
                    y0 = cy + uy * d - (h if uy < -1e-9 else (h / 2 if abs(uy) <= 1e-9 else 0))
                    box = Bbox.from_bounds(x0, y0, w, h)
                    if not (axes_box.x0 <= box.x0 and box.x1 <= axes_box.x1
                            and axes_box.y0 <= box.y0 and box.y1 <= axes_box.y1):
                        continue
                    if any(box.overlaps(b) for b in placed):
                        continue
                    if any(_box_hits_circle(box, *nodes_px[m], radius[m] + 1) for m in pos):
                        continue
                    if own_nearest and _nearer_other(box, n, nodes_px, radius):
                        continue
                    choice = (box, ring)
                    break
                if choice:
                    break
            if choice:
                break
        if choice is None:  # no free place: keep it right of the node (reported by label_overlaps)
            choice = (Bbox.from_bounds(cx + radius[n] + pad_px, cy - h / 2, w, h), 0)
        box, ring = choice
        xy = ax.transData.inverted().transform((box.x0 + pad_px, box.y0 + pad_px))
        t.set_position(xy)
        placed.append(box)
        if ring >= 1:
            anchor = ax.transData.inverted().transform((min(max(cx, box.x0), box.x1), min(max(cy, box.y0), box.y1)))
            ax.add_line(Line2D([pos[n][0], anchor[0]], [pos[n][1], anchor[1]], lw=0.5, color="#777777", zorder=4))
        texts.append(t)
    return texts


def _box_distance(box: Bbox, x: float, y: float) -> float:
    return math.hypot(max(box.x0 - x, 0, x - box.x1), max(box.y0 - y, 0, y - box.y1))


def _nearer_other(box: Bbox, own, nodes_px: dict, radius: dict) -> bool:
    """Whether another node's marker edge is nearer the label's box than its own node's (the label would be read as
    that node's)."""
    mine = _box_distance(box, *nodes_px[own]) - radius[own]
    return any(_box_distance(box, *p) - radius[m] < mine - 0.5 for m, p in nodes_px.items() if m != own)


def label_overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of label texts (of every axes, legends and titles excluded) whose rendered boxes intersect.

    Every visible, non-blank text of each axes (``ax.texts``: labels, annotations) is compared with the others of
    the same axes; boxes are shrunk slightly (to 98 % of the width, 90 % of the height) so touching is no overlap.

    Parameters
    ----------
    fig : matplotlib.figure.Figure
        The figure to check (it is drawn once).

    Returns
    -------
    list of tuple of str
        ``(text, other text)`` for every overlapping pair, in drawing order; empty when no labels overlap.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> _ = ax.text(0.5, 0.5, "重なる")
    >>> _ = ax.text(0.5, 0.5, "ラベル")
    >>> _ = ax.text(0.1, 0.1, "離れた")
    >>> label_overlaps(fig)
    [('重なる', 'ラベル')]
    >>> plt.close(fig)
    """
    fig.canvas.draw()
    renderer = fig.canvas.get_renderer()
    bad = []
    for ax in fig.axes:
        texts = [t for t in ax.texts if t.get_visible() and t.get_text().strip()]
        boxes = [t.get_window_extent(renderer).shrunk(0.98, 0.9) for t in texts]
        for i in range(len(texts)):
            for j in range(i + 1, len(texts)):
                if boxes[i].overlaps(boxes[j]):
                    bad.append((texts[i].get_text(), texts[j].get_text()))
    return bad


def size_key(ax, values: list[float], size_of, label: str, *, loc: str = "upper right", colour: str = "#bbbbbb",
             fmt: str = "{:g}"):
    """A key of node sizes on `ax`: sample circles side by side, each with its value under it, the title above the
    tallest circle (drawn, not a legend, so the title never sits under a circle); returns the key's artist.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes that receives the key.
    values : list of float
        The values shown, left to right (`key_values` picks some that cover every panel).
    size_of : callable
        Value → marker size in points², the function the nodes were drawn with.
    label : str
        The key's title.
    loc : str, default "upper right"
        Where on `ax`, as for ``Axes.legend``.
    colour : str, default "#bbbbbb"
        Fill colour of the sample circles.
    fmt : str, default "{:g}"
        Format of each value's text.

    Returns
    -------
    matplotlib.offsetbox.AnchoredOffsetbox
        The key (an artist of `ax`).

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> key = size_key(ax, [1, 5, 10], lambda v: 20 + 10 * v, "programmes (size)")
    >>> fig.canvas.draw()
    >>> from matplotlib.patches import Circle
    >>> from matplotlib.text import Text
    >>> texts = key.findobj(Text)
    >>> [t.get_text() for t in texts]
    ['programmes (size)', '1', '5', '10']
    >>> title, circles = texts[0], key.findobj(Circle)
    >>> bool(title.get_window_extent().y0 >= max(c.get_window_extent().y1 for c in circles))   # above the circles
    True
    >>> plt.close(fig)
    """
    from matplotlib.offsetbox import AnchoredOffsetbox, DrawingArea, HPacker, TextArea, VPacker
    from matplotlib.patches import Circle

    diameters = [math.sqrt(size_of(v)) for v in values]        # a marker of size s is sqrt(s) points across
    tallest = max(diameters)
    samples = []
    for v, d in zip(values, diameters):
        area = DrawingArea(d + 2, tallest + 2)
        area.add_artist(Circle(((d + 2) / 2, 1 + d / 2), radius=d / 2, facecolor=colour, edgecolor="#666666",
                               linewidth=0.8))
        samples.append(VPacker(children=[area, TextArea(fmt.format(v), textprops={"fontsize": 7})],
                               align="center", pad=0, sep=2))
    row = HPacker(children=samples, align="bottom", pad=0, sep=max(6.0, tallest / 4))
    box = VPacker(children=[TextArea(label, textprops={"fontsize": 8}), row], align="center", pad=0, sep=4)
    key = AnchoredOffsetbox(loc=loc, child=box, frameon=False, pad=0.3, borderpad=0.3)
    ax.add_artist(key)
    return key


def key_values(maxima: list[float], *, floor: float = 1) -> list[int]:
    """Values for a size key that cover every panel: `floor`, the smallest and the largest panel maximum, and one
    round value between them (the geometric middle, one significant figure) when they are far apart.

    >>> key_values([9, 15, 103]), key_values([17]), key_values([1, 1])
    ([1, 9, 30, 103], [1, 4, 17], [1])
    """
    lo, hi = max(floor, min(maxima)), max(floor, max(maxima))

    def round1(x: float) -> int:
        p = 10 ** math.floor(math.log10(max(x, 1)))
        return int(round(x / p) * p)
    vals = {int(floor), int(round(lo)), int(round(hi))}
    if len(maxima) == 1 and hi > 3 * floor:
        vals.add(round1(math.sqrt(floor * hi)))
    elif hi / lo > 4:
        vals.add(round1(math.sqrt(lo * hi)))
    return sorted(vals)


def width_key(ax, values: list[float], width_of, label: str, *, loc: str = "lower right", fmt: str = "{:g}"):
    """A legend of edge widths on `ax`; returns the legend.

    The legend is added as an artist, so further legends on the same axes do not replace it.

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes that receives the legend.
    values : list of float
        The values shown, top to bottom.
    width_of : callable
        Value → line width in points, the function the edges were drawn with.
    label : str
        Legend title.
    loc : str, default "lower right"
        Legend location, as for ``Axes.legend``.
    fmt : str, default "{:g}"
        Format of each value's text.

    Returns
    -------
    matplotlib.legend.Legend
        The legend.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> fig, ax = plt.subplots()
    >>> leg = width_key(ax, [0.2, 0.5, 1.0], lambda w: 0.4 + 5 * w, "edge width = Jaccard")
    >>> [t.get_text() for t in leg.get_texts()], [h.get_linewidth() for h in leg.legend_handles]
    (['0.2', '0.5', '1'], [1.4, 2.9, 5.4])
    >>> plt.close(fig)
    """
    handles = [Line2D([], [], color="#999999", lw=width_of(v)) for v in values]
    leg = ax.legend(handles, [fmt.format(v) for v in values], title=label, loc=loc, frameon=False, fontsize=7,
                    title_fontsize=8)
    ax.add_artist(leg)
    return leg


def draw_graph(ax, G: nx.Graph, pos: dict, *, sizes: dict, colours, widths, edge_colour="#9a9a9a",
               edge_alpha: float = 0.6, markers=None) -> None:
    """Edges under nodes; nodes may differ in marker (one scatter per marker).

    Parameters
    ----------
    ax : matplotlib.axes.Axes
        Axes to draw on.
    G : networkx.Graph
        The graph; its node order is the order of `colours` and `markers`, its edge order that of `widths`.
    pos : dict
        Node → (x, y).
    sizes : dict
        Node → marker size in points².
    colours : iterable of str
        Fill colour of every node, in the order of ``list(G)``.
    widths : iterable of float
        Line width of every edge, in the order of ``G.edges``.
    edge_colour : str, default "#9a9a9a"
        Colour of the edges.
    edge_alpha : float, default 0.6
        Opacity of the edges.
    markers : iterable of str, optional
        Marker of every node, in the order of ``list(G)``; default: all ``"o"``.

    Returns
    -------
    None
        The edges (one collection) and the nodes (one collection per marker) are added to `ax`.

    Examples
    --------
    >>> import matplotlib.pyplot as plt
    >>> G = nx.Graph([("民生委員", "社協"), ("社協", "市")])
    >>> pos = {"民生委員": (0, 0), "社協": (1, 0), "市": (1, 1)}
    >>> fig, ax = plt.subplots()
    >>> draw_graph(ax, G, pos, sizes={n: 100 for n in G}, colours=["#0072B2", "#E69F00", "#009E73"],
    ...            widths=[1.0, 3.0], markers=["o", "s", "o"])
    >>> len(ax.collections)        # edges, then the "o" nodes and the "s" nodes
    3
    >>> plt.close(fig)
    """
    if G.number_of_edges():
        nx.draw_networkx_edges(G, pos, ax=ax, width=list(widths), edge_color=edge_colour, alpha=edge_alpha)
    nodes = list(G)
    colours = list(colours)
    markers = list(markers) if markers is not None else ["o"] * len(nodes)
    for m in dict.fromkeys(markers):
        idx = [i for i, mk in enumerate(markers) if mk == m]
        ax.scatter([pos[nodes[i]][0] for i in idx], [pos[nodes[i]][1] for i in idx],
                   s=[sizes[nodes[i]] for i in idx], c=[colours[i] for i in idx], marker=m, edgecolors="white",
                   linewidths=0.6, zorder=3, alpha=0.95)
