"""The processed corpus as pandas tables, and the summaries of the corpus-overview notebook."""

from __future__ import annotations

import pandas as pd

from .figures import CITY_COLORS, city_label, city_order, plt
from .model import CITIES, LEVELS, PARTS
from .paths import DEFAULT, Layout
from .tables import read_commented_csv

__all__ = [
    "load_nodes", "load_links", "load_programs", "load_manifest", "load_glossary",
    "structure_counts", "text_volume", "programme_summary", "owners_per_row", "plan_periods",
    "plot_plan_periods", "plot_structure", "plot_text_volume", "plot_programmes_per_policy",
]


def load_nodes(layout: Layout = DEFAULT) -> pd.DataFrame:
    """`data/processed/nodes.csv` with ids as strings and empty texts as ''.

    Examples
    --------
    >>> nodes = load_nodes()
    >>> sorted(nodes.city.unique())[:3]
    ['hatsukaichi', 'sagamihara', 'sendai']
    """
    df = pd.read_csv(layout.processed / "nodes.csv", dtype=str, keep_default_na=False)
    for c in ("ordinal", "line_start", "line_end"):
        df[c] = pd.to_numeric(df[c]).astype(int)
    return df


def load_links(layout: Layout = DEFAULT) -> pd.DataFrame:
    return pd.read_csv(layout.processed / "node_links.csv", dtype=str, keep_default_na=False)


def load_programs(layout: Layout = DEFAULT) -> pd.DataFrame:
    """`programs.csv` with `relisted` as bool and numbers as int.

    >>> p = load_programs()
    >>> len(p), int(p.relisted.sum())
    (254, 78)
    """
    df = pd.read_csv(layout.processed / "programs.csv", dtype=str, keep_default_na=False)
    df["relisted"] = df["relisted"].eq("true")
    for c in ("block", "section", "line_start", "line_end"):
        df[c] = df[c].astype(int)
    return df


def load_manifest(layout: Layout = DEFAULT) -> pd.DataFrame:
    return pd.read_csv(layout.manifest, dtype=str, keep_default_na=False)


def load_glossary(layout: Layout = DEFAULT) -> pd.DataFrame:
    rows = read_commented_csv(layout.reference / "glossary.csv")
    return pd.DataFrame(rows).drop(columns="_line")


def structure_counts(nodes: pd.DataFrame) -> pd.DataFrame:
    """Nodes per city, part and level (cities × parts as rows, levels as columns, in model order).

    >>> structure_counts(load_nodes()).loc[("sagamihara", "main")].tolist()
    [1, 3, 10, 10, 0]
    """
    t = nodes.pivot_table(index=["city", "part"], columns="level", values="node_id", aggfunc="count", fill_value=0)
    t = t.reindex(columns=list(LEVELS), fill_value=0)
    order = [(c, p) for c in city_order(nodes.city) for p in PARTS if (c, p) in t.index]
    t = t.loc[order]
    t.columns.name = None
    return t


def text_volume(nodes: pd.DataFrame) -> pd.DataFrame:
    """Characters of title + body per city and level: how much text each level carries.

    >>> bool(text_volume(load_nodes()).loc["sendai", "program"] > 10000)
    True
    """
    chars = nodes.assign(chars=(nodes.title.str.len() + nodes.body.str.len()))
    t = chars.pivot_table(index="city", columns="level", values="chars", aggfunc="sum", fill_value=0)
    t = t.reindex(index=city_order(nodes.city), columns=list(LEVELS), fill_value=0)
    t.columns.name = None
    return t


def programme_summary(programs: pd.DataFrame) -> pd.DataFrame:
    """Per section of Sendai's table: rows, first listings, re-listings and their share, owners per row."""
    p = programs.assign(n_owners=programs.owners.str.split(";").str.len())
    g = p.groupby(["block", "section", "part", "section_title"], sort=True)
    out = g.agg(rows=("row_id", "count"), relisted=("relisted", "sum"), programmes=("program_id", "nunique"),
                owners_per_row=("n_owners", "mean")).reset_index()
    out["relisted_share"] = (out.relisted / out.rows).round(3)
    out["owners_per_row"] = out.owners_per_row.round(2)
    return out


def owners_per_row(programs: pd.DataFrame) -> pd.Series:
    """How many rows name 1, 2, … owners."""
    return programs.owners.str.split(";").str.len().value_counts().sort_index().rename("rows")


def plan_periods(manifest: pd.DataFrame) -> pd.DataFrame:
    """One row per city: plan title and fiscal years covered by the document."""
    m = manifest.drop_duplicates("city")[["city", "city_ja", "plan_title", "plan_period", "fy_start", "fy_end"]]
    m = m.astype({"fy_start": int, "fy_end": int})
    return m.set_index("city").loc[city_order(m.city)].reset_index()


def plot_plan_periods(periods: pd.DataFrame):
    """Horizontal bars on one fiscal-year axis."""
    fig, ax = plt.subplots(figsize=(8, 2.6))
    for i, r in enumerate(periods.itertuples()):
        ax.barh(i, r.fy_end - r.fy_start + 1, left=r.fy_start - 0.5, color=CITY_COLORS.get(r.city, "grey"), height=0.5)
        ax.text(r.fy_end + 0.6, i, r.plan_period, va="center", fontsize=9)
    ax.set_yticks(range(len(periods)), [city_label(c) for c in periods.city])
    ax.invert_yaxis()
    ax.set_xlim(periods.fy_start.min() - 1, periods.fy_end.max() + 4)
    ax.set_xlabel("年度 fiscal year (April–March)")
    ax.set_title("計画期間 Plan periods of the documents compared")
    ax.xaxis.set_major_locator(plt.MaxNLocator(integer=True))
    return fig


def plot_structure(counts: pd.DataFrame):
    """Annotated grid: elements per level (columns) for each city and part (rows); colour on a log scale."""
    from matplotlib.colors import LogNorm

    fig, ax = plt.subplots(figsize=(7.5, 0.42 * len(counts) + 1.4))
    vals = counts.to_numpy(dtype=float)
    ax.imshow(vals, cmap="Blues", norm=LogNorm(vmin=1, vmax=max(vals.max(), 2)), aspect="auto")
    for (i, j), v in pd.DataFrame(vals).stack().items():
        ax.text(j, i, f"{int(v)}" if v else "·", ha="center", va="center",
                color="white" if v > 30 else "#222", fontsize=10)
    ax.set_xticks(range(len(counts.columns)), list(counts.columns))
    ax.xaxis.tick_top()
    ax.set_yticks(range(len(counts)), [f"{city_label(c, english=False)}  {p}" for c, p in counts.index])
    for k, (c, _) in enumerate(counts.index):
        ax.get_yticklabels()[k].set_color(CITY_COLORS.get(c, "#222"))
    ax.tick_params(length=0)
    for side in ("left", "bottom", "top", "right"):
        ax.spines[side].set_visible(False)
    ax.set_title("計画の構造 Plan structure: elements per level, city and part", pad=24)
    return fig


def plot_text_volume(volume: pd.DataFrame):
    """Characters per level and city (grouped bars)."""
    fig, ax = plt.subplots(figsize=(8, 3.6))
    width = 0.8 / len(volume)
    for k, city in enumerate(volume.index):
        ax.bar([i + k * width for i in range(len(LEVELS))], volume.loc[city], width,
               label=city_label(city), color=CITY_COLORS.get(city, "grey"))
    ax.set_xticks([i + width * (len(volume) - 1) / 2 for i in range(len(LEVELS))], list(LEVELS))
    ax.set_ylabel("characters (title + body)")
    ax.set_title("テキスト量 Text volume per level")
    ax.legend(frameon=False)
    return fig


def plot_programmes_per_policy(summary: pd.DataFrame):
    """Sendai: rows per section, split into first listings and 【再掲】 re-listings."""
    s = summary.iloc[::-1]
    fig, ax = plt.subplots(figsize=(9, 7))
    labels = [f"{b}-({n}) {t[:18]}" for b, n, t in zip(s.block, s.section, s.section_title)]
    first = s.rows - s.relisted
    ax.barh(labels, first, color=CITY_COLORS["sendai"], label="初出 first listing")
    ax.barh(labels, s.relisted, left=first, color="#56B4E9", label="再掲 re-listed")
    ax.set_xlabel("rows of the programme table")
    ax.set_title("仙台市 事業一覧 Sendai programme rows per 施策 / sub-plan section")
    ax.tick_params(axis="y", labelsize=8)
    ax.legend(frameon=False, loc="lower right")
    return fig


assert set(CITY_COLORS) == set(CITIES)
