"""`python -m compare build`: verify the raw sources, parse them and write data/processed/ atomically."""

from __future__ import annotations

import csv
import hashlib
import logging
import os
import time
from collections import Counter
from pathlib import Path

from .errors import InputError, ValidationError
from .model import CITIES, LEVELS, LINK_COLUMNS, NODE_COLUMNS, PARTS, PROGRAM_COLUMNS, Node, ParsedCity
from .owners import load_owner_table
from .parse import parse_hatsukaichi, parse_sagamihara, parse_sendai
from .paths import DEFAULT, Layout
from .raw import read_lines, sha256_of, verify_sources
from .tables import csv_bytes, json_bytes, read_commented_csv

__all__ = ["parse_all", "validate_nodes", "load_extra_cities", "build_outputs", "write_outputs", "build"]

log = logging.getLogger(__name__)
REGISTRY_COLUMNS = ("city", "city_ja", "file", "sha256", "document_title", "plan_period")


def validate_nodes(nodes: list[Node], *, file: str, lines: dict[str, int] | None = None,
                   known_ids: set[str] = frozenset()) -> None:
    """Check the plan model's rules; raise `ValidationError` naming the offending row.

    Rules: known level and part, non-empty unique id and title, a parent that exists for every
    non-vision node (a vision node may have a vision parent).

    Examples
    --------
    >>> n = Node("x.g1", "x", "main", "goal", "x.vision", 1, "", "目標", "", "x.csv", 2, 2)
    >>> validate_nodes([n], file="x.csv")
    Traceback (most recent call last):
    ...
    compare.errors.ValidationError: x.csv, line 2: parent_id 'x.vision' of node 'x.g1' is not a node id
    """
    lines = lines or {}
    seen: set[str] = set(known_ids)
    ids = {n.node_id for n in nodes} | set(known_ids)

    def fail(n: Node, msg: str):
        raise ValidationError(file, lines.get(n.node_id, n.line_start or None), msg)

    for n in nodes:
        if not n.node_id:
            fail(n, "empty node_id")
        if n.node_id in seen:
            fail(n, f"duplicate node_id {n.node_id!r}")
        seen.add(n.node_id)
        if n.level not in LEVELS:
            fail(n, f"unknown level {n.level!r}; expected one of {', '.join(LEVELS)}")
        if n.part not in PARTS:
            fail(n, f"unknown part {n.part!r}; expected one of {', '.join(PARTS)}")
        if not n.title.strip():
            fail(n, f"empty title for node {n.node_id!r}")
        if n.parent_id and n.parent_id not in ids:
            fail(n, f"parent_id {n.parent_id!r} of node {n.node_id!r} is not a node id")
        if not n.parent_id and n.level != "vision":
            fail(n, f"node {n.node_id!r} at level {n.level!r} needs a parent_id (only vision nodes are roots)")


def _int(value: str, file: str, line: int, column: str) -> int:
    try:
        return int(value) if value.strip() else 0
    except ValueError:
        raise ValidationError(file, line, f"{column} must be a whole number, found {value!r}") from None


def load_extra_cities(layout: Layout, known_ids: set[str]) -> list[ParsedCity]:
    """Cities a researcher added as nodes.csv-shaped files registered in data/raw/extra_cities.csv."""
    if not layout.registry.exists():
        return []
    out = []
    for reg in read_commented_csv(layout.registry):
        missing = [c for c in REGISTRY_COLUMNS if not (reg.get(c) or "").strip()]
        if missing:
            raise ValidationError(layout.registry, reg["_line"], f"expected values for {', '.join(missing)}")
        city = reg["city"].strip()
        if city in CITIES:
            raise ValidationError(layout.registry, reg["_line"], f"city {city!r} is built in; choose another name")
        path = layout.raw / reg["file"]
        if not path.exists():
            raise ValidationError(layout.registry, reg["_line"], f"registered file {reg['file']!r} is not in data/raw/")
        actual = sha256_of(path)
        if actual != reg["sha256"].strip().lower():
            raise ValidationError(layout.registry, reg["_line"],
                                  f"checksum mismatch for {reg['file']}: registered {reg['sha256']}, found {actual}; "
                                  "if you changed the file on purpose, record the new hash here")
        nodes, line_of = [], {}
        with path.open(encoding="utf-8", newline="") as fh:
            reader = csv.DictReader(fh)
            absent = [c for c in NODE_COLUMNS if c not in (reader.fieldnames or [])]
            if absent:
                raise ValidationError(path, 1, f"expected the nodes.csv columns; missing {', '.join(absent)}")
            for row in reader:
                ln = reader.line_num
                if row["city"] != city:
                    raise ValidationError(path, ln, f"city must be {city!r} as registered, found {row['city']!r}")
                node = Node(
                    row["node_id"].strip(), city, row["part"].strip(), row["level"].strip(), row["parent_id"].strip(),
                    _int(row["ordinal"], str(path), ln, "ordinal"), row["label"], row["title"], row["body"],
                    row["source_file"] or reg["file"], _int(row["line_start"], str(path), ln, "line_start"),
                    _int(row["line_end"], str(path), ln, "line_end"),
                )
                line_of[node.node_id] = ln
                nodes.append(node)
        validate_nodes(nodes, file=str(path), lines=line_of, known_ids=known_ids)
        pc = ParsedCity(city, nodes=nodes)
        pc.report = {"registered": {k: v for k, v in reg.items() if k != "_line"}}
        out.append(pc)
    return out


def parse_all(layout: Layout = DEFAULT) -> list[ParsedCity]:
    """Verify checksums, then parse every source; nothing is written."""
    sources = {s.file: s for s in verify_sources(layout)}
    owners = load_owner_table(layout)
    blocks = read_commented_csv(layout.reference / "sendai_blocks.csv")
    raw = layout.raw
    cities = [
        parse_sendai(raw / "sendai_overview.txt", raw / "sendai_programmes.txt", owners, blocks),
        parse_sagamihara(raw / "sagamihara_summary.txt"),
        parse_hatsukaichi(raw / "hatsukaichi_action_policy_r4.txt"),
    ]
    for c in cities:
        validate_nodes(c.nodes, file=f"parsed {c.city}")
    known = {n.node_id for c in cities for n in c.nodes}
    cities += load_extra_cities(layout, known)
    assert set(sources) >= {n.source_file for c in cities[:3] for n in c.nodes}
    return cities


def _coverage(cities: list[ParsedCity], layout: Layout) -> dict:
    """Every non-blank line of each built-in source is inside a node or explicitly accounted for."""
    covered: dict[str, set[int]] = {}
    for c in cities[:3]:
        for n in c.nodes:
            covered.setdefault(n.source_file, set()).update(range(n.line_start, n.line_end + 1))
        for a in c.accounting:
            covered.setdefault(a["file"], set()).add(a["line"])
    result = {}
    for file, cov in sorted(covered.items()):
        lines = read_lines(layout.raw / file)
        nonblank = [i for i, ln in enumerate(lines, 1) if ln.strip()]
        missing = [i for i in nonblank if i not in cov]
        result[file] = {"lines": len(lines), "non_blank": len(nonblank), "unaccounted": missing}
    return result


def build_outputs(cities: list[ParsedCity], layout: Layout = DEFAULT) -> dict[str, bytes]:
    """The bytes of every processed file of the parse stage."""
    nodes = [n.as_row() for c in cities for n in c.nodes]
    links = [lk.as_row() for c in cities for lk in c.links]
    programs = [r for c in cities for r in c.programs]
    anomalies = sorted((a.as_row() for c in cities for a in c.anomalies),
                       key=lambda a: (a["file"], a["line"], a["kind"], a["message"]))
    counts: dict = {}
    for n in nodes:
        counts.setdefault(n["city"], {}).setdefault(n["part"], Counter())[n["level"]] += 1
    counts = {city: {part: dict(sorted(c.items(), key=lambda kv: LEVELS.index(kv[0])))
                     for part, c in parts.items()} for city, parts in counts.items()}
    report = {
        "sources": [{"file": s, "sha256": sha256_of(layout.raw / s)} for s in sorted({n["source_file"] for n in nodes if n["city"] in CITIES})],
        "counts": counts,
        "totals": {"nodes": len(nodes), "links": dict(sorted(Counter(lk["kind"] for lk in links).items())),
                   "programme_rows": len(programs), "programmes": len({r["program_id"] for r in programs}),
                   "relisted_rows": sum(r["relisted"] for r in programs)},
        "sendai_sections": next((c.report["sections"] for c in cities if c.city == "sendai"), []),
        "programme_links": next((c.report["program_links"] for c in cities if c.city == "sendai"), []),
        "anomaly_counts": dict(sorted(Counter(a["kind"] for a in anomalies).items())),
        "anomalies": anomalies,
        "coverage": _coverage(cities, layout),
        "accounting": [a for c in cities for a in c.accounting],
        "extra_cities": [c.report.get("registered") for c in cities if c.city not in CITIES],
    }
    return {
        "nodes.csv": csv_bytes(nodes, NODE_COLUMNS),
        "node_links.csv": csv_bytes(links, LINK_COLUMNS),
        "programs.csv": csv_bytes(programs, PROGRAM_COLUMNS),
        "parse_report.json": json_bytes(report),
    }


def write_outputs(outputs: dict[str, bytes], directory: Path) -> list[Path]:
    """Write every file to a temporary name first, then move them into place: no partial output."""
    directory.mkdir(parents=True, exist_ok=True)
    tmp = []
    try:
        for name, data in outputs.items():
            target = directory / name
            target.parent.mkdir(parents=True, exist_ok=True)
            t = target.with_name(f".{target.name}.tmp")
            t.write_bytes(data)
            tmp.append((t, target))
    except BaseException:
        for t, _ in tmp:
            t.unlink(missing_ok=True)
        raise
    for t, target in tmp:
        os.replace(t, target)
    return [target for _, target in tmp]


def _stage_key(name: str, layout: Layout, outputs: dict[str, bytes]) -> str:
    """Hash of everything a stage can depend on: earlier outputs, reference tables, library code, versions."""
    import importlib.metadata

    h = hashlib.sha256(name.encode())
    for k in sorted(outputs):
        h.update(k.encode())
        h.update(hashlib.sha256(outputs[k]).digest())
    for p in sorted(layout.reference.glob("*")) + sorted(Path(__file__).parent.rglob("*.py")):
        h.update(p.name.encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    for dist in ("sudachipy", "sudachidict-core", "pandas", "networkx", "scikit-learn", "scipy", "numpy"):
        h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    return h.hexdigest()[:20]


def _run_stage(name: str, stage, layout: Layout, outputs: dict[str, bytes], use_cache: bool) -> dict[str, bytes]:
    """Run a stage, or reuse its outputs from .cache/stages/ when nothing it depends on changed."""
    import pickle

    if not use_cache:
        return stage(layout, outputs)
    path = layout.cache / "stages" / f"{name}-{_stage_key(name, layout, outputs)}.pkl"
    if path.exists():
        return pickle.loads(path.read_bytes())
    result = stage(layout, outputs)
    path.parent.mkdir(parents=True, exist_ok=True)
    for old in path.parent.glob(f"{name}-*.pkl"):
        old.unlink()
    tmp = path.with_suffix(".tmp")
    tmp.write_bytes(pickle.dumps(result))
    os.replace(tmp, path)
    return result


def build(layout: Layout = DEFAULT, *, check: bool = False, use_cache: bool = True) -> dict[str, float]:
    """Run every stage; return the seconds each took. With `check`, compare instead of writing.

    Stages whose inputs, reference tables and library code are unchanged are reused from .cache/stages/
    (`use_cache=False` recomputes everything).
    """
    from . import stages

    timings: dict[str, float] = {}
    outputs: dict[str, bytes] = {}
    t0 = time.perf_counter()
    cities = parse_all(layout)
    outputs.update(build_outputs(cities, layout))
    timings["parse"] = time.perf_counter() - t0
    for name, stage in stages.STAGES:
        t0 = time.perf_counter()
        outputs.update(_run_stage(name, stage, layout, outputs, use_cache))
        timings[name] = time.perf_counter() - t0
    if check:
        differ = [n for n, b in outputs.items() if not (layout.processed / n).exists()
                  or (layout.processed / n).read_bytes() != b]
        if differ:
            raise InputError(layout.processed, None, f"processed files differ from a fresh build: {', '.join(differ)}")
        return timings
    write_outputs(outputs, layout.processed)
    return timings
