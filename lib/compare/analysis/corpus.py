"""Summaries of the processed corpus for the corpus-overview notebook: structure, text volume, programme tables.

Computing only (small aggregations of loaded tables); figures are in `compare.plots.corpus`.
"""

from __future__ import annotations

import pandas as pd

from compare.core.plan import LEVELS, PARTS

__all__ = ["structure_counts", "text_volume", "programme_summary", "owners_per_row", "plan_periods", "city_order"]


def city_order(cities: pd.DataFrame, ids=None) -> list[str]:
    """City ids in registry order (from ``cities.csv``), restricted to `ids` if given.

    Ids in `ids` that the registry does not know are kept, sorted, after the registered ones; repeated ids count
    once.

    Parameters
    ----------
    cities : pandas.DataFrame
        The registry, one row per city with at least the columns ``city`` (id) and ``order`` (1-based position),
        e.g. ``compare.io.datasets.load_cities()``.
    ids : iterable, optional
        The city ids to order (e.g. the ``city`` column of a table; converted to str, duplicates allowed). Default
        None: every city of `cities`.

    Returns
    -------
    list of str
        The registered ids of `ids` in registry order, then the unregistered ones in sorted order.

    Examples
    --------
    >>> city_order(pd.DataFrame({"city": ["b", "a"], "order": [1, 2]}), ["a", "b", "x"])
    ['b', 'a', 'x']

    On the committed registry, the built-in cities come first and in their fixed order:

    >>> from compare.io import datasets as ds
    >>> cities = ds.load_cities()
    >>> city_order(cities, ["hatsukaichi", "sendai", "hatsukaichi"])
    ['sendai', 'hatsukaichi']
    >>> city_order(cities) == list(cities.sort_values("order").city)
    True
    """
    order = list(cities.sort_values("order").city)
    if ids is None:
        return order
    ids = list(dict.fromkeys(str(i) for i in ids))
    return [c for c in order if c in ids] + sorted(set(ids) - set(order))


def structure_counts(nodes: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Nodes per city, part and level (cities × parts as rows, levels as columns, in model order).

    Parameters
    ----------
    nodes : pandas.DataFrame
        Plan elements, one row per node with at least ``node_id``, ``city``, ``part`` and ``level``
        (``compare.io.datasets.load_nodes()``).
    cities : pandas.DataFrame
        The registry (``compare.io.datasets.load_cities()``), for the order of the cities (`city_order`).

    Returns
    -------
    pandas.DataFrame
        Index (``city``, ``part``): the cities in registry order and, within a city, the parts it has in the
        order of `compare.core.plan.PARTS` (``main`` first). Columns: the levels of
        `compare.core.plan.LEVELS` (``vision`` … ``program``), each the number of nodes (int, 0 where a part has
        none at that level).

    Examples
    --------
    >>> from compare.io.datasets import load_cities, load_nodes
    >>> structure_counts(load_nodes(), load_cities()).loc[("sagamihara", "main")].tolist()
    [1, 3, 10, 10, 0]

    Every node is counted once, and the rows start with the first registered city's main part:

    >>> nodes = load_nodes()
    >>> t = structure_counts(nodes, load_cities())
    >>> list(t.columns), int(t.to_numpy().sum()) == len(nodes), t.index[0]
    (['vision', 'goal', 'policy', 'action', 'program'], True, ('sendai', 'main'))
    """
    t = nodes.pivot_table(index=["city", "part"], columns="level", values="node_id", aggfunc="count", fill_value=0)
    t = t.reindex(columns=list(LEVELS), fill_value=0)
    order = [(c, p) for c in city_order(cities, nodes.city) for p in PARTS if (c, p) in t.index]
    t = t.loc[order]
    t.columns.name = None
    return t


def text_volume(nodes: pd.DataFrame, cities: pd.DataFrame) -> pd.DataFrame:
    """Characters of title + body per city and level: how much text each level carries.

    Parameters
    ----------
    nodes : pandas.DataFrame
        Plan elements with at least ``city``, ``level``, ``title`` and ``body``
        (``compare.io.datasets.load_nodes()``).
    cities : pandas.DataFrame
        The registry (``compare.io.datasets.load_cities()``), for the order of the cities (`city_order`).

    Returns
    -------
    pandas.DataFrame
        One row per city of `nodes` (index ``city``, registry order), one column per level of
        `compare.core.plan.LEVELS`: the summed length in characters of the titles and bodies of that city's nodes
        at that level (int, 0 where the city has no node at the level). `compare.publish.prose.text_volume` writes
        the sentence of one column.

    Examples
    --------
    >>> from compare.io.datasets import load_cities, load_nodes
    >>> bool(text_volume(load_nodes(), load_cities()).loc["sendai", "program"] > 10000)
    True
    >>> v = text_volume(load_nodes(), load_cities())
    >>> list(v.columns), list(v.index) == city_order(load_cities(), load_nodes().city), bool((v >= 0).all().all())
    (['vision', 'goal', 'policy', 'action', 'program'], True, True)
    """
    chars = nodes.assign(chars=(nodes.title.str.len() + nodes.body.str.len()))
    t = chars.pivot_table(index="city", columns="level", values="chars", aggfunc="sum", fill_value=0)
    t = t.reindex(index=city_order(cities, nodes.city), columns=list(LEVELS), fill_value=0)
    t.columns.name = None
    return t


def programme_summary(programs: pd.DataFrame, nodes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Per city and section of a programme table: rows, first listings, re-listings and their share, owners per row.

    Parameters
    ----------
    programs : pandas.DataFrame
        Programme-table rows with at least ``city``, ``block``, ``section``, ``part``, ``section_title``,
        ``row_id``, ``program_id``, ``relisted`` (bool) and ``owners`` (``;``-joined)
        (``compare.io.datasets.load_programs()``).
    nodes : pandas.DataFrame, optional
        ``node_id`` and ``parent_id`` of the plan elements (``compare.io.datasets.load_nodes()``): with them, a
        ``section_id`` column names the element each section is (the parent of its rows' programme elements).

    Returns
    -------
    pandas.DataFrame
        One row per (``city``, ``block``, ``section``, ``part``, ``section_title``) in the order of first
        appearance, with ``rows`` (printed rows), ``relisted`` (rows marked as re-listings), ``programmes``
        (distinct ``program_id``), ``owners_per_row`` (mean owners named per row, 2 decimals) and
        ``relisted_share`` (``relisted / rows``, 3 decimals).

    Examples
    --------
    >>> toy = pd.DataFrame({"city": "x", "block": 1, "section": [1, 1, 2], "part": "main",
    ...                     "section_title": ["(1) 見守り", "(1) 見守り", "(2) 居場所"], "row_id": ["r1", "r2", "r3"],
    ...                     "program_id": ["x.p1", "x.p2", "x.p1"], "relisted": [False, False, True],
    ...                     "owners": ["健康福祉局", "健康福祉局;市社会福祉協議会", "健康福祉局"]})
    >>> s = programme_summary(toy)
    >>> s.section_title.tolist(), s.rows.tolist(), s.relisted.tolist(), s.programmes.tolist()
    (['(1) 見守り', '(2) 居場所'], [2, 1], [0, 1], [2, 1])
    >>> s.owners_per_row.tolist(), s.relisted_share.tolist()
    ([1.5, 1.0], [0.0, 1.0])

    On the committed programme tables, every printed row is in exactly one section:

    >>> from compare.io import datasets as ds
    >>> programs = ds.load_programs()
    >>> s = programme_summary(programs)
    >>> int(s.rows.sum()) == len(programs), set(s.city) <= set(ds.load_cities().city)
    (True, True)
    >>> bool(s.relisted_share.between(0, 1).all()), bool((s.programmes <= s.rows).all())
    (True, True)
    >>> programme_summary(programs, ds.load_nodes()).section_id.iloc[0]
    'sendai.g1.p1'
    """
    p = programs.assign(n_owners=programs.owners.str.split(";").str.len())
    g = p.groupby(["city", "block", "section", "part", "section_title"], sort=False)
    out = g.agg(rows=("row_id", "count"), relisted=("relisted", "sum"), programmes=("program_id", "nunique"),
                owners_per_row=("n_owners", "mean")).reset_index()
    out["relisted_share"] = (out.relisted / out.rows).round(3)
    out["owners_per_row"] = out.owners_per_row.round(2)
    if nodes is not None:
        parent = dict(zip(nodes.node_id, nodes.parent_id))
        first = p.assign(section_id=p.node_id.map(parent)).groupby(
            ["city", "block", "section", "part", "section_title"], sort=False).section_id.first()
        out["section_id"] = first.fillna("").to_numpy()
    return out


def owners_per_row(programs: pd.DataFrame) -> pd.DataFrame:
    """How many rows name 1, 2, … owners, per city with a programme table.

    Parameters
    ----------
    programs : pandas.DataFrame
        Programme-table rows with at least ``city`` and ``owners`` (``;``-joined owner names)
        (``compare.io.datasets.load_programs()``).

    Returns
    -------
    pandas.DataFrame
        A cross-tabulation: one row per city with programme rows (index ``city``), one column per number of owners
        named in a row (columns axis ``owners per row``, ascending); cells count the rows (int).

    Examples
    --------
    >>> toy = pd.DataFrame({"city": ["x", "x", "x"], "owners": ["健康福祉局", "健康福祉局;市社会福祉協議会", "市民局"]})
    >>> owners_per_row(toy).loc["x"].to_dict()
    {1: 2, 2: 1}

    On the committed tables every programme row is counted once, and at least one owner is named per row:

    >>> from compare.io import datasets as ds
    >>> programs = ds.load_programs()
    >>> t = owners_per_row(programs)
    >>> int(t.to_numpy().sum()) == len(programs), min(t.columns) >= 1, t.columns.name
    (True, True, 'owners per row')
    """
    n = programs.owners.str.split(";").str.len()
    return pd.crosstab(programs.city, n).rename_axis(index="city", columns="owners per row")


def plan_periods(cities: pd.DataFrame) -> pd.DataFrame:
    """One row per city with a known period: plan title and the fiscal years the document covers.

    Parameters
    ----------
    cities : pandas.DataFrame
        The registry (``compare.io.datasets.load_cities()``) with ``city``, ``label``, ``plan_title``,
        ``plan_period``, ``order`` and ``fy_start``/``fy_end`` as text (``''`` where unknown).

    Returns
    -------
    pandas.DataFrame
        Columns ``city``, ``label``, ``plan_title``, ``plan_period`` (as printed), ``fy_start`` and ``fy_end`` (the
        first and last fiscal year, int), in registry order with a fresh 0-based index; cities whose first or last
        year is unknown are left out.

    Examples
    --------
    >>> toy = pd.DataFrame({"city": ["a", "b"], "label": ["A市", "B市"], "plan_title": ["計画", "計画"],
    ...                     "plan_period": ["令和3～8年度", ""], "fy_start": ["2021", ""], "fy_end": ["2026", ""],
    ...                     "order": [1, 2]})
    >>> plan_periods(toy)[["city", "fy_start", "fy_end"]].values.tolist()
    [['a', 2021, 2026]]

    >>> from compare.io import datasets as ds
    >>> p = plan_periods(ds.load_cities())
    >>> list(p.columns), bool((p.fy_start <= p.fy_end).all()), set(p.city) <= set(ds.load_cities().city)
    (['city', 'label', 'plan_title', 'plan_period', 'fy_start', 'fy_end'], True, True)
    """
    c = cities[(cities.fy_start != "") & (cities.fy_end != "")]
    c = c.astype({"fy_start": int, "fy_end": int})
    return c.sort_values("order")[["city", "label", "plan_title", "plan_period",
                                   "fy_start", "fy_end"]].reset_index(drop=True)
