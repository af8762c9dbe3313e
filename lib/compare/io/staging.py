"""Writing the processed set all or nothing, and one build at a time.

- `Staging`: a new processed set is written to a staging folder beside data/processed/, which replaces the old
  folder by two renames; `recover_processed` completes or undoes a swap a kill interrupted, so a kill at any moment
  leaves either the old set or the new one. Files no longer produced disappear with the old set.
- `build_lock`: builds are serialised by a lock (.cache/build.lock); a second build says it is waiting.
"""

from __future__ import annotations

import logging
import os
import re
import shutil
import time
from pathlib import Path

from compare.core.errors import InputError
from compare.core.paths import DEFAULT, Layout

__all__ = ["Staging", "write_processed", "recover_processed", "build_lock"]

log = logging.getLogger(__name__)


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


class Staging:
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
        """Swap the staged set in; refuses (`InputError`, nothing changed) when data/processed/ holds files the build
        never writes (a researcher's own), which the swap would delete."""
        refuse_foreign(self.processed)
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


#: Files the build writes besides the tables of `compare.io.schemas.TABLES`.
BUILD_JSON = ("alignment_model.json", "build_config.json", "parse_report.json", "text_config.json")
_NETWORK_FILE = re.compile(r"^networks/[a-z][a-z0-9-]*-[a-z][a-z0-9_-]*(-edges\.csv|\.graphml|\.gexf)$")


def refuse_foreign(processed: Path) -> None:
    """One `InputError` naming the files of data/processed/ that the build did not write (see `foreign_files`)."""
    foreign = foreign_files(processed)
    if foreign:
        raise InputError(processed, None, f"holds {len(foreign)} file(s) the build did not write and would delete: "
                                          f"{', '.join(foreign[:5])}{' …' if len(foreign) > 5 else ''}; move them "
                                          "out of data/processed/ (the build replaces the folder as a whole)")


def foreign_files(processed: Path) -> list[str]:
    """Files of data/processed/ that no build writes (a researcher's notes, a spreadsheet), relative and sorted.

    A table of `compare.io.schemas.TABLES`, the build's JSON files and network files (``networks/<kind>-<city>``
    GraphML, GEXF, edge list; also of a city no longer registered) are the build's; everything else is not.

    >>> import tempfile, pathlib
    >>> d = pathlib.Path(tempfile.mkdtemp())
    >>> for n in ("nodes.csv", "networks/actors-kobe.gexf", "my_notes.xlsx", "networks/draft.txt"):
    ...     (d / n).parent.mkdir(exist_ok=True); _ = (d / n).write_bytes(b"")
    >>> foreign_files(d)
    ['my_notes.xlsx', 'networks/draft.txt']
    """
    from compare.io.schemas import TABLES

    if not processed.exists():
        return []
    out = []
    for p in sorted(processed.rglob("*")):
        if not p.is_file():
            continue
        rel = p.relative_to(processed).as_posix()
        if rel in TABLES or rel in BUILD_JSON or rel == ".complete" or _NETWORK_FILE.match(rel):
            continue
        out.append(rel)
    return out


def write_processed(files, layout: Layout = DEFAULT) -> None:
    """Write the whole processed set: stage every file, then swap the folder in by two renames.

    `files` is a mapping or an iterable of (name, bytes or byte pieces); files are written as they come. A killed
    process leaves at worst an incomplete staging folder (no ``.complete`` marker), which the next build removes.
    """
    staging = Staging(layout)
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
