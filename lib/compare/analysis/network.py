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
    """Parameters of the network stage (recorded in build_config.json).

    Parameters
    ----------
    seed : int
        Seed of the Louvain communities (`measures`); default `compare.core.settings.SEED`.

    Examples
    --------
    >>> from compare.core.settings import SEED
    >>> NetworkConfig().seed == SEED
    True
    """

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

    Parameters
    ----------
    programs : pandas.DataFrame
        Programme-table rows (``compare.io.datasets.load_programs()``, usually one city's rows that name owners)
        with at least ``row_id``, ``node_id``, ``program_id``, ``name``, ``owners`` and ``owner_kinds`` (``;``-joined,
        one kind per owner, e.g. ``bureau``, ``ward``, ``partner``, ``unspecified``).
    nodes : pandas.DataFrame, optional
        Plan elements (``compare.io.datasets.load_nodes()``): the policy of a row is the parent of its node.
        Default None: the row's node id without its last dotted part (``x.g1.p2.r1`` → ``x.g1.p2``).

    Returns
    -------
    networkx.Graph
        Owner nodes (named by the owner) with ``bipartite=0``, ``kind`` and ``label``; programme nodes (named by
        ``program_id``) with ``bipartite=1``, ``kind='programme'``, ``label`` (the programme's name as first
        listed), ``listings`` (rows printed for it) and ``policies`` (``;``-joined sorted policy ids it is
        printed under). Edges owner–programme with ``listings`` (rows of the programme that name the owner).

    Examples
    --------
    >>> from compare.io.datasets import load_nodes, load_programs
    >>> B = owner_programme_graph(load_programs(), load_nodes())
    >>> B.nodes["健康福祉局"]["kind"], B.nodes["市社会福祉協議会"]["kind"]
    ('bureau', 'partner')

    Every printed row is one listing of exactly one programme node:

    >>> programs = load_programs()
    >>> programmes = side_nodes(B, 1)
    >>> len(programmes) == programs.program_id.nunique()
    True
    >>> sum(B.nodes[q]["listings"] for q in programmes) == len(programs)
    True

    A hand-made table: programme ``x.p1`` is printed twice (under two policies), both times naming 健康福祉局:

    >>> toy = pd.DataFrame({"row_id": ["x.r1", "x.r2", "x.r3"],
    ...                     "node_id": ["x.g1.p1.r1", "x.g1.p1.r2", "x.g1.p2.r1"],
    ...                     "program_id": ["x.p1", "x.p2", "x.p1"],
    ...                     "name": ["見守り活動", "居場所づくり", "見守り活動"],
    ...                     "owners": ["健康福祉局;市社会福祉協議会;市民局", "健康福祉局;市民局", "健康福祉局"],
    ...                     "owner_kinds": ["bureau;partner;bureau", "bureau;bureau", "bureau"]})
    >>> B = owner_programme_graph(toy)
    >>> B.nodes["x.p1"]["listings"], B.nodes["x.p1"]["policies"], B.edges["健康福祉局", "x.p1"]["listings"]
    (2, 'x.g1.p1;x.g1.p2', 2)
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
    """Sorted nodes of one side of a bipartite graph (0 = owners, 1 = programmes).

    Parameters
    ----------
    B : networkx.Graph
        A graph whose every node has the attribute ``bipartite`` (as from `owner_programme_graph`).
    side : int
        0 for the owners, 1 for the programmes.

    Returns
    -------
    list of str
        The nodes whose ``bipartite`` equals `side`, in sorted order.

    Examples
    --------
    >>> toy = pd.DataFrame({"row_id": ["x.r1", "x.r2", "x.r3"],
    ...                     "node_id": ["x.g1.p1.r1", "x.g1.p1.r2", "x.g1.p2.r1"],
    ...                     "program_id": ["x.p1", "x.p2", "x.p1"],
    ...                     "name": ["見守り活動", "居場所づくり", "見守り活動"],
    ...                     "owners": ["健康福祉局;市社会福祉協議会;市民局", "健康福祉局;市民局", "健康福祉局"],
    ...                     "owner_kinds": ["bureau;partner;bureau", "bureau;bureau", "bureau"]})
    >>> B = owner_programme_graph(toy)
    >>> side_nodes(B, 0), side_nodes(B, 1)
    (['健康福祉局', '市民局', '市社会福祉協議会'], ['x.p1', 'x.p2'])
    """
    return sorted(n for n, d in B.nodes(data=True) if d["bipartite"] == side)


def owner_projection(B: nx.Graph) -> nx.Graph:
    """Owner–owner co-responsibility: ``weight`` = shared programmes; ``newman`` = Newman's collaboration weight.

    Node attributes keep ``kind`` and add ``programmes`` (how many programmes the owner has).

    Parameters
    ----------
    B : networkx.Graph
        An owner–programme graph (`owner_programme_graph`).

    Returns
    -------
    networkx.Graph
        Every owner of `B` (also those sharing no programme, as isolated nodes), with ``kind``, ``label`` and
        ``programmes``; an edge for every two owners that share at least one programme, with ``weight`` (shared
        programmes, int) and ``newman`` (the sum over those programmes of 1 / (owners − 1), 4 decimals: a
        programme of many owners ties each pair of them less). Nodes and edges in sorted order.

    Examples
    --------
    >>> toy = pd.DataFrame({"row_id": ["x.r1", "x.r2", "x.r3"],
    ...                     "node_id": ["x.g1.p1.r1", "x.g1.p1.r2", "x.g1.p2.r1"],
    ...                     "program_id": ["x.p1", "x.p2", "x.p1"],
    ...                     "name": ["見守り活動", "居場所づくり", "見守り活動"],
    ...                     "owners": ["健康福祉局;市社会福祉協議会;市民局", "健康福祉局;市民局", "健康福祉局"],
    ...                     "owner_kinds": ["bureau;partner;bureau", "bureau;bureau", "bureau"]})
    >>> O = owner_projection(owner_programme_graph(toy))
    >>> O.edges["健康福祉局", "市民局"], O.edges["健康福祉局", "市社会福祉協議会"]
    ({'weight': 2, 'newman': 1.5}, {'weight': 1, 'newman': 0.5})
    >>> O.nodes["健康福祉局"]["programmes"], O.nodes["市社会福祉協議会"]["kind"]
    (2, 'partner')
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
    """Programme–programme graph: ``weight`` = owners they share.

    Parameters
    ----------
    B : networkx.Graph
        An owner–programme graph (`owner_programme_graph`).

    Returns
    -------
    networkx.Graph
        Every programme of `B` with its attributes there (``kind``, ``label``, ``listings``, ``policies``); an edge
        for every two programmes with at least one owner in common, ``weight`` = owners in common (int). Nodes and
        edges in sorted order.

    Examples
    --------
    >>> toy = pd.DataFrame({"row_id": ["x.r1", "x.r2", "x.r3"],
    ...                     "node_id": ["x.g1.p1.r1", "x.g1.p1.r2", "x.g1.p2.r1"],
    ...                     "program_id": ["x.p1", "x.p2", "x.p1"],
    ...                     "name": ["見守り活動", "居場所づくり", "見守り活動"],
    ...                     "owners": ["健康福祉局;市社会福祉協議会;市民局", "健康福祉局;市民局", "健康福祉局"],
    ...                     "owner_kinds": ["bureau;partner;bureau", "bureau;bureau", "bureau"]})
    >>> P = programme_projection(owner_programme_graph(toy))
    >>> P.edges["x.p1", "x.p2"]["weight"], P.nodes["x.p2"]["label"]
    (2, '居場所づくり')
    """
    G = bipartite.weighted_projected_graph(B, side_nodes(B, 1))
    for p in G:
        G.nodes[p].update({k: v for k, v in B.nodes[p].items() if k != "bipartite"})
    return sorted_copy(G)


def policy_bridge_graph(programs: pd.DataFrame, nodes: pd.DataFrame) -> nx.Graph:
    """Policies (施策 and sub-plan sections) linked by programmes printed under both; ``weight`` = shared programmes.

    Edge attribute ``programmes`` names them (``;``-joined program_ids); node attributes: ``label``, ``part``,
    ``programmes`` (distinct programmes listed under the policy).

    Parameters
    ----------
    programs : pandas.DataFrame
        Programme-table rows with at least ``node_id`` and ``program_id`` (``compare.io.datasets.load_programs()``).
    nodes : pandas.DataFrame
        Plan elements (``compare.io.datasets.load_nodes()``): the parent of a row's node is its policy, whose
        ``title`` becomes the ``label`` and whose ``part`` is kept.

    Returns
    -------
    networkx.Graph
        One node per policy with a programme (id = the policy's node id), attributes ``label``, ``part`` and
        ``programmes`` (int); an edge for every two policies that print a programme in common, attributes
        ``weight`` (int) and ``programmes`` (the sorted program_ids, ``;``-joined).

    Examples
    --------
    >>> from compare.io.datasets import load_nodes, load_programs
    >>> nodes, programs = load_nodes(), load_programs()
    >>> G = policy_bridge_graph(programs[programs.city == "sendai"], nodes)
    >>> set(G) <= set(nodes.node_id[nodes.city == "sendai"])
    True
    >>> all(d["weight"] == len(d["programmes"].split(";")) for _, _, d in G.edges(data=True))
    True
    >>> G.nodes["sendai.g1.p1"]["label"], G.nodes["sendai.g1.p1"]["part"]
    ('共生の意識を高める取り組みの推進', 'main')
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
    """Degree, weighted degree, betweenness (distance = 1/weight) and a seeded Louvain community, long format.

    Communities are numbered 1, 2, … from the largest (ties: by the smallest node name); a graph without edges is
    one community. Betweenness is normalised and rounded to 4 decimals; an edge without a weight counts as
    distance 1.

    Parameters
    ----------
    G : networkx.Graph
        Any of the network graphs (an owner projection, a policy bridge graph, an actor graph).
    network : str
        Name of the network, written to the ``network`` column (e.g. ``'owner-coresponsibility-sendai'``).
    weight : str, optional
        Edge attribute holding the weight; default ``'weight'``.
    extra : dict of str to dict, optional
        Further measures: measure name → {node: value}; nodes missing from a dict get no row for it. Default None.
    seed : int, optional
        Seed of the Louvain communities; default `compare.core.settings.SEED`.
    city : str, optional
        City id written to the ``city`` column; default ``''``.

    Returns
    -------
    pandas.DataFrame
        Long format, one row per node and measure, nodes in sorted order: ``network``, ``city``, ``node``,
        ``label`` (the node's ``label`` attribute, else its name), ``kind`` (its ``kind``, else its ``part``,
        else ``''``), ``measure`` (``degree``, ``weighted_degree``, ``betweenness``, ``community`` and the keys of
        `extra`) and ``value``.

    Examples
    --------
    >>> import networkx as nx
    >>> G = nx.Graph([("a", "b", {"weight": 2}), ("b", "c", {"weight": 1})])
    >>> m = measures(G, "toy", city="x", extra={"programmes": {"a": 3}})
    >>> list(m.columns)
    ['network', 'city', 'node', 'label', 'kind', 'measure', 'value']
    >>> m[m.node == "b"].set_index("measure").value.to_dict()
    {'degree': 2.0, 'weighted_degree': 3.0, 'betweenness': 1.0, 'community': 1.0}
    >>> m[m.measure == "programmes"].node.tolist()
    ['a']
    """
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
    """(start, end, actor) of every mention in the NFKC `text`, in text order.

    Scanning left to right, the longest spelling that starts at a position wins and its characters count for that
    actor only (地区社協 is not 社協).

    Parameters
    ----------
    text : str
        Any text; it is NFKC-normalised before matching.
    gazetteer : pandas.DataFrame
        The actor gazetteer with columns ``actor`` and ``variant`` (one row per spelling;
        ``compare.io.reference.load_actors()``).
    _compiled : tuple, optional
        Internal: the gazetteer's pattern and spelling → actor map, compiled once by a caller that scans many
        texts. Default None: compiled from `gazetteer`.

    Returns
    -------
    list of tuple of (int, int, str)
        Start and end offsets in the NFKC text (``s[start:end]`` is the spelling found) and the actor it names,
        without overlaps.

    Examples
    --------
    >>> from compare.io.reference import load_actors
    >>> g = load_actors()
    >>> find_actors_spans("地区社協や市社協、民生委員と連携する", g)
    [(0, 4, '地区社会福祉協議会'), (5, 8, '市社会福祉協議会'), (9, 13, '民生委員・児童委員')]

    Offsets refer to the normalised text (full-width ＮＰＯ becomes NPO, of the same length here):

    >>> find_actors_spans("ＮＰＯ・ボランティア団体と地区社協", g)
    [(0, 12, 'NPO・ボランティア団体'), (13, 17, '地区社会福祉協議会')]
    """
    pattern, actor_of = _compiled or _actor_pattern(gazetteer)
    s = unicodedata.normalize("NFKC", text)
    return [(m.start(), m.end(), actor_of[m.group(0)]) for m in pattern.finditer(s)]


def find_actors(text: str, gazetteer: pd.DataFrame) -> list[tuple[str, str]]:
    """(actor, variant) for every mention in `text`: NFKC text, longest spelling first, no overlaps.

    Parameters
    ----------
    text : str
        Any text; it is NFKC-normalised before matching (`find_actors_spans`).
    gazetteer : pandas.DataFrame
        The actor gazetteer with columns ``actor`` and ``variant`` (``compare.io.reference.load_actors()``).

    Returns
    -------
    list of tuple of (str, str)
        In text order: the actor (its canonical name in the gazetteer) and the spelling as found in the NFKC text.

    Examples
    --------
    >>> from compare.io.reference import load_actors
    >>> g = load_actors()
    >>> find_actors("地区社協や市社協、民生委員と連携する", g)
    [('地区社会福祉協議会', '地区社協'), ('市社会福祉協議会', '市社協'), ('民生委員・児童委員', '民生委員')]
    """
    s = unicodedata.normalize("NFKC", text)
    return [(a, s[i:j]) for i, j, a in find_actors_spans(s, gazetteer)]


def actor_mentions(nodes: pd.DataFrame, gazetteer: pd.DataFrame) -> pd.DataFrame:
    """One row per (node, actor): city, node_id, level, actor, kind, mentions, variants as printed.

    Title and body of a node are searched together (NFKC, the rule of `find_actors_spans`).

    Parameters
    ----------
    nodes : pandas.DataFrame
        Plan elements with at least ``city``, ``node_id``, ``level``, ``title`` and ``body``
        (``compare.io.datasets.load_nodes()``; `network_stage` passes only the first listings).
    gazetteer : pandas.DataFrame
        The actor gazetteer with columns ``actor``, ``kind`` and ``variant`` (``compare.io.reference.load_actors()``).

    Returns
    -------
    pandas.DataFrame
        Columns ``city``, ``node_id``, ``level``, ``actor``, ``kind`` (the actor's kind in the gazetteer),
        ``mentions`` (how many times the node names the actor, int ≥ 1) and ``variants`` (the spellings found,
        sorted and ``;``-joined); in node order, then by actor. Empty, with these columns, if nothing is found.

    Examples
    --------
    >>> from compare.io.reference import load_actors
    >>> toy = pd.DataFrame({"city": ["x"], "node_id": ["x.g1"], "level": ["goal"], "title": ["市社協との連携"],
    ...                     "body": ["市社会福祉協議会や民生委員と"]})
    >>> actor_mentions(toy, load_actors())[["actor", "mentions", "variants"]].values.tolist()
    [['市社会福祉協議会', 2, '市社会福祉協議会;市社協'], ['民生委員・児童委員', 1, '民生委員']]

    On the committed tables, each (node, actor) pair is one row and every actor is one of the gazetteer's:

    >>> from compare.io import datasets as ds
    >>> m = actor_mentions(ds.load_nodes(), load_actors())
    >>> bool(m.duplicated(["node_id", "actor"]).any()), set(m.actor) <= set(load_actors().actor)
    (False, True)
    >>> set(m.city) <= set(ds.load_cities().city), bool((m.mentions >= 1).all())
    (True, True)
    """
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

    Parameters
    ----------
    mentions : pandas.DataFrame
        One city's rows of `actor_mentions` (at least ``node_id``, ``actor`` and ``kind``); `network_stage` builds
        them from the first listings only, which is how re-listed texts count once.

    Returns
    -------
    networkx.Graph
        One node per actor (sorted), with ``kind`` (of its first row), ``nodes`` (distinct nodes naming it, int)
        and ``label`` (the actor); an edge for every two actors named in a common node, ``weight`` = such nodes
        (int). An actor never named together with another is an isolated node.

    Examples
    --------
    >>> m = pd.DataFrame({"node_id": ["x.g1", "x.g1", "x.g2", "x.g2", "x.g3"],
    ...                   "actor": ["市社会福祉協議会", "民生委員・児童委員", "市社会福祉協議会", "民生委員・児童委員",
    ...                             "町内会"],
    ...                   "kind": ["council", "commissioner", "council", "commissioner", "resident"]})
    >>> G = actor_graph(m)
    >>> G.edges["市社会福祉協議会", "民生委員・児童委員"]["weight"], G.nodes["町内会"]["nodes"], G.degree("町内会")
    (2, 1, 0)
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
    """Build stage: owner networks for every city with a programme table, actor networks for every city.

    Owner networks are built from the rows that name owners, for every city whose programme table has any; the
    actor networks count each distinct text once (the first listings, ``counted`` in ``tokens.csv``).

    Parameters
    ----------
    inputs : dict
        What the pipeline hands in (`compare.pipeline.stages.stage_inputs`): ``'nodes.csv'``, ``'programs.csv'``,
        ``'tokens.csv'`` (loaded processed tables) and ``'actors.csv'`` (the actor gazetteer).
    config : NetworkConfig
        The seed of the communities.
    text : optional
        The stage signature's text resources; not used here. Default None.

    Returns
    -------
    dict
        File name → object. For every city with owners: graphs ``networks/owner-programme-bipartite-<city>``
        (`owner_programme_graph`), ``networks/owner-coresponsibility-<city>`` (`owner_projection`),
        ``networks/programme-shared-owners-<city>`` (`programme_projection`) and
        ``networks/policy-relisting-bridges-<city>`` (`policy_bridge_graph`). For every city:
        ``networks/actors-<city>`` (`actor_graph`). ``network_measures.csv``: `measures` of the owner, policy and
        actor networks (owners also with ``programmes`` and ``jointly_owned_share``, the share of their
        programmes that have more than one owner; actors with ``nodes``). ``actor_mentions.csv``:
        `actor_mentions` of the first listings. Graphs carry ``city`` in ``G.graph``.

    Examples
    --------
    The pipeline (``compare.pipeline.stages.stage_inputs`` for the ``networks`` stage) hands in the three
    processed tables and the gazetteer; the same inputs, from the committed tables:

    >>> from compare.io import datasets as ds
    >>> from compare.io.reference import load_actors
    >>> inputs = {"nodes.csv": ds.load_nodes(), "programs.csv": ds.load_programs(), "tokens.csv": ds.load_tokens(),
    ...           "actors.csv": load_actors()}
    >>> out = network_stage(inputs, NetworkConfig())
    >>> sorted(k for k in out if "/" not in k)
    ['actor_mentions.csv', 'network_measures.csv']
    >>> sorted(k for k in out if k.startswith("networks/actors-")) == sorted(
    ...     f"networks/actors-{c}" for c in set(inputs["nodes.csv"].city))
    True
    >>> "networks/owner-coresponsibility-sendai" in out, out["networks/actors-sendai"].graph["city"]
    (True, 'sendai')
    >>> list(out["network_measures.csv"].columns)
    ['network', 'city', 'node', 'label', 'kind', 'measure', 'value']
    >>> set(out["network_measures.csv"].city) <= set(ds.load_cities().city)
    True
    """
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
