"""The parse stage: verify every raw file, parse every registered city, and make the parse tables (cities, nodes,
node_links, programs, documents, parse_report) from the parsed cities.

Every non-blank line of a parsed text source is inside a plan element or accounted for (`parse_report.json`'s
``coverage``); node ids are unique across cities; a large registry is parsed by forked workers in contiguous shares,
reporting the first bad city in registry order as one process would.
"""

from __future__ import annotations

import re
from collections import Counter

import pandas as pd

from compare.core.errors import ValidationError
from compare.core.paths import DEFAULT, Layout
from compare.core.plan import LEVELS, LINK_COLUMNS, NODE_COLUMNS, PROGRAM_COLUMNS, ParsedCity
from compare.io import schemas
from compare.io.raw import read_lines, sha256_of, verify_sources
from compare.io.registry import Registry, load_registry
from compare.parse import parse_city

__all__ = ["parse_all", "parse_outputs", "PARALLEL_MIN_CITIES"]


def parse_all(layout: Layout = DEFAULT, registry: Registry | None = None) -> list[ParsedCity]:
    """Verify every raw file, then parse every city of the registry; nothing is written."""
    registry = registry if registry is not None else load_registry(layout)
    verify_sources(registry, layout)
    cities = _parse_cities(list(registry), layout)
    _check_unique_ids(cities, registry, layout)
    return cities


#: Below this many cities, parsing in one process is quicker than starting workers.
PARALLEL_MIN_CITIES = 24


def _parse_cities(cities: list, layout: Layout) -> list[ParsedCity]:
    """Every city's parse, in registry order; a large registry is split into contiguous shares parsed by forked
    workers. The first bad city in registry order is the one reported, as in one process."""
    from compare.core.workers import default_workers, map_forked

    workers = default_workers()
    if workers <= 1 or len(cities) < PARALLEL_MIN_CITIES:
        return [parse_city(c, layout) for c in cities]
    size = -(-len(cities) // workers)
    shares = [cities[i:i + size] for i in range(0, len(cities), size)]
    return [pc for share in map_forked(lambda share: [parse_city(c, layout) for c in share], shares, name="parse")
            for pc in share]


def _check_unique_ids(cities: list[ParsedCity], registry: Registry, layout: Layout) -> None:
    """A node id belongs to one city: a repeat across two cities' files is an error naming both."""
    owner: dict[str, tuple[str, str]] = {}
    for pc in cities:
        src = registry[pc.city].files
        for n in pc.nodes:
            where = (pc.city, n.source_file)
            if n.node_id in owner and owner[n.node_id][0] != pc.city:
                other_city, other_file = owner[n.node_id]
                raise ValidationError(layout.raw / src[0].file, None,
                                      f"node_id {n.node_id!r} is also a node of city {other_city!r} ({other_file}); "
                                      "node ids must be unique across all cities (start them with the city id)")
            owner.setdefault(n.node_id, where)


def _coverage(cities: list[ParsedCity], layout: Layout) -> dict:
    """Every non-blank line of each parsed text source is inside a node or explicitly accounted for."""
    covered: dict[str, set[int]] = {}
    for c in cities:
        if not c.line_accounting:
            continue
        for f in c.files:
            covered.setdefault(f, set())
        for n in c.nodes:
            covered.setdefault(n.source_file, set()).update(range(n.line_start, n.line_end + 1))
        for a in c.accounting:
            covered.setdefault(a["file"], set()).add(a["line"])
    result = {}
    for file, cov in sorted(covered.items()):
        lines = read_lines(layout.raw / file)
        nonblank = [i for i, ln in enumerate(lines, 1) if ln.strip()]
        result[file] = {"lines": len(lines), "non_blank": len(nonblank),
                        "unaccounted": [i for i in nonblank if i not in cov]}
    return result


_MARKUP = re.compile(r"<[^>]+>|\*\*")


def _documents(cities: list[ParsedCity], layout: Layout) -> pd.DataFrame:
    """Texts printed outside every plan element that are the plan's own words (document titles), searchable by KWIC.

    Consecutive lines accounted as "document title" form one passage; markup (**, HTML tags) is removed.
    """
    rows = []
    for c in cities:
        lines_of: dict[str, list[int]] = {}
        for a in c.accounting:
            if a["note"] == "document title":
                lines_of.setdefault(a["file"], []).append(a["line"])
        for file, lines in lines_of.items():
            raw = read_lines(layout.raw / file)
            groups: list[list[int]] = []
            for ln in sorted(lines):
                if groups and ln == groups[-1][-1] + 1:
                    groups[-1].append(ln)
                else:
                    groups.append([ln])
            for g in groups:
                text = "".join(_MARKUP.sub("", raw[i - 1]).strip() for i in g)
                rows.append({"doc_id": f"{c.city}.doc{len([r for r in rows if r['city'] == c.city]) + 1}",
                             "city": c.city, "kind": "document title", "text": text, "source_file": file,
                             "line_start": g[0], "line_end": g[-1]})
    return pd.DataFrame(rows, columns=list(schemas.TABLES["documents.csv"].columns))


def _cities_table(registry: Registry, nodes: pd.DataFrame, programs: pd.DataFrame) -> pd.DataFrame:
    n_nodes = nodes.groupby("city").size()
    n_rows = programs.groupby("city").size() if len(programs) else pd.Series(dtype=int)
    return pd.DataFrame([{
        "city": c.id, "name_ja": c.name_ja, "name_en": c.name_en, "label": c.label, "parser": c.parser,
        "files": ";".join(f.file for f in c.files), "document_title": c.document_title, "plan_title": c.plan_title,
        "plan_period": c.plan_period, "fy_start": "" if c.fy_start is None else str(c.fy_start),
        "fy_end": "" if c.fy_end is None else str(c.fy_end), "builtin": c.builtin, "reviewed": c.reviewed,
        "order": i + 1,
        "nodes": int(n_nodes.get(c.id, 0)), "programme_rows": int(n_rows.get(c.id, 0)),
    } for i, c in enumerate(registry)], columns=schemas.CITY_COLUMNS)


def parse_outputs(cities: list[ParsedCity], layout: Layout = DEFAULT, registry: Registry | None = None) -> dict:
    """The parse stage's tables: cities, nodes, node_links, programs (DataFrames) and parse_report (dict)."""
    registry = registry if registry is not None else load_registry(layout)
    nodes = pd.DataFrame([n.as_row() for c in cities for n in c.nodes], columns=NODE_COLUMNS)
    links = pd.DataFrame([lk.as_row() for c in cities for lk in c.links], columns=LINK_COLUMNS)
    programs = pd.DataFrame([r.as_row() for c in cities for r in c.programs], columns=PROGRAM_COLUMNS)
    anomalies = sorted((a.as_row() for c in cities for a in c.anomalies),
                       key=lambda a: (a["file"], a["line"], a["kind"], a["message"]))
    counts: dict = {}
    for city, part, level in zip(nodes.city, nodes.part, nodes.level):
        counts.setdefault(city, {}).setdefault(part, Counter())[level] += 1
    counts = {city: {part: dict(sorted(c.items(), key=lambda kv: LEVELS.index(kv[0]))) for part, c in parts.items()}
              for city, parts in counts.items()}
    report = {
        "sources": [{"city": c.city, "file": f, "sha256": sha256_of(layout.raw / f),
                     "encoding": c.encodings.get(f, "utf-8")} for c in cities for f in c.files],
        "counts": counts,
        "totals": {"nodes": len(nodes), "links": dict(sorted(Counter(links.kind).items())),
                   "programme_rows": len(programs), "programmes": int(programs.program_id.nunique()),
                   "relisted_rows": int(programs.relisted.sum())},
        "programme_tables": {c.city: {"sections": c.sections, "programme_links": c.programme_links}
                             for c in cities if c.programs},
        "anomaly_counts": dict(sorted(Counter(a["kind"] for a in anomalies).items())),
        "anomalies": anomalies,
        "coverage": _coverage(cities, layout),
        "accounting": [a for c in cities for a in c.accounting],
        "extra_cities": [registry[c.city].record for c in cities if not registry[c.city].builtin],
    }
    return {
        "cities.csv": _cities_table(registry, nodes, programs), "documents.csv": _documents(cities, layout),
        "nodes.csv": nodes, "node_links.csv": links, "programs.csv": programs, "parse_report.json": report,
        "@draft_sources": _draft_sources(registry, layout),
    }


def _draft_sources(registry: Registry, layout: Layout) -> dict:
    """The raw texts of every city a built-in parser reads, as `compare draft` reads them (in memory, for the
    drafter's evaluation against the parser's tree)."""
    from compare.parse.draft.source import read_document

    return {c.id: [(f.file, read_document(layout.raw / f.file)) for f in c.files]
            for c in (registry[i] for i in registry.ids) if c.parser != "nodes-csv"}
