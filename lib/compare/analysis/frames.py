"""Comparison frames: which tokens of every plan are compared, and why they correspond.

A comparison between cities is only as good as the likeness of what is compared. The plans are one document per
city, and they are not the same kind of document: Sendai's text is mostly a programme table (事業一覧), the others
are plan summaries. So the tested frames compare the same kind of text in every city:

- ``plan`` (primary): the plan's own text, vision / goal / policy / action elements of every part; programme-table
  rows are left out.
- ``programmes``: programme-table rows, compared only between cities that have them.
- ``subplans``: the plan text of the embedded adult-guardianship and reoffending-prevention plans.
- ``headings``: the titles of vision, goal and policy elements.

``whole`` (every element, every genre) is descriptive only: frequencies and overlaps are shown for it, and the
analyses that have not yet moved to the like-for-like frames (themes, co-occurrence, correspondence) still read it.
Whatever a frame shows, one document per city supports statements about these documents, not about the cities.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Frame", "FRAMES", "TESTED_FRAMES", "PLAN_LEVELS", "select_frame", "frame_sizes"]

#: The levels of a plan's own text (a programme row is level ``program``).
PLAN_LEVELS = ("vision", "goal", "policy", "action")


@dataclass(frozen=True)
class Frame:
    """A comparison frame: which tokens of every plan are compared, and why they correspond.

    Parameters
    ----------
    name : str
    label : str
        Japanese and English, as shown in figures.
    description : str
        Why the units of the plans correspond in this frame.
    genre : str
        The kind of text compared (said beside every comparison).
    select : callable
        ``select(tokens) -> boolean Series``.
    tested : bool
        Whether keyness tests differences between cities in this frame (False: descriptive only).
    """

    name: str
    label: str
    description: str
    genre: str
    select: Callable[[pd.DataFrame], pd.Series]
    tested: bool = True


def _plan_text(t: pd.DataFrame) -> pd.Series:
    return t.level.isin(PLAN_LEVELS)


FRAMES: dict[str, Frame] = {f.name: f for f in (
    Frame("plan", "計画本文 plan text",
          "the plan's own text (vision, goals, policies, actions of every part): the same kind of text in every "
          "city; programme-table rows are left out", "plan text", _plan_text),
    Frame("programmes", "事業一覧 programme lists",
          "programme-table rows (事業): compared only between cities whose document has a programme table",
          "programme lists", lambda t: t.level == "program"),
    Frame("subplans", "成年後見・再犯防止 embedded sub-plans",
          "the plan text of the adult-guardianship and reoffending-prevention plans that the cities embed",
          "sub-plan text", lambda t: t.part.isin(["guardianship", "reoffending"]) & _plan_text(t)),
    Frame("headings", "見出し headings",
          "the titles of vision, goal and policy elements: how each plan names its aims", "headings",
          lambda t: (t.field == "title") & t.level.isin(["vision", "goal", "policy"])),
    Frame("whole", "計画全体 whole document",
          "every element of every document, first listings only: mixes plan text with programme lists, so it is "
          "described, never tested", "every genre", lambda t: pd.Series(True, index=t.index), tested=False),
)}
#: The frames keyness tests, primary first.
TESTED_FRAMES = tuple(name for name, f in FRAMES.items() if f.tested)


def select_frame(tokens: pd.DataFrame, frame: str = "plan", *, content_only: bool = True,
                 counted_only: bool = True) -> pd.DataFrame:
    """Tokens of a comparison frame: content words of counted nodes by default.

    Parameters
    ----------
    tokens : pandas.DataFrame
        tokens.csv (``level``, ``part``, ``field``, ``content``, ``counted``).
    frame : str
        A name of `FRAMES`.
    content_only, counted_only : bool
        Keep only content words; only tokens that count (first listings, a title not printed in its body).

    Returns
    -------
    pandas.DataFrame
        The selected rows.

    Examples
    --------
    >>> t = pd.DataFrame({"level": ["goal", "program"], "part": ["main", "reoffending"], "field": ["title", "body"],
    ...                   "content": [True, True], "counted": [True, True]})
    >>> [len(select_frame(t, f)) for f in ("plan", "programmes", "subplans", "headings", "whole")]
    [1, 1, 0, 1, 2]
    """
    if frame not in FRAMES:
        raise ValueError(f"frame must be one of {', '.join(FRAMES)}; got {frame!r}")
    keep = np.array(FRAMES[frame].select(tokens).to_numpy(dtype=bool), copy=True)
    if content_only:
        keep &= tokens.content.to_numpy(dtype=bool)
    if counted_only and "counted" in tokens:
        keep &= tokens.counted.to_numpy(dtype=bool)
    return tokens[keep]


def frame_sizes(tokens: pd.DataFrame, cities, *, min_elements: int = 15) -> pd.DataFrame:
    """Content tokens and elements per city in every frame, and whether the frame is large enough for a test.

    Parameters
    ----------
    tokens : pandas.DataFrame
        tokens.csv.
    cities : list of str
        City ids in registry order.
    min_elements : int
        Elements a city needs in a tested frame to be tested (`compare.analysis.vocab.VocabConfig`).

    Returns
    -------
    pandas.DataFrame
        frame_sizes.csv: ``view``, ``frame``, ``genre``, ``city``, ``tokens``, ``nodes``, ``testable``.

    Examples
    --------
    >>> from compare.io import datasets as ds
    >>> sizes = frame_sizes(ds.load_tokens(), list(ds.load_cities().city))
    >>> list(dict.fromkeys(sizes.view)) == list(FRAMES), bool(sizes[sizes.view == "whole"].testable.any())
    (True, False)
    """
    rows = []
    for name, frame in FRAMES.items():
        t = select_frame(tokens, name)
        n_tok = t.groupby("city", observed=True).size()
        n_nodes = t.groupby("city", observed=True).node_id.nunique()
        for c in cities:
            rows.append({"view": name, "frame": frame.label, "genre": frame.genre, "city": c,
                         "tokens": int(n_tok.get(c, 0)), "nodes": int(n_nodes.get(c, 0)),
                         "testable": frame.tested and int(n_nodes.get(c, 0)) >= min_elements})
    return pd.DataFrame(rows)
