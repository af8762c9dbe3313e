"""The offline plan explorer: reports/explorer/, a static site that works from file:// with no network and no server.

`write_explorer` writes ``index.html``, ``app.js`` and ``style.css`` (from ``compare/explorer_assets/``), ``data.js``
(every table the site shows, generated from the loaders: a script, because browsers refuse to fetch JSON from
file://) and ``vendor/`` (Cytoscape.js, pinned in requirements/vendor.lock.json by version and sha512, downloaded
once into .cache/vendor/ from the npm registry, with its licence). The site uses the report's IPAexGothic font.

What the site does is tested in a real browser (tests/publish/test_explorer.py): every city's plan as a tree, the
counterparts of any node with evidence and confidence, KWIC with the same matching as `compare.kwic`, the networks
with click-through to the programmes and passages behind an edge, the city × theme table, and deep links
(``#node=<id>``, ``#term=<word>``).
"""

from __future__ import annotations

import base64
import hashlib
import io
import json
import shutil
import tarfile
import urllib.request
from importlib import resources
from pathlib import Path

import networkx as nx
import pandas as pd

from compare.core.errors import InputError
from compare.core.paths import DEFAULT, PROJECT_ROOT, Layout
from compare.core.plan import LEVEL_LABELS, PART_LABELS, plan_numbers
from compare.core.settings import FIGURE_SEED
from compare.io import datasets
from compare.io.files import atomic_write_bytes
from compare.io.registry import MARKERS, palette_colour
from compare.plots.graph import component_layout
from compare.plots.network import OWNER_KIND_COLORS, OWNER_KIND_JA, kind_styles
from compare.plots.style import GROUP_COLOURS

__all__ = ["write_explorer", "explorer_data", "vendor_files", "VENDOR_LOCK"]

VENDOR_LOCK = PROJECT_ROOT / "requirements" / "vendor.lock.json"
_ASSETS = ("index.html", "app.js", "style.css")


def _integrity_ok(data: bytes, integrity: str) -> bool:
    algo, _, digest = integrity.partition("-")
    return base64.b64encode(hashlib.new(algo, data).digest()).decode() == digest


def vendor_files(layout: Layout = DEFAULT) -> dict[str, bytes]:
    """The vendored files (name → bytes) of every package in the vendor lock, verified against its integrity."""
    lock = json.loads(VENDOR_LOCK.read_text(encoding="utf-8"))
    out: dict[str, bytes] = {}
    for name, pkg in lock["packages"].items():
        cached = layout.cache / "vendor" / f"{name}-{pkg['version']}.tgz"
        data = cached.read_bytes() if cached.exists() else b""
        if not _integrity_ok(data, pkg["integrity"]):
            try:
                with urllib.request.urlopen(pkg["resolved"], timeout=60) as resp:
                    data = resp.read()
            except OSError as exc:
                raise InputError(VENDOR_LOCK, None, f"cannot download {name} {pkg['version']} from {pkg['resolved']} "
                                                    f"({exc}); the explorer needs it once (then it is cached in "
                                                    ".cache/vendor/)") from None
            if not _integrity_ok(data, pkg["integrity"]):
                raise InputError(VENDOR_LOCK, None, f"{name} {pkg['version']}: the downloaded tarball does not "
                                                    "match the pinned integrity; refusing to use it")
            atomic_write_bytes(cached, data)
        with tarfile.open(fileobj=io.BytesIO(data), mode="r:gz") as tar:
            for member, target in pkg["files"].items():
                out[target] = tar.extractfile(member).read()
    return out


# ----------------------------------------------------------------------------------------------- data

def _nodes(layout: Layout) -> tuple[dict, dict]:
    nodes = datasets.load_nodes(layout)
    links = datasets.load_links(layout)
    programs = datasets.load_programs(layout)
    from compare.analysis.kwic import _first_listing

    first = _first_listing(nodes, links, programs)
    owners = dict(zip(programs.node_id, programs.owners))
    pid = dict(zip(programs.node_id, programs.program_id))
    children: dict[str, list[str]] = {}
    for n, p in zip(nodes.node_id, nodes.parent_id):
        if p:
            children.setdefault(p, []).append(n)
    # a plan's own body first, then its priority section, then the embedded sub-plans (each in the plan's order)
    part_of = dict(zip(nodes.node_id, nodes.part))
    rank = {part: k for k, part in enumerate(("main", "priority", "livelihood", "guardianship", "reoffending"))}
    children = {p: sorted(ch, key=lambda n: rank.get(part_of[n], len(rank))) for p, ch in children.items()}
    out = {}
    roots: dict[str, list[str]] = {}
    number = plan_numbers(nodes)             # how the plan numbers each element (基本的方向2 / (3)), for references
    for r in nodes.itertuples(index=False):
        d = {"c": r.city, "p": r.part, "l": r.level, "pa": r.parent_id, "lb": r.label, "no": number[r.node_id],
             "t": r.title, "b": r.body,
             "f": r.source_file, "ls": int(r.line_start), "le": int(r.line_end)}
        if r.node_id in first:
            d["rf"] = first[r.node_id]
        if r.node_id in owners:
            d["ow"], d["pid"] = owners[r.node_id], pid[r.node_id]
        if r.node_id in children:
            d["ch"] = children[r.node_id]
        out[r.node_id] = d
        if not r.parent_id:
            roots.setdefault(r.city, []).append(r.node_id)
    return out, roots


def _alignment(layout: Layout) -> dict:
    out: dict = {}
    tables = [datasets.load_alignment(layout)]
    try:
        progs = datasets.load_alignment_programmes(layout)
        tables.append(progs[progs.direction == "programme→action"])
    except InputError:
        pass
    for a in tables:
        for r in a.itertuples(index=False):
            terms, _, themes = r.evidence.partition("; themes: ")
            entry = [r.target_id, int(r.rank), round(float(r.score), 3),
                     r.confidence, terms.removeprefix("terms: ") if r.target_id else r.evidence,
                     themes if r.target_id else ""]
            out.setdefault(r.source_id, {}).setdefault(r.target_city, []).append(entry)
    return out


def _passages(layout: Layout) -> list:
    from compare.pipeline.ondemand import passages

    p = passages(layout)
    import unicodedata

    return [[r.node_id, r.field, r.city, unicodedata.normalize("NFKC", r.text), r.norm, r.path, r.first_listing,
             r.source_file, int(r.line_start)] for r in p.itertuples(index=False)]


def _word_forms(layout: Layout, passages: list) -> dict:
    """Where every content word stands in the passages, by its Sudachi normalized form (the ``lemma`` of
    tokens.csv, what every figure and table counts), so that the explorer's KWIC finds 見守る in 見守り and 繋ぐ in
    つなぐ: ``lemmas`` {lemma: [[passage, start, end], …]} (character offsets in the passage text), ``forms``
    {surface: lemma} where they differ (what a user may type), ``tokens`` {city: counted tokens} (for rates)."""
    import unicodedata

    tokens = datasets.load_tokens(layout)
    index = {(p[0], p[1]): k for k, p in enumerate(passages)}
    lemmas: dict[str, list] = {}
    forms: dict[str, str] = {}
    cursor: dict[int, int] = {}
    for nid, field, surface, lemma, content in zip(tokens.node_id, tokens.field, tokens.surface, tokens.lemma,
                                                   tokens.content):
        k = index.get((nid, field))
        if k is None:
            continue
        text = passages[k][3]
        s = unicodedata.normalize("NFKC", surface)
        i = text.find(s, cursor.get(k, 0))
        if i < 0:
            continue
        cursor[k] = i + len(s)
        if not content:
            continue
        lemmas.setdefault(lemma, []).append([k, i, i + len(s)])
        if s != lemma:
            forms.setdefault(s, lemma)
    counted = tokens[tokens.counted].groupby("city").size()
    return {"lemmas": lemmas, "forms": dict(sorted(forms.items())), "tokens": {c: int(n) for c, n in counted.items()}}


def _themes(layout: Layout) -> dict:
    cov = datasets.load_theme_coverage(layout)
    tagged = datasets.load_themes(layout)
    from compare.io.reference import load_codebook

    cb = load_codebook(layout)
    views = {}
    for view, g in cov.groupby("view", sort=False):
        t = g.iloc[0]
        views[view] = {"cells": [[r.city, r.theme_id, int(r.hits), float(r.per_1000), bool(r.supported),
                                  None if pd.isna(r.q_cell) else round(float(r.q_cell), 4),
                                  None if pd.isna(r.residual) else round(float(r.residual), 2)]
                                 for r in g.itertuples()],
                       "test": {"chi2": float(t.chi2), "dof": int(t.dof), "p_monte_carlo": float(t.p_monte_carlo),
                                "draws": int(t.draws)}}
    own = tagged[tagged.own_score > 0]
    nodes = {f"{c}|{t}": list(g.node_id) for (c, t), g in own.groupby(["city", "theme_id"], sort=False)}
    return {"views": views, "labels": dict(zip(cb.theme_id, cb.label_ja)), "gloss": dict(zip(cb.theme_id, cb.gloss_en)),
            "nodes": nodes}


#: Pixels per layout unit of a network in the explorer (the largest component spans about 2 units).
NET_SCALE = 260


def _cy(G: nx.Graph, evidence: dict[tuple[str, str], list[str]], size_attr: str, kind_attr: str,
        colour_of=lambda d: "#999999") -> dict:
    """Cytoscape.js elements (networkx.cytoscape_data) with the evidence behind every edge; every node carries the
    colour the static figure gives it (`colour_of` its attributes), so the explorer and the figures agree."""
    H = nx.Graph()
    for n, d in sorted(G.nodes(data=True)):
        H.add_node(n, label=str(d.get("label", n)), size=float(d.get(size_attr, 1)), kind=str(d.get(kind_attr, "")),
                   community=int(d.get("community", 0)), colour=colour_of(d))
    for a, b, d in sorted((tuple(sorted((a, b))) + (d,) for a, b, d in G.edges(data=True))):
        w = d.get("weight", d.get("jaccard", 1))
        H.add_edge(a, b, weight=float(w), ev=evidence.get((a, b), []),
                   **{k: (float(v) if isinstance(v, (int, float)) else str(v)) for k, v in d.items()
                      if k in ("jaccard", "cooccurrence", "newman")})
    data = nx.cytoscape_data(H)["elements"]
    for i, e in enumerate(data["edges"]):
        e["data"]["id"] = f"e{i}"
    # the layout the static figures use (seeded, per component), in pixels: the same picture on every load
    pos = component_layout(H, seed=FIGURE_SEED)
    for n in data["nodes"]:
        x, y = pos[n["data"]["id"]]
        n["position"] = {"x": round(float(x) * NET_SCALE, 1), "y": round(-float(y) * NET_SCALE, 1)}
    return data


def _community_colour(d: dict) -> str:
    """A term's colour in the co-occurrence figure: its community's (none: grey)."""
    c = int(d.get("community", 0))
    return GROUP_COLOURS[(c - 1) % len(GROUP_COLOURS)] if c else "#999999"


def _networks(layout: Layout) -> list[dict]:
    nets = []
    programs = datasets.load_programs(layout)
    first = programs.drop_duplicates("program_id").set_index("program_id")
    for name in datasets.graph_names("owner-coresponsibility-", layout):
        city = name.removeprefix("owner-coresponsibility-")
        G = datasets.load_graph(name, layout)
        p = programs[programs.city == city]
        by_prog = p.groupby("program_id").owners.apply(lambda s: sorted(set(";".join(s).split(";"))))
        ev: dict = {}
        for pid, owners in by_prog.items():
            for i, a in enumerate(owners):
                for b in owners[i + 1:]:
                    ev.setdefault(tuple(sorted((a, b))), []).append(first.loc[pid, "node_id"])
        nets.append({"id": name, "city": city, "kind": "owners",
                     "title": "担当局等の共同担当 owners sharing programmes",
                     "elements": _cy(G, ev, "programmes", "kind",
                                     lambda d: OWNER_KIND_COLORS.get(d.get("kind", ""), "#999999"))})
    mentions = datasets.load_actor_mentions(layout)
    actor_graphs = {name: datasets.load_graph(name, layout) for name in datasets.graph_names("actors-", layout)}
    # one colour per actor kind over every city, as the actors figure assigns them
    kinds = kind_styles(d.get("kind", "") for G in actor_graphs.values() for _, d in G.nodes(data=True))
    for name in actor_graphs:
        city = name.removeprefix("actors-")
        G = actor_graphs[name]
        m = mentions[mentions.city == city]
        ev = {}
        for nid, g in m.groupby("node_id", sort=False):
            acts = sorted(set(g.actor))
            for i, a in enumerate(acts):
                for b in acts[i + 1:]:
                    ev.setdefault((a, b), []).append(nid)
        nets.append({"id": name, "city": city, "kind": "actors", "title": "主体の共起 actors named together",
                     "elements": _cy(G, ev, "nodes", "kind", lambda d: kinds[d.get("kind", "")][0])})
    tokens = datasets.load_tokens(layout)
    t = tokens[tokens.counted.to_numpy(dtype=bool) & tokens.content.to_numpy(dtype=bool)]
    t = pd.DataFrame({"city": t.city.astype(str).to_numpy(), "node": t.node_id.astype(str).to_numpy(),
                      "lemma": t.lemma.astype(str).to_numpy()}).drop_duplicates()
    for name in datasets.graph_names("cooccurrence-", layout):
        city = name.removeprefix("cooccurrence-")
        G = datasets.load_graph(name, layout)
        sub = t[(t.city == city) & t.lemma.isin(list(G.nodes))]
        nodes_of = sub.groupby("lemma").node.apply(set).to_dict()
        ev = {tuple(sorted((a, b))): sorted(nodes_of.get(a, set()) & nodes_of.get(b, set())) for a, b in G.edges}
        nets.append({"id": name, "city": city, "kind": "terms", "title": "語の共起 term co-occurrence",
                     "elements": _cy(G, ev, "df", "community", _community_colour)})
    return nets


def explorer_data(layout: Layout = DEFAULT) -> dict:
    """Everything the explorer shows, from the processed tables (compact keys; see explorer_assets/app.js)."""
    cities = datasets.load_cities(layout)
    nodes, roots = _nodes(layout)
    passages = _passages(layout)
    return {
        "cities": [{"id": r.city, "label": r.label, "short": r.name_ja, "colour": palette_colour(int(r.order) - 1),
                    "marker": MARKERS[(int(r.order) - 1) % len(MARKERS)], "document": r.document_title,
                    "period": r.plan_period, "draft": not r.reviewed}
                   for r in cities.sort_values("order").itertuples()],
        "levels": LEVEL_LABELS, "parts": PART_LABELS,
        "nodes": nodes, "roots": roots, "align": _alignment(layout), "passages": passages,
        "words": _word_forms(layout, passages),
        "themes": _themes(layout), "networks": _networks(layout),
        "goals": _goal_counterparts(layout), "model": _confidence_legend(layout), "ownerKinds": OWNER_KIND_JA,
    }


def _num(x) -> float | None:
    """A table's number for JSON: rounded to 3 decimals, None for a missing value."""
    return None if x != x else round(float(x), 3)


def _goal_counterparts(layout: Layout) -> dict:
    """Goal id → target city → [outcome, target goal, support, none_support, elements]."""
    try:
        gc = datasets.load_goal_counterparts(layout)
    except InputError:
        return {}
    out: dict = {}
    for r in gc.itertuples(index=False):
        out.setdefault(r.source_goal, {})[r.target_city] = [r.outcome, r.target_goal, round(float(r.support), 3),
                                                              round(float(r.none_support), 3), int(r.elements)]
    return out


def _confidence_legend(layout: Layout) -> dict:
    """Per task: the calibrated-precision floors of the bands and their precision measured leave-one-city-out."""
    ev = datasets.load_alignment_eval(layout)
    out = {}
    for task, rec in datasets.load_alignment_model(layout).items():
        cal = rec.get("calibration") if isinstance(rec, dict) else None
        if not cal:
            continue
        row = ev[(ev.task == task) & (ev.method == "combined (leave-one-city-out)") & (ev.scope == "all")]
        measured = {}
        if len(row):
            r = row.iloc[0]
            measured = {b: [_num(r[f"precision_{b}"]), int(_num(r[f"items_{b}"]) or 0)]
                        for b in ("strong", "moderate", "weak")}
            measured["none"] = [_num(r.no_counterpart_precision), _num(r.no_counterpart_recall)]
        out[task] = {"strong": cal["strong"], "moderate": cal["moderate"], "measured": measured}
    return out


_WRITTEN = ".written.json"          # what the last write_explorer wrote: the files it may replace or remove


def write_explorer(layout: Layout = DEFAULT) -> Path:
    """Write reports/explorer/ (each file atomically); returns the path of its index.html.

    Files this function wrote before and no longer writes are removed; any other file in the folder (a researcher's
    notes, an edited copy) stops it before it writes anything, with one `InputError` naming the files."""
    out = layout.reports / "explorer"
    try:
        before = set(json.loads((out / _WRITTEN).read_text(encoding="utf-8")))
    except (OSError, ValueError):
        before = set()
    files = {f"vendor/{k}": v for k, v in vendor_files(layout).items()}
    for name in _ASSETS:
        files[name] = resources.files("compare.publish").joinpath("explorer_assets", name).read_bytes()
    present = {p.relative_to(out).as_posix() for p in out.rglob("*") if p.is_file() and "__pycache__" not in p.parts} \
        if out.exists() else set()
    foreign = sorted(present - set(files) - before - {_WRITTEN, "data.js"})
    if foreign:                                  # before any work: refuse rather than delete a researcher's file
        raise InputError(out, None, f"holds {len(foreign)} file(s) the explorer did not write and would delete: "
                                    f"{', '.join(foreign[:5])}{' …' if len(foreign) > 5 else ''}; move them out of "
                                    "reports/explorer/")
    data = explorer_data(layout)
    files["data.js"] = ("window.EXPLORER_DATA = " + json.dumps(data, ensure_ascii=False, separators=(",", ":"))
                        + ";\n").encode("utf-8")
    for name, b in files.items():
        atomic_write_bytes(out / name, b)
    fonts = layout.reports / "fonts"
    if not (fonts / "ipaexg.ttf").exists():
        from compare.publish.fonts import copy_font

        copy_font(fonts)
    for stale in sorted(before - set(files)):
        (out / stale).unlink(missing_ok=True)
    atomic_write_bytes(out / _WRITTEN, json.dumps(sorted(files), ensure_ascii=False).encode("utf-8"))
    shutil.rmtree(out / "__pycache__", ignore_errors=True)
    return out / "index.html"
