"""Comparison frames: which tokens of every plan are compared, and why they correspond."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np
import pandas as pd

__all__ = ["Frame", "FRAMES", "select_frame", "frame_sizes"]


@dataclass(frozen=True)
class Frame:
    """A comparison frame: which tokens of every plan are compared, and why they correspond."""

    name: str
    label: str
    description: str
    select: Callable[[pd.DataFrame], pd.Series]


FRAMES: dict[str, Frame] = {f.name: f for f in (
    Frame("whole", "計画全体 whole plan",
          "every element of every plan, first listings only: what each document says overall",
          lambda t: pd.Series(True, index=t.index)),
    Frame("subplans", "成年後見・再犯防止 embedded sub-plans",
          "the adult-guardianship and reoffending-prevention plans that every city embeds: the cleanest "
          "like-for-like comparison",
          lambda t: t.part.isin(["guardianship", "reoffending"])),
    Frame("headings", "見出し headings",
          "the titles of vision, goal and policy elements: how each plan names its aims",
          lambda t: (t.field == "title") & t.level.isin(["vision", "goal", "policy"])),
)}


def select_frame(tokens: pd.DataFrame, frame: str = "whole", *, content_only: bool = True,
                 counted_only: bool = True) -> pd.DataFrame:
    """Tokens of a comparison frame: content words of counted nodes by default.

    >>> t = pd.DataFrame({"level": ["goal", "program"], "part": ["main", "reoffending"], "field": ["title", "body"],
    ...                   "content": [True, True], "counted": [True, True]})
    >>> len(select_frame(t, "whole")), len(select_frame(t, "subplans")), len(select_frame(t, "headings"))
    (2, 1, 1)
    """
    if frame not in FRAMES:
        raise ValueError(f"frame must be one of {', '.join(FRAMES)}; got {frame!r}")
    keep = np.array(FRAMES[frame].select(tokens).to_numpy(dtype=bool), copy=True)
    if content_only:
        keep &= tokens.content.to_numpy(dtype=bool)
    if counted_only and "counted" in tokens:
        keep &= tokens.counted.to_numpy(dtype=bool)
    return tokens[keep]


def frame_sizes(tokens: pd.DataFrame, cities, *, min_tokens: int = 300) -> pd.DataFrame:
    """Content tokens and nodes per city in every frame, and whether the frame is large enough for a test."""
    rows = []
    for name, frame in FRAMES.items():
        t = select_frame(tokens, name)
        n_tok = t.groupby("city", observed=True).size()
        n_nodes = t.groupby("city", observed=True).node_id.nunique()
        for c in cities:
            rows.append({"view": name, "frame": frame.label, "city": c, "tokens": int(n_tok.get(c, 0)),
                         "nodes": int(n_nodes.get(c, 0)), "testable": int(n_tok.get(c, 0)) >= min_tokens})
    return pd.DataFrame(rows)
