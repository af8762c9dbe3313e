"""Networks: bipartite conventions, projections recounted from programs.csv, actor matching, stable exports."""

from __future__ import annotations

import networkx as nx
import pandas as pd
import pytest

from compare.analysis.network import (
    actor_graph,
    actor_mentions,
    find_actors,
    measures,
    owner_programme_graph,
    owner_projection,
    policy_bridge_graph,
)
from compare.core.paths import DEFAULT
from compare.io.datasets import load_graph, load_nodes, load_programs
from compare.io.graphs import gexf_bytes
from compare.io.reference import load_actors
from compare.io.validate import OWNER_KINDS

PROGRAMS = load_programs()
PROGRAMS = PROGRAMS[PROGRAMS.city == "sendai"]
GAZETTEER = load_actors()


@pytest.fixture(scope="module")
def B():
    return owner_programme_graph(PROGRAMS, load_nodes())


def _owners_of_programme():
    return PROGRAMS.groupby("program_id").owners.apply(lambda s: set(";".join(s).split(";")))


def test_bipartite_conventions(B):
    assert {d["bipartite"] for _, d in B.nodes(data=True)} == {0, 1}
    assert nx.is_bipartite(B)
    owners = [n for n, d in B.nodes(data=True) if d["bipartite"] == 0]
    assert {B.nodes[o]["kind"] for o in owners} <= set(OWNER_KINDS)
    assert sum(d["bipartite"] == 1 for _, d in B.nodes(data=True)) == PROGRAMS.program_id.nunique()


def test_owner_projection_counts_shared_programmes(B):
    G = owner_projection(B)
    by_prog = _owners_of_programme()
    expected = sum({"健康福祉局", "市社会福祉協議会"} <= s for s in by_prog)
    assert G["健康福祉局"]["市社会福祉協議会"]["weight"] == expected == 20
    assert 0 < G["健康福祉局"]["市社会福祉協議会"]["newman"] <= expected
    assert G.nodes["健康福祉局"]["programmes"] == sum("健康福祉局" in s for s in by_prog)


def test_policy_bridges_count_shared_programmes():
    nodes = load_nodes()
    G = policy_bridge_graph(PROGRAMS, nodes)
    pol = PROGRAMS.assign(policy=PROGRAMS.node_id.map(dict(zip(nodes.node_id, nodes.parent_id))))
    sets = pol.groupby("program_id").policy.apply(set)
    a, b = "sendai.g1.p3", "sendai.reoffending.p3"
    assert G[a][b]["weight"] == sum({a, b} <= s for s in sets) > 0
    assert len(G) == 21


def test_measures_are_deterministic(B):
    G = owner_projection(B)
    m1, m2 = measures(G, "x"), measures(G, "x")
    pd.testing.assert_frame_equal(m1, m2)
    assert {"degree", "weighted_degree", "betweenness", "community"} <= set(m1.measure)


@pytest.mark.parametrize("actor, variant", list(zip(GAZETTEER.actor, GAZETTEER.variant)))
def test_each_variant_maps_to_its_actor(actor, variant):
    assert find_actors(f"{variant}と連携する", GAZETTEER) == [(actor, variant)]


def test_longest_spelling_wins_and_no_double_count():
    hits = find_actors("地区社会福祉協議会と社会福祉法人", GAZETTEER)
    assert [a for a, _ in hits] == ["地区社会福祉協議会", "社会福祉法人"]


def test_actor_graph_same_rule_for_every_city(registry):
    nodes = load_nodes()
    m = actor_mentions(nodes, GAZETTEER)
    for city in registry.ids:
        G = actor_graph(m[m.city == city])
        for a, b, d in G.edges(data=True):
            both = m[(m.city == city) & m.actor.isin([a, b])].groupby("node_id").actor.nunique()
            assert d["weight"] == int((both == 2).sum())


def test_exports_exist_with_attributes_and_no_dates(registry, cities):
    net = DEFAULT.processed / "networks"
    G = load_graph("owner-coresponsibility-sendai")
    assert G.nodes["市社会福祉協議会"]["kind"] == "partner" and "newman" in G.edges["健康福祉局", "市社会福祉協議会"]
    assert "lastmodifieddate" not in (net / "owner-coresponsibility-sendai.gexf").read_text(encoding="utf-8")
    assert (net / "owner-coresponsibility-sendai-edges.csv").read_text(encoding="utf-8").startswith("source,target,")
    assert b"lastmodifieddate" not in gexf_bytes(G)
    for city in registry.ids:                                   # actor networks for every city
        assert (net / f"actors-{city}.graphml").exists()
    with_owners = {c for c, pc in cities.items() if any(r.owners for r in pc.programs)}
    assert {p.name.removeprefix("owner-coresponsibility-").removesuffix(".graphml")
            for p in net.glob("owner-coresponsibility-*.graphml")} == with_owners


def test_actor_mentions_count_each_text_once():
    from compare.io.datasets import load_actor_mentions, load_links

    m = load_actor_mentions()
    links = load_links()
    assert not set(m.node_id) & set(links.from_id[links.kind == "relisted_from"])
