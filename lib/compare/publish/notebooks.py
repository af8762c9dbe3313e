"""Execute the numbered notebooks deterministically, all or nothing (outputs are committed).

Every notebook is executed into memory first, with figures written to a staging folder; only when all of them
succeeded are the notebooks written (each atomically) and the staged figures swapped in for figures/ as a whole.
A failure names the notebook, the cell and the exception, and leaves notebooks/ and figures/ as they were. Each
executed notebook records the digest of the processed data it ran on, so `compare.publish.report` can refuse stale ones.
"""

from __future__ import annotations

import hashlib
import logging
import os
import shutil
import time
from pathlib import Path

from compare.core.errors import InputError
from compare.core.paths import DEFAULT, Layout
from compare.plots.style import FIGURE_DIR_ENV

__all__ = ["notebook_paths", "execute_notebook", "execute_all", "processed_digest", "NotebookError", "stale_notebooks",
           "recover_notebooks"]

log = logging.getLogger(__name__)


class NotebookError(InputError):
    """A notebook failed: names the notebook, the cell and the exception."""


def notebook_paths(layout: Layout = DEFAULT) -> list[Path]:
    """`notebooks/NN-*.ipynb` in run order."""
    return sorted(p for p in layout.notebooks.glob("[0-9][0-9]-*.ipynb"))


def processed_digest(layout: Layout = DEFAULT) -> str:
    """SHA-256 over the names and bytes of every processed file: which data a notebook was executed on."""
    h = hashlib.sha256()
    for p in sorted(q for q in layout.processed.rglob("*") if q.is_file() and not q.name.startswith(".")):
        h.update(p.relative_to(layout.processed).as_posix().encode())
        h.update(hashlib.sha256(p.read_bytes()).digest())
    return h.hexdigest()[:16]


def execute_notebook(path: Path, *, timeout: int = 600, layout: Layout = DEFAULT, digest: str | None = None):
    """Run one notebook top to bottom in a fresh kernel (its folder as working directory); return it, unsaved.

    Execution timestamps are not recorded, so a rerun changes no byte unless an output changed.
    """
    import nbformat
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError

    os.environ.setdefault("PYTHONHASHSEED", "0")
    try:
        nb = nbformat.read(path, as_version=4)
    except Exception as exc:  # noqa: BLE001 - a damaged notebook file is input the user must restore
        raise NotebookError(path, None, f"cannot be read as a notebook ({type(exc).__name__}); restore it with "
                                        f"`git checkout -- {path.name}`") from None
    import tempfile

    from jupyter_client.manager import KernelManager

    sockets = tempfile.mkdtemp(prefix="kernel-")  # IPC transport: no TCP port, no "running over TCP" warning
    km = KernelManager(kernel_name="python3", transport="ipc", ip=os.path.join(sockets, "k"))
    client = NotebookClient(nb, km=km, timeout=timeout, kernel_name="python3", record_timing=False,
                            resources={"metadata": {"path": str(path.parent)}})
    try:
        client.execute(cleanup_kc=True)
    except CellExecutionError as exc:
        cell = next((i for i, c in enumerate(nb.cells, 1) if c.cell_type == "code" and any(
            o.get("output_type") == "error" for o in c.get("outputs", []))), None)
        name = getattr(exc, "ename", "error")
        value = str(getattr(exc, "evalue", "")).splitlines()[0] if getattr(exc, "evalue", "") else ""
        raise NotebookError(path.name, None, f"cell {cell}: {name}: {value}") from None
    finally:
        if km.has_kernel:
            km.shutdown_kernel(now=True)
        shutil.rmtree(sockets, ignore_errors=True)
    nb.metadata.pop("widgets", None)
    nb.metadata["compare"] = {"processed_digest": digest or processed_digest(layout)}
    return nb


def _swap_dir(staged: Path, target: Path) -> None:
    old = target.parent / f".{target.name}.old-{os.getpid()}"
    if target.exists():
        os.replace(target, old)
    os.replace(staged, target)
    shutil.rmtree(old, ignore_errors=True)


def _journal(layout: Layout) -> Path:
    return layout.notebooks / ".swap.json"


def recover_notebooks(layout: Layout = DEFAULT) -> None:
    """Finish a swap of executed notebooks and figures that a kill interrupted, and remove abandoned staging.

    The swap is journaled (``notebooks/.swap.json``: the written notebooks and the figures' staging folder) after
    everything was written and before the first rename, so a journal means every new file exists: the remaining
    renames are done. Without a journal, temporary notebooks and staging folders are leftovers of a run that never
    finished writing, and are removed (the previous notebooks and figures stand).
    """
    import json

    journal = _journal(layout)
    if journal.exists():
        try:
            plan = json.loads(journal.read_text(encoding="utf-8"))
        except ValueError:
            plan = {"notebooks": [], "figures": ""}
        for tmp, target in plan.get("notebooks", []):
            if Path(tmp).exists():
                os.replace(tmp, target)
        staged = Path(plan.get("figures", "") or "/nonexistent")
        if staged.is_dir():
            _swap_dir(staged, layout.figures)
        journal.unlink(missing_ok=True)
    # leftovers of runs that died (a concurrent run's files are its own: its process is alive)
    for p in layout.notebooks.glob(".*.ipynb.tmp-*") if layout.notebooks.exists() else []:
        if not _alive(p.name.rsplit("-", 1)[-1]):
            p.unlink(missing_ok=True)
    for p in [*layout.root.glob(".figures.staging-*"), *layout.root.glob(".figures.old-*")]:
        if not _alive(p.name.rsplit("-", 1)[-1]):
            shutil.rmtree(p, ignore_errors=True)


def _alive(pid: str) -> bool:
    """Whether the process `pid` (a file-name suffix) still runs; not a number: no."""
    if not pid.isdigit():
        return False
    if int(pid) == os.getpid():
        return True
    try:
        os.kill(int(pid), 0)
    except ProcessLookupError:
        return False
    except PermissionError:
        return True
    return True


def _write_all(done, staging: Path, layout: Layout) -> None:
    """Write every executed notebook beside its target, journal the swap, then rename them all and swap figures/.

    A write that fails (a full disk) removes what was written and is one `InputError`: notebooks/ and figures/ stay
    as they were.
    """
    import json

    import nbformat

    pairs = []
    try:
        for path, nb, _ in done:
            text = nbformat.writes(nb)
            tmp = path.parent / f".{path.name}.tmp-{os.getpid()}"
            with open(tmp, "wb") as fh:
                pairs.append((str(tmp), str(path)))
                fh.write((text if text.endswith("\n") else text + "\n").encode("utf-8"))
                fh.flush()
                os.fsync(fh.fileno())
        journal = _journal(layout)
        journal.write_text(json.dumps({"notebooks": pairs, "figures": str(staging)}), encoding="utf-8")
    except OSError as exc:
        for tmp, _ in pairs:
            Path(tmp).unlink(missing_ok=True)
        _journal(layout).unlink(missing_ok=True)
        shutil.rmtree(staging, ignore_errors=True)
        raise InputError(layout.notebooks, None, f"cannot write the executed notebooks ({exc.strerror or exc}); "
                                                 "notebooks/ and figures/ are unchanged") from None
    recover_notebooks(layout)                         # the renames, exactly as after a kill


def foreign_figures(layout: Layout = DEFAULT) -> list[str]:
    """Files of figures/ that no notebook run wrote: not ``captions.json``, not a PNG or SVG of a figure it names.

    >>> import tempfile, pathlib, json
    >>> L = Layout(pathlib.Path(tempfile.mkdtemp())); L.figures.mkdir()
    >>> _ = (L.figures / "captions.json").write_text(json.dumps({"keyness": "…"}), encoding="utf-8")
    >>> for n in ("keyness.png", "keyness.svg", "my-edit.png", "notes.txt"):
    ...     _ = (L.figures / n).write_bytes(b"")
    >>> foreign_figures(L)
    ['my-edit.png', 'notes.txt']
    """
    import json

    folder = layout.figures
    if not folder.exists():
        return []
    try:
        ours = set(json.loads((folder / "captions.json").read_text(encoding="utf-8")))
    except (OSError, ValueError):
        ours = set()
    return sorted(p.relative_to(folder).as_posix() for p in folder.rglob("*") if p.is_file()
                  and p.name != "captions.json" and not (p.parent == folder and p.suffix in (".png", ".svg")
                                                          and p.stem in ours))


def refuse_foreign_figures(layout: Layout = DEFAULT) -> None:
    """One `InputError` naming the files of figures/ a notebook run would delete (see `foreign_figures`)."""
    foreign = foreign_figures(layout)
    if foreign:
        raise InputError(layout.figures, None, f"holds {len(foreign)} file(s) no notebook wrote, which the run would "
                                               f"delete: {', '.join(foreign[:5])}{' …' if len(foreign) > 5 else ''}; "
                                               "move them out of figures/ (the run replaces the folder as a whole)")


def execute_all(layout: Layout = DEFAULT, *, timeout: int = 600):
    """Execute every notebook in order, then write them all and swap in the figures; yields (name, seconds).

    All or nothing: the notebooks are executed into memory with figures staged; then every notebook is written
    beside its target and the swap journaled before the renames (`recover_notebooks` finishes one a kill
    interrupted, at the next start).
    """
    recover_notebooks(layout)
    refuse_foreign_figures(layout)                # before any work: the swap replaces figures/ as a whole
    digest = processed_digest(layout)
    staging = layout.root / f".figures.staging-{os.getpid()}"
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir(parents=True)
    previous = os.environ.get(FIGURE_DIR_ENV)
    os.environ[FIGURE_DIR_ENV] = str(staging)
    done = []
    try:
        for path in notebook_paths(layout):
            t0 = time.perf_counter()
            nb = execute_notebook(path, timeout=timeout, layout=layout, digest=digest)
            done.append((path, nb, time.perf_counter() - t0))
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    finally:
        if previous is None:
            os.environ.pop(FIGURE_DIR_ENV, None)
        else:
            os.environ[FIGURE_DIR_ENV] = previous
    _write_all(done, staging, layout)
    for path, _, seconds in done:
        yield path.name, seconds


def stale_notebooks(layout: Layout = DEFAULT) -> list[str]:
    """Notebooks not executed on the current processed data (or never executed)."""
    import json

    digest = processed_digest(layout)
    stale = []
    for p in notebook_paths(layout):
        try:
            meta = json.loads(p.read_text(encoding="utf-8")).get("metadata", {})
        except (OSError, ValueError):
            stale.append(p.name)
            continue
        if meta.get("compare", {}).get("processed_digest") != digest:
            stale.append(p.name)
    return stale
