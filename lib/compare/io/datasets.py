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
from dataclasses import dataclass, field
from pathlib import Path

import networkx as nx
import pandas as pd

from compare.core.errors import InputError
from compare.io.graphs import edge_list_bytes, gexf_bytes, graphml_bytes
from compare.core.plan import LINK_COLUMNS, NODE_COLUMNS, PROGRAM_COLUMNS, TOKEN_COLUMNS
from compare.core.paths import DEFAULT, Layout
from compare.io.files import frame_csv_bytes, frame_csv_chunks, json_bytes
from compare.analysis.themes import COVERAGE_COLUMNS, THEME_COLUMNS
from compare.analysis.vocab import KEYNESS_COLUMNS
from compare.analysis.align.model import ALIGNMENT_COLUMNS, EVAL_COLUMNS
from compare.analysis.cooccurrence import DIFFERENCE_COLUMNS, EDGE_COLUMNS

__all__ = [
    "Table", "TABLES", "to_bytes", "from_bytes", "read", "load_json", "load_graph", "graph_names", "serialize",
    "iter_files",
    "frame_hash",
    "load_cities", "load_nodes", "load_links", "load_programs", "load_tokens", "load_text_config", "load_parse_report",
    "load_build_config", "load_frequencies", "load_keyness", "load_overlap", "load_themes", "load_theme_coverage",
    "load_alignment", "load_goal_alignment", "load_subplan_alignment", "load_alignment_eval",
    "load_alignment_eval_items", "load_network_measures", "load_actor_mentions", "load_manifest", "load_glossary",
    "load_frame_sizes", "load_overlap_pairs", "load_documents", "load_alignment_programmes", "load_alignment_model", "load_literature",
]


@dataclass(frozen=True)
class Table:
    """A processed CSV: its columns in order, the non-text types, and what a row is."""

    file: str
    columns: tuple[str, ...]
    types: dict[str, str] = field(default_factory=dict)   # column -> int | float | bool | category
    row: str = ""


def _t(file, columns, row, **types) -> Table:
    return Table(file, tuple(columns), dict(types), row)


CITY_COLUMNS = ("city", "name_ja", "name_en", "label", "parser", "files", "document_title", "plan_title",
                "plan_period", "fy_start", "fy_end", "builtin", "order", "nodes", "programme_rows")

_ALIGN_TYPES = dict(rank="int", score="float", lexical="float", thematic="float", bm25="float", chargram="float",
                    structure="float")

TABLES: dict[str, Table] = {t.file: t for t in [
    _t("cities.csv", CITY_COLUMNS, "a city of the registry", builtin="bool", order="int", nodes="int",
       programme_rows="int"),
    _t("nodes.csv", NODE_COLUMNS, "an element of a plan", ordinal="int", line_start="int", line_end="int"),
    _t("documents.csv", ("doc_id", "city", "kind", "text", "source_file", "line_start", "line_end"),
       "a text printed outside every plan element (a document title)", line_start="int", line_end="int"),
    _t("node_links.csv", LINK_COLUMNS, "a relation between two nodes that is not parent/child", line="int"),
    _t("programs.csv", PROGRAM_COLUMNS, "a printed row of a programme table", block="int", section="int",
       relisted="bool", line_start="int", line_end="int"),
    _t("tokens.csv", TOKEN_COLUMNS, "a token of a node's title or body", position="int", content="bool", counted="bool",
       node_id="category", city="category", part="category", level="category", field="category",
       surface="category", lemma="category", pos="category"),
    _t("vocab_frequencies.csv", ("view", "city", "part", "lemma", "count", "per_1000", "nodes"),
       "a lemma's frequency in one city (and part) within one comparison frame", count="int", per_1000="float",
       nodes="int"),
    _t("frame_sizes.csv", ("view", "frame", "city", "tokens", "nodes", "testable"),
       "the content tokens a city has in a comparison frame", tokens="int", nodes="int", testable="bool"),
    _t("keyness.csv", KEYNESS_COLUMNS, "a term's keyness in one comparison (frame, target, reference)",
       count_target="int", count_reference="int", per_1000_target="float", per_1000_reference="float", g2="float",
       g2_williams="float", log_ratio="float", p_value="float", q_value="float", nodes_target="int",
       nodes_reference="int", p_node="float", q_node="float", rank="int", distinctive="bool",
       distinctive_strict="bool", tokens_target="int",
       tokens_reference="int", nodes_target_total="int", nodes_reference_total="int", testable="bool"),
    _t("vocab_overlap.csv", ("view", "region", "n_cities", "n_terms", "terms"),
       "an exact intersection of the cities' vocabularies (UpSet-style)", n_cities="int", n_terms="int"),
    _t("vocab_overlap_pairs.csv", ("view", "city_a", "city_b", "terms_a", "terms_b", "shared", "only_a", "only_b",
                                   "jaccard"), "a pair of cities' shared vocabulary", terms_a="int", terms_b="int",
       shared="int", only_a="int", only_b="int", jaccard="float"),
    _t("cooccurrence_edges.csv", EDGE_COLUMNS, "an edge of a city's co-occurrence network",
       cooccurrence="int", jaccard="float", community_a="int", community_b="int", shared_by="int", unique="bool"),
    _t("cooccurrence_differences.csv", DIFFERENCE_COLUMNS,
       "an edge of either of two cities' networks, tested for a difference in weight (permutation of elements)",
       jaccard_a="float", jaccard_b="float", difference="float", in_a="bool", in_b="bool", p_value="float",
       q_value="float", significant="bool", draws="int"),
    _t("frequency_top.csv", ("view", "city", "rank", "lemma", "count", "per_1000", "nodes"),
       "one of a city's most frequent terms in a frame (KH Coder's 抽出語リスト; ties kept)", rank="int", count="int",
       per_1000="float", nodes="int"),
    _t("correspondence_coordinates.csv", ("analysis", "kind", "label", "supplementary", "mass", "dim1", "dim2",
                                          "contrib1", "contrib2", "cos2_1", "cos2_2"),
       "a row or column point of a correspondence analysis (principal coordinates)", supplementary="bool",
       mass="float", dim1="float", dim2="float", contrib1="float", contrib2="float", cos2_1="float", cos2_2="float"),
    _t("correspondence_inertia.csv", ("analysis", "dimension", "eigenvalue", "share", "cumulative", "total_inertia"),
       "a dimension of a correspondence analysis", dimension="int", eigenvalue="float", share="float",
       cumulative="float", total_inertia="float"),
    _t("cluster_terms.csv", ("city", "term", "nodes", "cluster"), "a frequent term of a city and its Ward cluster",
       nodes="int", cluster="int"),
    _t("cluster_terms_linkage.csv", ("city", "step", "left", "right", "height", "size"),
       "a merge step of a city's term dendrogram", step="int", height="float", size="int"),
    _t("cluster_nodes.csv", ("node_id", "city", "part", "label", "title", "cluster"),
       "a policy-level node of any city and its Ward cluster", cluster="int"),
    _t("cluster_nodes_linkage.csv", ("step", "left", "right", "height", "size"),
       "a merge step of the dendrogram of policies across cities", step="int", height="float", size="int"),
    _t("themes.csv", THEME_COLUMNS, "a theme of a node", score="int", own_score="int", descendant_score="int"),
    _t("theme_coverage.csv", COVERAGE_COLUMNS, "a city × theme cell of one frame", hits="int", per_1000="float",
       expected="float", residual="float", p_cell="float", q_cell="float", supported="bool", chi2="float",
       dof="int", p_value="float", p_monte_carlo="float", draws="int", n="int"),
    _t("alignment.csv", ALIGNMENT_COLUMNS, "a ranked counterpart (or none) of a source node in another city",
       **_ALIGN_TYPES),
    _t("subplan_alignment.csv", ("part", *ALIGNMENT_COLUMNS),
       "a sub-plan item's counterparts in the same sub-plan of another city", **_ALIGN_TYPES),
    _t("alignment_programmes.csv", (*ALIGNMENT_COLUMNS, "direction", "validated"),
       "a programme's counterparts among another city's actions (and the reverse)", validated="bool",
       **_ALIGN_TYPES),
    _t("goal_alignment.csv", ("city_a", "goal_a", "title_a", "city_b", "goal_b", "title_b", "similarity", "assigned",
                              "best_for_a", "best_for_b", "forced", "metric"),
       "a pair of main-plan goals of two cities", similarity="float", assigned="bool", best_for_a="float",
       best_for_b="float", forced="bool"),
    _t("alignment_eval.csv", EVAL_COLUMNS, "a method's accuracy on the gold items (task, scope)",
       **{c: "float" for c in EVAL_COLUMNS if c not in ("task", "method", "scope", "note", "weight", "items",
                                                         "items_with_counterpart")},
       items="int", items_with_counterpart="int"),
    _t("alignment_eval_items.csv", ("task", "method", "source_id", "source_city", "target_city", "has_gold",
                                    "predicted", "best_score", "first_correct_rank", "top1", "top3", "rr", "band",
                                    "acceptable", "rationale"),
       "a gold item under one method (held-out for the combined method)", has_gold="bool", best_score="float",
       first_correct_rank="int", top1="bool", top3="bool", rr="float"),
    _t("network_measures.csv", ("network", "city", "node", "label", "kind", "measure", "value"),
       "a measure of a node of a network", value="float"),
    _t("actor_mentions.csv", ("city", "node_id", "level", "actor", "kind", "mentions", "variants"),
       "an actor named in a node (first listings)", mentions="int"),
]}

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
    """Parse a processed CSV's bytes with its declared types."""
    spec = TABLES[file]
    df = pd.read_csv(io.BytesIO(data), dtype=str, keep_default_na=False, na_filter=False)
    return _typed(df, spec)


def to_bytes(file: str, df: pd.DataFrame) -> bytes:
    """Serialize a table in its declared column order (extra columns of `df` are not written)."""
    cols = TABLES[file].columns
    if df.empty:
        df = df.reindex(columns=list(cols))
    return frame_csv_bytes(df, cols)


def frame_hash(df: pd.DataFrame) -> bytes:
    """A content hash of a DataFrame (columns, dtypes and values), for cache keys."""
    import hashlib

    h = hashlib.sha256(",".join(f"{c}:{t}" for c, t in df.dtypes.astype(str).items()).encode())
    h.update(pd.util.hash_pandas_object(df, index=False).to_numpy().tobytes())
    return h.digest()


def iter_files(outputs: dict[str, object], *, chunked: bool = False):
    """(file name, bytes) of every processed file, one at a time (a large build never holds them all in memory):
    tables → CSV, dicts → JSON, graphs → GraphML, GEXF and an edge list. With `chunked`, a table's value is an
    iterator of byte pieces instead (the write streams them to disk)."""
    for name, obj in outputs.items():
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
    """Every processed file's bytes (see `iter_files`)."""
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
    """A processed table with its declared types (cached per file version; a copy is returned)."""
    path = _path(file, layout)
    st = path.stat()
    return _read_cached(str(path), st.st_mtime_ns, st.st_size, file).copy()


def load_json(file: str, layout: Layout = DEFAULT) -> dict:
    return json.loads(_path(file, layout).read_text(encoding="utf-8"))


def load_graph(name: str, layout: Layout = DEFAULT) -> nx.Graph:
    """A graph of data/processed/networks/ by name (e.g. ``actors-sendai``), attributes typed as written."""
    return nx.read_graphml(_path(f"networks/{name}.graphml", layout))


def graph_names(prefix: str, layout: Layout = DEFAULT) -> list[str]:
    """Names of the exported graphs whose name starts with `prefix` (e.g. ``owner-coresponsibility-``)."""
    return sorted(p.name[: -len(".graphml")] for p in (layout.processed / "networks").glob(f"{prefix}*.graphml"))


def load_cities(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``cities.csv``: the registry as built (id, names, label, plan period, files, node counts), in registry order."""
    return read("cities.csv", layout)


def load_nodes(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("nodes.csv", layout)


def load_links(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("node_links.csv", layout)


def load_programs(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``programs.csv``: every printed row of every programme table (Sendai's 事業一覧 and any registered one)."""
    return read("programs.csv", layout)


def load_tokens(layout: Layout = DEFAULT) -> pd.DataFrame:
    """``tokens.csv`` with repeated strings as categories (small in memory) and ``content`` as bool."""
    return read("tokens.csv", layout)


def load_text_config(layout: Layout = DEFAULT) -> dict:
    return load_json("text_config.json", layout)


def load_parse_report(layout: Layout = DEFAULT) -> dict:
    return load_json("parse_report.json", layout)


def load_build_config(layout: Layout = DEFAULT) -> dict:
    """``build_config.json``: every stage's parameters as recorded by the build."""
    return load_json("build_config.json", layout)


def load_frequencies(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("vocab_frequencies.csv", layout)


def load_keyness(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("keyness.csv", layout)


def load_overlap(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("vocab_overlap.csv", layout)


def load_themes(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("themes.csv", layout)


def load_theme_coverage(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("theme_coverage.csv", layout)


def load_alignment(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("alignment.csv", layout)


def load_goal_alignment(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("goal_alignment.csv", layout)


def load_subplan_alignment(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("subplan_alignment.csv", layout)


def load_alignment_eval(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("alignment_eval.csv", layout)


def load_alignment_eval_items(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("alignment_eval_items.csv", layout)


def load_network_measures(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("network_measures.csv", layout)


def load_actor_mentions(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("actor_mentions.csv", layout)


def load_frame_sizes(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("frame_sizes.csv", layout)


def load_overlap_pairs(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("vocab_overlap_pairs.csv", layout)


def load_documents(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("documents.csv", layout)


def load_alignment_programmes(layout: Layout = DEFAULT) -> pd.DataFrame:
    return read("alignment_programmes.csv", layout)


def load_alignment_model(layout: Layout = DEFAULT) -> dict:
    """``alignment_model.json``: the learned combination (features, C, coefficients, thresholds) and judge agreement."""
    return load_json("alignment_model.json", layout)


def load_manifest(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/raw/MANIFEST.csv as strings (provenance of the built-in sources)."""
    return pd.read_csv(layout.manifest, dtype=str, keep_default_na=False)


def load_literature(layout: Layout = DEFAULT) -> pd.DataFrame:
    """data/reference/alignment_literature.csv: accuracy figures reported elsewhere, for comparison."""
    from compare.io.validate import read_reference

    return read_reference("alignment_literature", layout).drop(columns="_line")


def load_glossary(layout: Layout = DEFAULT) -> pd.DataFrame:
    from compare.io.validate import read_reference

    return read_reference("glossary", layout).drop(columns="_line")
