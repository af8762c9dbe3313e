"""The raw sources: the manifest, checksum verification and line-numbered reading."""

from __future__ import annotations

import csv
import hashlib
from dataclasses import dataclass
from pathlib import Path

from .errors import ChecksumError, InputError
from .paths import DEFAULT, Layout

__all__ = ["Source", "read_manifest", "verify_sources", "sha256_of", "read_lines"]

_MANIFEST_COLUMNS = ("file", "sha256", "city", "document_title", "plan_period", "text_kind", "issuing_body")


@dataclass(frozen=True)
class Source:
    """One raw file as recorded in MANIFEST.csv."""

    file: str
    sha256: str
    city: str
    record: dict

    def path(self, layout: Layout = DEFAULT) -> Path:
        return layout.raw / self.file


def sha256_of(path: Path) -> str:
    """Hex SHA-256 of a file's bytes.

    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "a.txt"; _ = p.write_bytes(b"abc")
    >>> sha256_of(p)[:12]
    'ba7816bf8f01'
    """
    return hashlib.sha256(path.read_bytes()).hexdigest()


def read_manifest(layout: Layout = DEFAULT) -> list[Source]:
    """Read `data/raw/MANIFEST.csv`, checking that the columns the build relies on are there."""
    path = layout.manifest
    if not path.exists():
        raise ChecksumError(path, None, "the manifest of the raw sources is missing; restore it from git")
    with path.open(encoding="utf-8", newline="") as fh:
        reader = csv.DictReader(fh)
        missing = [c for c in _MANIFEST_COLUMNS if c not in (reader.fieldnames or [])]
        if missing:
            raise InputError(path, 1, f"expected columns {', '.join(missing)} in the header")
        return [Source(r["file"], r["sha256"].strip().lower(), r["city"], r) for r in reader]


def verify_sources(layout: Layout = DEFAULT) -> list[Source]:
    """Check every raw file against its recorded hash before anything is parsed.

    Raises
    ------
    ChecksumError
        naming the file, the expected and the actual hash, and what to do.
    """
    sources = read_manifest(layout)
    for src in sources:
        path = src.path(layout)
        if not path.exists():
            raise ChecksumError(
                path, None,
                f"raw file is missing (expected sha256 {src.sha256}); restore it with `git checkout -- {path.relative_to(layout.root) if path.is_relative_to(layout.root) else path}`",
            )
        actual = sha256_of(path)
        if actual != src.sha256:
            raise ChecksumError(
                path, None,
                f"checksum mismatch: expected sha256 {src.sha256}, found {actual}. Raw files are read-only: "
                "restore the file from git; if the source really changed, record the new hash in "
                "data/raw/MANIFEST.csv in a reviewed commit and rebuild",
            )
    return sources


def read_lines(path: Path) -> list[str]:
    """The file's lines without their line ends; list index + 1 is the 1-based line number."""
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(path, None, f"expected UTF-8 text ({exc})") from None
    return text.split("\n")[:-1] if text.endswith("\n") else text.split("\n")
