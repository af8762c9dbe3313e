"""`make bench`: build synthetic corpora of 3, 30 and 300 cities; time and measure every stage; compare with raw
SudachiPy.

First, the calibration of every test: the split-half null (`split_half_null` of `compare.analysis.vocab`, `.themes`
and `.cooccurrence`) on the project's own tokens, with the false-positive rate of every test; every test that decides
a claim must stay at or below 5 %.

Targets (checked here, never in unit tests): at 300 cities the whole build (no caches but the compiled dictionary)
takes at most 5× raw SudachiPy tokenizing the same texts, and the build's peak RSS stays under 1 GB.

Like for like: the synthetic cities get new texts (phrases remixed within a level, `compare.testing.synthetic`), so
neither the library nor raw SudachiPy gains from repeated texts, and both tokenize exactly the same titles and bodies
with the same dictionary (system + project user dictionary) in split mode C. Four cases per size:
- **fresh** (the target's case): the compiled user dictionary exists, as it does for raw SudachiPy, but no token or
  stage cache: every text is tokenized and every stage runs;
- **cold**: empty .cache/ — the user dictionary is compiled too (a first build on a new machine);
- **no cache**: `--no-cache` semantics (dictionary compiled privately, nothing read or written in .cache/);
- **warm**: a build with every cache in place.
Each build runs in its own process, so its peak RSS is its own; stages run in forked worker processes (as many as
the usable cores, `compare.pipeline.runner`), whose largest peak RSS is reported beside the build process's. The ratio
to raw SudachiPy is wall-clock time (the target's measure, with the build using every core and raw SudachiPy one);
the build's CPU time over all processes is printed too, for a like-for-like view of the work done.
"""

from __future__ import annotations

import argparse
import json
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

CHILD_BUILD = r"""
import json, resource, sys, time
from pathlib import Path
from compare.pipeline.build import build
from compare.core.paths import Layout
rows = []
def progress(name, seconds):
    rows.append((name, seconds, resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024))
t0 = time.perf_counter()
build(Layout(Path(sys.argv[1])), use_cache=sys.argv[2] == "cache", progress=progress)
own, kids = resource.getrusage(resource.RUSAGE_SELF), resource.getrusage(resource.RUSAGE_CHILDREN)
print(json.dumps({"total": time.perf_counter() - t0, "stages": rows, "worker_mb": kids.ru_maxrss / 1024,
                  "cpu": own.ru_utime + own.ru_stime + kids.ru_utime + kids.ru_stime}))
"""

CHILD_RAW = r"""
import json, resource, sys, time
from pathlib import Path
from compare.io import datasets
from compare.core.paths import Layout
from compare.text.dictionary import text_resources
from compare.text.tokenize import Analyzer, TextConfig
layout = Layout(Path(sys.argv[1]))
nodes = datasets.load_nodes(layout)
texts = [t for col in ("title", "body") for t in nodes[col] if t]
tok = Analyzer(TextConfig(), text_resources(layout)).tokenizer      # dictionary loaded outside the timing
t0 = time.perf_counter()
n = 0
for text in texts:
    n += len([(m.surface(), m.normalized_form(), m.part_of_speech()) for m in tok.tokenize(text)])
print(json.dumps({"seconds": time.perf_counter() - t0, "texts": len(texts), "chars": sum(map(len, texts)),
                  "tokens": n, "rss_mb": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024}))
"""


def _child(code: str, *args: str) -> dict:
    proc = subprocess.run([sys.executable, "-c", code, *args], capture_output=True, text=True)
    if proc.returncode != 0:
        raise SystemExit(f"benchmark child failed:\n{proc.stderr[-2000:]}")
    return json.loads(proc.stdout.strip().splitlines()[-1])


def corpus(root: Path, n: int):
    from compare.pipeline.parse import parse_all, parse_outputs
    from compare.testing.synthetic import add_synthetic_cities, copy_layout

    layout = copy_layout(root, with_dictionary=False)
    if n > 3:
        nodes = parse_outputs(parse_all(layout), layout)["nodes.csv"]
        add_synthetic_cities(layout, n - 3, nodes)
    return layout


def calibration(splits: int) -> bool:
    """The split-half null check of every test on the project's own tokens: random halves of one city's elements as
    two pseudo-cities; prints the false-positive rates at α = .05 and the discoveries at q < .05 of the keyness tests
    (element-level and, for contrast, token-level G²), the theme cell test and the co-occurrence association test."""
    from dataclasses import replace

    import pandas as pd

    from compare.analysis import cooccurrence, themes
    from compare.analysis.frames import select_frame
    from compare.analysis.vocab import VocabConfig, split_half_null
    from compare.io import datasets
    from compare.io.reference import load_codebook

    config = replace(VocabConfig(), calibration_splits=splits)
    tokens, cities = datasets.load_tokens(), list(datasets.load_cities().city)
    theme_cfg = replace(themes.ThemeConfig(), calibration_splits=splits)
    cooc_cfg = replace(cooccurrence.CooccurrenceConfig(), calibration_splits=splits)
    parts = [split_half_null(select_frame(tokens, view), cities, config=config, view=view) for view in config.frames]
    parts += [themes.split_half_null(select_frame(tokens, view), load_codebook(), cities, theme_cfg, view=view)
              for view in theme_cfg.views]
    docs, _ = cooccurrence.documents(select_frame(tokens, cooc_cfg.test_frame))
    parts.append(cooccurrence.split_half_null(docs, cities, cooc_cfg, view=cooc_cfg.test_frame))
    cal = pd.concat(parts, ignore_index=True)
    print(f"== split-half null ({splits} splits per city and frame; α = {config.alpha})")
    print(f"{'frame':<11} {'city':<14} {'test':<12} {'elements':>8} {'tests':>7} {'FPR':>6} {'± se':>6} "
          f"{'splits w/ q<.05':>15} {'discoveries':>11}")
    for r in cal.itertuples():
        print(f"{r.view:<11} {r.city:<14} {r.test:<12} {r.elements:8d} {r.tests:7d} {r.false_positive_rate:6.3f} "
              f"{r.fpr_se:6.3f} {r.splits_with_discovery:15d} {r.discoveries:11d}")
    shipped = cal[cal.test != "token"]
    ok = bool((shipped.false_positive_rate - 2 * shipped.fpr_se <= config.alpha).all())
    token = cal[cal.test == "token"].false_positive_rate
    print(f"every shipped test (element keyness, theme cell, association) at most {config.alpha} (within 2 se) in "
          f"every frame and city: {'OK' if ok else 'MISSED'}; token-level G² (descriptive, not shipped as a test): "
          f"FPR {token.min():.3f}–{token.max():.3f}")
    return ok


def main() -> int:
    from compare.core.workers import default_workers

    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--sizes", default="3,30,300", help="numbers of cities (comma-separated)")
    parser.add_argument("--calibration-splits", type=int, default=200, help="random halves per city and frame")
    args = parser.parse_args()
    calibrated = calibration(args.calibration_splits)
    results = []
    for n in (int(x) for x in args.sizes.split(",")):
        with tempfile.TemporaryDirectory() as d:
            layout = corpus(Path(d), n)
            cold = _child(CHILD_BUILD, str(layout.root), "cache")
            warm = _child(CHILD_BUILD, str(layout.root), "cache")
            for sub in ("stages", "tokens"):
                shutil.rmtree(layout.cache / sub, ignore_errors=True)
            fresh = _child(CHILD_BUILD, str(layout.root), "cache")
            nocache = _child(CHILD_BUILD, str(layout.root), "nocache")
            raw = _child(CHILD_RAW, str(layout.root))
        results.append((n, fresh, cold, nocache, warm, raw))
        print(f"\n== {n} cities: {raw['texts']:,} texts, {raw['chars']:,} characters, {raw['tokens']:,} tokens")
        print(f"{'stage':<12} {'fresh s':>8} {'peak MB':>8} {'cold s':>8} {'no-cache s':>11} {'warm s':>8}")
        by_name = [{name: sec for name, sec, _ in case["stages"]} for case in (cold, nocache, warm)]
        for name, f, m in fresh["stages"]:        # stages finish in different orders when run in parallel
            c, nc, w = (case.get(name, float("nan")) for case in by_name)
            print(f"{name:<12} {f:8.2f} {m:8.0f} {c:8.2f} {nc:11.2f} {w:8.2f}")
        peak = max(m for case in (fresh, cold, nocache, warm) for _, _, m in case["stages"])
        workers = max(case["worker_mb"] for case in (fresh, cold, nocache, warm))
        print(f"{'total':<12} {fresh['total']:8.2f} {peak:8.0f} {cold['total']:8.2f} {nocache['total']:11.2f} "
              f"{warm['total']:8.2f}")
        r = raw["seconds"]
        print(f"raw SudachiPy on the same texts: {r:.2f} s (dictionary preloaded; peak {raw['rss_mb']:.0f} MB)")
        print(f"ratio build/raw (wall clock, {default_workers()} worker processes): fresh {fresh['total'] / r:.1f}×, "
              f"cold {cold['total'] / r:.1f}×, no-cache {nocache['total'] / r:.1f}×, warm {warm['total'] / r:.2f}×; "
              f"cold/warm speed-up {cold['total'] / warm['total']:.0f}×")
        print(f"CPU time of the fresh build (all processes): {fresh['cpu']:.1f} s = {fresh['cpu'] / r:.1f}× raw; "
              f"peak RSS: build process {peak:.0f} MB, largest worker {workers:.0f} MB (pages shared after fork "
              f"count in both)")
    big = results[-1]
    if big[0] >= 300:
        ratio = big[1]["total"] / big[5]["seconds"]
        peak = max([m for case in big[1:5] for _, _, m in case["stages"]] + [case["worker_mb"] for case in big[1:5]])
        print(f"\ntargets at {big[0]} cities: build ≤ 5× raw SudachiPy: {ratio:.1f}× "
              f"{'OK' if ratio <= 5 else 'MISSED'}; peak RSS < 1 GB: {peak:.0f} MB {'OK' if peak < 1024 else 'MISSED'}")
    return 0 if calibrated else 1


if __name__ == "__main__":
    sys.exit(main())
