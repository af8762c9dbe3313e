"""Summaries of the processed corpus for the corpus-overview notebook: structure, text volume, programme tables.

Computing only (small aggregations of loaded tables); figures are in `compare.plots.corpus`.
"""

from __future__ import annotations

import pandas as pd

from compare.core.plan import LEVELS, PARTS

__all__ = ["structure_counts", "text_volume", "programme_summary", "owners_per_row", "plan_periods", "city_order"]


def city_order(cities: pd.DataFrame, ids=None) -> list[str]:
    """City ids in registry order (from ``cities.csv``), restricted to `ids` if given.

    >>> city_order(pd.DataFrame({"city": ["b", "a"], "order": [1, 2]}), ["a", "b", "x"])
    ['b', 'a', 'x']
    """
    order = list(cities.sort_values("order").city)
    if ids is None:
        return order
    ids = list(dict.fromkeys(str(i) for i in ids))
    return [c for c in order if c in ids] + sorted(set(ids) - set(order))


def structure_counts(nodes: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Nodes per city, part and level (cities × parts as rows, levels as columns, in model order).

    >>> from compare.io.datasets import load_cities, load_nodes
    >>> structure_counts(load_nodes(), load_cities()).loc[("sagamihara", "main")].tolist()
    [1, 3, 10, 10, 0]
    """
    t = nodes.pivot_table(index=["city", "part"], columns="level", values="node_id", aggfunc="count", fill_value=0)
    t = t.reindex(columns=list(LEVELS), fill_value=0)
    order = [(c, p) for c in city_order(cities, nodes.city) for p in PARTS if (c, p) in t.index]
    t = t.loc[order]
    t.columns.name = None
    return t


def text_volume(nodes: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Characters of title + body per city and level: how much text each level carries.

    >>> from compare.io.datasets import load_cities, load_nodes
    >>> bool(text_volume(load_nodes(), load_cities()).loc["sendai", "program"] > 10000)
    True
    """
    chars = nodes.assign(chars=(nodes.title.str.len() + nodes.body.str.len()))
    t = chars.pivot_table(index="city", columns="level", values="chars", aggfunc="sum", fill_value=0)
    t = t.reindex(index=city_order(cities, nodes.city), columns=list(LEVELS), fill_value=0)
    t.columns.name = None
    return t


def programme_summary(programs: pd.DataFrame) -> pd.DataFrame:
    """Per city and section of a programme table: rows, first listings, re-listings and their share, owners per row."""
    p = programs.assign(n_owners=programs.owners.str.split(";").str.len())
    g = p.groupby(["city", "block", "section", "part", "section_title"], sort=False)
    out = g.agg(rows=("row_id", "count"), relisted=("relisted", "sum"), programmes=("program_id", "nunique"),
                owners_per_row=("n_owners", "mean")).reset_index()
    out["relisted_share"] = (out.relisted / out.rows).round(3)
    out["owners_per_row"] = out.owners_per_row.round(2)
    return out


def owners_per_row(programs: pd.DataFrame) -> pd.DataFrame:
    """How many rows name 1, 2, … owners, per city with a programme table."""
    n = programs.owners.str.split(";").str.len()
    return pd.crosstab(programs.city, n).rename_axis(index="city", columns="owners per row")


def plan_periods(cities: pd.DataFrame) -> pd.DataFrame:
    """One row per city with a known period: plan title and the fiscal years the document covers."""
    c = cities[(cities.fy_start != "") & (cities.fy_end != "")]
    c = c.astype({"fy_start": int, "fy_end": int})
    return c.sort_values("order")[["city", "label", "plan_title", "plan_period",
                                   "fy_start", "fy_end"]].reset_index(drop=True)
