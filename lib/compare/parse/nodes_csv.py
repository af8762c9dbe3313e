"""Cities a researcher adds without code: a nodes.csv-shaped file registered in data/raw/extra_cities.csv.

The file has the columns of ``data/processed/nodes.csv``; it may be UTF-8 (with or without a BOM) or CP932
(Japanese Excel's "CSV"), with CRLF or LF line ends. Optional columns: ``owners`` (担当局等 of a programme row,
separated by ``;`` or spaces; rows with owners become a programme table, so the city gets an owners network) and
``relisted_from`` (the node_id a 【再掲】-style re-listing repeats; it becomes a ``relisted_from`` link and its text
is counted once). Every rule of the plan model is checked before anything is built; the first broken rule stops
the build with the file, the line and the rule.
"""

from __future__ import annotations

import csv
import io
import logging

import pandas as pd
import pandera.pandas as pa

from compare.core.errors import ValidationError
from compare.core.paths import Layout
from compare.core.plan import LEVELS, NODE_COLUMNS, PARTS, Link, Node, ParsedCity, ProgramRow
from compare.io.files import read_text
from compare.io.registry import City
from compare.io.validate import NODE_ID, check_frame, nonempty, one_of, pattern

__all__ = ["parse_nodes_csv", "NODES_SCHEMA", "check_tree"]

log = logging.getLogger(__name__)
_INT = pattern(r"^\s*\d*\s*$", "a whole number or empty")

# Every cell comes from csv.reader, so every value is a str already: the columns declare no dtype, because
# pandera's per-value str check would double the validation time (300 registered files: 3.5 s → 1.8 s).
NODES_SCHEMA = pa.DataFrameSchema({
    "node_id": pa.Column(None, checks=[nonempty(), pattern(NODE_ID, "letters, digits, '.', '_' or '-' only "
                                                          "(no spaces or path separators)")], unique=True),
    "part": pa.Column(None, checks=one_of(PARTS)),
    "level": pa.Column(None, checks=one_of(LEVELS)),
    "title": pa.Column(None, checks=nonempty()),
    "ordinal": pa.Column(None, checks=_INT),
    "line_start": pa.Column(None, checks=_INT),
    "line_end": pa.Column(None, checks=_INT),
    "parent_id": pa.Column(None, checks=pattern(r"^([A-Za-z0-9][A-Za-z0-9._-]*)?$", "a node id or empty")),
})


def _read(path, city: City) -> tuple[pd.DataFrame, str]:
    text, encoding = read_text(path, allow_cp932=True)
    log.info("%s: read as %s", path.name, {"utf-8": "UTF-8", "utf-8-sig": "UTF-8 with BOM",
                                           "cp932": "CP932 (Japanese Excel)"}[encoding])
    reader = csv.reader(io.StringIO(text))
    header = next(reader, None)
    if not header:
        raise ValidationError(path, 1, "expected a header row with the nodes.csv columns")
    header = [h.strip() for h in header]
    absent = [c for c in NODE_COLUMNS if c not in header]
    if absent:
        raise ValidationError(path, 1, f"expected the nodes.csv columns; missing {', '.join(absent)}")
    rows, lines = [], []
    for cells in reader:
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ValidationError(path, line, f"expected {len(header)} cells ({', '.join(header)}), found {len(cells)}")
        rows.append([c.strip() if h not in ("title", "body", "label") else c for h, c in zip(header, cells)])
        lines.append(line)
    if not rows:
        raise ValidationError(path, None, "expected at least one node row after the header")
    df = pd.DataFrame(rows, columns=header).assign(_line=lines)
    wrong = df[df.city != city.id]
    if len(wrong):
        r = wrong.iloc[0]
        raise ValidationError(path, int(r._line), f"city must be {city.id!r} as registered, found {r.city!r}")
    return df, encoding


def check_tree(df: pd.DataFrame, path) -> None:
    """Parents in the same file, only vision nodes as roots, no self-parent and no cycle (found without recursion).

    >>> df = pd.DataFrame({"node_id": ["a", "b"], "parent_id": ["b", "a"], "level": ["goal", "goal"], "_line": [2, 3]})
    >>> check_tree(df, "x.csv")
    Traceback (most recent call last):
    ...
    compare.core.errors.ValidationError: x.csv, line 2: parent cycle a → b → a; a plan is a tree
    """
    line = dict(zip(df.node_id, df._line))
    parent = dict(zip(df.node_id, df.parent_id))
    for nid, par, level in zip(df.node_id, df.parent_id, df.level):
        if par == nid:
            raise ValidationError(path, line[nid], f"node {nid!r} is its own parent")
        if par and par not in parent:
            raise ValidationError(path, line[nid], f"parent_id {par!r} of node {nid!r} is not a node id of this file "
                                                   "(a parent must be in the same city's file)")
        if not par and level != "vision":
            raise ValidationError(path, line[nid], f"node {nid!r} at level {level!r} needs a parent_id "
                                                   "(only vision nodes are roots)")
    state: dict[str, int] = {}          # 1 = on the current path, 2 = known to reach a root
    for start in df.node_id:
        path_ids = []
        nid = start
        while nid and state.get(nid) != 2:
            if state.get(nid) == 1:
                cyc = path_ids[path_ids.index(nid):] + [nid]
                first = min(cyc[:-1], key=lambda n: line[n])
                k = cyc.index(first)
                cyc = cyc[k:-1] + cyc[:k] + [first]
                raise ValidationError(path, line[first], f"parent cycle {' → '.join(cyc)}; a plan is a tree")
            state[nid] = 1
            path_ids.append(nid)
            nid = parent[nid]
        for n in path_ids:
            state[n] = 2


def _int(v: str) -> int:
    return int(v) if v.strip() else 0


def _programmes(df: pd.DataFrame, city: City, file: str) -> list[ProgramRow]:
    """Rows with owners become programme-table rows (one programme per first listing; re-listings share its id)."""
    if "owners" not in df.columns:
        return []
    rows = []
    pid_of: dict[str, str] = {}
    for r in df[(df.owners.str.strip() != "")].itertuples(index=False):
        owners = [o for o in r.owners.replace(";", " ").split() if o]
        first = getattr(r, "relisted_from", "") or ""
        pid = pid_of.get(first) or pid_of.setdefault(r.node_id, f"{city.id}.prog{len(pid_of) + 1:03d}")
        pid_of.setdefault(r.node_id, pid)
        rows.append(ProgramRow(f"{city.id}.row{len(rows) + 1:03d}", r.node_id, city.id, r.part, 0, 0, "", r.label,
                               r.title, r.body, ";".join(owners), ";".join("unspecified" for _ in owners), r.owners,
                               bool(first), pid, "relisted_from column" if first else "first listing", r.title,
                               _int(r.line_start), _int(r.line_end)))
    return rows


def parse_nodes_csv(city: City, layout: Layout) -> ParsedCity:
    """A registered nodes.csv-shaped file → a `ParsedCity` (validated; nothing is guessed)."""
    src = city.file("nodes")
    path = layout.raw / src.file
    df, encoding = _read(path, city)
    check_frame(df, NODES_SCHEMA, path)
    check_tree(df, path)
    out = ParsedCity(city.id, files=[src.file], line_accounting=False, encodings={src.file: encoding})
    for r in df.itertuples(index=False):
        out.nodes.append(Node(r.node_id, city.id, r.part, r.level, r.parent_id, _int(r.ordinal), r.label, r.title,
                              r.body, r.source_file or src.file, _int(r.line_start), _int(r.line_end)))
    if "relisted_from" in df.columns:
        ids = set(df.node_id)
        for r in df[df.relisted_from.str.strip() != ""].itertuples(index=False):
            if r.relisted_from not in ids:
                raise ValidationError(path, int(r._line),
                                      f"relisted_from {r.relisted_from!r} is not a node id of this file")
            out.links.append(Link(r.node_id, r.relisted_from, "relisted_from", "relisted_from column", src.file,
                                  int(r._line)))
    out.programs = _programmes(df, city, src.file)
    return out
