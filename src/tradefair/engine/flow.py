"""Min-cost flow with a time bound.

OR-Tools' SimpleMinCostFlow is the fastest exact tool for bipartite selection, provided arcs are
added as whole NumPy arrays. It holds the GIL while it solves, and on rare inputs it can run far
longer than usual, so a large call runs in a forked child that is killed at the deadline; the caller
then falls back to a greedy answer instead of stalling the round.
"""

from __future__ import annotations

import multiprocessing
import os
import time
from dataclasses import dataclass

import numpy as np
from ortools.graph.python import min_cost_flow

FORK_FROM_ARCS = 200_000


@dataclass(frozen=True)
class Network:
    """Arcs as parallel arrays; supply[i] > 0 at sources, < 0 at sinks, summing to zero."""

    tails: np.ndarray
    heads: np.ndarray
    capacities: np.ndarray
    costs: np.ndarray
    supply: np.ndarray


def _solve_here(network: Network) -> np.ndarray | None:
    solver = min_cost_flow.SimpleMinCostFlow()
    solver.add_arcs_with_capacity_and_unit_cost(
        network.tails.astype(np.int32),
        network.heads.astype(np.int32),
        network.capacities.astype(np.int64),
        network.costs.astype(np.int64),
    )
    nodes = np.flatnonzero(network.supply)
    solver.set_nodes_supplies(nodes.astype(np.int32), network.supply[nodes].astype(np.int64))
    if solver.solve() != solver.OPTIMAL:
        return None
    return solver.flows(np.arange(network.tails.size, dtype=np.int32))


def _child(network: Network, connection) -> None:
    try:
        flows = _solve_here(network)
        connection.send_bytes(b"" if flows is None else flows.astype(np.int64).tobytes())
    finally:
        connection.close()


def solve_min_cost_flow(network: Network, *, time_limit: float | None = None) -> np.ndarray | None:
    """Flows of an optimal solution, or None if the network is infeasible or the solver did not
    finish within time_limit seconds (only enforced on networks large enough to be worth a fork)."""
    big = network.tails.size >= FORK_FROM_ARCS
    if time_limit is None or not big or os.name != "posix":
        return _solve_here(network)
    context = multiprocessing.get_context("fork")
    receiver, sender = context.Pipe(duplex=False)
    child = context.Process(target=_child, args=(network, sender), daemon=True)
    child.start()
    sender.close()
    deadline = time.monotonic() + max(0.5, time_limit)
    try:
        if not receiver.poll(max(0.0, deadline - time.monotonic())):
            return None
        payload = receiver.recv_bytes()
    except EOFError:
        return None
    finally:
        if child.is_alive():
            child.kill()
        child.join()
        receiver.close()
    return np.frombuffer(payload, dtype=np.int64).copy() if payload else None
