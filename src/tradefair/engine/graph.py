"""The pair graph: who may meet whom, and whether the round is bipartite.

Most rounds are bipartite (buyers meet exhibitors), and then selection is a min-cost flow and
placement is an edge colouring where König's theorem holds; otherwise selection solves the LP
relaxation as a flow on the double cover (relaxation.py).
"""

from __future__ import annotations

import numpy as np
from scipy.sparse import coo_matrix
from scipy.sparse.csgraph import connected_components

from .instance import Instance


def _neighbours(indptr: np.ndarray, indices: np.ndarray, nodes: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """All (node, neighbour) incidences of `nodes` in a CSR graph, without a Python loop."""
    starts, ends = indptr[nodes], indptr[nodes + 1]
    lengths = ends - starts
    owner = np.repeat(nodes, lengths)
    offsets = np.arange(lengths.sum()) - np.repeat(np.cumsum(lengths) - lengths, lengths)
    return owner, indices[np.repeat(starts, lengths) + offsets]


def two_colouring(instance: Instance, pairs: np.ndarray) -> np.ndarray | None:
    """int8[n_people] sides (0 or 1) such that every given pair joins the two sides, or None if the
    pairs contain an odd cycle. Breadth-first search from one root per connected component, all
    components advancing together one level at a time."""
    n = instance.n_people
    a, b = instance.pair_a[pairs], instance.pair_b[pairs]
    graph = coo_matrix((np.ones(2 * a.size, dtype=np.int8), (np.r_[a, b], np.r_[b, a])), shape=(n, n)).tocsr()
    _, labels = connected_components(graph, directed=False)
    side = np.full(n, -1, dtype=np.int8)
    frontier = np.unique(labels, return_index=True)[1]
    side[frontier] = 0
    while frontier.size:
        owner, reached = _neighbours(graph.indptr, graph.indices, frontier)
        fresh = side[reached] == -1
        side[reached[fresh]] = 1 - side[owner[fresh]]
        frontier = np.unique(reached[fresh])
    if np.any(side[a] == side[b]):
        return None
    return side
