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

    Examples
    --------
    >>> {"title", "body", "document"} <= set(passages().field)
    True
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
    window : int
        Characters of context on each side.
    expand_actors, all_listings, cities
        As in `compare.analysis.kwic.kwic`.
    layout : Layout
        Whose processed tables to search.

    Returns
    -------
    pandas.DataFrame
        One row per hit, columns `compare.analysis.kwic.KWIC_COLUMNS`.

    Examples
    --------
    >>> k = kwic("社会福祉協議会")
    >>> bool(k.keyword.eq("社会福祉協議会").all()), int(k.node_id.nunique()) > 10
    (True, True)
    >>> sorted(set(kwic("民生委員").city)) == sorted(set(datasets.load_cities().city))
    True
    """
    gaz = load_actors(layout) if expand_actors else None
    return _kwic.kwic(term, passages(layout), window, gazetteer=gaz, expand_actors=expand_actors,
                      all_listings=all_listings, cities=cities)
