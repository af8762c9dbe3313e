"""Figures of the alignment: goal similarity with the one-to-one assignment, and counterpart matrices per city pair."""

from __future__ import annotations

import math
import re

import numpy as np
import pandas as pd
from matplotlib import patheffects

from compare.core.plan import plan_numbers
from compare.plots.style import CityStyle, plt

__all__ = ["plot_goal_heatmaps", "plot_counterpart_matrix", "short_label"]

_CONF_MARK = {"strong": "●", "moderate": "◐", "weak": "○"}
#: The columns of nodes.csv that `compare.core.plan.plan_numbers` reads.
_NUMBERED_BY = {"node_id", "city", "parent_id", "level", "part", "label", "ordinal"}


def short_label(number: str, title: str, width: int = 16) -> str:
    """'基本的方向2 / (4) 災害に備える地域づくり' — the plan's own number and the title shortened (full title: tables).

    Parameters
    ----------
    number : str
        The element's number as its plan prints it (`compare.core.plan.plan_numbers`).
    title : str
        The element's title.
    width : int, default 16
        Longest title kept whole; a longer one is cut to ``width - 1`` characters and ``…``.

    Returns
    -------
    str
        ``"<number> <title>"``.

    Examples
    --------
    >>> short_label("基本的方向2 / (4)", "災害に備える地域づくり")
    '基本的方向2 / (4) 災害に備える地域づくり'
    >>> short_label("基本的方向1 / (1)", "共生の意識を高める取り組みの推進", width=8)
    '基本的方向1 / (1) 共生の意識を高…'
    """
    return f"{number} {title if len(title) <= width else title[:width - 1] + '…'}".strip()


_UNBROKEN = re.compile(r"[ァ-ヺー・A-Za-z0-9０-９Ａ-Ｚａ-ｚ]")


def wrap_ja(text: str, width: int, lines: int = 4) -> list[str]:
    """Japanese text in lines of about `width` characters, never breaking inside a katakana or Latin word, before
    a closing bracket or punctuation, or after an opening bracket; at most `lines` lines (the last ends in ``…``
    when text is left).

    >>> wrap_ja("暮らしを守る安心・安全のセーフティネット", 6)
    ['暮らしを守る', '安心・安全の', 'セーフティネット']
    >>> wrap_ja("多様性を受け入れる「ふくし文化」の創出", 6)
    ['多様性を受け', '入れる「ふくし文化」', 'の創出']
    """
    out, cur = [], ""
    for i, ch in enumerate(text):
        nxt = text[i + 1] if i + 1 < len(text) else ""
        cur += ch
        glued = ((_UNBROKEN.match(ch) and _UNBROKEN.match(nxt or " ")) or nxt in "」』）)、。，,・ー" or ch in "「『（("
                 or (ch in "「『" or cur.count("「") > cur.count("」")))
        if len(cur) >= width and nxt and not glued:
            out.append(cur)
            cur = ""
    if cur:
        out.append(cur)
    if len(out) > lines:
        out = out[:lines]
        out[-1] = out[-1][:-1] + "…"
    return out


def plot_goal_heatmaps(goals: pd.DataFrame, style: CityStyle, *, ncols: int = 3, numbers: dict | None = None):
    """One heatmap per pair of cities: similarity of every pair of main-plan goals.

    The panels share one colour scale and one colour bar naming the metric; ● = the one-to-one assignment;
    ▲ = an assignment the constraint forced below the best similarity available to one of its goals.

    Parameters
    ----------
    goals : pandas.DataFrame
        One row per pair of goals, shaped like ``goal_alignment.csv``: ``city_a``, ``goal_a``, ``title_a``,
        ``city_b``, ``goal_b``, ``title_b``, ``similarity``, ``assigned``, ``forced`` (booleans) and ``metric``.
        Goal ids are ``<city>.<code>``; the pairs of cities are drawn in their order of appearance.
    style : CityStyle
        City labels and colours.
    ncols : int, default 3
        Panels per row (at most the number of pairs).
    numbers : dict of str to str, optional
        Goal id → its number as the plan prints it (`compare.core.plan.plan_numbers`); without it, the id without
        the city.

    Returns
    -------
    matplotlib.figure.Figure
        One heatmap axes per pair (unused grid cells turned off), then the colour bar's axes.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> goals = pd.DataFrame({
    ...     "city_a": ["sendai"] * 4, "goal_a": ["sendai.g1", "sendai.g1", "sendai.g2", "sendai.g2"],
    ...     "title_a": ["環境づくり", "環境づくり", "人づくり", "人づくり"],
    ...     "city_b": ["sagamihara"] * 4, "goal_b": ["sagamihara.g1", "sagamihara.g2"] * 2,
    ...     "title_b": ["体制づくり", "人材づくり"] * 2, "similarity": [0.22, 0.19, 0.05, 0.31],
    ...     "assigned": [True, False, False, True], "forced": [False] * 4, "metric": ["tfidf cosine"] * 4})
    >>> fig = plot_goal_heatmaps(goals, style)
    >>> len(fig.axes), fig.axes[0].get_title()
    (2, '仙台市 Sendai × 相模原市 Sagamihara')
    >>> sorted(t.get_text() for t in fig.axes[0].texts)
    ['0.05', '0.19', '0.22 ●', '0.31 ●']
    >>> plt.close(fig)
    """
    pairs = list(dict.fromkeys(zip(goals.city_a, goals.city_b)))
    ncols = min(ncols, len(pairs))
    nrows = math.ceil(len(pairs) / ncols)
    vmax = 1.0           # the cosine's own scale: low similarities must not look strong (the data peak near 0.2)
    fig, axes = plt.subplots(nrows, ncols, figsize=(6.2 * ncols, 5.4 * nrows), squeeze=False,
                             gridspec_kw={"wspace": 0.75, "hspace": 0.6})
    im = None
    for ax, (a, b) in zip(axes.ravel(), pairs):
        g = goals[(goals.city_a == a) & (goals.city_b == b)]
        ra, rb = list(dict.fromkeys(g.goal_a)), list(dict.fromkeys(g.goal_b))
        M = g.pivot(index="goal_a", columns="goal_b", values="similarity").reindex(index=ra, columns=rb)
        im = ax.imshow(M.to_numpy(dtype=float), cmap="Blues", vmin=0, vmax=vmax)
        for r in g.itertuples():
            i, j = ra.index(r.goal_a), rb.index(r.goal_b)
            mark = (" ▲" if r.forced else " ●") if r.assigned else ""
            ax.text(j, i, f"{r.similarity:.2f}{mark}", ha="center", va="center", fontsize=8,
                    color="white" if r.similarity > vmax * 0.6 else "#222222")
        ta = dict(zip(g.goal_a, g.title_a))
        tb = dict(zip(g.goal_b, g.title_b))
        num = lambda x: (numbers or {}).get(x, x.split(".", 1)[1])  # noqa: E731 - the plan's number, else the id
        ax.set_yticks(range(len(ra)), [num(x) + "\n" + "\n".join(wrap_ja(ta[x], 11, 3)) for x in ra], fontsize=7)
        ax.set_xticks(range(len(rb)), [num(x) + "\n" + "\n".join(wrap_ja(tb[x], 6, 4)) for x in rb], fontsize=7)
        ax.set_ylabel(style.label(a), color=style.colour(a))
        ax.set_xlabel(style.label(b), color=style.colour(b))
        ax.set_title(f"{style.label(a)} × {style.label(b)}", fontsize=10)
    for ax in axes.ravel()[len(pairs):]:
        ax.axis("off")
    metric = goals.metric.iloc[0] if len(goals) else "similarity"
    fig.suptitle(f"目標の対応 Goal similarity ({metric}); ● one-to-one assignment (Hungarian method), "
                 "▲ assignment forced below a better available match", fontsize=10)
    fig.subplots_adjust(left=0.12, right=0.9, top=0.88, bottom=0.16)
    cax = fig.add_axes((0.93, 0.25, 0.012, 0.5))
    fig.colorbar(im, cax=cax, label=f"{metric} (0 to 1, the full scale)")
    return fig


def plot_counterpart_matrix(alignment: pd.DataFrame, nodes: pd.DataFrame, style: CityStyle, source: str, target: str,
                            *, label_chars: int = 16):
    """Source items (rows) × target policies (columns) of one ordered pair of cities.

    Each row shows the counterparts the alignment keeps (colour = probability), ● / ◐ / ○ marks the best one by
    confidence, and rows are sorted by their best target so matching blocks line up; '—' = no counterpart above
    the validated threshold.

    Parameters
    ----------
    alignment : pandas.DataFrame
        Shaped like ``alignment.csv``: ``source_city``, ``source_id``, ``target_city``, ``target_id``, ``rank``,
        ``score`` and ``confidence``. Rank 1 is the best counterpart, higher ranks are further kept ones, and a
        source without counterpart has one row of rank 0 with an empty ``target_id``.
    nodes : pandas.DataFrame
        Shaped like ``nodes.csv``: ``node_id``, ``city``, ``level`` and ``title`` of every source and target; the
        columns are the target city's ``policy`` nodes, in table order.
    style : CityStyle
        City labels.
    source, target : str
        City ids of the ordered pair.
    label_chars : int, default 16
        Longest title kept whole in the tick labels (see `short_label`); an element is numbered as its plan
        numbers it (`compare.core.plan.plan_numbers`) when `nodes` has the columns it reads, else by its id.

    Returns
    -------
    matplotlib.figure.Figure
        The matrix axes and its colour bar's axes.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> nodes = pd.DataFrame({"node_id": ["sendai.g1.p1", "sendai.g1.p2", "sagamihara.g1.p1", "sagamihara.g1.p2"],
    ...                       "city": ["sendai", "sendai", "sagamihara", "sagamihara"], "level": ["policy"] * 4,
    ...                       "title": ["居場所づくり", "相談支援", "地域の居場所", "包括的な相談"]})
    >>> alignment = pd.DataFrame({
    ...     "source_city": ["sendai"] * 3, "source_id": ["sendai.g1.p1", "sendai.g1.p1", "sendai.g1.p2"],
    ...     "target_city": ["sagamihara"] * 3, "target_id": ["sagamihara.g1.p1", "sagamihara.g1.p2", ""],
    ...     "rank": [1, 2, 0], "score": [0.8, 0.3, 0.1], "confidence": ["strong", "weak", "no counterpart"]})
    >>> fig = plot_counterpart_matrix(alignment, nodes, style, "sendai", "sagamihara")
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['g1.p1 居場所づくり', 'g1.p2 相談支援']
    >>> [t.get_text() for t in fig.axes[0].texts]
    ['●', '  — no counterpart']
    >>> plt.close(fig)
    """
    a = alignment[(alignment.source_city == source) & (alignment.target_city == target)]
    nd = nodes.set_index("node_id")
    targets = list(nodes[(nodes.city == target) & (nodes.level == "policy")].node_id)
    best = a[a["rank"] <= 1].set_index("source_id")
    srcs = list(dict.fromkeys(a.source_id))
    col = {t: i for i, t in enumerate(targets)}
    first_seen = {s: i for i, s in enumerate(srcs)}
    srcs.sort(key=lambda s: (col.get(best.target_id.get(s, ""), len(targets)), first_seen[s]))
    M = np.full((len(srcs), len(targets)), np.nan)
    kept = a[a["rank"] >= 1]
    for r in kept.itertuples():
        if r.target_id in col:
            M[srcs.index(r.source_id), col[r.target_id]] = r.score
    fig, ax = plt.subplots(figsize=(0.42 * len(targets) + 5.5, 0.3 * len(srcs) + 2.6))
    im = ax.imshow(M, cmap="Blues", vmin=0, vmax=1, aspect="auto")
    for s in srcs:
        i = srcs.index(s)
        row = best.loc[s] if s in best.index else None
        if row is None or row.target_id == "":
            ax.text(len(targets) - 0.5, i, "  — no counterpart", va="center", fontsize=7, color="#777777")
        else:
            # dark with a white ring on every cell colour: a strong ● never reads as a weak ○ on a dark cell
            ax.text(col[row.target_id], i, _CONF_MARK.get(row.confidence, "●"), ha="center", va="center",
                    fontsize=9, color="#111111", path_effects=[patheffects.withStroke(linewidth=2.2,
                                                                                      foreground="white")])
    number = (plan_numbers(nodes) if _NUMBERED_BY <= set(nodes.columns)
              else {n: n.split(".", 1)[-1] for n in nodes.node_id})
    ax.set_yticks(range(len(srcs)), [short_label(number[s], nd.loc[s].title, label_chars) for s in srcs], fontsize=7)
    ax.set_xticks(range(len(targets)), [short_label(number[t], nd.loc[t].title, label_chars) for t in targets],
                  fontsize=7, rotation=70, ha="right")
    ax.set_xticks(np.arange(len(targets) + 1) - 0.5, minor=True)
    ax.grid(which="minor", axis="x", color="#eeeeee")
    ax.tick_params(which="minor", length=0)
    ax.set_xlim(-0.5, len(targets) - 0.5 + (3.5 if (best.target_id == "").any() else 0))
    ax.set_ylabel(f"{style.label(source)}: policies and actions")
    ax.set_xlabel(f"{style.label(target)}: policies (the plan's number + shortened title; full titles in "
                  "alignment.csv)")
    fig.colorbar(im, ax=ax, shrink=0.5, pad=0.01, label="calibrated probability that\nthe counterpart is right")
    ax.set_title(f"{style.short(source)} → {style.short(target)}: counterparts kept by the alignment; best one marked "
                 "● strong ◐ moderate ○ weak", fontsize=10)
    return fig
