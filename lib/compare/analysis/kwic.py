"""Key word in context (KWIC): every passage of every plan that contains a term, traceable to its node and line.

What is matched
---------------
A *passage* is the title or the body of a plan element (``nodes.csv``), or a text printed outside every element
(a document title, ``documents.csv``). Passage and term are both NFKC-normalised and lower-cased (full-width
letters and digits become ASCII; Japanese is unchanged), and every occurrence of the term as a substring is a hit:
inside compounds and user-dictionary words too (相談 finds 相談員, 相談窓口 and 健康相談; 社会福祉協議会 finds
市社会福祉協議会 and 地区社会福祉協議会), and across token boundaries (地域づくり). Nothing else is matched: no
lemma family (見守り does not find 見守る) unless you search for it.

With ``expand_actors=True`` a term that names an actor of the gazetteer (``data/reference/actors.csv``) finds
every spelling of that actor (社協 → 市社会福祉協議会, 社会福祉協議会, 市社協, 社協), using the gazetteer's own rule
(longest spelling first, so 地区社協 is not counted as 社協).

Re-listings (a programme printed again with 【再掲】, or later listings of one programme) that repeat their first
listing's text are collapsed into that listing's row, whose ``listings`` counts them; ``all_listings=True`` lists
every one. Each row has the node id, the hierarchy path (e.g. ``基本的方向2 › (3) 多様な主体のつながり… › No.5 …``),
the source file and lines.
"""

from __future__ import annotations

import logging
import unicodedata

import pandas as pd

__all__ = ["kwic", "passages", "normalise", "KWIC_COLUMNS"]

log = logging.getLogger(__name__)
KWIC_COLUMNS = ("city", "node_id", "field", "left", "keyword", "right", "offset", "listings", "path", "level", "part",
                "source_file", "line_start", "line_end")


def normalise(text: str) -> str:
    """NFKC and lower case: what KWIC compares.

    >>> normalise("ＣＳＷ（コミュニティソーシャルワーカー）")
    'csw(コミュニティソーシャルワーカー)'
    """
    return unicodedata.normalize("NFKC", text).lower()


def _path(nodes: pd.DataFrame) -> dict[str, str]:
    """Hierarchy path of every node: its ancestors' labels and titles below the vision, joined by ' › '."""
    parent = dict(zip(nodes.node_id, nodes.parent_id))
    level = dict(zip(nodes.node_id, nodes.level))
    label = {}
    for n, lvl, lab, title in zip(nodes.node_id, nodes.level, nodes.label, nodes.title):
        short = title if len(title) <= 24 else title[:23] + "…"
        prefix = f"No.{lab}" if lvl == "program" and lab else lab
        label[n] = f"{prefix} {short}".strip()
    out = {}
    for n in nodes.node_id:
        chain, cur, seen = [], n, set()
        while cur and cur not in seen:
            seen.add(cur)
            if cur == n or level.get(cur) != "vision":  # the vision heads every path: left out
                chain.append(label.get(cur, cur))
            cur = parent.get(cur, "")
        out[n] = " › ".join(reversed(chain))
    return out


def _first_listing(nodes: pd.DataFrame, links: pd.DataFrame, programs: pd.DataFrame) -> dict[str, str]:
    """node → the node it re-lists (a relisted_from link, or the first row of its programme)."""
    first = dict(zip(links.from_id[links.kind == "relisted_from"], links.to_id[links.kind == "relisted_from"]))
    if len(programs):
        head = programs.drop_duplicates("program_id").set_index("program_id").node_id
        for nid, pid in zip(programs.node_id, programs.program_id):
            if head[pid] != nid:
                first.setdefault(nid, head[pid])
    return first


def passages(nodes: pd.DataFrame, links: pd.DataFrame, programs: pd.DataFrame, documents: pd.DataFrame) -> pd.DataFrame:
    """Every searchable passage (node titles and bodies, document titles) with its normalised text.

    Parameters
    ----------
    nodes, links, programs, documents : pandas.DataFrame
        The processed tables of the same names (``documents.csv`` for the document titles).

    Returns
    -------
    pandas.DataFrame
        One row per passage: city, node id, field, text, hierarchy path, level, part, source file and lines, the
        node it re-lists (if any) and ``norm``, the text as KWIC compares it.
    """
    path = _path(nodes)
    first = _first_listing(nodes, links, programs)
    rows = []
    for r in nodes.itertuples(index=False):
        for fld in ("title", "body"):
            text = getattr(r, fld)
            if text:
                rows.append((r.city, r.node_id, fld, text, path[r.node_id], r.level, r.part, r.source_file,
                             r.line_start, r.line_end, first.get(r.node_id, "")))
    for d in documents.itertuples(index=False):
        rows.append((d.city, d.doc_id, "document", d.text, "文書名 document title", "document", "", d.source_file,
                     d.line_start, d.line_end, ""))
    df = pd.DataFrame(rows, columns=["city", "node_id", "field", "text", "path", "level", "part", "source_file",
                                     "line_start", "line_end", "first_listing"])
    df["norm"] = [normalise(t) for t in df.text]
    return df


def _actor_variants(term: str, gaz: pd.DataFrame) -> tuple[str, list[str]] | None:
    t = unicodedata.normalize("NFKC", term)
    hit = gaz[(gaz.variant == t) | (gaz.actor == t)]
    return (hit.actor.iloc[0], list(gaz.variant[gaz.actor == hit.actor.iloc[0]])) if len(hit) else None


def _spans(norm: str, text: str, term: str, actor, gaz) -> list[tuple[int, int]]:
    if actor is None:
        out, i = [], norm.find(term)
        while i != -1:
            out.append((i, i + len(term)))
            i = norm.find(term, i + 1)
        return out
    from compare.analysis.network import find_actors_spans

    return [(s, e) for s, e, a in find_actors_spans(text, gaz) if a == actor]


def kwic(term: str, passages: pd.DataFrame, window: int = 20, *, gazetteer: pd.DataFrame | None = None,
         expand_actors: bool = False, all_listings: bool = False, cities=None) -> pd.DataFrame:
    """Every passage that contains `term` (see the module docstring for exactly what is matched).

    Parameters
    ----------
    term : str
        What to find (NFKC-normalised and lower-cased, as the passages are).
    passages : pandas.DataFrame
        The searchable passages (`passages`).
    window : int
        Characters of context on each side (of the NFKC text).
    gazetteer : pandas.DataFrame, optional
        The actor gazetteer (`compare.io.reference.load_actors`), needed with `expand_actors`.
    expand_actors : bool
        A term naming an actor finds every spelling of that actor.
    all_listings : bool
        List every re-listing instead of folding it into its first listing's row.
    cities : list of str, optional
        Only these cities.

    Returns
    -------
    pandas.DataFrame
        Columns `KWIC_COLUMNS`; ``offset`` is the hit's position in the normalised passage. Rows are in registry
        and document order.

    Examples
    --------
    >>> p = pd.DataFrame({"city": ["x"], "node_id": ["x.g1"], "field": ["title"], "text": ["地区社会福祉協議会の支援"],
    ...                   "path": ["(1)"], "level": ["goal"], "part": ["main"], "source_file": ["x.csv"],
    ...                   "line_start": [2], "line_end": [2], "first_listing": [""],
    ...                   "norm": ["地区社会福祉協議会の支援"]})
    >>> kwic("社会福祉協議会", p, window=2)[["left", "keyword", "right"]].values.tolist()
    [['地区', '社会福祉協議会', 'の支']]
    """
    if window < 0:
        raise ValueError("window must be >= 0")
    if not term or not term.strip():
        raise ValueError("term must not be empty")
    p = passages
    if cities is not None:
        p = p[p.city.isin(list(cities))]
    t = normalise(term.strip())
    actor, gaz = None, None
    if expand_actors:
        if gazetteer is None:
            raise ValueError("expand_actors needs the gazetteer (compare.io.reference.load_actors)")
        found = _actor_variants(term.strip(), gazetteer)
        if found is None:
            log.warning("%r is not an actor of data/reference/actors.csv; searching the term only", term)
        else:
            actor, gaz = found[0], gazetteer
    cand = p if actor is not None else p[p.norm.str.contains(t, regex=False)]
    rows = []
    for r in cand.itertuples(index=False):
        text = unicodedata.normalize("NFKC", r.text)
        for s, e in _spans(r.norm, text, t, actor, gaz):
            rows.append({"city": r.city, "node_id": r.node_id, "field": r.field, "left": text[max(0, s - window):s],
                         "keyword": text[s:e], "right": text[e:e + window], "offset": s, "path": r.path,
                         "level": r.level, "part": r.part, "source_file": r.source_file, "line_start": r.line_start,
                         "line_end": r.line_end, "listings": 1, "_first": r.first_listing, "_norm": r.norm})
    out = pd.DataFrame(rows, columns=[*KWIC_COLUMNS, "_first", "_norm"])
    if not all_listings and len(out):
        out = _collapse(out)
    out = out[list(KWIC_COLUMNS)].reset_index(drop=True)
    if out.empty:
        log.warning("no passage contains %r", term)
    return out


def _collapse(out: pd.DataFrame) -> pd.DataFrame:
    """Fold each re-listing whose passage repeats its first listing's into that row (``listings`` += 1)."""
    key = {(n, f, o): i for i, (n, f, o) in enumerate(zip(out.node_id, out.field, out.offset))}
    text_of = {(n, f): t for n, f, t in zip(out.node_id, out.field, out._norm)}
    drop = []
    listings = out.listings.to_numpy().copy()
    for i, (_n, f, o, first, norm) in enumerate(zip(out.node_id, out.field, out.offset, out._first, out._norm)):
        if first and text_of.get((first, f)) == norm and (first, f, o) in key:
            listings[key[(first, f, o)]] += 1
            drop.append(i)
    out = out.assign(listings=listings)
    return out.drop(index=out.index[drop])
