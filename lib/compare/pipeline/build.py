"""`python -m compare build`: verify the raw sources, parse every registered city, run the stages, write
data/processed/.

Guarantees (tests/test_faults.py checks each):

- Every file of data/raw/ is in MANIFEST.csv or extra_cities.csv and matches its sha256, or nothing is built.
- The processed set is written as a whole: the new files go to a staging folder beside data/processed/, which
  replaces the old folder by two renames; an interrupted swap is completed or undone at the next start, so a kill at
  any moment leaves either the old set or the new one. Files the build no longer produces disappear with the old set.
- Builds are serialised by a lock (.cache/build.lock); a second build says it is waiting.
- Stage results are cached in .cache/stages/ under a key of exactly what the stage reads (its input tables,
  reference files, code and configuration); an unreadable cache entry is discarded with a warning and recomputed;
  ``use_cache=False`` bypasses every cache (stages, tokens, compiled dictionary).
"""

from __future__ import annotations

import logging
import os
import shutil
import time
from collections import Counter
from pathlib import Path

import pandas as pd

from compare.core.errors import InputError, ValidationError
from compare.core.paths import DEFAULT, Layout
from compare.core.plan import LEVELS, LINK_COLUMNS, NODE_COLUMNS, PROGRAM_COLUMNS, ParsedCity
from compare.io import datasets, schemas
from compare.io.raw import read_lines, sha256_of, verify_sources
from compare.io.registry import Registry, load_registry
from compare.parse import parse_city
from compare.text.dictionary import text_resources

__all__ = ["parse_all", "parse_outputs", "build", "write_processed", "recover_processed", "build_lock"]

log = logging.getLogger(__name__)


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


_MARKUP = __import__("re").compile(r"<[^>]+>|\*\*")


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
        "fy_end": "" if c.fy_end is None else str(c.fy_end), "builtin": c.builtin, "order": i + 1,
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
    }


# ----------------------------------------------------------------------------------------------- stages

def _prepare_stage(stage, layout: Layout, tables: dict, use_cache: bool, text, memo: dict):
    """``(outputs, None)`` from the stage cache, else ``(None, compute)`` (see `compare.pipeline.cache`)."""
    from compare.pipeline.cache import prepare_stage
    from compare.pipeline.stages import stage_inputs

    inputs = stage_inputs(stage, layout, tables)
    return prepare_stage(stage, layout, inputs, use_cache=use_cache, memo=memo,
                         run=lambda inp: stage.run(inp, stage.config, text=text))


# ----------------------------------------------------------------------------------------------- writing

def _siblings(processed: Path, kind: str) -> list[Path]:
    return sorted(processed.parent.glob(f".{processed.name}.{kind}-*"))


def recover_processed(layout: Layout = DEFAULT) -> None:
    """Finish or undo a swap that a kill interrupted, and remove abandoned staging folders.

    If data/processed/ is missing, a complete staging folder (marked by ``.complete``) is promoted, else the
    previous set (``.processed.old-*``) is restored. Call under the build lock.
    """
    processed = layout.processed
    staged = [p for p in _siblings(processed, "staging") if (p / ".complete").exists()]
    old = _siblings(processed, "old")
    if not processed.exists():
        if staged:
            os.replace(staged[-1], processed)
            (processed / ".complete").unlink(missing_ok=True)
            log.warning("completed an interrupted write of %s", processed)
        elif old:
            os.replace(old[-1], processed)
            log.warning("restored %s from an interrupted write", processed)
    for p in _siblings(processed, "staging") + _siblings(processed, "old"):
        shutil.rmtree(p, ignore_errors=True)


class _Staging:
    """A new processed set being written beside data/processed/; `commit` swaps it in by two renames.

    A killed process leaves at worst an incomplete staging folder (no ``.complete`` marker), which the next build
    removes; `discard` removes it at once.
    """

    def __init__(self, layout: Layout):
        self.processed = layout.processed
        self.processed.parent.mkdir(parents=True, exist_ok=True)
        self.tag = f"{os.getpid()}-{time.monotonic_ns()}"
        self.folder = self.processed.parent / f".{self.processed.name}.staging-{self.tag}"

    def pieces(self, name: str, data):
        """Write one file from bytes or an iterable of byte pieces, yielding after each piece."""
        target = self.folder / name
        target.parent.mkdir(parents=True, exist_ok=True)
        with open(target, "wb") as fh:
            for piece in ([data] if isinstance(data, bytes) else data):
                fh.write(piece)
                yield

    def write(self, name: str, data) -> None:
        for _ in self.pieces(name, data):
            pass

    def commit(self) -> None:
        self.folder.mkdir(parents=True, exist_ok=True)
        (self.folder / ".complete").write_bytes(b"")
        old = self.processed.parent / f".{self.processed.name}.old-{self.tag}"
        if self.processed.exists():
            os.replace(self.processed, old)
        os.replace(self.folder, self.processed)
        (self.processed / ".complete").unlink(missing_ok=True)
        shutil.rmtree(old, ignore_errors=True)

    def discard(self) -> None:
        shutil.rmtree(self.folder, ignore_errors=True)


def write_processed(files, layout: Layout = DEFAULT) -> None:
    """Write the whole processed set: stage every file, then swap the folder in by two renames.

    `files` is a mapping or an iterable of (name, bytes or byte pieces); files are written as they come. A killed
    process leaves at worst an incomplete staging folder (no ``.complete`` marker), which the next build removes.
    """
    staging = _Staging(layout)
    items = files.items() if isinstance(files, dict) else files
    try:
        for name, data in items:
            staging.write(name, data)
        staging.commit()
    except BaseException:
        staging.discard()
        raise


def build_lock(layout: Layout):
    """An exclusive lock on .cache/build.lock; says when it has to wait for another build."""
    from filelock import FileLock, Timeout

    layout.cache.mkdir(parents=True, exist_ok=True)
    lock = FileLock(str(layout.cache / "build.lock"))

    class _Lock:
        def __enter__(self):
            try:
                lock.acquire(timeout=0.5)
            except Timeout:
                log.warning("another build of %s is running; waiting for it to finish", layout.root)
                lock.acquire()
            return self

        def __exit__(self, *exc):
            lock.release()

    return _Lock()


def build(layout: Layout = DEFAULT, *, check: bool = False, use_cache: bool = True,
          stages=None, progress=None, workers: int | None = None) -> dict[str, float]:
    """Run every stage; return the seconds each took. With `check`, compare with data/processed/ instead of writing.

    `progress(name, seconds)` is called after each step (the benchmark records memory there). Raises `InputError`
    (and its subclasses) for bad input, before anything is written. With more than one worker (default: the
    usable cores, see `compare.core.workers.default_workers`) stages run in forked workers as soon as their inputs exist
    and finished tables are written while the others compute; the outputs are the same bytes either way. Stage
    timings then overlap, and ``write`` is only the part of the writing left after the last stage.
    """
    progress = progress or (lambda name, seconds: None)
    from compare.core.workers import default_workers, use_workers
    from compare.pipeline.stages import STAGES

    stages = STAGES if stages is None else stages
    workers = default_workers() if workers is None else workers
    timings: dict[str, float] = {}
    with build_lock(layout):
        recover_processed(layout)
        t0 = time.perf_counter()
        registry = load_registry(layout)
        tables: dict[str, object] = parse_outputs(parse_all(layout, registry), layout, registry)
        timings["parse"] = time.perf_counter() - t0
        progress("parse", timings["parse"])
        text, memo = text_resources(layout, use_cache=use_cache), {}

        def prepare(stage):
            return _prepare_stage(stage, layout, tables, use_cache, text, memo)

        with use_workers(workers):
            if check or workers <= 1:
                _build_in_order(stages, layout, tables, prepare, check, timings, progress)
            else:
                _build_in_parallel(stages, layout, tables, prepare, workers, timings, progress)
    return timings


def _build_in_order(stages, layout, tables, prepare, check, timings, progress) -> None:
    from compare.pipeline.stages import build_config

    for stage in stages:
        t0 = time.perf_counter()
        hit, compute = prepare(stage)
        tables.update(hit if hit is not None else compute())
        timings[stage.name] = time.perf_counter() - t0
        progress(stage.name, timings[stage.name])
    t0 = time.perf_counter()
    tables["build_config.json"] = build_config(stages, layout)
    if check:
        _check_current(datasets.iter_files(tables), layout)
    else:
        write_processed(datasets.iter_files(tables, chunked=True), layout)
    timings["write"] = time.perf_counter() - t0
    progress("write", timings["write"])


def _build_in_parallel(stages, layout, tables, prepare_cached, workers, timings, progress) -> None:
    """Stages in forked workers (`compare.pipeline.runner`), each writing its own files to the staging folder and
    sending back only the tables a later stage reads; this process writes the others (parse, tokens) meanwhile."""
    from compare.pipeline.runner import run_parallel
    from compare.pipeline.stages import build_config

    staging = _Staging(layout)
    read_later = {r for st in stages for r in st.reads}
    queue = list(tables)                    # tables complete and not yet written (by this process)
    current: list = []                      # the piece writer of the file being written

    def idle() -> bool:
        if not current:
            if not queue:
                return False
            name = queue.pop(0)
            current.extend(staging.pieces(fname, data)
                           for fname, data in datasets.iter_files({name: tables[name]}, chunked=True))
            return True
        try:
            next(current[0])
        except StopIteration:
            current.pop(0)
        return True

    def prepare(stage):
        hit, compute = prepare_cached(stage)
        if hit is not None:
            return hit, None

        def run(in_worker: bool) -> dict:
            outputs = compute()
            if not in_worker:
                return outputs
            for fname, data in datasets.iter_files(outputs, chunked=True):
                staging.write(fname, data)
            return {k: v for k, v in outputs.items() if k in read_later}

        return None, run

    def done(name: str, seconds: float, outputs: dict, in_worker: bool) -> None:
        timings[name] = seconds
        progress(name, seconds)
        if not in_worker:
            queue.extend(outputs)

    try:
        run_parallel(stages, tables, prepare, workers=workers, on_done=done, idle=idle)
        t0 = time.perf_counter()
        tables["build_config.json"] = build_config(stages, layout)
        queue.append("build_config.json")
        while current:                      # finish the file in progress, then share out the rest
            idle()
        _write_shared(staging, {name: tables[name] for name in queue}, workers)
        staging.commit()
    except BaseException:
        staging.discard()
        raise
    timings["write"] = time.perf_counter() - t0
    progress("write", timings["write"])


def _write_shared(staging: _Staging, outputs: dict, workers: int) -> None:
    """Write `outputs` to the staging folder, split over `workers` processes (largest tables first, each to the
    least loaded share): what is left when the stages end, e.g. everything when every stage came from the cache."""
    from compare.core.workers import map_forked

    def size(obj) -> int:
        return len(obj) if isinstance(obj, pd.DataFrame) else obj.number_of_edges() if hasattr(obj, "edges") else 1

    shares: list[list[str]] = [[] for _ in range(max(1, workers))]
    loads = [0] * len(shares)
    for name in sorted(outputs, key=lambda n: -size(outputs[n])):
        k = loads.index(min(loads))
        shares[k].append(name)
        loads[k] += size(outputs[name]) + 1000          # + a fixed cost per file (graph files are many and small)

    def write(names: list[str]) -> None:
        for fname, data in datasets.iter_files({n: outputs[n] for n in names}, chunked=True):
            staging.write(fname, data)

    shares = [s for s in shares if s]
    if len(shares) > 1:
        map_forked(write, shares, name="write")
    elif shares:
        write(shares[0])


def _check_current(files, layout: Layout) -> None:
    processed = layout.processed
    names, differ = set(), []
    for n, b in files:
        names.add(n)
        if not (processed / n).exists() or (processed / n).read_bytes() != b:
            differ.append(n)
    present = {p.relative_to(processed).as_posix()
               for p in processed.rglob("*") if p.is_file()} if processed.exists() else set()
    stale = sorted(present - names)
    if differ or stale:
        what = (f"differ from a fresh build: {', '.join(sorted(differ))}" if differ else "") + \
               ("; " if differ and stale else "") + (f"are no longer produced: {', '.join(stale)}" if stale else "")
        raise InputError(processed, None, f"processed files {what}; run `make build`")
