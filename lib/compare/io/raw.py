"""The raw sources: checksum verification of every file in data/raw/ and line-numbered reading."""

from __future__ import annotations

import hashlib
import os
from pathlib import Path

from compare.core.errors import ChecksumError, InputError
from compare.core.paths import DEFAULT, Layout
from compare.io.files import read_text
from compare.io.registry import Registry

__all__ = ["verify_sources", "source_problems", "sha256_of", "read_lines", "REGISTRY_FILES"]

#: Files of data/raw/ that are not sources: the manifest, the registry and the folder's README.
REGISTRY_FILES = ("MANIFEST.csv", "extra_cities.csv", "README.md")


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes; an unreadable file is one `InputError` naming it.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:12]
    'ba7816bf8f01'
    """
    try:
        return hashlib.sha256(path.read_bytes()).hexdigest()
    except PermissionError:
        raise InputError(path, None, "permission denied: the file cannot be read (check its permissions)") from None
    except OSError as exc:
        raise InputError(path, None, f"cannot be read: {exc.strerror or exc}") from None


def _rel(path: Path, layout: Layout) -> str:
    return path.relative_to(layout.root).as_posix() if path.is_relative_to(layout.root) else str(path)


def source_problems(registry: Registry, layout: Layout = DEFAULT) -> list[ChecksumError]:
    """Every raw file that differs from its recorded hash or is missing, and every unregistered file of data/raw/.

    Returns
    -------
    list of ChecksumError
        Each names the file, the expected and the actual hash, and what to do; or a file of data/raw/ that is in
        neither MANIFEST.csv nor extra_cities.csv (it would otherwise be ignored without a check). Empty when
        everything matches.
    """
    out: list[ChecksumError] = []
    expected = {f.file: f for c in registry for f in c.files}
    if layout.raw.exists():
        for p in sorted(layout.raw.iterdir()):
            if p.is_symlink():
                out.append(ChecksumError(p, None, f"is a symbolic link (to {os.readlink(p)}); data/raw/ holds the "
                                                  "sources themselves, checksummed: copy the file in instead"))
                continue
            if p.name in REGISTRY_FILES:
                continue
            if p.name.startswith("."):
                out.append(ChecksumError(p, None, "a hidden file in data/raw/, where every file is a registered "
                                                  "source: remove it (or register it under a visible name)"))
                continue
            if p.name not in expected:
                out.append(ChecksumError(p, None, "this file is in data/raw/ but in neither MANIFEST.csv nor "
                                                  "extra_cities.csv; register it (`python -m compare add-city`, or "
                                                  "as its --source document), or move it out of data/raw/"))
    for name, f in expected.items():
        path = layout.raw / name
        if not path.is_file():
            out.append(ChecksumError(path, None, f"raw file is missing (expected sha256 {f.sha256}, registered "
                                                 f"in {f.registered_in}, line {f.line}); restore it with "
                                                 f"`git checkout -- {_rel(path, layout)}` or fix the registration"))
            continue
        actual = sha256_of(path)
        if f.registered_in.endswith("extra_cities.csv") and actual != f.sha256:
            column = "sha256" if f.role == "nodes" else "source_sha256"
            what = (f"no {column} is recorded" if not f.sha256 else
                    f"the file changed since it was registered (recorded sha256 {f.sha256})")
            out.append(ChecksumError(path, None, f"{what}; its sha256 is {actual}. If the file is as you want it, "
                                                 f"run `python -m compare add-city {_city_of(registry, name)} "
                                                 f"--refresh` (or write the hash into {f.registered_in}, line "
                                                 f"{f.line}, column {column})"))
        elif actual != f.sha256:
            out.append(ChecksumError(path, None,
                                     f"checksum mismatch: expected sha256 {f.sha256}, found {actual}. Raw files are "
                                     "read-only: restore the file from git; if the source really changed, record "
                                     f"the new hash in {f.registered_in} (line {f.line}) in a reviewed commit and "
                                     "rebuild"))
    return out


def verify_sources(registry: Registry, layout: Layout = DEFAULT) -> None:
    """Check every raw file against its recorded hash, and that data/raw/ holds nothing unregistered.

    Raises
    ------
    ChecksumError
        The first of `source_problems`.
    """
    problems = source_problems(registry, layout)
    if problems:
        raise problems[0]


def _city_of(registry: Registry, file: str) -> str:
    return next((c.id for c in registry for f in c.files if f.file == file), "CITY")


def read_lines(path: Path) -> list[str]:
    """The file's lines (UTF-8) without their line ends; list index + 1 is the 1-based line number."""
    text, _ = read_text(path)
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
