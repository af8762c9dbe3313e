"""Figures of the corpus overview: plan periods, plan structure, text volume, programme tables."""

from __future__ import annotations

import textwrap

import numpy as np
import pandas as pd
from matplotlib.colors import LogNorm

from compare.plots.style import CityStyle, plt

__all__ = ["plot_plan_periods", "plot_structure", "plot_text_volume", "plot_programmes_per_policy"]


def plot_plan_periods(periods: pd.DataFrame, style: CityStyle):
    """Horizontal bars on one fiscal-year axis: FY n runs from the start of year n to the start of n + 1."""
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
    """Annotated grid: elements per level (columns) for each city and part (rows); colour on a log scale."""
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
    fig.colorbar(im, ax=ax, shrink=0.6, label="elements (log scale)")
    ax.set_title("計画の構造 Plan structure: elements per level, city and part", pad=24)
    return fig


def plot_text_volume(volume: pd.DataFrame, style: CityStyle):
    """Characters per level and city as dots on a log axis (a bar's length on a log axis would depend on an
    arbitrary baseline); a level a plan does not have has no dot."""
    levels = list(volume.columns)
    fig, ax = plt.subplots(figsize=(8.5, 0.5 * len(levels) + 1.6))
    n = len(volume)
    for k, city in enumerate(volume.index):
        y = np.arange(len(levels)) + (k - (n - 1) / 2) * 0.8 / max(n, 1)
        v = volume.loc[city].to_numpy(dtype=float)
        ax.scatter(np.where(v > 0, v, np.nan), y, s=55, color=style.colour(city), marker=style.marker(city),
                   label=style.label(city), zorder=3)
    ax.set_xscale("log")
    ax.set_yticks(range(len(levels)), levels)
    ax.invert_yaxis()
    ax.grid(axis="x", color="#eeeeee", which="both")
    ax.set_xlabel("characters (title + body), log scale")
    ax.set_title("テキスト量 Text volume per level (no dot: the plan has no element at that level)")
    ax.legend(frameon=False, loc="upper left", bbox_to_anchor=(1.0, 1.0))
    return fig


def plot_programmes_per_policy(summary: pd.DataFrame, style: CityStyle, city: str):
    """One city's programme table: rows per section, split into first listings and 【再掲】 re-listings."""
    s = summary[summary.city == city].iloc[::-1]
    fig, ax = plt.subplots(figsize=(10, 0.34 * len(s) + 1.6))
    labels = [f"{b}-({n}) " + textwrap.shorten(t, 30, placeholder="…") for b, n, t in
              zip(s.block, s.section, s.section_title)]
    first = s.rows - s.relisted
    y = np.arange(len(s))
    ax.barh(y, first, color=style.colour(city), label="初出 first listing")
    ax.barh(y, s.relisted, left=first, color="#bbbbbb", label="再掲 re-listed (【再掲】)")
    for yi, (f, r) in enumerate(zip(first, s.relisted)):
        ax.text(f + r + 0.3, yi, f"{f}+{r}" if r else f"{f}", va="center", fontsize=8)
    ax.set_yticks(y, labels, fontsize=8)
    ax.set_xlabel("rows of the programme table (block-(section); full titles in the table above)")
    ax.legend(frameon=False, loc="lower left", bbox_to_anchor=(0.0, 1.0), ncol=2, fontsize=9)
    ax.set_title(f"{style.label(city)} 事業一覧: programme rows per 施策 / sub-plan section", pad=28)
    ax.margins(x=0.12)
    return fig
