"""Schemas for every reference table and every registered city file (pandera), with errors that name file, line and
rule.

`read_reference(name, layout)` is how the library reads ``data/reference/<name>.csv``: the file is decoded
(UTF-8 with or without BOM), its ``#`` comment lines skipped, and every row checked against `REFERENCE_SCHEMAS`
(columns, no empty keys, no duplicates, known kinds, patterns). The first failing row, by line, raises
`ValidationError` "file, line N: column …: rule (found …)".
"""

from __future__ import annotations

import re
from pathlib import Path

import pandas as pd
import pandera.pandas as pa

from compare.core.errors import ValidationError
from compare.core.paths import DEFAULT, Layout
from compare.core.plan import LEVELS, PARTS
from compare.io.files import read_commented_csv

__all__ = [
    "NODE_ID", "ACTOR_KINDS", "OWNER_KINDS", "REFERENCE_SCHEMAS", "check_frame", "frame_failures", "read_reference",
    "nonempty", "one_of", "pattern",
]

#: Node ids: letters, digits, ".", "_" and "-" only (they become file names and URL fragments).
NODE_ID = r"^[A-Za-z0-9][A-Za-z0-9._-]*$"
OWNER_KINDS = ("bureau", "ward", "partner", "unspecified")
ACTOR_KINDS = ("council", "commissioner", "resident", "public", "role", "volunteer", "corporation", "education",
               "facility")
_USER_POS = ("普通名詞", "固有名詞")


def nonempty(**kw) -> pa.Check:
    return pa.Check(lambda s: s.str.strip().str.len() > 0, element_wise=False, error="must not be empty", **kw)


def one_of(values) -> pa.Check:
    values = tuple(values)
    return pa.Check(lambda s: s.isin(values), error=f"must be one of {', '.join(values)}")


def pattern(regex: str, what: str) -> pa.Check:
    return pa.Check(lambda s: s.str.match(regex), error=f"must be {what}")


def _variants_ok(s: pd.Series) -> pd.Series:
    return s.map(lambda v: all(p.strip() for p in v.split("|")))


def _col(*checks, unique: bool = False) -> pa.Column:
    return pa.Column(str, checks=list(checks), unique=unique, nullable=False, coerce=True)


REFERENCE_SCHEMAS: dict[str, pa.DataFrameSchema] = {
    "owners": pa.DataFrameSchema({
        "variant": _col(nonempty(), unique=True), "owner": _col(nonempty()), "kind": _col(one_of(OWNER_KINDS)),
    }),
    "actors": pa.DataFrameSchema({
        "actor": _col(nonempty(), unique=True), "kind": _col(one_of(ACTOR_KINDS)),
        "variants": _col(nonempty(), pa.Check(_variants_ok, error="must list non-empty spellings separated by '|'")),
    }),
    "codebook": pa.DataFrameSchema({
        "theme_id": _col(pattern(r"^T\d{2}$", "an id like T01"), unique=True), "label_ja": _col(nonempty()),
        "gloss_en": _col(nonempty()), "keywords": _col(nonempty(), pa.Check(
            _variants_ok, error="must list non-empty keywords separated by '|'")),
    }),
    "userdict": pa.DataFrameSchema({
        "term": _col(nonempty(), unique=True), "normalized": _col(nonempty()), "pos": _col(one_of(_USER_POS)),
    }),
    "stopwords": pa.DataFrameSchema({"lemma": _col(nonempty(), unique=True), "reason": _col(nonempty())}),
    "sendai_blocks": pa.DataFrameSchema({
        "block": _col(pattern(r"^\d+$", "a whole number"), unique=True),
        "part": _col(one_of(("main", "livelihood", "guardianship", "reoffending"))),
        "goal": _col(pattern(r"^\d*$", "a whole number or empty")),
        "sections": _col(pattern(r"^\d+$", "a whole number")),
        "title": _col(),
    }),
    "glossary": pa.DataFrameSchema({"term": _col(nonempty(), unique=True), "gloss": _col(nonempty())}),
    "alignment_gold": pa.DataFrameSchema({
        "source_id": _col(pattern(NODE_ID, "a node id")), "acceptable": _col(), "rationale": _col(nonempty()),
    }),
    "alignment_literature": pa.DataFrameSchema({
        "study": _col(nonempty(), unique=True), "metric": _col(nonempty()),
        "value": _col(pattern(r"^\d+(\.\d+)?$", "a number")), "project_metric": _col(nonempty()),
    }),
    "alignment_gold_second_pass": pa.DataFrameSchema({
        "source_id": _col(pattern(NODE_ID, "a node id")), "target_city": _col(nonempty()), "acceptable": _col(),
        "rationale": _col(nonempty()),
    }),
    "codebook_changes": pa.DataFrameSchema({
        "theme_id": _col(pattern(r"^T\d{2}$", "an id like T01")), "change": _col(one_of(("added", "removed"))),
        "keyword": _col(nonempty()), "reason": _col(nonempty()),
    }),
    "codebook_judgements": pa.DataFrameSchema({
        "node_id": _col(pattern(NODE_ID, "a node id")), "theme_id": _col(pattern(r"^T\d{2}$", "an id like T01")),
        "stratum": _col(one_of(("plan", "programmes", "heldout"))), "reader_a": _col(one_of(("0", "1"))),
        "reader_b": _col(one_of(("0", "1"))), "reader_c": _col(one_of(("", "0", "1"))),
        "human": _col(one_of(("0", "1"))),
    }),
    "alignment_gold_confirmation": pa.DataFrameSchema({
        "source_id": _col(pattern(NODE_ID, "a node id")), "target_city": _col(nonempty()), "acceptable": _col(),
        "rationale": _col(nonempty()),
    }),
    "confirmation_nodes": pa.DataFrameSchema({
        "node_id": _col(pattern(NODE_ID, "a node id"), unique=True), "city": _col(nonempty()),
        "part": _col(one_of(PARTS)), "level": _col(one_of(LEVELS)), "title": _col(nonempty()),
        "ordinal": _col(pattern(r"^\d*$", "a whole number or empty")),
    }),
    "alignment_gold_programmes": pa.DataFrameSchema({
        "source_id": _col(pattern(NODE_ID, "a node id")), "target_city": _col(nonempty()), "acceptable": _col(),
        "rationale": _col(nonempty()),
    }),
}


def check_frame(df: pd.DataFrame, schema: pa.DataFrameSchema, path: str | Path, *,
                lines: pd.Series | None = None) -> pd.DataFrame:
    """Validate `df` with `schema`; raise `ValidationError` for the first failing row (by line) naming the rule.

    `lines` gives each row's line number in `path` (default: the ``_line`` column).

    Examples
    --------
    >>> df = pd.DataFrame({"variant": ["市民局", ""], "owner": ["市民局", "x"], "kind": ["bureau", "bureau"],
    ...                    "_line": [9, 10]})
    >>> check_frame(df, REFERENCE_SCHEMAS["owners"], "owners.csv")
    Traceback (most recent call last):
    ...
    compare.core.errors.ValidationError: owners.csv, line 10: column 'variant': must not be empty (found '')
    """
    lines = df["_line"] if lines is None else lines
    try:
        return schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        fc = exc.failure_cases
        first = _first_failure(fc, lines)
        raise ValidationError(path, first[0], first[1]) from None


def frame_failures(df: pd.DataFrame, schema: pa.DataFrameSchema, *,
                   lines: pd.Series | None = None) -> list[tuple[int | None, str]]:
    """Every failing row of `df` under `schema` as (line, rule), sorted by line: `check_frame` without stopping.

    Examples
    --------
    >>> df = pd.DataFrame({"variant": ["", ""], "owner": ["市民局", "x"], "kind": ["bureau", "nope"],
    ...                    "_line": [9, 10]})
    >>> [line for line, _ in frame_failures(df, REFERENCE_SCHEMAS["owners"])]    # empty, empty + duplicate, kind
    [9, 10, 10, 10]
    """
    lines = df["_line"] if lines is None else lines
    try:
        schema.validate(df, lazy=True)
    except pa.errors.SchemaErrors as exc:
        return [((line or None), msg) for line, msg in sorted(_failures(exc.failure_cases, lines),
                                                              key=lambda x: (x[0], x[1]))]
    return []


def _first_failure(fc: pd.DataFrame, lines: pd.Series) -> tuple[int | None, str]:
    line, msg = min(_failures(fc, lines), key=lambda x: (x[0], x[1]))
    return (line or None), msg


def _failures(fc: pd.DataFrame, lines: pd.Series) -> list[tuple[int, str]]:
    out = []
    for r in fc.itertuples(index=False):
        idx = r.index
        line = int(lines.iloc[int(idx)]) if idx is not None and idx == idx else None
        check = str(r.check)
        if r.schema_context == "DataFrameSchema" and check == "column_in_dataframe":
            out.append((0, f"expected the column {r.failure_case!r} in the header"))
            continue
        if check == "field_uniqueness":
            twins = [int(lines.iloc[i])
                     for i in fc[(fc.column == r.column) & (fc.failure_case == r.failure_case)]["index"]
                     if i is not None]
            first = min(twins, default=line)
            if line == first:
                continue  # reported at the later occurrence, the one that would silently override
            msg = f"column {r.column!r}: duplicate value {r.failure_case!r} (first on line {first})"
        else:
            msg = f"column {r.column!r}: {_rule(check)} (found {r.failure_case!r})"
        out.append((line if line is not None else 0, msg))
    return out


def _rule(check: str) -> str:
    return re.sub(r"^<Check <lambda>: (.*)>$", r"\1", check)


def read_reference(name: str, layout: Layout = DEFAULT) -> pd.DataFrame:
    """``data/reference/<name>.csv`` as a validated DataFrame of strings, with ``_line`` for error messages.

    >>> read_reference("owners").loc[lambda d: d.variant == "社会福祉協議会", "owner"].item()
    '市社会福祉協議会'
    """
    path = layout.reference / f"{name}.csv"
    schema = REFERENCE_SCHEMAS.get(name)
    rows = read_commented_csv(path, required=tuple(schema.columns) if schema is not None else ())
    df = pd.DataFrame(rows)
    if df.empty:
        raise ValidationError(path, None, "expected at least one row after the header")
    df = df.fillna("")
    if schema is not None:
        check_frame(df, schema, path)
    return df.reset_index(drop=True)
