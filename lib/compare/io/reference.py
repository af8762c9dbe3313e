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

__all__ = [
    "load_codebook", "load_codebook_judgements", "load_codebook_changes", "load_confirmation_nodes", "load_gold",
    "load_actors", "load_owner_table", "load_stopwords", "load_userdict", "load_glossary", "load_literature",
    "read_reference",
]


def load_glossary(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/glossary.csv (validated): plan terms with readings and English glosses.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        One row per term, every column text: term, reading, gloss, note (the file's columns; the ``_line`` column
        of `read_reference` dropped).

    Examples
    --------
    >>> glossary = load_glossary()
    >>> list(glossary.columns[:3]), glossary.term.is_unique
    (['term', 'reading', 'gloss'], True)
    """
    return read_reference("glossary", layout).drop(columns="_line")


def load_literature(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/alignment_literature.csv: accuracy figures reported elsewhere, for comparison.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        One row per study, every column text: study, task, data, method, metric, value (a number), project_metric
        (the comparable column of alignment_eval.csv, e.g. ``auc``), note (why it is not directly comparable);
        ``_line`` dropped.

    Examples
    --------
    >>> from compare.io.datasets import load_alignment_eval
    >>> literature = load_literature()
    >>> set(literature.project_metric) <= set(load_alignment_eval().columns), literature.study.is_unique
    (True, True)
    """
    return read_reference("alignment_literature", layout).drop(columns="_line")


def load_codebook(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/codebook.csv (validated) with `keywords` as a list.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        One row per theme: theme_id (``T01``, ``T02``, …), label_ja, gloss_en, grounding, definition, keywords
        (list of str: the ``|``-separated keywords, Sudachi normalized forms); ``_line`` dropped.

    Raises
    ------
    compare.core.errors.InputError
        If a keyword belongs to two themes (file and line of the second).
    compare.core.errors.ValidationError
        If a row breaks the schema (`compare.io.validate.REFERENCE_SCHEMAS`).

    Examples
    --------
    >>> cb = load_codebook()
    >>> len(cb), cb.loc[cb.theme_id == "T05", "label_ja"].item()
    (18, '見守り・支え合い')
    >>> all(isinstance(k, list) and k for k in cb.keywords)
    True
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


def load_codebook_judgements(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/codebook_judgements.csv (validated): blind human-style codings of plan elements × themes.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`.

    Returns
    -------
    pandas.DataFrame
        One row per element × theme: node_id, theme_id, stratum, reader_a, reader_b, reader_c (the adjudicating
        reading where the first two differ, else missing) and human (the reference: the agreed reading, or the
        adjudicator's) as integers; note.

    Raises
    ------
    compare.core.errors.ValidationError
        If a row breaks the schema, or ``human`` is not the agreed or adjudicated reading.

    Examples
    --------
    >>> j = load_codebook_judgements()
    >>> bool(((j.reader_a == j.reader_b) | j.reader_c.notna()).all())
    True
    """
    df = read_reference("codebook_judgements", layout)
    for col in ("reader_a", "reader_b", "human"):
        df[col] = df[col].astype(int)
    df["reader_c"] = pd.to_numeric(df.reader_c.replace("", None)).astype("Int64")
    expected = df.reader_a.where(df.reader_a == df.reader_b, df.reader_c)
    bad = df[(expected != df.human).fillna(True).astype(bool)]
    if len(bad):
        raise ValidationError(layout.reference / "codebook_judgements.csv", int(bad._line.iloc[0]),
                              "human must be the readers' agreed value, or reader_c where they differ")
    return df.drop(columns="_line")


def load_codebook_changes(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/codebook_changes.csv (validated): every change made to the codebook after its validation.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`.

    Returns
    -------
    pandas.DataFrame
        theme_id, change (``added`` / ``removed``), keyword, reason.

    Raises
    ------
    compare.core.errors.ValidationError
        If a row breaks the schema.

    Examples
    --------
    >>> ch = load_codebook_changes()
    >>> ch[(ch.theme_id == "T02") & (ch.keyword == "参加")].change.item()
    'removed'
    """
    return read_reference("codebook_changes", layout).drop(columns="_line")


def load_confirmation_nodes(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/confirmation_nodes.csv (validated): the FICTIONAL city whose elements the confirmation gold
    aligns; shaped like processed/nodes.csv, never part of the build's registry.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`.

    Returns
    -------
    pandas.DataFrame
        The nodes.csv columns, ``ordinal``, ``line_start`` and ``line_end`` as integers (0 where empty).

    Raises
    ------
    compare.core.errors.ValidationError
        If a row breaks the schema or a parent is not a node of the file.

    Examples
    --------
    >>> n = load_confirmation_nodes()
    >>> n.city.nunique(), sorted(set(n.level))
    (1, ['action', 'goal', 'policy', 'vision'])
    """
    df = read_reference("confirmation_nodes", layout)
    ids = set(df.node_id)
    bad = df[(df.parent_id != "") & ~df.parent_id.isin(ids)]
    if len(bad):
        raise ValidationError(layout.reference / "confirmation_nodes.csv", int(bad._line.iloc[0]),
                              f"parent_id {bad.parent_id.iloc[0]!r} is not a node of this file")
    for col in ("ordinal", "line_start", "line_end"):
        df[col] = pd.to_numeric(df[col].replace("", "0")).astype("int64")
    return df.drop(columns="_line")


def load_gold(layout: Layout = DEFAULT, name: str = "alignment_gold",
              nodes: pd.DataFrame | None = None) -> pd.DataFrame:
    """A gold file with ``acceptable`` as a list; with `nodes`, every id is checked (file and line on error).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).
    name : str, default "alignment_gold"
        The gold file, data/reference/<name>.csv: ``alignment_gold``, ``alignment_gold_second_pass``,
        ``alignment_gold_programmes`` or ``alignment_gold_confirmation``.
    nodes : pandas.DataFrame, optional
        Plan elements with ``node_id`` and ``city`` (nodes.csv); when given, every ``source_id`` must be a node and
        every acceptable id a node of the item's ``target_city``.

    Returns
    -------
    pandas.DataFrame
        One row per gold item: the file's columns (source_id, acceptable, rationale, …) with acceptable as a list
        of node ids (empty: no counterpart), target_city (taken from the first acceptable id when the file has no
        such column), and ``_line``, the item's line in the file.

    Raises
    ------
    compare.core.errors.ValidationError
        If a row breaks the schema, or (with `nodes`) names an unknown source or a target outside target_city.

    Examples
    --------
    >>> g = load_gold()
    >>> len(g) >= 60, sorted(g.target_city.unique())
    (True, ['hatsukaichi', 'sagamihara', 'sendai'])
    >>> from compare.io.datasets import load_nodes
    >>> len(load_gold(nodes=load_nodes())) == len(g), all(isinstance(a, list) for a in g.acceptable)
    (True, True)
    """
    df = read_reference(name, layout)
    df["acceptable"] = [[a for a in v.split(";") if a.strip()] for v in df.acceptable]
    if "target_city" not in df.columns:
        df["target_city"] = [a[0].split(".")[0] if a else "" for a in df.acceptable]
    if nodes is not None:
        city = dict(zip(nodes.node_id, nodes.city))
        path = layout.reference / f"{name}.csv"
        # itertuples renames the underscore column `_line`: the lines come alongside
        for line, r in zip(df._line.astype(int), df.itertuples(index=False)):
            if r.source_id not in city:
                raise ValidationError(path, int(line), f"source_id {r.source_id!r} is not a node id")
            bad = [a for a in r.acceptable if city.get(a) != r.target_city]
            if bad:
                raise ValidationError(path, int(line), f"acceptable {bad[0]!r} is not a node of {r.target_city!r}")
    return df


def load_actors(layout: Layout = DEFAULT) -> pd.DataFrame:
    """The gazetteer, one row per (actor, variant), longest variant first.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        From data/reference/actors.csv (validated), one row per spelling of an actor: actor (the normalised name),
        kind, variant (the spelling, NFKC-normalised); sorted by variant length, longest first, then by variant, so
        a longer spelling can be matched before a shorter one inside it (the index keeps the file's row order).

    Examples
    --------
    >>> actors = load_actors()
    >>> list(actors.columns), actors.variant.str.len().is_monotonic_decreasing
    (['actor', 'kind', 'variant'], True)
    """
    rows = []
    for r in read_reference("actors", layout).itertuples(index=False):
        for v in r.variants.split("|"):
            rows.append({"actor": r.actor, "kind": r.kind, "variant": unicodedata.normalize("NFKC", v.strip())})
    df = pd.DataFrame(rows)
    return df.assign(n=df.variant.str.len()).sort_values(["n", "variant"], ascending=[False, True]).drop(columns="n")


def load_owner_table(layout: Layout = DEFAULT) -> OwnerTable:
    """The reviewed owner table (validated: no empty or duplicate variant, known kinds).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    compare.core.owners.OwnerTable
        Every spelling (``variant``) of data/reference/owners.csv mapped to its `compare.core.owners.Owner` (the
        normalised name and kind: bureau, ward, partner or unspecified); ``source`` is the file's path.

    Examples
    --------
    >>> table = load_owner_table()
    >>> [o.name for o in table.split("社会福祉協議会")[0]], table.source.endswith("owners.csv")
    (['市社会福祉協議会'], True)
    """
    df = read_reference("owners", layout)
    variants = {v: Owner(o, k) for v, o, k in zip(df.variant, df.owner, df.kind)}
    return OwnerTable(variants, source=str(layout.reference / "owners.csv"))


def load_userdict(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/userdict.csv (validated): the terms Sudachi must keep whole, with their POS.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        One row per term, every column text: term, normalized, pos (``普通名詞`` or ``固有名詞``), core_split (the
        split sudachidict-core alone would make), reason, and ``_line``, the term's line in the file.

    Examples
    --------
    >>> "term" in load_userdict().columns
    True
    >>> set(load_userdict().pos) <= {"普通名詞", "固有名詞"}
    True
    """
    return read_reference("userdict", layout)


def load_stopwords(layout: Layout = DEFAULT) -> set[str]:
    """data/reference/stopwords.csv (validated): the lemmas removed from content-word counts.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/reference/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    set of str
        The file's ``lemma`` column, stripped (its ``reason`` column is not returned).

    Examples
    --------
    >>> stopwords = load_stopwords()
    >>> isinstance(stopwords, set), all(w and w == w.strip() for w in stopwords)
    (True, True)
    """
    return {v.strip() for v in read_reference("stopwords", layout).lemma}
