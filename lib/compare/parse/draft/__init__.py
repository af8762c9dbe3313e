"""`python -m compare draft`: a plan's PDF or text → a draft nodes CSV for review, then `add-city`.

Nothing here names a municipality: the drafter knows how Japanese plans number and name their tiers
(`compare.parse.draft.grammar`), reads the document in file order (`compare.parse.draft.source`) and builds the tree
from the order in which the marker kinds appear (`compare.parse.draft.tree`). `draft_plan` returns the draft as a
table with the columns of data/processed/nodes.csv plus ``page``, ``owners``, ``relisted_from`` and the review
columns (`REVIEW_COLUMNS`: the rule that placed a row, its confidence, its flags, the raw line), which `add-city`
accepts as they are. `compare.parse.draft.evaluate` measures the drafter against the built-in parsers.
"""

from __future__ import annotations

from collections import Counter
from pathlib import Path

import pandas as pd

from compare.core.errors import InputError
from compare.core.plan import LEVELS, NODE_COLUMNS
from compare.io.files import read_commented_csv
from compare.parse.draft.grammar import KINDS
from compare.parse.draft.source import read_document
from compare.parse.draft.tree import DraftNode, draft_lines

__all__ = ["draft_plan", "draft_frame", "load_mapping", "DRAFT_COLUMNS", "REVIEW_COLUMNS"]

#: What a reviewer reads beside each drafted row.
REVIEW_COLUMNS = ("draft_rule", "draft_confidence", "draft_flags", "draft_raw")
DRAFT_COLUMNS = (*NODE_COLUMNS, "page", "owners", "relisted_from", *REVIEW_COLUMNS)
_LETTER = {"goal": "g", "policy": "p", "action": "a", "program": "r"}


def load_mapping(path: str | Path) -> dict[str, str]:
    """A mapping file (CSV with columns ``marker,level``; ``#`` lines are comments) → {marker kind: level}.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "map.csv"
    >>> _ = p.write_text("# (1) rows are actions in this plan\\nmarker,level\\n(1),action\\n", encoding="utf-8")
    >>> load_mapping(p)
    {'(1)': 'action'}
    """
    path = Path(path)
    rows = read_commented_csv(path, required=("marker", "level"), allow_cp932=True)
    out = {}
    for k, r in enumerate(rows, 2):
        kind, level = r["marker"].strip(), r["level"].strip()
        if level not in LEVELS:
            raise InputError(path, k, f"level must be one of {', '.join(LEVELS)}; found {level!r}")
        if kind not in KINDS and not kind.endswith("N"):
            raise InputError(path, k, f"unknown marker kind {kind!r}; the kinds are {' '.join(KINDS)} and a tier "
                                      "word followed by N (基本目標N)")
        out[kind] = level
    return out


def _ids(city: str, nodes: list[DraftNode]) -> dict[int, str]:
    """Node ids like the built-in parsers': <city>.vision, <city>.g1.p2.a1, <city>.guardianship.p1, ….r01."""
    by_key = {n.key: n for n in nodes}
    ids: dict[int, str] = {}
    count: Counter = Counter()
    used: set[str] = set()
    for n in nodes:
        level = LEVELS[n.level]
        parent = ids.get(n.parent) if n.parent is not None else None
        p = by_key.get(n.parent)
        if level == "vision":
            stem = f"{city}.vision"
        elif level == "goal" and n.part != "main" and (p is None or LEVELS[p.level] == "vision"):
            stem = f"{city}.{n.part}" if n.kind == "section" else f"{city}.{n.part}.g"
        elif level == "goal":
            stem = f"{city}.g"
        else:
            stem = f"{parent or city}.{_LETTER[level]}"
        count[stem] += 1
        nid = stem if stem.endswith(("vision", *(f".{pt}" for pt in ("priority", "guardianship", "reoffending",
                                                                      "livelihood")))) and count[stem] == 1 \
            else f"{stem}{count[stem]:02d}" if level == "program" else f"{stem}{count[stem]}"
        while nid in used:
            count[stem] += 1
            nid = f"{stem}{count[stem]}"
        used.add(nid)
        ids[n.key] = nid
    return ids


def draft_frame(city: str, nodes: list[DraftNode]) -> pd.DataFrame:
    """Drafted nodes → the draft table (`DRAFT_COLUMNS`), parents before children."""
    ids = _ids(city, nodes)
    rows = []
    for n in nodes:
        ordinal = n.number if n.number is not None else 1 + sum(
            1 for m in nodes if m.parent == n.parent and m.key != n.key and nodes.index(m) < nodes.index(n))
        rows.append({
            "node_id": ids[n.key], "city": city, "part": n.part, "level": LEVELS[n.level],
            "parent_id": ids.get(n.parent, "") if n.parent is not None else "", "ordinal": ordinal,
            "label": n.label, "title": n.title, "body": " ".join(b for b in n.body if b),
            "source_file": n.file, "line_start": n.line_start, "line_end": n.line_end, "page": n.page,
            "owners": n.owners, "relisted_from": ids.get(n.relisted_from, "") if n.relisted_from is not None else "",
            "draft_rule": n.rule,
            "draft_confidence": round(n.confidence * 0.8 ** len(set(n.flags) - {"relisted"}), 2),
            "draft_flags": " ".join(dict.fromkeys(n.flags)), "draft_raw": n.raw[:300],
        })
    return pd.DataFrame(rows, columns=list(DRAFT_COLUMNS))


def draft_plan(city: str, files: list[str | Path], mapping: dict[str, str] | None = None
               ) -> tuple[pd.DataFrame, list[tuple[str, str, int]]]:
    """Draft a plan tree from its documents (PDF or text, in the order given).

    Parameters
    ----------
    city : str
        The city id the node ids start with.
    files : list of path-like
        The plan's documents.
    mapping : dict, optional
        Marker kind → level overrides (`load_mapping`).

    Returns
    -------
    table : pandas.DataFrame
        One row per drafted element (`DRAFT_COLUMNS`).
    tiers : list of tuple
        The grammar the drafter read: (marker kind, level, number of elements) in order of first use.

    Examples
    --------
    >>> import tempfile, pathlib
    >>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.txt"
    >>> _ = p.write_text("基本理念\\nともに支えあうまち\\n\\n基本目標1 つながり\\n(1) 見守りの充実\\n",
    ...                  encoding="utf-8")
    >>> table, tiers = draft_plan("mm", [p])
    >>> table[["node_id", "level", "parent_id", "title"]].values.tolist()  # doctest: +NORMALIZE_WHITESPACE
    [['mm.vision', 'vision', '', 'ともに支えあうまち'], ['mm.g1', 'goal', 'mm.vision', 'つながり'],
     ['mm.g1.p1', 'policy', 'mm.g1', '見守りの充実']]
    >>> tiers
    [('基本理念N', 'vision', 1), ('基本目標N', 'goal', 1), ('(1)', 'policy', 1)]
    """
    documents = [read_document(Path(f)) for f in files]
    nodes, tiers = draft_lines(documents, mapping)
    return draft_frame(city, nodes), tiers
