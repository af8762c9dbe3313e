"""One loader per processed table, with its types: the only place that knows how data/processed/ is read and written.

Stages, plots, notebooks and the explorer read tables through these loaders (`load_nodes`, `load_tokens`,
`load_alignment`, …); the build writes them through `to_bytes`, so column order and types are declared once,
in `TABLES`. Booleans are stored as ``true``/``false`` and come back as ``bool``; empty cells of text columns
come back as ``''``.

Examples
--------
>>> nodes = load_nodes()
>>> nodes.dtypes["line_start"], nodes.loc[nodes.node_id == "sendai.g1", "level"].item()
(dtype('int64'), 'goal')
"""

from __future__ import annotations

import functools
import io
import json
from pathlib import Path

import networkx as nx
import pandas as pd

from compare.core.errors import InputError
from compare.core.paths import DEFAULT, Layout
from compare.io.files import frame_csv_bytes, frame_csv_chunks, json_bytes
from compare.io.graphs import edge_list_bytes, gexf_bytes, graphml_bytes
from compare.io.schemas import TABLES, Table

__all__ = [
    "to_bytes", "from_bytes", "read", "load_json", "load_graph", "graph_names", "serialize", "iter_files",
    "load_cities", "load_nodes", "load_links", "load_programs", "load_tokens", "load_text_config",
    "load_parse_report", "load_build_config", "load_frequencies", "load_keyness", "load_overlap", "load_themes",
    "load_theme_coverage", "load_alignment", "load_goal_alignment", "load_goal_counterparts",
    "load_draft_evaluation",
    "load_subplan_alignment", "load_alignment_eval",
    "load_alignment_eval_items", "load_network_measures", "load_actor_mentions", "load_manifest", "load_frame_sizes",
    "load_keyness_calibration", "load_codebook_validation", "load_overlap_pairs", "load_documents",
    "load_alignment_programmes", "load_alignment_model",
]


_CASTS = {"int": "int64", "float": "float64", "bool": "bool", "category": "category"}


def _typed(df: pd.DataFrame, spec: Table) -> pd.DataFrame:
    for col, kind in spec.types.items():
        if col not in df.columns:
            continue
        if kind == "bool":
            df[col] = df[col].eq("true")
        elif kind == "int":
            df[col] = pd.to_numeric(df[col].replace("", "0")).astype("int64")
        elif kind == "float":
            df[col] = pd.to_numeric(df[col].astype(object).where(df[col] != "", None)).astype("float64")
        else:
            df[col] = df[col].astype("category")
    return df


def from_bytes(file: str, data: bytes) -> pd.DataFrame:
    """Parse a processed CSV's bytes with its declared types.

    The inverse of `to_bytes`: every cell is read as text (empty cells stay ``''``), then the columns declared in
    ``TABLES[file].types`` are converted.

    Parameters
    ----------
    file : str
        File name of a processed table, a key of `compare.io.schemas.TABLES` (e.g. ``"nodes.csv"``).
    data : bytes
        The CSV's bytes, UTF-8 with a header row, as `to_bytes` writes them.

    Returns
    -------
    pandas.DataFrame
        One row per CSV row, columns as in the header. Declared ``int`` columns are ``int64`` (an empty cell is 0),
        ``float`` columns ``float64`` (an empty cell is NaN), ``bool`` columns ``bool`` (``true`` is True, anything
        else False), ``category`` columns categorical; every other column is text.

    Raises
    ------
    KeyError
        If `file` is not a declared table.

    Examples
    --------
    >>> nodes = load_nodes()
    >>> back = from_bytes("nodes.csv", to_bytes("nodes.csv", nodes))
    >>> back.equals(nodes), back.dtypes["ordinal"]
    (True, dtype('int64'))
    """
    spec = TABLES[file]
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False)
    return _typed(df, spec)


def to_bytes(file: str, df: pd.DataFrame) -> bytes:
    """Serialize a table in its declared column order (extra columns of `df` are not written).

    Parameters
    ----------
    file : str
        File name of a processed table, a key of `compare.io.schemas.TABLES` (e.g. ``"cities.csv"``); its declared
        ``columns`` are written, in that order.
    df : pandas.DataFrame
        The table; it must have every declared column unless it is empty (then only the header is written).

    Returns
    -------
    bytes
        The file's bytes: UTF-8 CSV with a header row and ``\\n`` line ends, booleans as ``true``/``false``, floats
        with 6 significant digits, missing values as empty cells; deterministic, so a rebuild is byte-identical.

    Raises
    ------
    KeyError
        If `file` is not a declared table.

    Examples
    --------
    >>> to_bytes("cities.csv", load_cities()) == (DEFAULT.processed / "cities.csv").read_bytes()
    True
    >>> to_bytes("documents.csv", pd.DataFrame()) == (",".join(TABLES["documents.csv"].columns) + "\\n").encode()
    True
    """
    cols = TABLES[file].columns
    if df.empty:
        df = df.reindex(columns=list(cols))
    return frame_csv_bytes(df, cols)


def iter_files(outputs: dict[str, object], *, chunked: bool = False):
    """(file name, bytes) of every processed file, one at a time (a large build never holds them all in memory).

    Tables → CSV, dicts → JSON, graphs → GraphML, GEXF and an edge list. With `chunked`, a table's value is an
    iterator of byte pieces instead (the write streams them to disk).

    Parameters
    ----------
    outputs : dict of str to object
        A build's outputs by name relative to data/processed/: a `pandas.DataFrame` under its table's file name (a
        key of `compare.io.schemas.TABLES`), a `networkx.Graph` under its name without extension (e.g.
        ``networks/actors-sendai``), a dict or list under its JSON file name, bytes under any file name (written as
        they are). Names starting with ``@`` are in-memory results for later stages (e.g. fitted models): skipped.
    chunked : bool, default False
        Give each table as an iterator of byte pieces (`compare.io.files.frame_csv_chunks`) instead of whole bytes.

    Yields
    ------
    name : str
        File name relative to data/processed/; a graph ``<name>`` gives three files, ``<name>.graphml``,
        ``<name>.gexf`` and ``<name>-edges.csv``.
    data : bytes or iterator of bytes
        The file's bytes (a table's as `to_bytes` writes them); with `chunked`, a table's bytes in pieces.

    Raises
    ------
    TypeError
        If an output is none of these types.

    Examples
    --------
    >>> outputs = {"cities.csv": load_cities(), "g": nx.path_graph(2), "@model": object(), "r.json": {}}
    >>> [name for name, _ in iter_files(outputs)]
    ['cities.csv', 'g.graphml', 'g.gexf', 'g-edges.csv', 'r.json']
    >>> pieces = dict(iter_files(outputs, chunked=True))["cities.csv"]
    >>> b"".join(pieces) == (DEFAULT.processed / "cities.csv").read_bytes()
    True
    """
    for name, obj in outputs.items():
        if name.startswith("@"):
            continue                     # an in-memory result for later stages (e.g. fitted models)
        if isinstance(obj, pd.DataFrame):
            if chunked:
                cols = TABLES[name].columns
                yield name, frame_csv_chunks(obj.reindex(columns=list(cols)) if obj.empty else obj, cols)
            else:
                yield name, to_bytes(name, obj)
        elif isinstance(obj, nx.Graph):
            yield f"{name}.graphml", graphml_bytes(obj)
            yield f"{name}.gexf", gexf_bytes(obj)
            yield f"{name}-edges.csv", edge_list_bytes(obj)
        elif isinstance(obj, (dict, list)):
            yield name, json_bytes(obj)
        elif isinstance(obj, bytes):
            yield name, obj
        else:
            raise TypeError(f"cannot write {name!r}: {type(obj).__name__}")


def serialize(outputs: dict[str, object]) -> dict[str, bytes]:
    """Every processed file's bytes (see `iter_files`).

    Parameters
    ----------
    outputs : dict of str to object
        A build's outputs by name, as `iter_files` takes them (names starting with ``@`` are skipped).

    Returns
    -------
    dict of str to bytes
        Every file's bytes by file name relative to data/processed/ (a graph gives three files), in the order
        `iter_files` yields them.

    Examples
    --------
    >>> files = serialize({"cities.csv": load_cities(), "networks/g": nx.path_graph(2)})
    >>> list(files), files["cities.csv"] == (DEFAULT.processed / "cities.csv").read_bytes()
    (['cities.csv', 'networks/g.graphml', 'networks/g.gexf', 'networks/g-edges.csv'], True)
    """
    return dict(iter_files(outputs))


def _path(file: str, layout: Layout) -> Path:
    path = layout.processed / file
    if not path.exists():
        raise InputError(path, None, "processed table missing; run `make build` (python -m compare build)")
    return path


@functools.lru_cache(maxsize=8)
def _read_cached(path: str, mtime_ns: int, size: int, file: str) -> pd.DataFrame:
    return from_bytes(file, Path(path).read_bytes())


def read(file: str, layout: Layout = DEFAULT) -> pd.DataFrame:
    """A processed table with its declared types (cached per file version; a copy is returned).

    The file is parsed once per version (path, modification time and size), so a rebuilt table is read afresh; every
    call returns its own copy, safe to modify.

    Parameters
    ----------
    file : str
        File name of a processed table in data/processed/, a key of `compare.io.schemas.TABLES`
        (e.g. ``"documents.csv"``).
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        The table, one row as ``TABLES[file].row`` says, with its declared types (see `from_bytes`).

    Raises
    ------
    compare.core.errors.InputError
        If the file is missing (the message says to run ``make build``).

    Examples
    --------
    >>> docs = read("documents.csv")
    >>> list(docs.columns) == list(TABLES["documents.csv"].columns), read("documents.csv") is not docs
    (True, True)
    """
    path = _path(file, layout)
    st = path.stat()
    return _read_cached(str(path), st.st_mtime_ns, st.st_size, file).copy()


def load_json(file: str, layout: Layout = DEFAULT) -> dict:
    """A JSON file of data/processed/ (e.g. ``build_config.json``), parsed.

    Parameters
    ----------
    file : str
        File name relative to data/processed/.
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    dict
        The parsed JSON (every JSON file the build writes holds an object).

    Raises
    ------
    compare.core.errors.InputError
        If the file is missing (the message says to run ``make build``).

    Examples
    --------
    >>> sorted(load_json("alignment_model.json"))
    ['agreement', 'policy', 'programme']
    """
    return json.loads(_path(file, layout).read_text(encoding="utf-8"))


def load_graph(name: str, layout: Layout = DEFAULT) -> nx.Graph:
    """A graph of data/processed/networks/ by name (e.g. ``actors-sendai``), attributes typed as written.

    Parameters
    ----------
    name : str
        The graph's name: its file name in data/processed/networks/ without ``.graphml`` (see `graph_names`).
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    networkx.Graph
        The GraphML file's graph: node and edge attributes with the types they were written with (e.g. an int
        ``weight``), graph attributes such as ``city`` and ``rule`` in ``G.graph``.

    Raises
    ------
    compare.core.errors.InputError
        If the file is missing (the message says to run ``make build``).

    Examples
    --------
    >>> G = load_graph("actors-sendai")
    >>> G.graph["city"], {type(w) for _, _, w in G.edges(data="weight")}
    ('sendai', {<class 'int'>})
    """
    return nx.read_graphml(_path(f"networks/{name}.graphml", layout))


def graph_names(prefix: str, layout: Layout = DEFAULT) -> list[str]:
    """Names of the exported graphs whose name starts with `prefix` (e.g. ``owner-coresponsibility-``).

    Parameters
    ----------
    prefix : str
        Start of the names (``""`` for every graph), e.g. ``actors-`` for every city's actor network.
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    list of str
        Sorted names of data/processed/networks/*.graphml without the extension, each one `load_graph` reads;
        empty when none matches.

    Examples
    --------
    >>> names = graph_names("actors-")
    >>> set(load_cities().city) <= {n.removeprefix("actors-") for n in names}, names == sorted(names)
    (True, True)
    >>> graph_names("no-such-graph-")
    []
    """
    return sorted(p.name[: -len(".graphml")] for p in (layout.processed / "networks").glob(f"{prefix}*.graphml"))


def load_cities(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``cities.csv``: the registry as built (id, names, label, plan period, files, node counts), in registry order.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/cities.csv, one row per city of the registry (built-in and registered): city (the id),
        name_ja, name_en, label, parser, files (``;``-separated), document_title, plan_title, plan_period, fy_start,
        fy_end, builtin (bool), reviewed (bool: False while a registered tree is an unreviewed
        draft of `python -m compare draft`), order, nodes, programme_rows (int64).

    Examples
    --------
    >>> cities = load_cities()
    >>> list(cities.columns[:3]), cities.city.is_unique, cities.order.is_monotonic_increasing
    (['city', 'name_ja', 'name_en'], True, True)
    """
    return read("cities.csv", layout)


def load_nodes(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``nodes.csv``: every element of every plan (vision, goals, policies, programmes or actions).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/nodes.csv, one row per plan element: node_id (a readable path, e.g. ``sendai.g2.p3.r05``),
        city, part, level, parent_id (``''`` at a root), ordinal, label, title, body, source_file, line_start,
        line_end (ordinal and lines int64).

    Examples
    --------
    >>> nodes = load_nodes()
    >>> set(nodes.city) <= set(load_cities().city), set(nodes.parent_id) - {""} <= set(nodes.node_id)
    (True, True)
    """
    return read("nodes.csv", layout)


def load_links(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``node_links.csv``: the relations between two nodes that are not parent/child.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/node_links.csv, one row per relation: from_id, to_id, kind (``relisted_from``: a 【再掲】 row →
        its first listing; ``refers_to``: e.g. a 廿日市 item → its 行動目標), detail, source_file, line (int64).

    Examples
    --------
    >>> links = load_links()
    >>> set(links.from_id) | set(links.to_id) <= set(load_nodes().node_id)
    True
    """
    return read("node_links.csv", layout)


def load_programs(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``programs.csv``: every printed row of every programme table (Sendai's 事業一覧 and any registered one).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/programs.csv, one row per printed row: row_id, node_id, city, part, block, section (int64),
        section_title, no, name, summary, owners and owner_kinds (normalised through data/reference/owners.csv),
        owners_raw, relisted (bool: a 【再掲】 row), program_id (shared by every listing of one programme),
        link_method, name_raw (the cell as printed), line_start, line_end (int64).

    Examples
    --------
    >>> programs = load_programs()
    >>> set(programs.node_id) <= set(load_nodes().node_id), programs.relisted.dtype
    (True, dtype('bool'))
    """
    return read("programs.csv", layout)


def load_tokens(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``tokens.csv`` with repeated strings as categories (small in memory) and ``content`` as bool.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/tokens.csv, one row per Sudachi token of a node's title or body: node_id, city, part, level,
        field (``title`` or ``body``), position (int64), surface, lemma, pos, content (bool: a content word),
        counted (bool: its text is counted, e.g. not a 【再掲】 re-listing); the text columns are categorical.

    Examples
    --------
    >>> tokens = load_tokens()
    >>> tokens.city.dtype.name, tokens.content.dtype.name, set(tokens.city) <= set(load_cities().city)
    ('category', 'bool', True)
    """
    return read("tokens.csv", layout)


def load_text_config(layout: Layout = DEFAULT) -> dict:
    """``text_config.json``: the tokenizer's options and versions and the counting rule behind tokens.csv.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    dict
        data/processed/text_config.json: split_mode, nfkc, lemma, content_pos (POS prefixes of content words),
        stopwords, user_dictionary, include_relistings, count_rule (in words), the sudachipy and sudachidict-core
        versions, userdict_sha256 and stopwords_sha256.

    Examples
    --------
    >>> cfg = load_text_config()
    >>> tokenize = next(s["config"] for s in load_build_config()["stages"] if s["name"] == "tokenize")
    >>> cfg["split_mode"] == tokenize["split_mode"], cfg["content_pos"] == tokenize["content_pos"]
    (True, True)
    """
    return load_json("text_config.json", layout)


def load_parse_report(layout: Layout = DEFAULT) -> dict:
    """``parse_report.json``: what the parsers found in the sources (counts, programme tables, anomalies, coverage).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    dict
        data/processed/parse_report.json: sources (file, city, sha256 and the encoding it was read in), counts
        (nodes per city, part and level), totals, programme_tables, anomaly_counts, anomalies (file, line, kind,
        message), coverage (per source file: every non-blank line is inside a node or in accounting), accounting,
        extra_cities (the registered cities' registry records).

    Examples
    --------
    >>> report = load_parse_report()
    >>> report["totals"]["nodes"] == len(load_nodes()), sorted(report["counts"]) == sorted(load_cities().city)
    (True, True)
    """
    return load_json("parse_report.json", layout)


def load_build_config(layout: Layout = DEFAULT) -> dict:
    """``build_config.json``: every stage's parameters as recorded by the build.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    dict
        data/processed/build_config.json: stages (one dict per stage in run order: name, reads (processed tables),
        references (reference files), config (its parameters)) and versions (package → version the results
        depend on).

    Examples
    --------
    >>> cfg = load_build_config()
    >>> sorted(cfg), "tokenize" in [s["name"] for s in cfg["stages"]]
    (['stages', 'versions'], True)
    """
    return load_json("build_config.json", layout)


def load_frequencies(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``vocab_frequencies.csv``: every lemma's frequency in every city (and part) of every comparison frame.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/vocab_frequencies.csv, one row per lemma of one city (and part) within one frame: view (the
        frame: ``whole``, ``subplans``, ``headings``), city, part (``all`` or a plan part), lemma, count (int64),
        per_1000 (float64, per 1,000 of the city's tokens in the frame), nodes (int64, elements containing it).

    Examples
    --------
    >>> freq = load_frequencies()
    >>> set(freq.city) <= set(load_cities().city), freq["count"].dtype, freq.per_1000.dtype
    (True, dtype('int64'), dtype('float64'))
    """
    return read("vocab_frequencies.csv", layout)


def load_keyness(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``keyness.csv``: every term's keyness in every comparison (frame, target city, reference).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/keyness.csv, one row per term of one comparison: view, split_mode, comparison
        (``one-vs-rest`` or ``pairwise``), city (the target), reference (``rest`` or a city), term, count_target,
        count_reference, per_1000_target, per_1000_reference, mean_rate_target, mean_rate_reference (mean
        per-element rates), the effect size log_ratio with its element-bootstrap 95 % interval (log_ratio_low,
        log_ratio_high), the element-level Welch test (t_element, df_element, p_element, BH q_element), the
        descriptive token-level G² (g2, g2_williams, p_token, q_token), nodes_target, nodes_reference (elements using
        the term), direction (``over`` or ``under``), rank (by t; ties share it), distinctive (bool: over-used with
        q_element < .05 where testable), robust_settings (in how many tokenizer settings the term stays
        distinctive, e.g. ``6/6``), the frame's sizes (tokens_target, tokens_reference, nodes_target_total,
        nodes_reference_total) and testable (bool); `compare.io.schemas.KEYNESS_COLUMNS` lists every column.

    Examples
    --------
    >>> key = load_keyness()
    >>> set(key.direction) <= {"over", "under"}, set(key.reference) <= {"rest", *load_cities().city}
    (True, True)
    """
    return read("keyness.csv", layout)


def load_overlap(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``vocab_overlap.csv``: the cities' shared vocabulary as exact intersections (UpSet-style), per frame.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/vocab_overlap.csv, one row per exact intersection within one frame: view, region (the
        cities whose vocabularies have exactly these terms, joined by ``+``), n_cities, n_terms (int64), terms (the
        most frequent of them, space-separated).

    Examples
    --------
    >>> overlap = load_overlap()
    >>> bool((overlap.n_cities == overlap.region.str.count("[+]") + 1).all())
    True
    """
    return read("vocab_overlap.csv", layout)


def load_themes(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``themes.csv``: the codebook's themes (data/reference/codebook.csv) found in every node.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/themes.csv, one row per theme of a node: node_id, city, level, theme_id, score (int64: keyword
        hits, own_score in the node's own text plus descendant_score in its descendants'), own_score,
        descendant_score, matched_terms (``term×hits`` pairs, ``;``-separated).

    Examples
    --------
    >>> from compare.io.reference import load_codebook
    >>> themes = load_themes()
    >>> set(themes.theme_id) <= set(load_codebook().theme_id)
    True
    >>> bool((themes.score == themes.own_score + themes.descendant_score).all())
    True
    """
    return read("themes.csv", layout)


def load_theme_coverage(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``theme_coverage.csv``: city × theme hits of every frame, with a Monte Carlo χ² test and exact per-cell tests.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/theme_coverage.csv, one row per city × theme cell of one frame: view, city, theme_id,
        label_ja, hits (int64), per_1000, expected, residual, p_cell, q_cell, supported (bool), then the frame's
        χ² test, the same on each of its cells: chi2, dof, p_value, p_monte_carlo, draws, n.

    Examples
    --------
    >>> cov = load_theme_coverage()
    >>> set(cov.city) <= set(load_cities().city), cov.supported.dtype
    (True, dtype('bool'))
    >>> bool(cov.groupby("view").chi2.nunique().eq(1).all())        # one test per frame
    True
    """
    return read("theme_coverage.csv", layout)


def load_alignment(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``alignment.csv``: the ranked counterparts of every policy and action in every other city.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/alignment.csv, one row per ranked counterpart of a source node in another city, or one row
        with rank 0 and confidence ``no counterpart``: source_city, source_id, source_title, target_city, target_id,
        target_title, rank (int64), score (calibrated probability that the target is a right counterpart; for rank
        0 that of the best candidate), confidence (``strong``: score at least the ``strong`` floor of
        ``alignment_model.json``'s calibration, ``moderate``: at least its ``moderate`` floor, ``weak``, or ``no
        counterpart``: "no counterpart" is more probable than the first-ranked target being right), p_none
        (calibrated probability that the source has no counterpart in the target city), method, evidence, the
        feature scores lexical, thematic, bm25, chargram, structure (float64), source_part,
        source_level, target_part.

    Examples
    --------
    >>> align = load_alignment()
    >>> bool((align.source_city != align.target_city).all())
    True
    >>> bool(((align["rank"] == 0) == (align.confidence == "no counterpart")).all())
    True
    """
    return read("alignment.csv", layout)


def load_goal_alignment(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``goal_alignment.csv``: the similarity of every pair of main-plan goals of two cities, with the assignment.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/goal_alignment.csv, one row per pair of goals: city_a, goal_a, title_a, city_b, goal_b,
        title_b, similarity (float64), assigned (bool: in the one-to-one assignment), best_for_a, best_for_b
        (float64: the best similarity available to each goal), forced (bool: assigned below such a best), metric.

    Examples
    --------
    >>> goals, level = load_goal_alignment(), load_nodes().set_index("node_id").level
    >>> set(level[goals.goal_a]) | set(level[goals.goal_b]), goals.assigned.dtype
    ({'goal'}, dtype('bool'))
    """
    return read("goal_alignment.csv", layout)


def load_goal_counterparts(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``goal_counterparts.csv``: every goal's counterpart goal in each other city, or "no counterpart".

    Read off the element alignment: each policy or action under the goal votes for the goal of its first-ranked
    counterpart (weight: its calibrated probability) and for "no counterpart" (weight: ``p_none``); see
    `compare.analysis.align.goals.goal_counterparts`.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`.

    Returns
    -------
    pandas.DataFrame
        One row per (source goal, target city): source_city, source_goal, source_title, source_part, target_city,
        target_goal, target_title (empty unless outcome is ``counterpart``), outcome (``counterpart``, ``no
        counterpart`` or ``no elements``), support, none_support, runner_up, runner_up_support (vote shares,
        float64), elements, elements_with_counterpart (int64).

    Examples
    --------
    >>> gc = load_goal_counterparts()
    >>> set(gc.outcome) <= {"counterpart", "no counterpart", "no elements"}
    True
    >>> bool((gc.target_goal.eq("") == gc.outcome.ne("counterpart")).all())
    True
    """
    return read("goal_counterparts.csv", layout)


def load_draft_evaluation(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``draft_evaluation.csv``: how close `python -m compare draft` comes to a known plan tree.

    Every built-in city's raw texts are drafted and compared with its parser's nodes, and every fictional plan PDF of
    data/reference/draft/ with its expected tree (`compare.parse.draft.evaluate`): nodes matched one to one by
    normalised title.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`.

    Returns
    -------
    pandas.DataFrame
        One row per (plan, scope): plan, kind, documents, mapping, scope (``policy_and_above``, ``with_actions``,
        ``programmes``), reference_nodes, drafted_nodes, matched (int64), recall, precision, level_accuracy,
        parent_accuracy (float64), tiers (the grammar read: marker kind → level (count)).

    Examples
    --------
    >>> ev = load_draft_evaluation()
    >>> sorted(set(ev.scope))
    ['policy_and_above', 'programmes', 'with_actions']
    >>> bool(((ev.recall >= 0) & (ev.recall <= 1)).all())
    True
    """
    return read("draft_evaluation.csv", layout)


def load_subplan_alignment(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``subplan_alignment.csv``: the counterparts of every sub-plan item in the same sub-plan of another city.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/subplan_alignment.csv, one row per ranked counterpart (or none) of a sub-plan item: part (the
        sub-plan, e.g. ``guardianship``), then the columns of alignment.csv (see `load_alignment`).

    Examples
    --------
    >>> sub = load_subplan_alignment()
    >>> list(sub.columns[1:]) == list(load_alignment().columns), bool((sub.part == sub.source_part).all())
    (True, True)
    """
    return read("subplan_alignment.csv", layout)


def load_alignment_eval(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``alignment_eval.csv``: every alignment method's accuracy on the gold standard, with bootstrap intervals.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/alignment_eval.csv, one row per method, task and scope: task (``policy`` or ``programme``),
        method, scope (``all`` or a ``source→target`` pair of cities), items, items_with_counterpart (int64), top1,
        top3, mrr, auc, p_at_1, p_at_3 (each with ``_low`` and ``_high`` bounds), end_to_end,
        no_counterpart_precision, no_counterpart_recall, precision_strong, items_strong, precision_moderate,
        items_moderate, precision_weak, items_weak (float64), weight, note.

    Examples
    --------
    >>> ev = load_alignment_eval()
    >>> set(ev.task) <= {"policy", "programme"}, ev["items"].dtype, bool(ev.top1.dropna().between(0, 1).all())
    (True, dtype('int64'), True)
    """
    return read("alignment_eval.csv", layout)


def load_alignment_eval_items(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``alignment_eval_items.csv``: every gold item under every method (held-out for the combined method).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/alignment_eval_items.csv, one row per gold item under one method: task, method, source_id,
        source_city, target_city, has_gold (bool: the item has an acceptable counterpart), predicted (the top-ranked
        target), best_score (float64), first_correct_rank (int64; one more than the candidates when none is
        acceptable), top1, top3 (bool), rr (float64, reciprocal rank), band (confidence band), acceptable, rationale.

    Examples
    --------
    >>> items = load_alignment_eval_items()
    >>> set(items.method) <= set(load_alignment_eval().method), items.top1.dtype
    (True, dtype('bool'))
    """
    return read("alignment_eval_items.csv", layout)


def load_network_measures(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``network_measures.csv``: centralities and communities of the nodes of the exported networks.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/network_measures.csv, one row per measure of a node of a network (long format): network (a
        graph name, see `graph_names`), city, node, label, kind, measure (e.g. ``degree``, ``betweenness``,
        ``community``), value (float64).

    Examples
    --------
    >>> measures = load_network_measures()
    >>> set(measures.network) <= set(graph_names("")), measures.value.dtype
    (True, dtype('float64'))
    """
    return read("network_measures.csv", layout)


def load_actor_mentions(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``actor_mentions.csv``: the actors of the gazetteer (data/reference/actors.csv) named in every node.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/actor_mentions.csv, one row per actor named in a node (first listings): city, node_id, level,
        actor, kind, mentions (int64), variants (the spellings found, ``;``-separated).

    Examples
    --------
    >>> from compare.io.reference import load_actors
    >>> mentions = load_actor_mentions()
    >>> set(mentions.actor) <= set(load_actors().actor), set(mentions.node_id) <= set(load_nodes().node_id)
    (True, True)
    """
    return read("actor_mentions.csv", layout)


def load_frame_sizes(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``frame_sizes.csv``: the content tokens and nodes every city has in every comparison frame.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/frame_sizes.csv, one row per city and frame: view (``plan``, ``programmes``, ``subplans``,
        ``headings``, ``whole``), frame (its label), genre (the kind of text compared), city, tokens, nodes
        (elements, int64), testable (bool: a tested frame with enough elements for a test).

    Examples
    --------
    >>> sizes = load_frame_sizes()
    >>> set(sizes.city) <= set(load_cities().city), list(sizes.columns[:2]), sizes.testable.dtype
    (True, ['view', 'frame'], dtype('bool'))
    """
    return read("frame_sizes.csv", layout)


def load_keyness_calibration(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``keyness_calibration.csv``: the split-half null check of the keyness tests.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout.

    Returns
    -------
    pandas.DataFrame
        One row per tested frame × city × test (``element``: the test behind ``distinctive``; ``token``: the
        descriptive token-level G², for contrast): elements, splits, tests, false_positive_rate (share of term tests
        with p < .05 between random halves of the city's elements; nominal .05), fpr_se, splits_with_discovery and
        discoveries (terms with q < .05); see `compare.analysis.vocab.split_half_null`.

    Examples
    --------
    >>> cal = load_keyness_calibration()
    >>> sorted(set(cal.test)), bool((cal[cal.test == "element"].false_positive_rate <= 0.05).all())
    (['element', 'token'], True)
    """
    return read("keyness_calibration.csv", layout)


def load_codebook_validation(layout: Layout = DEFAULT, *, as_written: bool = False) -> pd.DataFrame:
    """``codebook_validation.csv``: every theme's rule against the blind coding, per stratum.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout; defaults to `DEFAULT`.
    as_written : bool
        Read the validation of the rules as first written instead, frozen in
        data/reference/codebook_validation_as_written.csv before any rule changed.

    Returns
    -------
    pandas.DataFrame
        One row per stratum × theme (``all``: pooled); see `compare.analysis.themes.validate_codebook`.

    Examples
    --------
    >>> now, before = load_codebook_validation(), load_codebook_validation(as_written=True)
    >>> list(now.columns) == list(before.columns), "heldout" in set(now.stratum) - set(before.stratum)
    (True, True)
    """
    if not as_written:
        return read("codebook_validation.csv", layout)
    path = layout.reference / "codebook_validation_as_written.csv"
    body = b"".join(line for line in path.read_bytes().splitlines(keepends=True) if not line.startswith(b"#"))
    return from_bytes("codebook_validation.csv", body)


def load_overlap_pairs(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``vocab_overlap_pairs.csv``: every pair of cities' shared vocabulary, per frame.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/vocab_overlap_pairs.csv, one row per pair of cities within one frame: view, city_a, city_b,
        terms_a, terms_b, shared, only_a, only_b (int64), jaccard (float64, shared / terms of either).

    Examples
    --------
    >>> pairs = load_overlap_pairs()
    >>> bool((pairs.shared + pairs.only_a == pairs.terms_a).all()), bool(pairs.jaccard.between(0, 1).all())
    (True, True)
    """
    return read("vocab_overlap_pairs.csv", layout)


def load_documents(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``documents.csv``: text printed outside every plan element that is the plan's own words (document titles).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/documents.csv, one row per such text: doc_id, city, kind (e.g. ``document title``), text,
        source_file, line_start, line_end (int64).

    Examples
    --------
    >>> docs = load_documents()
    >>> set(docs.city) <= set(load_cities().city), list(docs.columns[:3])
    (True, ['doc_id', 'city', 'kind'])
    """
    return read("documents.csv", layout)


def load_alignment_programmes(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``alignment_programmes.csv``: every programme's counterparts among another city's actions (and the reverse).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/processed/alignment_programmes.csv, one row per ranked counterpart (or none): the columns of
        alignment.csv (see `load_alignment`), then direction (``programme→action`` or ``action→programme``) and
        validated (bool: the direction the gold standard evaluates).

    Examples
    --------
    >>> progs = load_alignment_programmes()
    >>> list(progs.columns[:-2]) == list(load_alignment().columns)
    True
    >>> set(progs.direction) <= {"programme→action", "action→programme"}, progs.validated.dtype
    (True, dtype('bool'))
    """
    return read("alignment_programmes.csv", layout)


def load_alignment_model(layout: Layout = DEFAULT) -> dict:
    """``alignment_model.json``: the learned combination (features, C, coefficients, thresholds) and judge agreement.

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/processed/ is read; defaults to `DEFAULT`, the project's own layout
        (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    dict
        data/processed/alignment_model.json: ``policy`` and ``programme`` (each: features, C, coefficients by
        feature, intercept, thresholds by confidence band) and ``agreement`` (the two gold judges' agreement).

    Examples
    --------
    >>> model = load_alignment_model()
    >>> sorted(model), set(model["policy"]["coefficients"]) == set(model["policy"]["features"])
    (['agreement', 'policy', 'programme'], True)
    """
    return load_json("alignment_model.json", layout)


def load_manifest(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/raw/MANIFEST.csv as strings (provenance of the built-in sources).

    Parameters
    ----------
    layout : compare.core.paths.Layout, optional
        Project layout whose data/raw/MANIFEST.csv is read; defaults to `DEFAULT`, the project's own
        layout (the root named by ``COMPARE_ROOT`` when that is set).

    Returns
    -------
    pandas.DataFrame
        data/raw/MANIFEST.csv (`Layout.manifest`, not a processed table), one row per built-in source file, every
        column text: file, parser, role, sha256, city, city_ja, city_en, document_title, plan_title, plan_period,
        fy_start, fy_end, text_kind, issuing_body, seed_name, notes.

    Examples
    --------
    >>> manifest = load_manifest()
    >>> set(manifest.city) <= set(load_cities().city), list(manifest.columns[:3])
    (True, ['file', 'parser', 'role'])
    """
    return pd.read_csv(layout.manifest, dtype=str, keep_default_na=False)


