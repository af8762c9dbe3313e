"""Graph exports shared by the network stages: GraphML, GEXF and edge lists with stable bytes."""

from __future__ import annotations

import re

import networkx as nx

from compare.core.ordering import sorted_copy
from compare.io.files import csv_bytes

__all__ = ["graphml_bytes", "gexf_bytes", "edge_list_bytes"]


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
