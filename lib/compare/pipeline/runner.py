"""Run the build's stages on every core: each stage in a forked worker as soon as what it reads exists.

The stages form a small graph (tokenize → alignment, vocabulary, themes, networks; vocabulary and themes →
multivariate), so on two cores two stages run at once: each worker writes its own files to the staging folder and
the parent writes the parse and token tables while it waits. Each worker runs exactly the code of the in-order
build (stage cache included) and sends back pickled only the tables a later stage reads; results do not depend on
the schedule, and a test checks that a parallel and an in-order build are byte-identical.

Workers are forked (Linux; elsewhere the build runs its stages in order). A worker that raises makes the build
raise the same exception after the other workers are stopped; one that dies without a word (killed, out of memory)
is reported by stage name. Nothing reaches data/processed/ unless every stage succeeded.
"""

from __future__ import annotations

import multiprocessing
import time
from collections.abc import Callable
from multiprocessing.connection import wait

from compare.core.workers import receive, run_in_worker

__all__ = ["run_parallel", "ready_now"]


def ready_now(pending, tables: dict) -> list:
    """The pending stages whose every input table exists."""
    return [s for s in pending if all(r in tables for r in s.reads)]


def run_parallel(stages, tables: dict, prepare: Callable, *, workers: int,
                 on_done: Callable[[str, float, dict], None], idle: Callable[[], bool]) -> None:
    """Run `stages` (`compare.pipeline.stages.Stage`) over `tables`, at most `workers` at once, in forked processes.

    `prepare(stage)` returns ``(outputs, None)`` for a stage found in the cache (no worker is started) or
    ``(None, compute)``; ``compute(in_worker)`` computes the stage and returns the tables to add to `tables` (in a
    worker, only those a later stage reads need to come back). A stage that is the only one ready while no worker
    runs is computed here (``in_worker=False``: nothing to overlap with, so no fork and no pickling).
    `on_done(name, seconds, outputs, in_worker)` is called in this process as each stage finishes; `idle()` is
    called while workers run and returns whether it did some work (else this process sleeps until one finishes).
    """
    ctx = multiprocessing.get_context("fork")
    pending = list(stages)                  # started in this order as their inputs appear
    prepared: dict = {}
    running: dict = {}                      # connection → (stage, process, start)
    try:
        while pending or running:
            for st in ready_now(pending, tables):
                t0 = time.perf_counter()
                if st.name not in prepared:
                    prepared[st.name] = prepare(st)
                hit, compute = prepared[st.name]
                if hit is not None:
                    pending.remove(st)
                    tables.update(hit)
                    on_done(st.name, time.perf_counter() - t0, hit, False)
                    continue
                if len(running) >= workers:
                    break
                if not running and len(ready_now(pending, tables)) == 1:
                    pending.remove(st)            # nothing to overlap with: run it here, no fork, no pickling
                    tables.update(out := compute(False))
                    on_done(st.name, time.perf_counter() - t0, out, False)
                    continue
                recv, send = ctx.Pipe(duplex=False)
                proc = ctx.Process(target=run_in_worker, args=(lambda c=compute: c(True), send),
                                   name=f"stage-{st.name}", daemon=True)
                proc.start()
                send.close()
                running[recv] = (st, proc, t0)
                pending.remove(st)
            if not running and ready_now(pending, tables):
                continue                          # cached stages made more stages ready
            if not running:
                if not pending:
                    break
                missing = {s.name: [r for r in s.reads if r not in tables] for s in pending}
                raise RuntimeError(f"stages whose inputs no stage produces: {missing}")
            ready = wait(list(running), timeout=0)
            if not ready and not idle():
                ready = wait(list(running))
            for conn in ready:
                st, proc, t0 = running.pop(conn)
                try:
                    status, payload = receive(conn, f"stage {st.name!r}", proc)
                finally:
                    conn.close()
                proc.join()
                if status == "error":
                    raise payload
                tables.update(payload)
                on_done(st.name, time.perf_counter() - t0, payload, True)
    finally:
        for conn, (_, proc, _) in running.items():
            proc.terminate()
            proc.join()
            conn.close()
