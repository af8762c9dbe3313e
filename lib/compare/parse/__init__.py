"""Parsers: one per source format, one signature ``parser(city, layout) -> ParsedCity``, chosen through the registry.

`PARSERS` maps the ``parser`` column of data/raw/MANIFEST.csv (``nodes-csv`` for every city registered in
data/raw/extra_cities.csv) to its function. A parser reads the city's files by role (`City.file`), never by name.
"""

from __future__ import annotations

from collections.abc import Callable

from compare.core.errors import InputError
from compare.core.paths import Layout
from compare.core.plan import ParsedCity
from compare.io.registry import City
from compare.parse.hatsukaichi import parse_hatsukaichi
from compare.parse.nodes_csv import parse_nodes_csv
from compare.parse.sagamihara import parse_sagamihara
from compare.parse.sendai import parse_sendai

__all__ = ["PARSERS", "parse_city", "parse_sendai", "parse_sagamihara", "parse_hatsukaichi", "parse_nodes_csv"]

Parser = Callable[[City, Layout], ParsedCity]

PARSERS: dict[str, Parser] = {
    "sendai": parse_sendai,
    "sagamihara": parse_sagamihara,
    "hatsukaichi": parse_hatsukaichi,
    "nodes-csv": parse_nodes_csv,
}


def parse_city(city: City, layout: Layout) -> ParsedCity:
    """Run the parser the registry names for `city`."""
    try:
        parser = PARSERS[city.parser]
    except KeyError:
        where = city.files[0] if city.files else None
        raise InputError(where.registered_in if where else "data/raw/MANIFEST.csv", where.line if where else None,
                         f"unknown parser {city.parser!r} for city {city.id!r}; "
                         f"expected one of {', '.join(PARSERS)}") from None
    return parser(city, layout)
