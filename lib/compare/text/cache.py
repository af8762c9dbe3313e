"""The token cache: every text already analysed under one dictionary and set of options, stored by columns."""

from __future__ import annotations

import logging
import os
import tempfile
from pathlib import Path

import numpy as np

__all__ = ["TokenCache"]

log = logging.getLogger(__name__)


class TokenCache:
    """Tokens of every text already analysed under one dictionary and set of options, stored by columns.

    One ``.npz`` file per `TextConfig.cache_key`: the SHA-1 of each text, the offsets of its tokens, and token ids
    into a table of distinct (surface, lemma, pos) triples. Small on disk and in memory at any corpus size; a file
    that cannot be read is discarded with a warning and rebuilt.
    """

    def __init__(self, path: Path | None):
        self.path = path
        self.index: dict[bytes, tuple[int, int]] = {}
        self.ids = np.zeros(0, dtype=np.int32)
        self.triples: list[tuple[str, str, str]] = []
        self.triple_id: dict[tuple[str, str, str], int] = {}
        self._new: dict[bytes, np.ndarray] = {}
        if path is not None and path.exists():
            self._load(path)

    def _load(self, path: Path) -> None:
        try:
            with np.load(path, allow_pickle=False) as z:
                keys, offsets, ids = z["keys"], z["offsets"], z["ids"]
                triples = list(zip(z["surface"].tolist(), z["lemma"].tolist(), z["pos"].tolist()))
            if len(offsets) != len(keys) + 1 or (len(ids) and int(ids.max()) >= len(triples)):
                raise ValueError("inconsistent arrays")
        except Exception as exc:  # noqa: BLE001 - any damage heals the same way
            log.warning("discarding unreadable token cache %s (%s); tokenizing again", path.name, type(exc).__name__)
            path.unlink(missing_ok=True)
            return
        self.ids = ids.astype(np.int32)
        self.triples = triples
        self.triple_id = {t: i for i, t in enumerate(triples)}
        self.index = {k: (int(a), int(b)) for k, a, b in zip(keys.tolist(), offsets[:-1], offsets[1:])}

    def lookup(self, key: bytes) -> np.ndarray | None:
        """Token ids of a text seen before (in the file or in this run), else None."""
        if key in self._new:
            return self._new[key]
        span = self.index.get(key)
        return None if span is None else self.ids[span[0]:span[1]]

    def intern(self, triple: tuple[str, str, str]) -> int:
        """The id of a (surface, lemma, pos) triple, numbered on first sight."""
        i = self.triple_id.get(triple)
        if i is None:
            i = self.triple_id[triple] = len(self.triples)
            self.triples.append(triple)
        return i

    def put(self, key: bytes, tokens: list[tuple[str, str, str]]) -> np.ndarray:
        """Record a newly analysed text; returns its token ids."""
        return self.add(key, np.fromiter((self.intern(t) for t in tokens), dtype=np.int32, count=len(tokens)))

    def add(self, key: bytes, ids: np.ndarray) -> np.ndarray:
        """Record a newly analysed text by its token ids (from `intern`)."""
        self._new[key] = ids
        return ids

    def save(self) -> None:
        if self.path is None or not self._new:
            return
        keys = list(self.index) + list(self._new)
        chunks = [self.ids[a:b] for a, b in self.index.values()] + list(self._new.values())
        lengths = np.array([len(c) for c in chunks], dtype=np.int64)
        offsets = np.concatenate([[0], np.cumsum(lengths)])
        ids = np.concatenate(chunks) if chunks else np.zeros(0, dtype=np.int32)
        s, lem, p = (zip(*self.triples) if self.triples else ((), (), ()))
        self.path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(prefix=f".{self.path.name}.", suffix=".tmp", dir=self.path.parent)
        try:
            with os.fdopen(fd, "wb") as fh:
                np.savez(fh, keys=np.array(keys, dtype="S20"), offsets=offsets, ids=ids,
                         surface=np.array(list(s), dtype=str), lemma=np.array(list(lem), dtype=str),
                         pos=np.array(list(p), dtype=str))
            os.replace(tmp, self.path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
