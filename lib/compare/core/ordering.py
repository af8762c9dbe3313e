"""Deterministic order where a library iterates in hash order: sorted copies of graphs."""

from __future__ import annotations

import networkx as nx

__all__ = ["sorted_copy"]


def sorted_copy(G: nx.Graph) -> nx.Graph:
    """A copy with nodes and edges inserted in sorted order, so exports are byte-stable."""
    H = nx.Graph()
    H.graph.update(G.graph)
    for n in sorted(G):
        H.add_node(n, **G.nodes[n])
    for a, b in sorted(tuple(sorted(e)) for e in G.edges):
        H.add_edge(a, b, **G.edges[a, b])
    return H
