"""The project's Sudachi user dictionary, compiled once per source table and version, and what tokenization needs
from outside (`TextResources`): the reviewed user dictionary and stop words, and where caches live."""

from __future__ import annotations

import csv
import hashlib
import importlib.metadata
import json
import os
import shutil
import subprocess
import sys
import tempfile
import unicodedata
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from compare.core.errors import InputError
from compare.core.paths import DEFAULT, Layout

__all__ = ["TextResources", "text_resources", "user_dictionary", "versions", "system_dictionary",
           "check_system_dictionary"]

_USER_POS = {"普通名詞": ("名詞", "普通名詞", "一般", 5146), "固有名詞": ("名詞", "固有名詞", "一般", 4786)}


def versions() -> dict[str, str]:
    """The SudachiPy and dictionary versions every token depends on."""
    return {"sudachipy": importlib.metadata.version("sudachipy"),
            "sudachidict-core": importlib.metadata.version("sudachidict-core")}


@dataclass(frozen=True, eq=False)
class TextResources:
    """Everything tokenization takes from outside the text: handed in by the pipeline, never looked up.

    Parameters
    ----------
    userdict : pandas.DataFrame
        The reviewed user-dictionary table (``data/reference/userdict.csv``, validated).
    stopwords : frozenset of str
        Lemmas never counted as content words.
    userdict_sha256, stopwords_sha256 : str
        Hashes of the two source files, recorded in ``text_config.json`` and in the token cache key.
    source : pathlib.Path
        The user dictionary's source file (named in errors).
    cache : pathlib.Path
        Folder of the machine-local caches (compiled dictionaries in ``sudachi/``, tokens in ``tokens/``).
    use_cache : bool
        False: the token cache is neither read nor written and the dictionary is compiled afresh.
    city_names : frozenset of str
        The registered cities' own names that the stop-word rule ``{city}`` stands for (empty until the tokenize
        stage expands it, see `compare.text.tokenize.with_city_names`).
    """

    userdict: pd.DataFrame
    stopwords: frozenset
    userdict_sha256: str
    stopwords_sha256: str
    source: Path
    cache: Path
    use_cache: bool = True
    city_names: frozenset = frozenset()


def text_resources(layout: Layout = DEFAULT, *, use_cache: bool = True) -> TextResources:
    """The `TextResources` of a project root: its reviewed tables and its ``.cache/``.

    Parameters
    ----------
    layout : Layout
        The project root (default: this project).
    use_cache : bool
        Whether tokens and the compiled dictionary may come from, and go to, ``.cache/``.

    Returns
    -------
    TextResources

    Examples
    --------
    >>> r = text_resources()
    >>> len(r.stopwords) > 0, len(r.userdict_sha256)
    (True, 64)
    """
    from compare.io.reference import load_stopwords, load_userdict

    ref = layout.reference
    return TextResources(
        userdict=load_userdict(layout), stopwords=frozenset(load_stopwords(layout)),
        userdict_sha256=hashlib.sha256((ref / "userdict.csv").read_bytes()).hexdigest(),
        stopwords_sha256=hashlib.sha256((ref / "stopwords.csv").read_bytes()).hexdigest(),
        source=ref / "userdict.csv", cache=layout.cache, use_cache=use_cache)


def _userdict_rows(userdict: pd.DataFrame) -> list[list[str]]:
    """Sudachi's 18-column user-dictionary CSV from the reviewed (and validated) source table."""
    out = []
    for row in userdict.itertuples(index=False):
        term = row.term.strip()
        surface = unicodedata.normalize("NFKC", term).lower()  # Sudachi looks words up after normalisation
        p1, p2, p3, cid = _USER_POS[row.pos.strip()]
        norm = (row.normalized or term).strip()
        out.append([surface, str(cid), str(cid), "-10000", term, p1, p2, p3, "*", "*", "*", "", norm,
                    "*", "C", "*", "*", "*"])
    return out


def system_dictionary() -> Path:
    """The SudachiDict core system dictionary this environment loads (``system.dic`` of sudachidict_core)."""
    import sudachidict_core

    return Path(sudachidict_core.__file__).parent / "resources" / "system.dic"


def check_system_dictionary(path: Path | None = None) -> None:
    """Raise a one-line `InputError` naming ``system.dic`` when Sudachi cannot load it (a truncated or damaged
    install), so that a broken system dictionary is never blamed on the user dictionary.

    Parameters
    ----------
    path : pathlib.Path, optional
        The system dictionary to check (default: `system_dictionary`).

    Examples
    --------
    >>> check_system_dictionary()                   # the installed one loads
    >>> import tempfile
    >>> bad = Path(tempfile.mkdtemp()) / "system.dic"
    >>> _ = bad.write_bytes(system_dictionary().read_bytes()[:4_000_000])
    >>> check_system_dictionary(bad)
    Traceback (most recent call last):
    ...
    compare.core.errors.InputError: ...system.dic: Sudachi cannot load the system dictionary (damaged or ...
    """
    from sudachipy import Dictionary

    path = path or system_dictionary()
    try:
        Dictionary(dict=str(path))
    except Exception:  # noqa: BLE001 - whatever Sudachi says, the file is what is broken
        raise InputError(path, None, "Sudachi cannot load the system dictionary (damaged or truncated install: "
                         f"reinstall it with `pip install --force-reinstall sudachidict-core=="
                         f"{versions().get('sudachidict-core', '')}`, or remove .venv and run `make env`)") from None


def _compile_user_dictionary(resources: TextResources, target: Path) -> None:
    """Run `sudachipy ubuild` in a scratch folder inside .cache/ (same disk as `target`), then move the result."""
    src = resources.source
    system = system_dictionary()
    target.parent.mkdir(parents=True, exist_ok=True)
    _clean_scratch(target.parent)
    scratch = Path(tempfile.mkdtemp(prefix=".ubuild-", dir=target.parent))
    try:
        source = scratch / "user.csv"
        with source.open("w", encoding="utf-8", newline="") as fh:
            csv.writer(fh, lineterminator="\n").writerows(_userdict_rows(resources.userdict))
        out = scratch / "user.dic"
        proc = subprocess.run(
            [sys.executable, "-c", "from sudachipy.command_line import main; main()", "ubuild",
             "-s", str(system), "-o", str(out), "-d", "welfare-plan-compare", str(source)],
            capture_output=True, text=True)
        if proc.returncode != 0 or not out.exists():
            check_system_dictionary(system)            # a damaged system.dic, not the user table, is to blame
            raise InputError(src, None, f"sudachipy ubuild failed: {proc.stderr.strip()[-400:]}")
        os.replace(out, target)
    finally:
        shutil.rmtree(scratch, ignore_errors=True)


def _clean_scratch(folder: Path, *, older_than: float = 3600.0) -> None:
    """Remove scratch folders a killed build left behind (those untouched for an hour: no live build owns them)."""
    import time

    for p in list(folder.glob(".ubuild-*")) + list(folder.glob(".nocache-*")):
        try:
            if time.time() - p.stat().st_mtime > older_than:
                shutil.rmtree(p, ignore_errors=True)
        except OSError:
            pass


def user_dictionary(resources: TextResources | None = None) -> Path:
    """Compile the user dictionary with `sudachipy ubuild` into ``<cache>/sudachi/``, once per source and version.

    The compiled file's name carries a hash of the source table and the SudachiPy and dictionary versions, so a
    change of any of them compiles a new one; nothing compiled is committed. A compiled file that Sudachi cannot
    load is discarded and compiled again (see `Analyzer.tokenizer`). Without the cache
    (``resources.use_cache=False``) the dictionary is compiled afresh into a private folder that the caller removes.

    Parameters
    ----------
    resources : TextResources, optional
        The reviewed tables and the cache folder (default: this project's, `text_resources`).

    Returns
    -------
    pathlib.Path
        The compiled ``.dic`` file.

    Examples
    --------
    >>> user_dictionary().suffix
    '.dic'
    """
    resources = resources if resources is not None else text_resources()
    digest = hashlib.sha256(resources.source.read_bytes()
                            + json.dumps(versions(), sort_keys=True).encode()).hexdigest()[:16]
    if not resources.use_cache:
        private = Path(tempfile.mkdtemp(prefix=".nocache-", dir=_ensure(resources.cache / "sudachi")))
        target = private / f"user-{digest}.dic"
        _compile_user_dictionary(resources, target)
        return target
    target = resources.cache / "sudachi" / f"user-{digest}.dic"
    if not target.exists():
        _compile_user_dictionary(resources, target)
    return target


def _ensure(path: Path) -> Path:
    path.mkdir(parents=True, exist_ok=True)
    return path
