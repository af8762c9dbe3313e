"""Figures of the corpus overview: plan periods, plan structure, text volume, programme tables."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm
from matplotlib.ticker import FuncFormatter, NullFormatter

from compare.plots.style import CityStyle, plt

__all__ = ["plot_plan_periods", "plot_structure", "plot_text_volume", "plot_programmes_per_policy"]

#: Tick labels of log axes as plain numbers (1,000), not mathtext (which the project style turns off, so that text a
#: researcher registers is never parsed as math).
_PLAIN = FuncFormatter(lambda v, _: f"{v:,.0f}" if v >= 1 else f"{v:g}")


def plot_plan_periods(periods: pd.DataFrame, style: CityStyle):
    """Horizontal bars on one fiscal-year axis: FY n runs from the start of year n to the start of n + 1.

    Parameters
    ----------
    periods : pandas.DataFrame
        One row per city, top to bottom, as from ``compare.analysis.corpus.plan_periods``: ``city``,
        ``plan_period`` (the period as printed, written beside the bar) and the integer fiscal years ``fy_start``
        and ``fy_end``.
    style : CityStyle
        City labels and colours.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with a bar per city.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> periods = pd.DataFrame({"city": ["sendai", "sagamihara"], "plan_period": ["令和3〜8年度", "令和6〜11年度"],
    ...                         "fy_start": [2021, 2024], "fy_end": [2026, 2029]})
    >>> fig = plot_plan_periods(periods, style)
    >>> [t.get_text() for t in fig.axes[0].get_yticklabels()]
    ['仙台市 Sendai', '相模原市 Sagamihara']
    >>> [(int(b.get_x()), int(b.get_width())) for b in fig.axes[0].patches]     # FY2021–2026: six fiscal years
    [(2021, 6), (2024, 6)]
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(8.5, 0.55 * len(periods) + 1.4))
    for i, r in enumerate(periods.itertuples()):
        ax.barh(i, r.fy_end - r.fy_start + 1, left=r.fy_start, color=style.colour(r.city), height=0.55)
        ax.text(r.fy_end + 1.15, i, r.plan_period, va="center", fontsize=9)
    ax.set_yticks(range(len(periods)), [style.label(c) for c in periods.city])
    ax.invert_yaxis()
    lo, hi = int(periods.fy_start.min()) - 1, int(periods.fy_end.max()) + 5
    ax.set_xlim(lo, hi)
    ticks = list(range(lo, hi + 1))
    ax.set_xticks(ticks, [f"{y}" if (y - lo) % 2 == 0 else "" for y in ticks])
    ax.set_xlabel("年度 fiscal year (FY n = April n – March n+1; a bar spans the fiscal years it covers)")
    ax.set_title("計画期間 Plan periods of the documents compared")
    ax.grid(axis="x", color="#eeeeee", zorder=0)
    ax.set_axisbelow(True)
    return fig


def plot_structure(counts: pd.DataFrame, style: CityStyle):
    """Annotated grid: elements per level (columns) for each city and part (rows); colour on a log scale.

    Parameters
    ----------
    counts : pandas.DataFrame
        Counts indexed by (city, part), one column per level, as from
        ``compare.analysis.corpus.structure_counts``; a zero is shown as ``·``.
    style : CityStyle
        City names and colours (of the row labels).

    Returns
    -------
    matplotlib.figure.Figure
        The grid axes and its colour bar's axes.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> counts = pd.DataFrame({"goal": [4, 3], "policy": [14, 10], "program": [254, 0]},
    ...                       index=pd.MultiIndex.from_tuples([("sendai", "main"), ("sagamihara", "main")]))
    >>> fig = plot_structure(counts, style)
    >>> len(fig.axes), [t.get_text() for t in fig.axes[0].texts]
    (2, ['4', '14', '254', '3', '10', '·'])
    >>> plt.close(fig)
    """
    fig, ax = plt.subplots(figsize=(7.8, 0.42 * len(counts) + 1.6))
    vals = counts.to_numpy(dtype=float)
    im = ax.imshow(np.where(vals > 0, vals, np.nan), cmap="Blues", norm=LogNorm(vmin=1, vmax=max(vals.max(), 2)),
                   aspect="auto")
    for (i, j), v in np.ndenumerate(vals):
        ax.text(j, i, f"{int(v)}" if v else "·", ha="center", va="center",
                color="white" if v > 30 else "#222", fontsize=10)
    ax.set_xticks(range(len(counts.columns)), list(counts.columns))
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(counts)), [f"{style.short(c)}  {p}" for c, p in counts.index])
    for k, (c, _) in enumerate(counts.index):
        ax.get_yticklabels()[k].set_color(style.colour(c))
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    cb = fig.colorbar(im, ax=ax, shrink=0.6, label="elements (log scale)")
    cb.ax.yaxis.set_major_formatter(_PLAIN)
    cb.ax.yaxis.set_minor_formatter(NullFormatter())
    ax.set_title("計画の構造 Plan structure: elements per level, city and part", pad=24)
    return fig


def plot_text_volume(volume: pd.DataFrame, style: CityStyle):
    """Characters per level and city as dots on a log axis; a level a plan does not have has no dot.

    Dots rather than bars: a bar's length on a log axis would depend on an arbitrary baseline.

    Parameters
    ----------
    volume : pandas.DataFrame
        Characters indexed by city, one column per level (top to bottom), as from
        ``compare.analysis.corpus.text_volume``; 0 = no element at that level.
    style : CityStyle
        City labels, colours and markers.

    Returns
    -------
    matplotlib.figure.Figure
        One axes with one series of dots per city and a legend.

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> volume = pd.DataFrame({"goal": [420, 150], "policy": [2300, 800], "program": [31000, 0]},
    ...                       index=["sendai", "sagamihara"])
    >>> fig = plot_text_volume(volume, style)
    >>> ax = fig.axes[0]
    >>> ax.get_xscale(), [t.get_text() for t in ax.get_legend().get_texts()]
    ('log', ['仙台市 Sendai', '相模原市 Sagamihara'])
    >>> plt.close(fig)
    """
    levels = list(volume.columns)
    fig, ax = plt.subplots(figsize=(8.5, 0.5 * len(levels) + 1.6))
    n = len(volume)
    for k, city in enumerate(volume.index):
        y = np.arange(len(levels)) + (k - (n - 1) / 2) * 0.6 / max(n, 1)
        v = volume.loc[city].to_numpy(dtype=float)
        ax.scatter(np.where(v > 0, v, np.nan), y, s=55, color=style.colour(city), marker=style.marker(city),
                   label=style.label(city), zorder=3)
    ax.set_xscale("log")
    ax.xaxis.set_major_formatter(_PLAIN)
    ax.xaxis.set_minor_formatter(NullFormatter())
    ja = {"vision": "理念", "goal": "目標", "policy": "施策", "action": "取組", "program": "事業"}
    ax.set_yticks(range(len(levels)), [f"{ja.get(lv, '')} {lv}".strip() for lv in levels])
    ax.set_ylim(len(levels) - 0.5, -0.5)             # every level a full band, the last one too
    for b in range(1, len(levels)):
        ax.axhline(b - 0.5, color="#dddddd", lw=0.8, zorder=0)
    ax.grid(axis="x", color="#eeeeee", which="both")
    ax.set_xlabel("characters (title + body), log scale")
    ax.set_title("テキスト量 Text volume per level (no dot: the plan has no element at that level)")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def plot_programmes_per_policy(summary: pd.DataFrame, style: CityStyle, city: str, *, numbers: dict | None = None):
    """One city's programme table: rows per section, split into first listings and 【再掲】 re-listings.

    Parameters
    ----------
    summary : pandas.DataFrame
        One row per section, as from ``compare.analysis.corpus.programme_summary``: ``city``, ``block``,
        ``section``, ``section_title``, ``rows`` and ``relisted`` (rows marked 【再掲】); drawn top to bottom.
    style : CityStyle
        City label and colour.
    city : str
        The city whose rows of `summary` are drawn.
    numbers : dict of str to str, optional
        Element id → its number as the plan prints it (`compare.core.plan.plan_numbers`): with a ``section_id``
        column in `summary`, a section is labelled by it; otherwise by block-(section).

    Returns
    -------
    matplotlib.figure.Figure
        One axes with stacked horizontal bars (first listings, then re-listings).

    Examples
    --------
    >>> style = CityStyle(pd.DataFrame({"city": ["sendai", "sagamihara"],
    ...                                 "label": ["仙台市 Sendai", "相模原市 Sagamihara"], "order": [1, 2]}))
    >>> summary = pd.DataFrame({"city": ["sendai", "sendai", "sagamihara"], "block": [1, 1, 1], "section": [1, 2, 1],
    ...                         "section_title": ["居場所づくり", "相談支援", "体制づくり"], "rows": [5, 3, 2],
    ...                         "relisted": [2, 0, 0]})
    >>> fig = plot_programmes_per_policy(summary, style, "sendai")
    >>> [t.get_text() for t in fig.axes[0].texts]          # bottom to top
    ['3', '3+2']
    >>> plt.close(fig)
    """
    s = summary[summary.city == city].iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.34 * len(s) + 1.6))
    ids = s.section_id if numbers and "section_id" in s.columns else [""] * len(s)
    labels = [f"{numbers[i] if i in (numbers or {}) else f'{b}-({n})'} " + textwrap.shorten(t, 30, placeholder="…")
              for b, n, t, i in zip(s.block, s.section, s.section_title, ids)]
    first = s.rows - s.relisted
    y = np.arange(len(s))
    ax.barh(y, first, color=style.colour(city), label="初出 first listing (the first number)")
    ax.barh(y, s.relisted, left=first, color="#bbbbbb", label="再掲 re-listed, 【再掲】 (+ the second number)")
    for yi, (f, r) in enumerate(zip(first, s.relisted)):
        ax.text(f + r + 0.3, yi, f"{f}+{r}" if r else f"{f}", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("rows of the programme table; label: the section's number "
                  f"({'as the plan prints it' if numbers else 'block-(section)'}) and its title")
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=9)
    ax.set_title(f"{style.label(city)} 事業一覧: programme rows per 施策 / sub-plan section", pad=28)
    ax.margins(x=0.12)
    return fig
