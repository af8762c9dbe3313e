"""Loaders of the reviewed reference tables (data/reference/): each validated against its schema on reading.

The pipeline loads these and hands them to the stages; analysis code never reads a reference file itself.
"""

from __future__ import annotations

import unicodedata

import pandas as pd

from compare.core.errors import InputError, ValidationError
from compare.core.owners import Owner, OwnerTable
from compare.core.paths import DEFAULT, Layout
from compare.io.validate import read_reference

__all__ = ["load_codebook", "load_gold", "load_actors", "load_owner_table", "load_stopwords", "load_userdict",
           "load_glossary", "load_literature", "read_reference"]


def load_glossary(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read_reference("glossary", layout).drop(columns="_line")


def load_literature(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/alignment_literature.csv: accuracy figures reported elsewhere, for comparison."""
    return read_reference("alignment_literature", layout).drop(columns="_line")


def load_codebook(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/codebook.csv (validated) with `keywords` as a list.

    >>> cb = load_codebook()
    >>> len(cb), cb.loc[cb.theme_id == "T05", "label_ja"].item()
    (18, '見守り・支え合い')
    """
    df = read_reference("codebook", layout)
    df["keywords"] = [[k.strip() for k in v.split("|") if k.strip()] for v in df.keywords]
    seen: dict[str, str] = {}
    for tid, kws, line in zip(df.theme_id, df.keywords, df._line):
        for k in kws:
            if k in seen and seen[k] != tid:
                raise InputError(layout.reference / "codebook.csv", int(line),
                                 f"keyword {k!r} is already a keyword of {seen[k]}; a keyword belongs to one theme")
            seen[k] = tid
    return df.drop(columns="_line")


def load_gold(layout: Layout = DEFAULT, name: str = "alignment_gold",
              nodes: pd.DataFrame | None = None) -> pd.DataFrame:
    """A gold file with ``acceptable`` as a list; with `nodes`, every id is checked (file and line on error).

    >>> g = load_gold()
    >>> len(g) >= 60, sorted(g.target_city.unique())
    (True, ['hatsukaichi', 'sagamihara', 'sendai'])
    """
    df = read_reference(name, layout)
    df["acceptable"] = [[a for a in v.split(";") if a.strip()] for v in df.acceptable]
    if "target_city" not in df.columns:
        df["target_city"] = [a[0].split(".")[0] if a else "" for a in df.acceptable]
    if nodes is not None:
        city = dict(zip(nodes.node_id, nodes.city))
        path = layout.reference / f"{name}.csv"
        for r in df.itertuples(index=False):
            if r.source_id not in city:
                raise ValidationError(path, int(r._line), f"source_id {r.source_id!r} is not a node id")
            bad = [a for a in r.acceptable if city.get(a) != r.target_city]
            if bad:
                raise ValidationError(path, int(r._line), f"acceptable {bad[0]!r} is not a node of {r.target_city!r}")
    return df


def load_actors(layout: Layout = DEFAULT) -> pd.DataFrame:
    """The gazetteer, one row per (actor, variant), longest variant first."""
    rows = []
    for r in read_reference("actors", layout).itertuples(index=False):
        for v in r.variants.split("|"):
            rows.append({"actor": r.actor, "kind": r.kind, "variant": unicodedata.normalize("NFKC", v.strip())})
    df = pd.DataFrame(rows)
    return df.assign(n=df.variant.str.len()).sort_values(["n", "variant"], ascending=[False, True]).drop(columns="n")


def load_owner_table(layout: Layout = DEFAULT) -> OwnerTable:
    """The reviewed owner table (validated: no empty or duplicate variant, known kinds)."""
    df = read_reference("owners", layout)
    variants = {v: Owner(o, k) for v, o, k in zip(df.variant, df.owner, df.kind)}
    return OwnerTable(variants, source=str(layout.reference / "owners.csv"))


def load_userdict(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/userdict.csv (validated): the terms Sudachi must keep whole, with their POS.

    Examples
    --------
    >>> "term" in load_userdict().columns
    True
    """
    return read_reference("userdict", layout)


def load_stopwords(layout: Layout = DEFAULT) -> set[str]:
    return {v.strip() for v in read_reference("stopwords", layout).lemma}
