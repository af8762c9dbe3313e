"""`python -m compare build`: verify the raw sources, parse every registered city, run the stages, write
data/processed/.

Guarantees (tests/test_faults.py checks each; parsing is `compare.pipeline.parse`, writing `compare.io.staging`):

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
import time

import pandas as pd

from compare.core.errors import InputError
from compare.core.paths import DEFAULT, Layout
from compare.io import datasets
from compare.io.registry import load_registry
from compare.io.staging import Staging, build_lock, recover_processed, refuse_foreign, write_processed
from compare.pipeline.parse import parse_all, parse_outputs
from compare.text.dictionary import text_resources

__all__ = ["build"]

log = logging.getLogger(__name__)


# ----------------------------------------------------------------------------------------------- stages

def _prepare_stage(stage, layout: Layout, tables: dict, use_cache: bool, text, memo: dict):
    """``(outputs, None)`` from the stage cache, else ``(None, compute)`` (see `compare.pipeline.cache`)."""
    from compare.pipeline.cache import prepare_stage
    from compare.pipeline.stages import stage_inputs

    inputs = stage_inputs(stage, layout, tables)
    return prepare_stage(stage, layout, inputs, use_cache=use_cache, memo=memo,
                         run=lambda inp: stage.run(inp, stage.config, text=text))


def build(layout: Layout = DEFAULT, *, check: bool = False, use_cache: bool = True,
          stages=None, progress=None, workers: int | None = None) -> dict[str, float]:
    """Run every stage; return the seconds each took. With `check`, compare with data/processed/ instead of writing
    (in order in this process with one worker, else in parallel with the new set staged and then discarded).

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
        refuse_foreign(layout.processed)      # before any work: the swap would delete them
        t0 = time.perf_counter()
        registry = load_registry(layout)
        tables: dict[str, object] = parse_outputs(parse_all(layout, registry), layout, registry)
        nodes = tables["nodes.csv"]
        log.info("parsed %d cities, %s plan elements, %s characters of text", nodes.city.nunique(), f"{len(nodes):,}",
                 f"{int(nodes.title.str.len().sum() + nodes.body.str.len().sum()):,}")
        timings["parse"] = time.perf_counter() - t0
        progress("parse", timings["parse"])
        text, memo = text_resources(layout, use_cache=use_cache), {}

        def prepare(stage):
            return _prepare_stage(stage, layout, tables, use_cache, text, memo)

        with use_workers(workers):
            if workers <= 1:
                _build_in_order(stages, layout, tables, prepare, check, timings, progress)
            else:
                _build_in_parallel(stages, layout, tables, prepare, workers, timings, progress, check=check)
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


def _build_in_parallel(stages, layout, tables, prepare_cached, workers, timings, progress, *,
                       check: bool = False) -> None:
    """Stages in forked workers (`compare.pipeline.runner`), each writing its own files to the staging folder and
    sending back only the tables a later stage reads; this process writes the others (parse, tokens) meanwhile.
    With `check`, the staged set is compared with data/processed/ and discarded instead of swapped in."""
    from compare.pipeline.runner import run_parallel
    from compare.pipeline.stages import build_config

    staging = Staging(layout)
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
        if check:
            _check_current(((p.relative_to(staging.folder).as_posix(), p.read_bytes())
                            for p in sorted(staging.folder.rglob("*")) if p.is_file()), layout)
            staging.discard()
        else:
            staging.commit()
    except BaseException:
        staging.discard()
        raise
    timings["write"] = time.perf_counter() - t0
    progress("write", timings["write"])


def _write_shared(staging: Staging, outputs: dict, workers: int) -> None:
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
    refuse_foreign(processed)
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
