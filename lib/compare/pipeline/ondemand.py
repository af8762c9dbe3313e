"""Questions asked of the processed tables on demand: KWIC over every passage, and the alignment of any two
cities beyond the build's pairwise limit."""

from __future__ import annotations

import functools
from pathlib import Path

import pandas as pd

from compare.analysis import kwic as _kwic
from compare.analysis.align.apply import align_pair
from compare.analysis.align.features import AlignConfig, pair_features
from compare.analysis.align.model import TASKS, build_items, fit_final
from compare.core.errors import ValidationError
from compare.core.paths import DEFAULT, Layout
from compare.io import datasets
from compare.io.reference import load_actors, load_codebook, load_gold

__all__ = ["align_on_demand", "passages", "kwic"]


def align_on_demand(source: str, target: str, layout: Layout = DEFAULT,
                    config: AlignConfig = AlignConfig()) -> pd.DataFrame:
    """Align any two cities from the processed tables (for registries beyond `AlignConfig.max_pairwise_cities`).

    The combination is refitted on the gold standard exactly as in the build, so the rows equal what the build
    writes for the pair when it computes every pair.

    Refitting takes a few seconds; a typical call is ``align_on_demand("sendai", "hatsukaichi")``. The task is
    the policy alignment (policies and actions of `source` → policies of `target`).

    Parameters
    ----------
    source, target : str
        Two different city ids of the processed ``nodes.csv``: whose nodes are aligned, and where their
        counterparts are looked for.
    layout : Layout, optional
        Whose processed tables (nodes, tokens, themes) and reference files (codebook, gold standard) are read;
        default `compare.core.paths.DEFAULT`, the project's.
    config : AlignConfig, optional
        The alignment parameters; default ``AlignConfig()``, those of the build.

    Returns
    -------
    pandas.DataFrame
        The rows ``alignment.csv`` has (or would have) for ``source_city == source`` and ``target_city ==
        target``: columns `compare.io.schemas.ALIGNMENT_COLUMNS` (see `compare.analysis.align.apply.align_pair`).

    Raises
    ------
    compare.core.errors.ValidationError
        If a city is not in the processed data, or `source` equals `target`.

    Examples
    --------
    >>> align_on_demand("sendai", "sendai")
    Traceback (most recent call last):
    ...
    compare.core.errors.ValidationError: .../nodes.csv: choose two different cities
    >>> align_on_demand("sendai", "atlantis")
    Traceback (most recent call last):
    ...
    compare.core.errors.ValidationError: .../nodes.csv: unknown city 'atlantis'; the processed data has sendai, ...
    """
    nodes, tokens, themes = datasets.load_nodes(layout), datasets.load_tokens(layout), datasets.load_themes(layout)
    known = list(dict.fromkeys(nodes.city))
    for c in (source, target):
        if c not in known:
            raise ValidationError(layout.processed / "nodes.csv", None,
                                  f"unknown city {c!r}; the processed data has {', '.join(known)}")
    if source == target:
        raise ValidationError(layout.processed / "nodes.csv", None, "choose two different cities")
    codebook = load_codebook(layout)
    theme_ids = list(codebook.theme_id)
    cache: dict = {}
    gold = load_gold(layout, TASKS["policy"].gold, nodes)
    items = build_items(gold, nodes, tokens, themes, TASKS["policy"], config, theme_ids, cache)
    model = fit_final(items, config)
    key = tuple(sorted((source, target)))
    pf = cache.get(key) or pair_features(nodes, tokens, themes, *key, config=config, theme_ids=theme_ids)
    return align_pair(pf, model, source, target, TASKS["policy"], config,
                      dict(zip(codebook.theme_id, codebook.label_ja)))


@functools.lru_cache(maxsize=4)
def _passages_cached(root: str, stamp: tuple) -> pd.DataFrame:
    layout = Layout(Path(root))
    return _kwic.passages(datasets.load_nodes(layout), datasets.load_links(layout), datasets.load_programs(layout),
                          datasets.load_documents(layout))


def passages(layout: Layout = DEFAULT) -> pd.DataFrame:
    """Every searchable passage of the processed tables (`compare.analysis.kwic.passages`), cached per version.

    The cache is keyed by the modification times of ``nodes.csv``, ``node_links.csv``, ``programs.csv`` and
    ``documents.csv``: while they are unchanged, every call returns the same DataFrame (do not modify it).

    Parameters
    ----------
    layout : Layout, optional
        Whose processed tables to read; default `compare.core.paths.DEFAULT`, the project's.

    Returns
    -------
    pandas.DataFrame
        One row per passage (node titles and bodies, document titles): ``city``, ``node_id``, ``field``
        (``title``, ``body`` or ``document``), ``text``, ``path``, ``level``, ``part``, ``source_file``,
        ``line_start``, ``line_end``, ``first_listing`` (the node it re-lists, or ``''``) and ``norm`` (the text as
        KWIC compares it).

    Examples
    --------
    >>> {"title", "body", "document"} <= set(passages().field)
    True
    >>> p = passages()
    >>> p is passages(), set(p.city) <= set(datasets.load_cities().city)
    (True, True)
    >>> list(p.columns)[:4], list(p.columns)[-2:]
    (['city', 'node_id', 'field', 'text'], ['first_listing', 'norm'])
    """
    files = [layout.processed / f for f in ("nodes.csv", "node_links.csv", "programs.csv", "documents.csv")]
    stamp = tuple(p.stat().st_mtime_ns for p in files if p.exists())
    return _passages_cached(str(layout.root), stamp)


def kwic(term: str, window: int = 20, *, expand_actors: bool = False, all_listings: bool = False, cities=None,
         layout: Layout = DEFAULT) -> pd.DataFrame:
    """Every passage of every plan that contains `term` (`compare.analysis.kwic.kwic` over `passages`).

    Parameters
    ----------
    term : str
        What to find: every occurrence as a substring, NFKC-normalised and lower-cased like the passages.
    window : int
        Characters of context on each side; default 20.
    expand_actors, all_listings, cities
        As in `compare.analysis.kwic.kwic`: find every spelling of an actor of the gazetteer
        (``data/reference/actors.csv`` of `layout`; default False), list every re-listing instead of folding it
        into its first listing's row (default False), only these city ids (default None: all).
    layout : Layout
        Whose processed tables to search; default `compare.core.paths.DEFAULT`, the project's.

    Returns
    -------
    pandas.DataFrame
        One row per hit, columns `compare.analysis.kwic.KWIC_COLUMNS`: ``left``, ``keyword``, ``right`` (the
        context and the hit as printed, NFKC), ``offset``, ``listings`` (rows folded into this one), the node,
        its hierarchy path, level, part, source file and lines. Registry and document order.

    Examples
    --------
    >>> k = kwic("社会福祉協議会")
    >>> bool(k.keyword.eq("社会福祉協議会").all()), int(k.node_id.nunique()) > 10
    (True, True)
    >>> set(kwic("民生委員").city) <= set(datasets.load_cities().city)
    True

    With ``expand_actors=True`` every spelling of the actor is found (社協 names 市社会福祉協議会), `cities` narrows
    the search, and the folded re-listings add up to the rows of ``all_listings=True``:

    >>> g = load_actors()
    >>> found = set(kwic("社協", expand_actors=True).keyword)
    >>> found <= set(g.variant[g.actor == "市社会福祉協議会"]), len(found) > 1
    (True, True)
    >>> set(kwic("見守り", cities=["sendai"]).city)
    {'sendai'}
    >>> int(kwic("見守り").listings.sum()) == len(kwic("見守り", all_listings=True))
    True
    """
    gaz = load_actors(layout) if expand_actors else None
    return _kwic.kwic(term, passages(layout), window, gazetteer=gaz, expand_actors=expand_actors,
                      all_listings=all_listings, cities=cities)
