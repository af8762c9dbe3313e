"""Forked worker processes: how many to use, and ``map`` over chunks in forked workers.

Workers are forked (Linux; elsewhere everything runs in one process). A worker that raises makes the caller raise
the same exception; one that dies without a word (killed, out of memory) is `StageFailed`, named.
"""

from __future__ import annotations

import multiprocessing
import os
import pickle
from collections.abc import Callable
from contextlib import contextmanager

__all__ = ["default_workers", "use_workers", "map_forked", "run_in_worker", "receive", "StageFailed"]


class StageFailed(RuntimeError):
    """A worker ended without sending a result (killed or out of memory)."""


_CHOSEN: list[int] = []                   # set by `use_workers` for the length of a build


@contextmanager
def use_workers(n: int):
    """Within the block, `default_workers` is `n` (the build passes its own choice down to the stages)."""
    _CHOSEN.append(n)
    try:
        yield
    finally:
        _CHOSEN.pop()


def default_workers() -> int:
    """Worker processes for the stages: the usable cores (at most 4), or 1 where fork is unavailable or inside a
    worker (workers do not fork again).

    ``COMPARE_WORKERS`` overrides it (``1`` runs every stage in the build's own process), and so does `use_workers`.
    """
    if multiprocessing.current_process().daemon or "fork" not in multiprocessing.get_all_start_methods():
        return 1
    if _CHOSEN:
        return _CHOSEN[-1]
    if "COMPARE_WORKERS" in os.environ:
        value = os.environ["COMPARE_WORKERS"].strip()
        if not value.isdigit() or int(value) < 1:
            from compare.core.errors import InputError

            raise InputError("COMPARE_WORKERS", None, f"expected a whole number of worker processes from 1 (1 runs "
                                                      f"every stage in one process), found {value!r}; unset it to "
                                                      "use every core")
        return int(value)
    try:
        cores = len(os.sched_getaffinity(0))
    except AttributeError:  # pragma: no cover - not Linux
        cores = os.cpu_count() or 1
    return max(1, min(cores, 4))


def run_in_worker(run: Callable[[], dict], conn) -> None:
    from threadpoolctl import threadpool_limits

    try:
        with threadpool_limits(1):          # the workers already fill the cores: no BLAS/OpenMP threads on top
            payload = ("ok", run())
    except BaseException as exc:  # noqa: BLE001 - every failure goes back to the parent
        payload = ("error", exc)
    try:
        conn.send_bytes(pickle.dumps(payload, protocol=pickle.HIGHEST_PROTOCOL))
    except Exception as exc:  # noqa: BLE001 - an exception that cannot be pickled is sent as text
        conn.send_bytes(pickle.dumps(("error", RuntimeError(f"{type(exc).__name__}: {exc}"))))
    conn.close()


def receive(conn, what: str, proc):
    """A worker's (status, payload); a worker that died, or whose result cannot be read back, is `StageFailed`."""
    try:
        data = conn.recv_bytes()
    except EOFError:
        proc.join()
        raise StageFailed(f"{what}: its worker ended without a result (exit code {proc.exitcode}; killed or out of "
                          "memory?)") from None
    try:
        return pickle.loads(data)
    except Exception as exc:  # noqa: BLE001 - e.g. an exception class that cannot be rebuilt from its pickle
        raise StageFailed(f"{what}: its result could not be read back ({type(exc).__name__}: {exc})") from None


def map_forked(func: Callable, chunks: list, *, name: str = "task") -> list:
    """``[func(c) for c in chunks]``, the first chunk in this process and each other in a forked worker (started
    before this process begins its own share). Results come back pickled, so keep them compact (arrays, not
    millions of small objects). A failing worker raises here."""
    ctx = multiprocessing.get_context("fork")
    running = []
    try:
        for k, chunk in enumerate(chunks[1:], 1):
            recv, send = ctx.Pipe(duplex=False)
            proc = ctx.Process(target=run_in_worker, args=(lambda c=chunk: func(c), send), name=f"{name}-{k}",
                               daemon=True)
            proc.start()
            send.close()
            running.append((recv, proc))
        results = [func(chunks[0])] if chunks else []
        for k, (conn, proc) in enumerate(running, 1):
            status, payload = receive(conn, f"{name} worker {k}", proc)
            if status == "error":
                raise payload
            results.append(payload)
        return results
    finally:
        for conn, proc in running:
            if proc.is_alive():
                proc.terminate()
            proc.join()
            conn.close()
