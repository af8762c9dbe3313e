"""Every file location of the project, in one place."""

from __future__ import annotations

import os
from dataclasses import dataclass
from pathlib import Path

__all__ = ["PROJECT_ROOT", "Layout", "DEFAULT", "ROOT_ENV"]

PROJECT_ROOT = Path(__file__).resolve().parents[3]
#: Set this environment variable to run the library (and the notebooks) on another project root, e.g. a copy of
#: the data with more cities registered; tests use it to execute the notebooks on a temporary layout.
ROOT_ENV = "COMPARE_ROOT"


@dataclass(frozen=True)
class Layout:
    """Locations below one project root.

    Tests build a `Layout` on a temporary copy of the data; everything else uses `DEFAULT`.

    Examples
    --------
    >>> lay = Layout(Path("/tmp/x"))
    >>> lay.processed.as_posix()
    '/tmp/x/data/processed'
    """

    root: Path

    @property
    def data(self) -> Path:
        return self.root / "data"

    @property
    def raw(self) -> Path:
        return self.data / "raw"

    @property
    def manifest(self) -> Path:
        return self.raw / "MANIFEST.csv"

    @property
    def registry(self) -> Path:
        """Registry of additional municipalities given as nodes.csv-shaped files."""
        return self.raw / "extra_cities.csv"

    @property
    def reference(self) -> Path:
        return self.data / "reference"

    @property
    def processed(self) -> Path:
        return self.data / "processed"

    @property
    def notebooks(self) -> Path:
        return self.root / "notebooks"

    @property
    def figures(self) -> Path:
        return self.root / "figures"

    @property
    def reports(self) -> Path:
        return self.root / "reports"

    @property
    def cache(self) -> Path:
        """Machine-local caches (compiled user dictionary, token cache); never committed."""
        return self.root / ".cache"


DEFAULT = Layout(Path(os.environ[ROOT_ENV]).resolve() if os.environ.get(ROOT_ENV) else PROJECT_ROOT)
