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
    "to_bytes", "from_bytes", "read", "load_json", "load_graph", "graph_names", "serialize",
    "iter_files",
    "load_cities", "load_nodes", "load_links", "load_programs", "load_tokens", "load_text_config", "load_parse_report",
    "load_build_config", "load_frequencies", "load_keyness", "load_overlap", "load_themes", "load_theme_coverage",
    "load_alignment", "load_goal_alignment", "load_subplan_alignment", "load_alignment_eval",
    "load_alignment_eval_items", "load_network_measures", "load_actor_mentions", "load_manifest",
    "load_frame_sizes", "load_overlap_pairs", "load_documents", "load_alignment_programmes", "load_alignment_model",
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


def iter_files(outputs: dict[str, object], *, chunked: bool = False):
    """(file name, bytes) of every processed file, one at a time (a large build never holds them all in memory):
    tables → CSV, dicts → JSON, graphs → GraphML, GEXF and an edge list. With `chunked`, a table's value is an
    iterator of byte pieces instead (the write streams them to disk)."""
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


