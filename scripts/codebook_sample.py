"""Maintainer helper: the items of the codebook validation (data/reference/codebook_validation_items.csv).

The validation set is fixed before any rule of the codebook changes, so that precision and recall measure the rules
as they were written. It holds every element of the primary frame (the plan's own text: vision, goal, policy and
action elements of every part) and a seeded random sample of programme-table rows (40, or all if fewer), each to be
coded blind for all themes of the codebook: a reader sees the element's text and the themes' definitions, never the
keywords or the rules' output. A second sample of programme rows not drawn before (stratum ``heldout``, another
seed) was drawn and coded after the rules were revised, to measure the revised rules out of sample.

Usage: python scripts/codebook_sample.py  (writes the items table; rerunning gives the same bytes)
"""

from __future__ import annotations

import numpy as np
import pandas as pd

from compare.analysis.frames import select_frame
from compare.core.paths import DEFAULT
from compare.core.settings import RESAMPLING_SEED
from compare.io import datasets as ds

PROGRAMME_ROWS = 40

HEADER = """\
# Items of the codebook validation: which elements were coded blind for every theme (codebook_judgements.csv).
# Drawn before any rule changed (scripts/codebook_sample.py, seed RESAMPLING_SEED): every element of the plan frame
# (vision/goal/policy/action text of every part, first listings) and a seeded sample of programme-table rows.
# stratum: plan (census of the primary frame) | programmes (sample; weight = rows in the frame / rows drawn) |
# heldout (programme rows not drawn before, seed RESAMPLING_SEED + 1, drawn and coded after the rules were revised).
"""


def main() -> None:
    tokens = ds.load_tokens()
    nodes = ds.load_nodes()
    order = {n: i for i, n in enumerate(nodes.node_id)}
    plan = sorted(set(select_frame(tokens, "plan").node_id.astype(str)), key=order.get)
    prog = sorted(set(select_frame(tokens, "programmes").node_id.astype(str)), key=order.get)
    rng = np.random.default_rng(RESAMPLING_SEED)
    drawn = sorted(rng.choice(prog, size=min(PROGRAMME_ROWS, len(prog)), replace=False).tolist(), key=order.get)
    rest = sorted(set(prog) - set(drawn), key=order.get)
    gen = np.random.default_rng(RESAMPLING_SEED + 1)
    held = sorted(gen.choice(rest, size=min(PROGRAMME_ROWS, len(rest)), replace=False).tolist(), key=order.get)
    rows = [{"node_id": n, "stratum": "plan", "weight": 1.0} for n in plan]
    rows += [{"node_id": n, "stratum": "programmes", "weight": round(len(prog) / len(drawn), 4)} for n in drawn]
    rows += [{"node_id": n, "stratum": "heldout", "weight": round(len(prog) / len(held), 4)} for n in held]
    out = DEFAULT.reference / "codebook_validation_items.csv"
    with open(out, "w", encoding="utf-8", newline="") as fh:
        fh.write(HEADER)
        pd.DataFrame(rows).to_csv(fh, index=False, lineterminator="\n")
    print(f"{out}: {len(plan)} plan elements, {len(drawn)} + {len(held)} (held out) of {len(prog)} programme rows")


if __name__ == "__main__":
    main()
