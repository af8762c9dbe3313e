"""Owner (担当局等) normalisation through the reviewed table data/reference/owners.csv."""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Owner", "OwnerTable"]


@dataclass(frozen=True)
class Owner:
    name: str
    kind: str


class OwnerTable:
    """Split and normalise the printed 担当局等 cell.

    Examples
    --------
    >>> t = OwnerTable({"健康福祉局": Owner("健康福祉局", "bureau"),
    ...                 "市社会福祉協議会": Owner("市社会福祉協議会", "partner")})
    >>> [o.name for o in t.split("健康福祉局 市社会福祉協議会")[0]]
    ['健康福祉局', '市社会福祉協議会']
    >>> owners, notes = t.split("健康福祉局市社会福祉協議会")
    >>> [o.name for o in owners], notes
    (['健康福祉局', '市社会福祉協議会'], ['owners printed without a separator: 健康福祉局市社会福祉協議会'])
    """

    def __init__(self, variants: dict[str, Owner], source: str = "owners.csv"):
        self.variants = variants
        self.source = source

    def split(self, cell: str) -> tuple[list[Owner], list[str]]:
        """Owners of one cell in printed order, and notes on anything unusual.

        Raises `KeyError` with the unknown spelling when the table does not know a part of the cell.
        """
        notes: list[str] = []
        # A parenthesised qualifier, e.g. "市民局 (各区役所、総合支所)", is one token even though it has no space.
        tokens = re.findall(r"\([^)]*\)|（[^）]*）|[^\s(（]+", cell)
        out: list[Owner] = []
        for tok in tokens:
            if tok in self.variants:
                out.append(self.variants[tok])
                continue
            parts = self._decompose(tok)
            if parts is None:
                raise KeyError(tok)
            notes.append(f"owners printed without a separator: {tok}")
            out.extend(self.variants[p] for p in parts)
        seen: list[Owner] = []
        for o in out:
            if o not in seen:
                seen.append(o)
        return seen, notes

    def _decompose(self, tok: str) -> list[str] | None:
        """Split a run of known spellings printed without a space (longest spelling first)."""
        if not tok:
            return []
        for v in sorted(self.variants, key=len, reverse=True):
            if tok.startswith(v):
                rest = self._decompose(tok[len(v):])
                if rest is not None:
                    return [v, *rest]
        return None


