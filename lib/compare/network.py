"""Co-responsibility networks: Sendai's owner ↔ programme affiliations, policy bridges, and actor co-mentions.

References
----------
Borgatti, S. P. & Halgin, D. S. (2011). Analyzing affiliation networks. In The SAGE Handbook of Social Network Analysis.
Newman, M. E. J. (2001). Scientific collaboration networks II. Physical Review E 64, 016132 (collaboration weights).
Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks (Louvain; seeded here).
"""

from __future__ import annotations

import io
import itertools
import re
import unicodedata
from collections import Counter

import networkx as nx
import numpy as np
import pandas as pd
from networkx.algorithms import bipartite

from .figures import CITY_COLORS, JP_FONT, OKABE_ITO, city_label, city_order, plt
from .paths import DEFAULT, Layout
from .tables import csv_bytes, read_commented_csv
from .graphs import component_layout, edge_list_bytes, gexf_bytes, graphml_bytes, sorted_copy

__all__ = [
    "SEED", "OWNER_KIND_COLORS", "owner_programme_graph", "side_nodes", "owner_projection", "programme_projection",
    "policy_bridge_graph", "measures", "load_actors", "find_actors", "actor_mentions", "actor_graph",
    "plot_owner_network", "plot_policy_network", "plot_actor_networks",
    "network_stage",
]

SEED = 42
OWNER_KIND_COLORS = {"bureau": OKABE_ITO[0], "ward": OKABE_ITO[2], "partner": OKABE_ITO[5], "unspecified": "#999999"}


def owner_programme_graph(programs: pd.DataFrame) -> nx.Graph:
    """Bipartite graph: owners (``bipartite=0``, attribute ``kind``) and programmes (``bipartite=1``).

    A programme is a `program_id` (all its listings together); an edge's ``listings`` counts the rows that
    name that owner for it. Programme attributes: ``name``, ``listings``, ``policies`` (sections it appears in).

    >>> from compare.corpus import load_programs
    >>> B = owner_programme_graph(load_programs())
    >>> B.nodes["健康福祉局"]["kind"], B.nodes["市社会福祉協議会"]["kind"]
    ('bureau', 'partner')
    """
    B = nx.Graph()
    rows = programs.sort_values("row_id")
    for owners, kinds in zip(rows.owners, rows.owner_kinds):
        for o, k in zip(owners.split(";"), kinds.split(";")):
            if o:
                B.add_node(o, bipartite=0, kind=k, label=o)
    for pid, g in rows.groupby("program_id", sort=True):
        policies = sorted(set(g.node_id.str.rsplit(".", n=1).str[0]))
        B.add_node(pid, bipartite=1, kind="programme", label=g.name.iloc[0], listings=len(g),
                   policies=";".join(policies))
        counts = Counter(o for owners in g.owners for o in owners.split(";") if o)
        for o, n in sorted(counts.items()):
            B.add_edge(o, pid, listings=n)
    return B


def side_nodes(B: nx.Graph, side: int) -> list[str]:
    """Sorted nodes of one side of a bipartite graph (0 = owners, 1 = programmes)."""
    return sorted(n for n, d in B.nodes(data=True) if d["bipartite"] == side)


def owner_projection(B: nx.Graph) -> nx.Graph:
    """Owner–owner co-responsibility: ``weight`` = shared programmes; ``newman`` = Newman's collaboration weight.

    Node attributes keep ``kind`` and add ``programmes`` (how many programmes the owner has).
    """
    owners = side_nodes(B, 0)
    G = bipartite.weighted_projected_graph(B, owners)
    newman = bipartite.collaboration_weighted_projected_graph(B, owners)
    for a, b in G.edges:
        G.edges[a, b]["newman"] = round(float(newman.edges[a, b]["weight"]), 4)
    for o in owners:
        G.nodes[o].update(kind=B.nodes[o]["kind"], label=o, programmes=B.degree(o))
    return sorted_copy(G)


def programme_projection(B: nx.Graph) -> nx.Graph:
    """Programme–programme graph: ``weight`` = owners they share."""
    G = bipartite.weighted_projected_graph(B, side_nodes(B, 1))
    for p in G:
        G.nodes[p].update({k: v for k, v in B.nodes[p].items() if k != "bipartite"})
    return sorted_copy(G)


def policy_bridge_graph(programs: pd.DataFrame, nodes: pd.DataFrame) -> nx.Graph:
    """Policies (施策 and sub-plan sections) linked by programmes printed under both; ``weight`` = shared programmes.

    Edge attribute ``programmes`` names them (``;``-joined program_ids); node attributes: ``label``, ``part``,
    ``programmes`` (distinct programmes listed under the policy).
    """
    pol_of = programs.assign(policy=programs.node_id.str.rsplit(".", n=1).str[0])
    G = nx.Graph()
    titles = nodes.set_index("node_id").title
    parts = nodes.set_index("node_id").part
    for pol, g in pol_of.groupby("policy", sort=True):
        G.add_node(pol, label=titles[pol], part=parts[pol], programmes=g.program_id.nunique())
    shared: dict[tuple[str, str], list[str]] = {}
    for pid, g in pol_of.groupby("program_id", sort=True):
        for a, b in itertools.combinations(sorted(set(g.policy)), 2):
            shared.setdefault((a, b), []).append(pid)
    for (a, b), pids in sorted(shared.items()):
        G.add_edge(a, b, weight=len(pids), programmes=";".join(pids))
    return G


def measures(G: nx.Graph, network: str, *, weight: str = "weight", extra: dict[str, dict] | None = None) -> pd.DataFrame:
    """Degree, weighted degree, betweenness (distance = 1/weight) and a seeded Louvain community, long format."""
    H = G.copy()
    for a, b, d in H.edges(data=True):
        d["distance"] = 1.0 / d[weight] if d.get(weight) else 1.0
    btw = nx.betweenness_centrality(H, weight="distance", normalized=True)
    comms = nx.community.louvain_communities(G, weight=weight, seed=SEED) if G.number_of_edges() else [set(G)]
    comm_of = {n: i + 1 for i, c in enumerate(sorted(comms, key=lambda c: (-len(c), min(c)))) for n in c}
    rows = []
    for n in sorted(G):
        vals = {"degree": G.degree(n), "weighted_degree": G.degree(n, weight=weight),
                "betweenness": round(btw[n], 4), "community": comm_of[n]}
        for k, d in (extra or {}).items():
            if n in d:
                vals[k] = d[n]
        for m, v in vals.items():
            rows.append({"network": network, "node": n, "label": G.nodes[n].get("label", n),
                         "kind": G.nodes[n].get("kind", G.nodes[n].get("part", "")), "measure": m, "value": v})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- actors

def load_actors(layout: Layout = DEFAULT) -> pd.DataFrame:
    """The gazetteer, one row per (actor, variant), longest variant first."""
    rows = []
    for r in read_commented_csv(layout.reference / "actors.csv"):
        for v in r["variants"].split("|"):
            rows.append({"actor": r["actor"], "kind": r["kind"], "variant": unicodedata.normalize("NFKC", v.strip())})
    df = pd.DataFrame(rows)
    return df.assign(n=df.variant.str.len()).sort_values(["n", "variant"], ascending=[False, True]).drop(columns="n")


def find_actors(text: str, gazetteer: pd.DataFrame) -> list[tuple[str, str]]:
    """(actor, variant) for every mention in `text`: NFKC text, longest spelling first, no overlaps.

    >>> g = load_actors()
    >>> find_actors("地区社協や市社協、民生委員と連携する", g)
    [('地区社会福祉協議会', '地区社協'), ('市社会福祉協議会', '市社協'), ('民生委員・児童委員', '民生委員')]
    """
    s = unicodedata.normalize("NFKC", text)
    taken = np.zeros(len(s), dtype=bool)
    hits = []
    for actor, variant in zip(gazetteer.actor, gazetteer.variant):
        for m in re.finditer(re.escape(variant), s):
            if not taken[m.start():m.end()].any():
                taken[m.start():m.end()] = True
                hits.append((m.start(), actor, variant))
    return [(a, v) for _, a, v in sorted(hits)]


def actor_mentions(nodes: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """One row per (node, actor): city, node_id, level, actor, kind, mentions, variants as printed."""
    kinds = dict(zip(gazetteer.actor, gazetteer.kind))
    rows = []
    for n in nodes.itertuples(index=False):
        hits = find_actors(f"{n.title}\n{n.body}", gazetteer)
        by_actor: dict[str, Counter] = {}
        for a, v in hits:
            by_actor.setdefault(a, Counter())[v] += 1
        for a, c in sorted(by_actor.items()):
            rows.append({"city": n.city, "node_id": n.node_id, "level": n.level, "actor": a, "kind": kinds[a],
                         "mentions": sum(c.values()), "variants": ";".join(sorted(c))})
    return pd.DataFrame(rows, columns=["city", "node_id", "level", "actor", "kind", "mentions", "variants"])


def actor_graph(mentions: pd.DataFrame) -> nx.Graph:
    """Actors named in the same node are linked; ``weight`` = nodes naming both. Same rule for every city.

    Node attributes: ``kind``, ``nodes`` (how many nodes name the actor). Distinct texts count once (a
    programme re-listed with the same text is one mention, as in the co-occurrence networks).
    """
    G = nx.Graph()
    for a, g in mentions.groupby("actor", sort=True):
        G.add_node(a, kind=g.kind.iloc[0], nodes=int(g.node_id.nunique()), label=a)
    for _, g in mentions.groupby("node_id", sort=True):
        for a, b in itertools.combinations(sorted(set(g.actor)), 2):
            w = G.edges[a, b]["weight"] + 1 if G.has_edge(a, b) else 1
            G.add_edge(a, b, weight=w)
    return G


# ----------------------------------------------------------------------------------------------- export

# ----------------------------------------------------------------------------------------------- figures

def _annotate(ax, pos: dict, labels: dict, size_of: dict, *, fontsize: int = 9) -> None:
    """Each label just right of its node, offset by the node's radius in points, so labels never cover nodes."""
    for n, (x, y) in pos.items():
        r = np.sqrt(size_of[n]) / 2
        ax.annotate(labels.get(n, n), xy=(x, y), xytext=(r + 2, 0), textcoords="offset points", va="center",
                    ha="left", fontsize=fontsize, fontfamily=JP_FONT,
                    bbox={"boxstyle": "round,pad=0.1", "fc": "white", "ec": "none", "alpha": 0.7})


def _draw(ax, G: nx.Graph, pos: dict, size: dict, colors: list, *, wmax: float, width: tuple[float, float],
          alpha: float) -> None:
    """Edges (width ∝ weight on the shared scale `wmax`) under nodes (sizes and colours given)."""
    nx.draw_networkx_edges(G, pos, ax=ax, width=[width[0] + width[1] * d["weight"] / wmax
                                                 for _, _, d in G.edges(data=True)],
                           edge_color="#9a9a9a", alpha=alpha)
    nx.draw_networkx_nodes(G, pos, ax=ax, node_size=[size[n] for n in G], node_color=colors, alpha=0.9)


def _legend(ax, colors: dict, title: str) -> None:
    for key, col in colors.items():
        ax.scatter([], [], color=col, label=key, s=60)
    ax.legend(title=title, frameon=False, loc="lower left")


def plot_owner_network(G: nx.Graph, *, seed: int = SEED):
    """Owner co-responsibility: node size = programmes, edge width = shared programmes, colour = owner kind.

    Owners sharing no programme are listed beside the graph instead of being drawn as a column of dots.
    """
    fig, ax = plt.subplots(figsize=(10, 7))
    alone = sorted((n for n in G if G.degree(n) == 0), key=lambda n: (-G.nodes[n]["programmes"], n))
    H = sorted_copy(G.subgraph([n for n in G if G.degree(n) > 0]))  # views iterate in hash order
    comps = sorted((sorted(c, key=lambda n: (-G.nodes[n]["programmes"], n)) for c in nx.connected_components(H)),
                   key=lambda c: (-len(c), c[0]))
    order = [n for c in comps for n in c]
    pos = nx.circular_layout(order)   # few owners: a circle keeps every node and label apart
    size = {n: 80 + 1600 * np.sqrt(G.nodes[n]["programmes"] / max(d for _, d in G.nodes(data="programmes")))
            for n in H}
    wmax = max((d["weight"] for _, _, d in H.edges(data=True)), default=1)
    _draw(ax, H, pos, size, [OWNER_KIND_COLORS.get(G.nodes[n]["kind"], "#999") for n in H], wmax=wmax,
          width=(1, 10), alpha=0.6)
    for a, b, d in H.edges(data=True):
        x, y = (pos[a] + pos[b]) / 2
        ax.text(x, y, str(d["weight"]), fontsize=9, ha="center", va="center", color="#333",
                bbox={"boxstyle": "round,pad=0.15", "fc": "white", "ec": "#bbb"})
    _annotate(ax, pos, {n: f"{n} ({G.nodes[n]['programmes']})" for n in H}, size, fontsize=10)
    if alone:
        ax.text(1.02, 0.5, "共同担当なし / no shared programme:\n" +
                "\n".join(f"{n} ({G.nodes[n]['programmes']})" for n in alone),
                transform=ax.transAxes, va="center", ha="left", fontsize=9, fontfamily=JP_FONT)
    _legend(ax, OWNER_KIND_COLORS, "owner kind")
    ax.set_title("仙台市 担当局等の共同担当ネットワーク\nSendai owners sharing programmes "
                 "(size = programmes, width/number = shared programmes)", fontsize=11)
    ax.axis("off")
    ax.margins(0.2)
    return fig


def plot_policy_network(G: nx.Graph, *, seed: int = SEED):
    """Policies bridged by re-listed programmes: width = shared programmes, colour = part."""
    part_colors = {"main": OKABE_ITO[0], "livelihood": OKABE_ITO[1], "guardianship": OKABE_ITO[3],
                   "reoffending": OKABE_ITO[5]}
    fig, ax = plt.subplots(figsize=(11, 9))
    pos = nx.kamada_kawai_layout(G, weight=None)  # deterministic, spreads the dense centre more than spring
    size = {n: 150 + 20 * G.nodes[n]["programmes"] for n in G}
    wmax = max((d["weight"] for _, _, d in G.edges(data=True)), default=1)
    _draw(ax, G, pos, size, [part_colors.get(G.nodes[n]["part"], "#999") for n in G], wmax=wmax, width=(0.6, 7),
          alpha=0.6)
    labels = {n: f"{n.removeprefix('sendai.')} {G.nodes[n]['label'][:9]}" for n in G}
    _annotate(ax, pos, labels, size, fontsize=8)
    _legend(ax, part_colors, "part")
    ax.set_title("施策間の再掲ネットワーク Sendai policies bridged by the same programmes\n"
                 "(width = programmes listed under both; size = programmes listed)", fontsize=11)
    ax.axis("off")
    ax.margins(0.1)
    return fig


def plot_actor_networks(graphs: dict[str, nx.Graph], *, seed: int = SEED):
    """The three cities' actor co-mention graphs side by side on the same scales."""
    kinds = sorted({d["kind"] for G in graphs.values() for _, d in G.nodes(data=True)})
    kcol = {k: OKABE_ITO[i % len(OKABE_ITO)] for i, k in enumerate(kinds)}
    nmax = max((d["nodes"] for G in graphs.values() for _, d in G.nodes(data=True)), default=1)
    wmax = max((d["weight"] for G in graphs.values() for _, _, d in G.edges(data=True)), default=1)
    fig, axes = plt.subplots(1, len(graphs), figsize=(6.5 * len(graphs), 6.5))
    for ax, (city, G) in zip(np.atleast_1d(axes), graphs.items()):
        ax.axis("off")
        ax.set_title(f"{city_label(city)}: {G.number_of_nodes()} actors, {G.number_of_edges()} links", fontsize=11,
                     color=CITY_COLORS.get(city, "#222"))
        if not G:
            continue
        pos = component_layout(G, seed=seed)
        size = {n: 80 + 1400 * G.nodes[n]["nodes"] / nmax for n in G}
        _draw(ax, G, pos, size, [kcol[G.nodes[n]["kind"]] for n in G], wmax=wmax, width=(0.6, 6), alpha=0.7)
        _annotate(ax, pos, {n: n for n in G}, size, fontsize=8)
        ax.margins(0.15)
    for k, c in kcol.items():
        np.atleast_1d(axes)[0].scatter([], [], color=c, label=k, s=50)
    np.atleast_1d(axes)[0].legend(title="actor kind", frameon=False, loc="lower left", fontsize=8)
    fig.suptitle("主体の共起ネットワーク Actors named in the same plan element (same rules and scales for every city)")
    fig.tight_layout()
    return fig


# ----------------------------------------------------------------------------------------------- stage

def network_stage(layout: Layout, outputs: dict[str, bytes]) -> dict[str, bytes]:
    """Build stage: every graph as GraphML, GEXF and edge-list CSV, plus network_measures.csv and actor tables."""
    nodes = pd.read_csv(io.BytesIO(outputs["nodes.csv"]), dtype=str, keep_default_na=False)
    programs = pd.read_csv(io.BytesIO(outputs["programs.csv"]), dtype=str, keep_default_na=False)
    B = owner_programme_graph(programs)
    owners = owner_projection(B)
    progs = programme_projection(B)
    policies = policy_bridge_graph(programs, nodes)
    # Jointly owned share per owner: of its programmes, how many have more than one owner.
    joint = {o: round(sum(B.degree(p) > 1 for p in B[o]) / B.degree(o), 3) for o in side_nodes(B, 0)}
    gaz = load_actors(layout)
    distinct = nodes.drop_duplicates(["city", "title", "body"])   # a re-listed programme text counts once
    mentions = actor_mentions(distinct, gaz)
    graphs: dict[str, nx.Graph] = {
        "sendai-owner-programme-bipartite": B,
        "sendai-owner-coresponsibility": owners,
        "sendai-programme-shared-owners": progs,
        "sendai-policy-relisting-bridges": policies,
    }
    frames = [
        measures(owners, "sendai-owner-coresponsibility",
                 extra={"programmes": {o: owners.nodes[o]["programmes"] for o in owners}, "jointly_owned_share": joint}),
        measures(policies, "sendai-policy-relisting-bridges"),
    ]
    for city in city_order(nodes.city.unique()):
        G = actor_graph(mentions[mentions.city == city])
        G.graph.update(city=city, rule="co-mention within one plan element")
        graphs[f"actors-{city}"] = G
        if G.number_of_nodes():
            frames.append(measures(G, f"actors-{city}", extra={"nodes": {n: G.nodes[n]["nodes"] for n in G}}))
    files: dict[str, bytes] = {}
    for name, G in graphs.items():
        files[f"networks/{name}.graphml"] = graphml_bytes(G)
        files[f"networks/{name}.gexf"] = gexf_bytes(G)
        files[f"networks/{name}-edges.csv"] = edge_list_bytes(G)
    m = pd.concat(frames, ignore_index=True)
    files["network_measures.csv"] = csv_bytes(m.to_dict("records"), ["network", "node", "label", "kind", "measure", "value"])
    files["actor_mentions.csv"] = csv_bytes(mentions.to_dict("records"), list(mentions.columns))
    return files
