"""A researcher's own city: draft its tree from the plan's PDF (`draft_city`), register the reviewed nodes file
(`add_city`), and check every input at once (`check_inputs`).

``python -m compare draft CITY PLAN.pdf`` writes ``drafts/CITY_nodes.csv`` for review (`compare.parse.draft`).

``python -m compare add-city CITY FILE --name-ja … --period …`` validates the file with every rule the build applies
(`compare.parse.nodes_csv.lint_nodes_csv`), copies it (and an optional source document) into data/raw/, computes the
hashes and appends the city to ``data/raw/extra_cities.csv``; after an edit, ``add-city CITY --refresh`` validates
again and records the new hashes. ``python -m compare check`` reports every problem of every input (file, line,
rule) and writes nothing. Both write nothing when something is wrong.
"""

from __future__ import annotations

import csv
import io
from dataclasses import dataclass
from pathlib import Path

from compare.core.errors import InputError, InputWarning, first_error
from compare.core.paths import DEFAULT, Layout
from compare.io.files import atomic_write_bytes
from compare.io.raw import sha256_of, source_problems
from compare.io.registry import CITY_ID, REGISTRY_COLUMNS, City, SourceFile, load_registry

__all__ = ["check_inputs", "add_city", "draft_city", "Registration", "REGISTRY_HEADER"]

#: The comment lines a new data/raw/extra_cities.csv starts with.
REGISTRY_HEADER = (
    "# Registry of additional municipalities (see data/README.md, \"Adding a municipality\").\n"
    "# One row per city: a nodes.csv-shaped file in data/raw/ with the same columns as data/processed/nodes.csv.\n"
    "# Written by `python -m compare add-city`; sha256 / source_sha256: of the files (add-city --refresh after an "
    "edit).\n"
)
_COLUMNS = (*REGISTRY_COLUMNS, "city_en", "plan_title", "fy_start", "fy_end", "source", "source_sha256", "reviewed")


def draft_city(city_id: str, files: list[str | Path], *, out: str | Path | None = None,
               mapping: dict[str, str] | None = None, layout: Layout = DEFAULT):
    """`python -m compare draft`: draft a city's plan tree from its documents and write it for review.

    Parameters
    ----------
    city_id : str
        The id the node ids start with (lower-case, as `add_city` will register it).
    files : list of path-like
        The plan's PDF or text files, in reading order.
    out : path-like, optional
        Where to write the draft CSV; default ``drafts/<city>_nodes.csv`` (never data/raw/, which holds only
        registered files). An existing file is never overwritten.
    mapping : dict, optional
        Marker kind → level overrides (`compare.parse.draft.load_mapping`).
    layout : Layout

    Returns
    -------
    path : Path
        The draft written (UTF-8 with a BOM, so that Excel opens it as UTF-8).
    table : pandas.DataFrame
        The draft (`compare.parse.draft.DRAFT_COLUMNS`).
    tiers : list of tuple
        The grammar read: (marker kind, level, count).

    Examples
    --------
    >>> import tempfile, pathlib
    >>> root = pathlib.Path(tempfile.mkdtemp())
    >>> doc = root / "plan.txt"
    >>> _ = doc.write_text("基本理念\\nともに支えあうまち\\n\\n基本目標1 つながり\\n(1) 見守りの充実\\n",
    ...                    encoding="utf-8")
    >>> path, table, tiers = draft_city("mm", [doc], layout=Layout(root))
    >>> path.relative_to(root).as_posix(), len(table), path.read_bytes()[:3] == b"\\xef\\xbb\\xbf"
    ('drafts/mm_nodes.csv', 3, True)
    >>> draft_city("mm", [doc], layout=Layout(root))  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    compare.core.errors.InputError: .../drafts/mm_nodes.csv: a draft is already there: ...
    """
    from compare.io.files import frame_csv_bytes
    from compare.parse.draft import DRAFT_COLUMNS, draft_plan

    if not CITY_ID.match(city_id):
        raise InputError("CITY", None, f"city id {city_id!r} must be lower-case letters, digits, '_' or '-' "
                                       f"(starting with a letter; pattern {CITY_ID.pattern})")
    if not files:
        raise InputError("FILE", None, "give the plan's PDF or text file(s)")
    path = Path(out) if out is not None else layout.root / "drafts" / f"{city_id}_nodes.csv"
    if path.exists():
        raise InputError(path, None, "a draft is already there: review and register it (`python -m compare add-city`)"
                                     ", or give --out for a new file; it is never overwritten")
    table, tiers = draft_plan(city_id, list(files), mapping)
    if table.empty:
        raise InputError(Path(files[0]), None, "no plan element found: no heading with a marker the drafter knows "
                                               "(基本目標1, (1), ①, 1-1 …); is this the plan's text?")
    path.parent.mkdir(parents=True, exist_ok=True)
    atomic_write_bytes(path, b"\xef\xbb\xbf" + frame_csv_bytes(table.astype(str), DRAFT_COLUMNS))
    return path, table, tiers


def check_inputs(layout: Layout = DEFAULT) -> list[InputError]:
    """Every problem of every input: the registry, the raw files' hashes, each registered city's nodes file, the
    parsed plans (ids unique across cities) and the reference tables the stages read (gold ids included).

    Returns
    -------
    list of InputError
        Errors and warnings (`compare.core.errors.InputWarning`), in the order the checks ran; empty when all is
        well. Nothing is written.

    Examples
    --------
    >>> [str(p) for p in check_inputs() if not isinstance(p, InputWarning)]
    []
    """
    try:
        registry = load_registry(layout)
    except InputError as exc:
        return [exc]
    problems: list[InputError] = list(source_problems(registry, layout))
    from compare.parse.nodes_csv import lint_nodes_csv

    broken = {Path(p.file).name for p in problems}
    for city in registry:
        if not city.builtin and city.file("nodes").file not in broken:
            problems += lint_nodes_csv(city, layout)
    if first_error(problems) is not None:
        return problems                   # the plans cannot be parsed: what follows would repeat these
    from compare.pipeline.parse import parse_all, parse_outputs
    from compare.pipeline.stages import REFERENCE_LOADERS

    try:
        tables = parse_outputs(parse_all(layout, registry), layout, registry)
    except InputError as exc:
        return problems + [exc]
    for load in REFERENCE_LOADERS.values():
        try:
            load(layout, tables)
        except InputError as exc:
            problems.append(exc)
    return problems


@dataclass(frozen=True)
class Registration:
    """What `add_city` did: the registry row written, the files copied into data/raw/, the warnings to review."""

    row: dict
    copied: tuple[str, ...]
    warnings: tuple[InputWarning, ...]


def _read_registry(path: Path) -> tuple[list[str], list[str], list[dict]]:
    """Comment lines, header and rows (dicts, every column of `_COLUMNS`) of extra_cities.csv (or a new one)."""
    if not path.exists():
        return REGISTRY_HEADER.splitlines(), list(REGISTRY_COLUMNS), []
    text = path.read_text(encoding="utf-8-sig")
    comments, body = [], []
    for line in text.splitlines():
        (comments if not body and line.startswith("#") else body).append(line)
    reader = csv.DictReader(io.StringIO("\n".join(body) + "\n"))
    header = [h.strip() for h in (reader.fieldnames or REGISTRY_COLUMNS)]
    rows = [{k.strip(): (v or "") for k, v in r.items() if k} for r in reader
            if any((v or "").strip() for v in r.values())]
    return comments, header, rows


def _write_registry(path: Path, comments: list[str], header: list[str], rows: list[dict]) -> None:
    cols = list(header) + [c for c in _COLUMNS if c not in header and any(r.get(c) for r in rows)]
    buf = io.StringIO()
    w = csv.writer(buf, lineterminator="\n")
    w.writerow(cols)
    for r in rows:
        w.writerow([r.get(c, "") for c in cols])
    atomic_write_bytes(path, ("\n".join(comments) + "\n" + buf.getvalue()).encode("utf-8"))


def _place(src: Path, layout: Layout, what: str) -> tuple[str, bool]:
    """The file's name in data/raw/, copying it there if it is elsewhere (never over a different file)."""
    src = Path(src)
    if not src.is_file():
        raise InputError(src, None, f"{what}: no such file")
    target = layout.raw / src.name
    if src.resolve() == target.resolve():
        return src.name, False
    if target.exists() and target.read_bytes() != src.read_bytes():
        raise InputError(target, None, f"{what}: data/raw/ already has a different file of this name; rename "
                                       "yours or remove the old one")
    return src.name, not target.exists()


def add_city(city_id: str, file: str | Path | None = None, *, name_ja: str = "", period: str = "",
             name_en: str = "", title: str = "", source: str | Path | None = None, refresh: bool = False,
             reviewed: bool | None = None, layout: Layout = DEFAULT) -> Registration:
    """Validate a city's nodes file, copy it (and its source document) into data/raw/ and register it.

    Parameters
    ----------
    city_id : str
        A new lower-case id (`compare.io.registry.CITY_ID`); with `refresh`, a registered one.
    file : str or Path, optional
        The nodes CSV (anywhere; copied into data/raw/ under its own name). Not needed with `refresh`.
    name_ja, period : str
        Japanese name (e.g. 湊市) and plan period (e.g. 令和6～11年度); required for a new city.
    name_en, title : str, optional
        English name; document title (default: ``<name_ja>地域福祉計画``).
    source : str or Path, optional
        The plan's PDF or text, kept beside the CSV in data/raw/ so that ``source_file`` can name it.
    refresh : bool
        Re-validate a registered city's files after an edit and record their new hashes.
    reviewed : bool, optional
        Whether a researcher has reviewed the tree. Default: a file with the review columns of `python -m compare
        draft` (``draft_rule`` …) is an unreviewed draft (``reviewed`` = ``no``: the explorer marks the city), any
        other file is reviewed; with `refresh` the registered value is kept unless given.
    layout : Layout

    Returns
    -------
    Registration

    Raises
    ------
    InputError
        The first error of the file (every error is listed by ``python -m compare check``); nothing is written.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> from compare.testing.synthetic import copy_layout
    >>> L = copy_layout(pathlib.Path(tempfile.mkdtemp()))
    >>> f = pathlib.Path(tempfile.mkdtemp()) / "mm_nodes.csv"
    >>> _ = f.write_text("node_id,city,part,level,parent_id,ordinal,label,title,body,source_file,line_start,line_end\\n"
    ...                  "mm.g1,mm,main,goal,,1,,地域の見守り,,,,\\n", encoding="utf-8")
    >>> reg = add_city("mm", f, name_ja="湊市", period="令和6～11年度", layout=L)
    >>> reg.copied, reg.row["sha256"] == sha256_of(L.raw / "mm_nodes.csv"), load_registry(L).ids[-1]
    (('mm_nodes.csv',), True, 'mm')
    >>> _ = (L.raw / "mm_nodes.csv").write_text(f.read_text(encoding="utf-8").replace("見守り", "支え合い"),
    ...                                         encoding="utf-8")
    >>> add_city("mm", refresh=True, layout=L).row["sha256"] == sha256_of(L.raw / "mm_nodes.csv")
    True
    >>> add_city("mm", f, name_ja="湊市", period="x", layout=L)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    compare.core.errors.InputError: data/raw/extra_cities.csv: city 'mm' is already registered (line ...); ...
    """
    from compare.parse.nodes_csv import lint_nodes_csv

    path = layout.registry
    shown = "data/raw/extra_cities.csv"
    comments, header, rows = _read_registry(path)
    index = {r.get("city", "").strip(): i for i, r in enumerate(rows)}
    line_of = {c: len(comments) + 2 + i for c, i in index.items()}
    copies: list[tuple[Path, Path]] = []
    if refresh:
        if city_id not in index:
            raise InputError(shown, None, f"city {city_id!r} is not registered here; add it without --refresh")
        row = dict(rows[index[city_id]])
        if file is not None:
            raise InputError(shown, line_of[city_id], "--refresh records the hashes of the registered files; to "
                                                      "register another file, edit the row's file column first")
    else:
        if not CITY_ID.match(city_id):
            raise InputError(shown, None, f"city id {city_id!r} must be lower-case letters, digits, '_' or '-' "
                                          f"(starting with a letter; pattern {CITY_ID.pattern})")
        if city_id in index:
            raise InputError(shown, None, f"city {city_id!r} is already registered (line {line_of[city_id]}); to "
                                          "record an edit of its files use --refresh")
        if city_id in load_registry(layout).ids:
            raise InputError(shown, None, f"city {city_id!r} is a built-in city; choose another id")
        if file is None or not name_ja.strip() or not period.strip():
            raise InputError(shown, None, "a new city needs FILE, --name-ja and --period")
        name, copy = _place(Path(file), layout, "FILE")
        copies += [(Path(file), layout.raw / name)] if copy else []
        row = {"city": city_id, "city_ja": name_ja.strip(), "file": name, "sha256": "",
               "document_title": (title or f"{name_ja.strip()}地域福祉計画").strip(), "plan_period": period.strip(),
               "city_en": name_en.strip()}
        if source is not None:
            sname, scopy = _place(Path(source), layout, "--source")
            copies += [(Path(source), layout.raw / sname)] if scopy else []
            row["source"] = sname
    # validate from where the files are now (their copies are written only once all is well)
    where = {dst.name: src for src, dst in copies}

    def at(name: str) -> Path:
        return Path(where.get(name, layout.raw / name))

    row["sha256"] = sha256_of(at(row["file"]))
    if row.get("source"):
        row["source_sha256"] = sha256_of(at(row["source"]))
    files = (SourceFile(row["file"], row["sha256"], "nodes", shown, 0),)
    if row.get("source"):
        files += (SourceFile(row["source"], row["source_sha256"], "source", shown, 0),)
    city = City(city_id, row["city_ja"], row.get("city_en", ""), "nodes-csv", files, row["document_title"],
                row.get("plan_title") or row["document_title"], row["plan_period"], builtin=False)
    if reviewed is not None:
        row["reviewed"] = "yes" if reviewed else "no"
    elif not refresh:
        head = at(row["file"]).read_text(encoding="utf-8-sig", errors="replace").split("\n", 1)[0]
        row["reviewed"] = "no" if "draft_rule" in head else ""
    problems = lint_nodes_csv(city, layout, path=at(row["file"]))
    err = first_error(problems)
    if err is not None:
        raise err
    for src, dst in copies:
        atomic_write_bytes(dst, src.read_bytes())
    if refresh:
        rows[index[city_id]] = row
    else:
        rows.append(row)
    _write_registry(path, comments, header, rows)
    return Registration(row, tuple(dst.name for _, dst in copies),
                        tuple(p for p in problems if isinstance(p, InputWarning)))
