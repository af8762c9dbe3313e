"""Co-responsibility networks: owner ↔ programme affiliations and their projections for every city whose plan has a
programme table with owners (担当局等), the policies bridged by re-listed programmes, and actor co-mentions for every
city. Computing only: figures are in `compare.plots.network`.

References
----------
Borgatti, S. P. & Halgin, D. S. (2011). Analyzing affiliation networks. In The SAGE Handbook of Social Network Analysis.
Newman, M. E. J. (2001). Scientific collaboration networks II. Physical Review E 64, 016132 (collaboration weights).
Blondel, V. D. et al. (2008). Fast unfolding of communities in large networks (Louvain; seeded here).
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections import Counter
from dataclasses import dataclass

import networkx as nx
import pandas as pd
from networkx.algorithms import bipartite

from compare.core.codes import present
from compare.core.ordering import sorted_copy
from compare.core.settings import SEED

__all__ = [
    "NetworkConfig", "owner_programme_graph", "side_nodes", "owner_projection", "programme_projection",
    "policy_bridge_graph", "measures", "find_actors", "find_actors_spans",
    "actor_mentions", "actor_graph", "network_stage",
]


@dataclass(frozen=True)
class NetworkConfig:
    """Parameters of the network stage (recorded in build_config.json)."""

    seed: int = SEED


def _policy_of(programs: pd.DataFrame, nodes: pd.DataFrame | None) -> pd.Series:
    """The policy (parent node) each programme row is printed under."""
    if nodes is not None:
        return programs.node_id.map(dict(zip(nodes.node_id, nodes.parent_id))).fillna("")
    return programs.node_id.str.rsplit(".", n=1).str[0]


def owner_programme_graph(programs: pd.DataFrame, nodes: pd.DataFrame | None = None) -> nx.Graph:
    """Bipartite graph: owners (``bipartite=0``, attribute ``kind``) and programmes (``bipartite=1``).

    A programme is a `program_id` (all its listings together); an edge's ``listings`` counts the rows that
    name that owner for it. Programme attributes: ``name``, ``listings``, ``policies`` (sections it appears in).

    >>> from compare.io.datasets import load_nodes, load_programs
    >>> B = owner_programme_graph(load_programs(), load_nodes())
    >>> B.nodes["健康福祉局"]["kind"], B.nodes["市社会福祉協議会"]["kind"]
    ('bureau', 'partner')
    """
    B = nx.Graph()
    rows = programs.assign(policy=_policy_of(programs, nodes)).sort_values("row_id")
    for owners, kinds in zip(rows.owners, rows.owner_kinds):
        for o, k in zip(owners.split(";"), kinds.split(";")):
            if o:
                B.add_node(o, bipartite=0, kind=k, label=o)
    for pid, g in rows.groupby("program_id", sort=True):
        policies = sorted(set(g.policy))
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
    pol_of = programs.assign(policy=_policy_of(programs, nodes))
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


def measures(G: nx.Graph, network: str, *, weight: str = "weight", extra: dict[str, dict] | None = None,
             seed: int = SEED, city: str = "") -> pd.DataFrame:
    """Degree, weighted degree, betweenness (distance = 1/weight) and a seeded Louvain community, long format."""
    H = G.copy()
    for _a, _b, d in H.edges(data=True):
        d["distance"] = 1.0 / d[weight] if d.get(weight) else 1.0
    btw = nx.betweenness_centrality(H, weight="distance", normalized=True)
    comms = nx.community.louvain_communities(G, weight=weight, seed=seed) if G.number_of_edges() else [set(G)]
    comm_of = {n: i + 1 for i, c in enumerate(sorted(comms, key=lambda c: (-len(c), min(c)))) for n in c}
    rows = []
    for n in sorted(G):
        vals = {"degree": G.degree(n), "weighted_degree": G.degree(n, weight=weight),
                "betweenness": round(btw[n], 4), "community": comm_of[n]}
        for k, d in (extra or {}).items():
            if n in d:
                vals[k] = d[n]
        for m, v in vals.items():
            rows.append({"network": network, "city": city, "node": n, "label": G.nodes[n].get("label", n),
                         "kind": G.nodes[n].get("kind", G.nodes[n].get("part", "")), "measure": m, "value": v})
    return pd.DataFrame(rows)


# ----------------------------------------------------------------------------------------------- actors

def _actor_pattern(gazetteer: pd.DataFrame):
    """One regular expression of every spelling, longest first, and spelling → actor."""
    variants = sorted(set(gazetteer.variant), key=lambda v: (-len(v), v))
    return re.compile("|".join(re.escape(v) for v in variants)), dict(zip(gazetteer.variant, gazetteer.actor))


def find_actors_spans(text: str, gazetteer: pd.DataFrame, _compiled=None) -> list[tuple[int, int, str]]:
    """(start, end, actor) of every mention in the NFKC `text`, in text order: scanning left to right, the longest
    spelling that starts at a position wins and its characters count for that actor only (地区社協 is not 社協)."""
    pattern, actor_of = _compiled or _actor_pattern(gazetteer)
    s = unicodedata.normalize("NFKC", text)
    return [(m.start(), m.end(), actor_of[m.group(0)]) for m in pattern.finditer(s)]


def find_actors(text: str, gazetteer: pd.DataFrame) -> list[tuple[str, str]]:
    """(actor, variant) for every mention in `text`: NFKC text, longest spelling first, no overlaps.

    >>> from compare.io.reference import load_actors
    >>> g = load_actors()
    >>> find_actors("地区社協や市社協、民生委員と連携する", g)
    [('地区社会福祉協議会', '地区社協'), ('市社会福祉協議会', '市社協'), ('民生委員・児童委員', '民生委員')]
    """
    s = unicodedata.normalize("NFKC", text)
    return [(a, s[i:j]) for i, j, a in find_actors_spans(s, gazetteer)]


def actor_mentions(nodes: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """One row per (node, actor): city, node_id, level, actor, kind, mentions, variants as printed."""
    kinds = dict(zip(gazetteer.actor, gazetteer.kind))
    compiled = _actor_pattern(gazetteer)
    rows = []
    for n in nodes.itertuples(index=False):
        text = unicodedata.normalize("NFKC", f"{n.title}\n{n.body}")
        hits = [(actor, text[i:j]) for i, j, actor in find_actors_spans(text, gazetteer, compiled)]
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
    actors, node_ids = mentions.actor.tolist(), mentions.node_id.tolist()
    first_kind: dict[str, str] = {}
    named_in: dict[str, set] = {}
    for a, k, n in zip(actors, mentions.kind.tolist(), node_ids):
        first_kind.setdefault(a, k)
        named_in.setdefault(a, set()).add(n)
    G = nx.Graph()
    for a in sorted(named_in):
        G.add_node(a, kind=first_kind[a], nodes=len(named_in[a]), label=a)
    names: dict[str, set] = {}
    for n, a in zip(node_ids, actors):
        names.setdefault(n, set()).add(a)
    for n in sorted(names):
        for a, b in itertools.combinations(sorted(names[n]), 2):
            w = G.edges[a, b]["weight"] + 1 if G.has_edge(a, b) else 1
            G.add_edge(a, b, weight=w)
    return G


# ----------------------------------------------------------------------------------------------- stage

def _owner_networks(city: str, programs: pd.DataFrame, nodes: pd.DataFrame, seed: int) -> tuple[dict, list]:
    B = owner_programme_graph(programs, nodes)
    owners = owner_projection(B)
    policies = policy_bridge_graph(programs, nodes)
    # Jointly owned share per owner: of its programmes, how many have more than one owner.
    joint = {o: round(sum(B.degree(p) > 1 for p in B[o]) / B.degree(o), 3) for o in side_nodes(B, 0)}
    for G in (B, owners, policies):
        G.graph.update(city=city)
    graphs = {f"networks/owner-programme-bipartite-{city}": B, f"networks/owner-coresponsibility-{city}": owners,
              f"networks/programme-shared-owners-{city}": programme_projection(B),
              f"networks/policy-relisting-bridges-{city}": policies}
    frames = [measures(owners, f"owner-coresponsibility-{city}", seed=seed, city=city,
                       extra={"programmes": {o: owners.nodes[o]["programmes"] for o in owners},
                              "jointly_owned_share": joint})]
    if policies.number_of_nodes():
        frames.append(measures(policies, f"policy-relisting-bridges-{city}", seed=seed, city=city))
    return graphs, frames


def network_stage(inputs: dict, config: NetworkConfig, *, text=None) -> dict:
    """Build stage: owner networks for every city with a programme table, actor networks for every city."""
    nodes, programs, tokens = inputs["nodes.csv"], inputs["programs.csv"], inputs["tokens.csv"]
    cities = list(dict.fromkeys(nodes.city))
    files: dict[str, object] = {}
    frames = []
    for city in cities:
        p = programs[programs.city == city]
        if len(p) and p.owners.str.len().gt(0).any():
            graphs, f = _owner_networks(city, p[p.owners.str.len() > 0], nodes, config.seed)
            files.update(graphs)
            frames += f
    counted = present(tokens.node_id, tokens.counted.to_numpy(dtype=bool))
    mentions = actor_mentions(nodes[nodes.node_id.isin(counted)], inputs["actors.csv"])  # each text counted once
    rows_of = mentions.groupby("city", sort=False).indices      # one pass, not a filter per city
    for city in cities:
        G = actor_graph(mentions.iloc[rows_of.get(city, [])])
        G.graph.update(city=city, rule="co-mention within one plan element (first listings)")
        files[f"networks/actors-{city}"] = G
        if G.number_of_nodes():
            frames.append(measures(G, f"actors-{city}", seed=config.seed, city=city,
                                   extra={"nodes": {n: G.nodes[n]["nodes"] for n in G}}))
    files["network_measures.csv"] = pd.concat(frames, ignore_index=True) if frames else pd.DataFrame(
        columns=["network", "city", "node", "label", "kind", "measure", "value"])
    files["actor_mentions.csv"] = mentions
    return files
