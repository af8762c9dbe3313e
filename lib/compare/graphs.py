"""Graph helpers shared by the network stages: stable exports (GraphML, GEXF, edge lists) and a readable layout."""

from __future__ import annotations

import math
import re

import networkx as nx
import numpy as np

from .tables import csv_bytes

__all__ = ["sorted_copy", "graphml_bytes", "gexf_bytes", "edge_list_bytes", "component_layout"]


def sorted_copy(G: nx.Graph) -> nx.Graph:
    """A copy with nodes and edges inserted in sorted order, so exports are byte-stable."""
    H = nx.Graph()
    H.graph.update(G.graph)
    for n in sorted(G):
        H.add_node(n, **G.nodes[n])
    for a, b in sorted(tuple(sorted(e)) for e in G.edges):
        H.add_edge(a, b, **G.edges[a, b])
    return H


def graphml_bytes(G: nx.Graph) -> bytes:
    """GraphML for Gephi/Cytoscape, nodes and edges in sorted order so the bytes are stable.

    >>> G = nx.Graph(); G.add_edge("見守り", "地域", weight=2)
    >>> graphml_bytes(G) == graphml_bytes(nx.Graph(list(G.edges(data=True))[::-1]))
    True
    """
    return ("\n".join(nx.generate_graphml(sorted_copy(G))) + "\n").encode("utf-8")


def gexf_bytes(G: nx.Graph) -> bytes:
    """GEXF 1.2 for Gephi, without the export date so reruns are byte-identical."""
    text = "\n".join(nx.generate_gexf(sorted_copy(G)))
    return (re.sub(r' lastmodifieddate="[^"]*"', "", text) + "\n").encode("utf-8")


def edge_list_bytes(G: nx.Graph) -> bytes:
    """CSV edge list (source, target, every edge attribute) for Cytoscape or a spreadsheet."""
    H = sorted_copy(G)
    attrs = sorted({k for _, _, d in H.edges(data=True) for k in d})
    rows = [{"source": a, "target": b, **d} for a, b, d in H.edges(data=True)]
    return csv_bytes(rows, ["source", "target", *attrs])


def component_layout(G: nx.Graph, *, seed: int = 7) -> dict:
    """Seeded spring layout per connected component: the largest in the middle, the others in a column beside it.

    A plain spring layout lets small components push the main one into a clump; this keeps labels readable.
    """
    comps = sorted((sorted(c) for c in nx.connected_components(G)), key=lambda c: (-len(c), c[0]))
    pos: dict = {}
    y = 1.0
    for i, comp in enumerate(comps):
        sub = sorted_copy(G.subgraph(comp))  # a subgraph view iterates in hash order: copy in sorted order
        if len(comp) == 1:
            p = {comp[0]: np.zeros(2)}
        else:
            p = nx.spring_layout(sub, seed=seed, k=2.0 / math.sqrt(len(comp)), iterations=300)
        if i == 0:
            pos.update({n: xy for n, xy in p.items()})
        else:
            scale = 0.12 + 0.25 * math.sqrt(len(comp) / len(comps[0]))
            pos.update({n: xy * scale + np.array([1.5, y]) for n, xy in p.items()})
            y -= 2 * scale + 0.15
    return pos
