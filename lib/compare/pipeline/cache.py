"""The stage cache: keys computed from exactly what a stage depends on, and entries that heal.

A stage's key hashes its name, its inputs (after `Stage.narrow`), the bytes of the reference files it declares,
its config, the versions results depend on, and the source of every ``compare`` module the stage can execute: the
closure of the imports of its function's module (and its config's), followed at module level *and inside
functions*, without ``compare.plots`` and ``compare.publish`` (a figure or a page never changes a table). Nothing
of it is typed by hand, so editing any helper a stage reaches invalidates that stage, and only it.
"""

from __future__ import annotations

import ast
import hashlib
import importlib.metadata
import importlib.util
import logging
import pickle
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from compare.core.paths import Layout
from compare.io.files import atomic_write_bytes
from compare.io.schemas import frame_hash

__all__ = ["module_closure", "code_digest", "stage_key", "cached", "prepare_stage", "NOT_CODE", "VERSIONED",
           "KEEP_PER_STAGE"]

log = logging.getLogger(__name__)

#: Subpackages whose code never reaches a processed table.
NOT_CODE = ("compare.plots", "compare.publish")
#: Distributions whose versions enter every key.
VERSIONED = ("sudachipy", "sudachidict-core", "pandas", "networkx", "scikit-learn", "scipy", "numpy", "prince")


def _excluded(name: str) -> bool:
    return any(name == p or name.startswith(p + ".") for p in NOT_CODE)


def _origin(name: str) -> str | None:
    try:
        spec = importlib.util.find_spec(name)
    except (ImportError, AttributeError, ValueError):
        return None                      # an attribute (``from compare.x import function``), not a module
    return spec.origin if spec is not None and spec.origin not in (None, "built-in", "frozen") else None


def _imports(name: str, origin: str) -> set[str]:
    """Every ``compare`` module named by an import statement anywhere in a module's source."""
    tree = ast.parse(Path(origin).read_bytes(), filename=origin)
    package = name if origin.endswith("__init__.py") else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            found.update(a.name for a in node.names)
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base_parts = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(base_parts + ([node.module] if node.module else []))
            else:
                base = node.module or ""
            found.add(base)
            found.update(f"{base}.{a.name}" for a in node.names)
    return {m for m in found if m == "compare" or m.startswith("compare.")}


def module_closure(roots: Iterable[str]) -> list[str]:
    """The ``compare`` modules that code in `roots` can import, directly or through others, at any depth.

    Parameters
    ----------
    roots : iterable of str
        Module names to start from (e.g. a stage function's ``__module__``).

    Returns
    -------
    list of str
        Sorted module names, parent packages included, ``compare.plots`` and ``compare.publish`` left out.

    Examples
    --------
    >>> mods = module_closure(["compare.analysis.themes"])
    >>> "compare.analysis.stats" in mods, any(m.startswith("compare.plots") for m in mods)
    (True, False)
    """
    seen: dict[str, str] = {}
    todo = list(roots)
    while todo:
        name = todo.pop()
        if name in seen or _excluded(name):
            continue
        parts = name.split(".")
        todo.extend(".".join(parts[:k]) for k in range(1, len(parts)))   # importing a.b.c runs a and a.b
        origin = _origin(name)
        if origin is None:
            continue
        seen[name] = origin
        todo.extend(_imports(name, origin))
    return sorted(seen)


def code_digest(roots: Iterable[str]) -> bytes:
    """SHA-256 over the names and source bytes of `module_closure(roots)`.

    Examples
    --------
    >>> code_digest(["compare.analysis.stats"]) == code_digest(["compare.analysis.stats"])
    True
    """
    h = hashlib.sha256()
    for name in module_closure(roots):
        origin = _origin(name)
        h.update(name.encode() + b"\0" + hashlib.sha256(Path(origin).read_bytes()).digest())
    return h.digest()


def _input_digest(obj, memo: dict) -> bytes:
    if isinstance(obj, pd.DataFrame):
        known = memo.get(id(obj))
        if known is not None and known[0] is obj:
            return known[1]
        digest = frame_hash(obj)
        memo[id(obj)] = (obj, digest)
        return digest
    if isinstance(obj, dict):
        return hashlib.sha256(repr(sorted(obj.items())).encode()).digest()
    return hashlib.sha256(pickle.dumps(obj, protocol=4)).digest()


def stage_key(stage, layout: Layout, inputs: dict, memo: dict | None = None) -> str:
    """The cache key of `stage` on `inputs` (already narrowed): see the module's docstring.

    Parameters
    ----------
    stage : compare.pipeline.stages.Stage
    layout : Layout
        Where the stage's reference files are.
    inputs : dict
        The tables the stage reads.
    memo : dict, optional
        Digests of tables already hashed in this build (by object identity).

    Returns
    -------
    str
        20 hexadecimal digits.
    """
    memo = {} if memo is None else memo
    h = hashlib.sha256(stage.name.encode())
    for k in sorted(inputs):
        if k in stage.references:
            continue                     # a reference table: its file's bytes are hashed below
        h.update(k.encode())
        h.update(_input_digest(inputs[k], memo))
    for ref in sorted(stage.references):
        p = layout.reference / ref
        h.update(ref.encode())
        h.update(hashlib.sha256(p.read_bytes()).digest() if p.exists() else b"absent")
    h.update(code_digest(stage.code_roots()))
    h.update(repr(stage.config).encode())
    for dist in VERSIONED:
        h.update(f"{dist}={importlib.metadata.version(dist)}".encode())
    return h.hexdigest()[:20]


def cached(path: Path):
    """A cache entry, or None if it is missing or cannot be read (then it is discarded with a warning)."""
    if not path.exists():
        return None
    try:
        return pickle.loads(path.read_bytes())
    except Exception as exc:  # noqa: BLE001 - any unreadable entry heals the same way
        log.warning("discarding unreadable cache entry %s (%s); recomputing", path.name, type(exc).__name__)
        path.unlink(missing_ok=True)
        return None


def prepare_stage(stage, layout: Layout, inputs: dict, *, use_cache: bool, run, memo: dict | None = None):
    """``(outputs, None)`` if the stage cache holds this stage's result on `inputs`, else ``(None, compute)``:
    ``compute()`` calls ``run(inputs)`` and stores its result in the cache (``.cache/stages/``)."""
    if not use_cache:
        return None, lambda: run(inputs)
    path = layout.cache / "stages" / f"{stage.name}-{stage_key(stage, layout, inputs, memo)}.pkl"
    hit = cached(path)
    if hit is not None:
        return hit, None

    def compute() -> dict:
        result = run(inputs)
        path.parent.mkdir(parents=True, exist_ok=True)
        atomic_write_bytes(path, pickle.dumps(result, protocol=pickle.HIGHEST_PROTOCOL))
        _evict(path.parent, stage.name)
        return result

    return None, compute


#: Entries kept per stage: a few variants (a config toggled back and forth, the test suite's edited copies of the
#: data) are served again; older ones are removed, newest kept.
KEEP_PER_STAGE = 4


def _evict(folder: Path, name: str) -> None:
    """Remove all but the `KEEP_PER_STAGE` newest entries of stage `name` (another stage's entries are untouched)."""
    entries = []
    for p in folder.glob(f"{name}-{'?' * 20}.pkl"):      # this stage's entries only (a same-prefix name has a '-')
        try:
            entries.append((p.stat().st_mtime_ns, p.name, p))
        except FileNotFoundError:                        # removed meanwhile by another build
            continue
    for _, _, p in sorted(entries, reverse=True)[KEEP_PER_STAGE:]:
        p.unlink(missing_ok=True)
