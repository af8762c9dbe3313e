"""Cities a researcher adds without code: a nodes.csv-shaped file registered in data/raw/extra_cities.csv.

The file has the columns of ``data/processed/nodes.csv``; it may be UTF-8 (with or without a BOM) or CP932
(Japanese Excel's "CSV"), with CRLF or LF line ends. Optional columns: ``owners`` (担当局等 of a programme row,
separated by ``;`` or spaces; rows with owners become a programme table, so the city gets an owners network) and
``relisted_from`` (the node_id a 【再掲】-style re-listing repeats; it becomes a ``relisted_from`` link and its text
is counted once) and ``page`` (the page of the source document the row comes from). Every ``program`` row is a
programme-table row, with or without owners.

`lint_nodes_csv` checks every rule and reports every problem at once (``python -m compare check``): the schema, the
city and the id prefix (``<city>.``), the tree, ``relisted_from``, ``source_file`` (the CSV itself or a source
document registered for the city beside it), ``page``; and, as warnings, the debris the built-in parsers flag (a
space inside a Japanese word, PDF extraction characters such as ⾏ for 行, a title that may be truncated or
wrapped). The build stops at the first error with the file, the line and the rule, and logs the warnings.

A plan without a 基本理念 need not invent one: when the file has no ``vision`` row, goals may be roots, and the
parser adds a synthetic vision node ``<city>.vision`` titled with the registered plan title, marked in the parse
report (``synthetic_root``).
"""

from __future__ import annotations

import csv
import io
import logging
import re

import pandas as pd
import pandera.pandas as pa

from compare.core.errors import InputError, InputWarning, ValidationError, first_error
from compare.core.paths import Layout
from compare.core.plan import LEVELS, NODE_COLUMNS, PARTS, Link, Node, ParsedCity, ProgramRow
from compare.core.textnorm import has_layout_space, nfkc, pdf_chars, strip_layout_spaces
from compare.io.files import read_text
from compare.io.registry import City
from compare.io.validate import NODE_ID, frame_failures, nonempty, one_of, pattern

__all__ = ["parse_nodes_csv", "lint_nodes_csv", "NODES_SCHEMA", "check_tree", "title_warnings"]

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


#: A plan has hundreds, at most a few thousand elements; a registered file far larger is not one plan (a programme
#: database, a concatenation) and would take hours and gigabytes to build: it is refused before it is read.
MAX_ROWS = 20_000
MAX_BYTES = 20_000_000


def _read(path, city: City) -> tuple[pd.DataFrame, str]:
    try:
        size = path.stat().st_size
    except OSError:
        size = 0
    if size > MAX_BYTES:
        raise ValidationError(path, None, f"{size:,} bytes: a plan's nodes file is far smaller (limit {MAX_BYTES:,} "
                                          "bytes); is this one plan? split it into one file per plan")
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
    while True:
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:                 # e.g. a cell over the csv module's 131,072-character limit
            raise ValidationError(path, reader.line_num, f"not a readable CSV row ({exc}); a cell that long is "
                                                         "not a plan element: split it, or check the quoting") from None
        line = reader.line_num
        if not any(c.strip() for c in cells):
            continue
        if len(cells) != len(header):
            raise ValidationError(path, line, f"expected {len(header)} cells ({', '.join(header)}), found {len(cells)}")
        rows.append([c.strip() if h not in ("title", "body", "label") else c for h, c in zip(header, cells)])
        lines.append(line)
    if not rows:
        raise ValidationError(path, None, "expected at least one node row after the header")
    if len(rows) > MAX_ROWS:
        raise ValidationError(path, None, f"{len(rows):,} node rows: a plan has hundreds, at most a few thousand "
                                          f"elements (limit {MAX_ROWS:,}); is this one plan? split it into one file "
                                          "per plan")
    return pd.DataFrame(rows, columns=header).assign(_line=lines), encoding


def _tree_problems(df: pd.DataFrame, path, *, vision_optional: bool = False) -> list[InputError]:
    line = dict(zip(df.node_id, df._line))
    parent = dict(zip(df.node_id, df.parent_id))
    out: list[InputError] = []
    for nid, par, level in zip(df.node_id, df.parent_id, df.level):
        if par == nid:
            out.append(ValidationError(path, line[nid], f"node {nid!r} is its own parent"))
        elif par and par not in parent:
            out.append(ValidationError(path, line[nid], f"parent_id {par!r} of node {nid!r} is not a node id of this "
                                                        "file (a parent must be in the same city's file)"))
        elif not par and level != "vision" and not (vision_optional and level == "goal"):
            rule = ("only vision nodes are roots" if not vision_optional else
                    "only vision nodes, or goals of a plan without a vision row, are roots")
            out.append(ValidationError(path, line[nid], f"node {nid!r} at level {level!r} needs a parent_id ({rule})"))
    state: dict[str, int] = {}          # 1 = on the current path, 2 = known to reach a root
    for start in df.node_id:
        path_ids = []
        nid = start
        while nid and state.get(nid) != 2 and nid in parent:
            if state.get(nid) == 1:
                cyc = path_ids[path_ids.index(nid):] + [nid]
                first = min(cyc[:-1], key=lambda n: line[n])
                k = cyc.index(first)
                cyc = cyc[k:-1] + cyc[:k] + [first]
                out.append(ValidationError(path, line[first], f"parent cycle {' → '.join(cyc)}; a plan is a tree"))
                break
            state[nid] = 1
            path_ids.append(nid)
            nid = parent[nid] if parent[nid] != nid else ""
        for n in path_ids:
            state[n] = 2
    return out


def check_tree(df: pd.DataFrame, path) -> None:
    """Parents in the same file, only vision nodes as roots, no self-parent and no cycle (found without recursion).

    >>> df = pd.DataFrame({"node_id": ["a", "b"], "parent_id": ["b", "a"], "level": ["goal", "goal"], "_line": [2, 3]})
    >>> check_tree(df, "x.csv")
    Traceback (most recent call last):
    ...
    compare.core.errors.ValidationError: x.csv, line 2: parent cycle a → b → a; a plan is a tree
    """
    err = first_error(_tree_problems(df, path))
    if err is not None:
        raise err


#: Characters PDF extraction leaves in Japanese text that NFKC maps to ordinary ones: Kangxi and CJK radicals (⾏ for
#: 行), CJK compatibility ideographs, Latin ligatures (ﬁ).
_PDF_CHARS = re.compile("[\u2e80-\u2fdf\uf900-\ufaff\ufb00-\ufb06]")
#: Control characters other than tab and line ends (NUL, ESC, DEL…): never in a plan text, refused.
_CONTROL = re.compile("[\\x00-\\x08\\x0b\\x0c\\x0e-\\x1f\\x7f]")
_BRACKETS = dict(zip("「『（(【〔［[〈《", "」』）)】〕］]〉》"))


def title_warnings(title: str) -> list[str]:
    """What in a title looks like debris of a PDF or a wrapped heading (each a sentence for the reviewer).

    Examples
    --------
    >>> title_warnings("地域の 見守り活動")
    ["a space between two Japanese characters (PDF debris?): '地域の 見守り活動'; without it '地域の見守り活動'"]
    >>> title_warnings("⾏政と住民の協働")
    ["PDF extraction characters ('⾏'): read as '行政と住民の協働'"]
    >>> title_warnings("相談支援体制（重層的")
    ['unbalanced brackets: truncated or wrapped?']
    >>> title_warnings("地域福祉活動への参加と人材育成")
    []
    """
    out = []
    if has_layout_space(title):
        out.append(f"a space between two Japanese characters (PDF debris?): {title!r}; without it "
                   f"{strip_layout_spaces(title)!r}")
    odd = sorted(set(_PDF_CHARS.findall(title)))
    if odd:
        out.append(f"PDF extraction characters ({', '.join(map(repr, odd))}): read as {pdf_chars(nfkc(title))!r}")
    depth = 0
    for ch in title:
        depth += ch in _BRACKETS
        depth -= ch in _BRACKETS.values()
    if depth != 0:
        out.append("unbalanced brackets: truncated or wrapped?")
    return out


def lint_nodes_csv(city: City, layout: Layout, *, sources: set[str] | None = None,
                   path=None) -> list[InputError]:
    """Every problem of a registered city's nodes file, errors (`ValidationError`) and warnings (`InputWarning`).

    Parameters
    ----------
    city : compare.io.registry.City
        A city registered with a nodes file (``parser == 'nodes-csv'``).
    layout : compare.core.paths.Layout
        Where data/raw/ is.
    sources : set of str, optional
        The file names a ``source_file`` cell may name; default: the city's registered files.
    path : path-like, optional
        Read the nodes file from here instead of data/raw/ (a file about to be registered).

    Returns
    -------
    list of InputError
        Sorted by line; empty when the file is clean. A file that cannot be read as a table gives one error.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from compare.core.paths import Layout
    >>> from compare.io.registry import SourceFile
    >>> root = pathlib.Path(tempfile.mkdtemp()); (root / "data" / "raw").mkdir(parents=True)
    >>> rows = ["node_id,city,part,level,parent_id,ordinal,label,title,body,source_file,line_start,line_end",
    ...         "mm.g1,mm,main,goal,,1,,地域の 見守り,,,,",
    ...         "x.p1,mm,main,policy,mm.g9,1,,相談,,plan.pdf,,"]
    >>> _ = (root / "data" / "raw" / "mm_nodes.csv").write_text("\\n".join(rows) + "\\n", encoding="utf-8")
    >>> city = City("mm", "湊市", "", "nodes-csv", (SourceFile("mm_nodes.csv", "", "nodes", "", 2),))
    >>> for p in lint_nodes_csv(city, Layout(root)):
    ...     print(type(p).__name__, p.line, p.message[:60])
    InputWarning 2 title: a space between two Japanese characters (PDF debris?)
    ValidationError 3 node id 'x.p1' must start with the city id and a dot ('mm.')
    ValidationError 3 parent_id 'mm.g9' of node 'x.p1' is not a node id of this fi
    ValidationError 3 source_file 'plan.pdf' is not a file registered for city 'mm
    """
    src = city.file("nodes")
    path = layout.raw / src.file if path is None else path
    try:
        df, _ = _read(path, city)
    except InputError as exc:
        return [exc]
    allowed = sources if sources is not None else {f.file for f in city.files}
    out: list[InputError] = [ValidationError(path, line, msg) for line, msg in frame_failures(df, NODES_SCHEMA)]
    prefix = f"{city.id}."
    vision_optional = not (df.level == "vision").any()
    # itertuples renames the underscore column `_line`, so the lines come alongside
    for line, r in zip(df._line.astype(int), df.itertuples(index=False)):
        if r.city != city.id:
            out.append(ValidationError(path, line, f"city must be {city.id!r} as registered, found {r.city!r}"))
        if r.node_id and not r.node_id.startswith(prefix):
            out.append(ValidationError(path, line, f"node id {r.node_id!r} must start with the city id and a dot "
                                                   f"({prefix!r})"))
        if r.source_file and r.source_file not in allowed:
            out.append(ValidationError(path, line, f"source_file {r.source_file!r} is not a file registered for city "
                                                   f"{city.id!r} (registered: {', '.join(sorted(allowed))}); put the "
                                                   "document in data/raw/ and register it with `python -m compare "
                                                   "add-city … --source FILE`, or leave the cell empty"))
        for col, value in zip(df.columns, r):
            bad = _CONTROL.search(value) if isinstance(value, str) else None
            if bad:
                out.append(ValidationError(path, line, f"column {col!r} contains the control character "
                                                       f"U+{ord(bad.group()):04X}; remove it (a plan text has none)"))
        page = getattr(r, "page", "") or ""
        if page.strip() and not re.fullmatch(r"\s*[1-9]\d*\s*", page):
            out.append(ValidationError(path, line, f"column 'page': a page number from 1, or empty (found {page!r})"))
        for w in title_warnings(r.title or ""):
            out.append(InputWarning(path, line, f"title: {w}"))
    out += _tree_problems(df, path, vision_optional=vision_optional)
    if "relisted_from" in df.columns:
        ids = set(df.node_id)
        sel = df[df.relisted_from.str.strip() != ""]
        for line, r in zip(sel._line.astype(int), sel.itertuples(index=False)):
            if r.relisted_from not in ids:
                out.append(ValidationError(path, int(line),
                                           f"relisted_from {r.relisted_from!r} is not a node id of this file"))
    return sorted(out, key=lambda p: (p.line or 0, isinstance(p, ValidationError), p.message))


def _int(v: str) -> int:
    return int(v) if v.strip() else 0


def _programmes(df: pd.DataFrame, city: City, file: str) -> list[ProgramRow]:
    """Every ``program`` row, and any other row with owners, becomes a programme-table row (one programme per first
    listing; re-listings share its id), so a programme without owners is counted as one everywhere."""
    full = df if "owners" in df.columns else df.assign(owners="")
    sel = full[(full.owners.str.strip() != "") | (full.level == "program")]
    rows = []
    pid_of: dict[str, str] = {}
    for r in sel.itertuples(index=False):
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
    """A registered nodes.csv-shaped file → a `ParsedCity` (validated; nothing is guessed).

    Raises the first error of `lint_nodes_csv` (by line); its warnings go to the parse report as anomalies
    (``csv_debris``).
    """
    src = city.file("nodes")
    path = layout.raw / src.file
    problems = lint_nodes_csv(city, layout)
    err = first_error(problems)
    if err is not None:
        raise err
    df, encoding = _read(path, city)
    out = ParsedCity(city.id, files=[src.file], line_accounting=False, encodings={src.file: encoding})
    for p in problems:
        out.anomaly(src.file, p.line or 0, "csv_debris", p.message)
    if problems:
        log.warning("%s: %d title(s) to review (`python -m compare check` lists them)", src.file, len(problems))
    if not (df.level == "vision").any():
        root = f"{city.id}.vision"
        title = city.plan_title or city.document_title or city.name_ja
        out.nodes.append(Node(root, city.id, "main", "vision", "", 0, "", title, "", src.file, 0, 0))
        out.anomaly(src.file, 0, "synthetic_root", f"no vision row: the goals hang under a synthetic vision node "
                                                   f"{root!r} titled with the plan title {title!r}")
        df = df.assign(parent_id=df.parent_id.where(df.parent_id != "", root))
    for r in df.itertuples(index=False):
        out.nodes.append(Node(r.node_id, city.id, r.part, r.level, r.parent_id, _int(r.ordinal), r.label, r.title,
                              r.body, r.source_file or src.file, _int(r.line_start), _int(r.line_end)))
    if "relisted_from" in df.columns:
        sel = df[df.relisted_from.str.strip() != ""]
        for line, r in zip(sel._line.astype(int), sel.itertuples(index=False)):
            out.links.append(Link(r.node_id, r.relisted_from, "relisted_from", "relisted_from column", src.file,
                                  int(line)))
    out.programs = _programmes(df, city, src.file)
    return out
