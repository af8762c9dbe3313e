"""Benchmarks run by `make bench` (never by the unit tests): tokenizer overhead and cache speed-up.

Targets: tokenizing the corpus through `compare.text` costs at most 1.5× raw SudachiPy on the same texts;
a second build with warm caches is at least 5× faster than the first.
"""

from __future__ import annotations

import shutil
import tempfile
import time
from pathlib import Path

__all__ = ["run", "tokenizer_overhead", "cold_warm_build"]


def _best(fn, repeat: int = 3) -> float:
    best = float("inf")
    for _ in range(repeat):
        t0 = time.perf_counter()
        fn()
        best = min(best, time.perf_counter() - t0)
    return best


def tokenizer_overhead() -> tuple[float, float]:
    """Seconds for raw SudachiPy and for `tokenize_nodes` (no cache) over every node text, dictionary preloaded."""
    from .corpus import load_nodes
    from .text import Analyzer, TextConfig, tokenize_nodes

    nodes = load_nodes()
    config = TextConfig()
    analyzer = Analyzer(config)
    tok = analyzer.tokenizer  # load the dictionary outside the timing
    texts = [t for n in nodes.itertuples() for t in (n.title, n.body) if t]

    def raw():
        for text in texts:
            [(m.surface(), m.normalized_form(), m.part_of_speech()) for m in tok.tokenize(text)]

    raw_s = _best(raw, repeat=9)
    lib_s = _best(lambda: tokenize_nodes(nodes, config, use_cache=False, analyzer=analyzer), repeat=9)
    return raw_s, lib_s


def cold_warm_build() -> tuple[float, float]:
    """Seconds of a first build (empty caches: user dictionary compile + tokenizing) and of a second one."""
    from .build import build
    from .paths import DEFAULT, Layout

    with tempfile.TemporaryDirectory() as d:
        root = Path(d)
        for sub in ("raw", "reference"):
            shutil.copytree(DEFAULT.data / sub, root / "data" / sub)
        layout = Layout(root)
        t0 = time.perf_counter()
        build(layout)
        cold = time.perf_counter() - t0
        warm = _best(lambda: build(layout), repeat=2)
    return cold, warm


def run() -> list[tuple[str, float, str]]:
    raw_s, lib_s = tokenizer_overhead()
    cold, warm = cold_warm_build()
    return [
        ("tokenize: raw SudachiPy", raw_s, "s"),
        ("tokenize: compare.text (no cache)", lib_s, "s"),
        ("tokenize: ratio library/raw (target <= 1.5)", lib_s / raw_s, "x"),
        ("build: cold (empty caches: user dictionary, tokens, stages)", cold, "s"),
        ("build: warm", warm, "s"),
        ("build: speed-up cold/warm (target >= 5)", cold / warm, "x"),
    ]
