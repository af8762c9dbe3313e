"""Synthetic cities for benchmarks and N-city tests: copies of the real plans with text shuffled within a level.

A synthetic city copies the tree of one built-in city (ids prefixed with its own id) and gives every node a new
text made of phrases (split at 、 and 。) drawn, seeded, from the nodes of the same level of that city, so every
text is new (no cache or de-duplication advantage) while its vocabulary and length stay realistic. Cities are
written as nodes.csv-shaped files and registered in data/raw/extra_cities.csv, exactly as a researcher would.
"""

from __future__ import annotations

import csv
import hashlib
import io
import re
import shutil
from pathlib import Path

import numpy as np
import pandas as pd

from compare.core.paths import DEFAULT, Layout
from compare.core.plan import NODE_COLUMNS

__all__ = ["copy_layout", "synthetic_city", "register_city", "add_synthetic_cities"]

_PHRASE = re.compile(r"(?<=[、。])")


def copy_layout(target: Path, source: Layout = DEFAULT, *, with_dictionary: bool = True,
                with_caches: bool = True) -> Layout:
    """A throw-away project root with copies of data/raw and data/reference, the compiled user dictionary and
    (`with_caches`) the token and stage caches of `source`.

    Sharing the caches is safe because their keys are computed from everything a result depends on (inputs,
    reference files, code, config): a copy whose data differ misses, one whose data are the same skips the work.
    """
    for sub in ("raw", "reference"):
        shutil.copytree(source.data / sub, target / "data" / sub)
    for p in (target / "data" / "raw").iterdir():
        p.chmod(0o644)
    for sub, wanted in (("sudachi", with_dictionary), ("tokens", with_caches), ("stages", with_caches)):
        if wanted and (source.cache / sub).exists():
            shutil.copytree(source.cache / sub, target / ".cache" / sub,
                            ignore=shutil.ignore_patterns(".ubuild-*", ".nocache-*", ".*.tmp"))
    return Layout(target)


def _phrases(texts: list[str]) -> list[str]:
    return [p for t in texts for p in _PHRASE.split(t) if p]


def _remix(text: str, pool: list[str], rng: np.random.Generator) -> str:
    if not text:
        return ""
    out, n = [], 0
    while n < len(text) and pool:
        p = pool[int(rng.integers(len(pool)))]
        out.append(p)
        n += len(p)
    return "".join(out)[: max(len(text), 1) + 20]


def synthetic_city(nodes: pd.DataFrame, base: str, city: str, *, seed: int = 0) -> pd.DataFrame:
    """Nodes of a new city `city`: the tree of `base`, every title and body remixed from its level's phrases."""
    src = nodes[nodes.city == base].reset_index(drop=True)
    rng = np.random.default_rng(seed)
    rename = {n: f"{city}.{n.split('.', 1)[1]}" if "." in n else f"{city}.root" for n in src.node_id}
    out = src.copy()
    out["node_id"] = out.node_id.map(rename)
    out["parent_id"] = out.parent_id.map(lambda p: rename.get(p, "") if p else "")
    out["city"] = city
    out["source_file"] = f"{city}_nodes.csv"
    for _level, idx in out.groupby("level").groups.items():
        titles = _phrases(list(src.loc[idx, "title"])) or ["地域福祉"]
        bodies = _phrases(list(src.loc[idx, "body"])) or titles
        out.loc[idx, "title"] = [_remix(t, titles, rng) or "地域福祉" for t in src.loc[idx, "title"]]
        out.loc[idx, "body"] = [_remix(b, bodies, rng) for b in src.loc[idx, "body"]]
    return out[list(NODE_COLUMNS)]


def register_city(layout: Layout, nodes: pd.DataFrame, city: str, city_ja: str, *, encoding: str = "utf-8",
                  line_end: str = "\n", extra_columns: dict | None = None, plan_period: str = "令和6〜11年度",
                  fy: tuple[int, int] | None = (2024, 2029)) -> Path:
    """Write `nodes` as data/raw/<city>_nodes.csv (in `encoding`) and register it in extra_cities.csv."""
    df = nodes.assign(**(extra_columns or {}))
    text = df.to_csv(index=False, lineterminator=line_end)
    path = layout.raw / f"{city}_nodes.csv"
    data = text.encode(encoding)
    path.write_bytes(data)
    digest = hashlib.sha256(data).hexdigest()
    fs, fe = fy if fy else ("", "")
    _append_registry_row(layout.registry, {
        "city": city, "city_ja": city_ja, "file": path.name, "sha256": digest,
        "document_title": f"{city_ja}地域福祉計画", "plan_period": plan_period, "city_en": "", "fy_start": str(fs),
        "fy_end": str(fe)})
    return path


def _append_registry_row(registry: Path, row: dict[str, str]) -> None:
    """Add a row to extra_cities.csv, widening its header by the columns `row` needs and padding the rows already
    registered (a researcher's 6-column rows stay valid), comment lines kept."""
    lines = registry.read_text(encoding="utf-8-sig").replace("\r\n", "\n").rstrip("\n").split("\n")
    k = next(i for i, ln in enumerate(lines) if not ln.startswith("#"))
    header = next(csv.reader([lines[k]]))
    header += [c for c in row if c not in header]
    rows = [next(csv.reader([ln])) for ln in lines[k + 1:] if ln.strip()]
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(r + [""] * (len(header) - len(r)) for r in rows)
    writer.writerow([row.get(c, "") for c in header])
    registry.write_text("\n".join(lines[:k]) + ("\n" if k else "") + out.getvalue(), encoding="utf-8")


def add_synthetic_cities(layout: Layout, n: int, nodes: pd.DataFrame, *, seed: int = 0) -> list[str]:
    """Register `n` synthetic cities (syn001, syn002, …) cycling over the built-in cities as bases."""
    bases = list(dict.fromkeys(nodes.city))
    ids = []
    for k in range(1, n + 1):
        city = f"syn{k:03d}"
        df = synthetic_city(nodes, bases[(k - 1) % len(bases)], city, seed=seed + k)
        register_city(layout, df, city, f"合成{k:03d}市")
        ids.append(city)
    return ids
