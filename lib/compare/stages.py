"""The derived stages after parsing, in run order; each returns processed files as bytes.

A stage is `f(layout, outputs) -> dict[name, bytes]`; `outputs` holds what earlier stages produced,
so data flows one way: raw → parse → later stages.
"""

from __future__ import annotations

from collections.abc import Callable

from .paths import Layout
from .align import align_stage
from .network import network_stage
from .text import tokenize_stage
from .themes import themes_stage
from .vocab import vocab_stage

__all__ = ["STAGES"]

Stage = Callable[[Layout, dict[str, bytes]], dict[str, bytes]]

STAGES: list[tuple[str, Stage]] = [
    ("tokenize", tokenize_stage),
    ("vocabulary", vocab_stage),
    ("themes", themes_stage),
    ("alignment", align_stage),
    ("networks", network_stage),
]
