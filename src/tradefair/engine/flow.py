"""Min-cost flow with a time bound.

OR-Tools' SimpleMinCostFlow is the fastest exact tool for bipartite selection, provided arcs are
added as whole NumPy arrays. It holds the GIL while it solves, and on rare inputs it can run far
longer than usual, so a large call runs in a forked child that is killed at the deadline; the caller
then falls back to a greedy answer instead of stalling the round.
"""

from __future__ import annotations

import contextlib
import os
import select
import signal
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


def _child(network: Network, sink: int) -> None:
    """In the forked child: solve, write b"1" + flows (or b"0"), and leave without cleanup."""
    try:
        flows = _solve_here(network)
        payload = b"0" if flows is None else b"1" + flows.astype(np.int64).tobytes()
        with os.fdopen(sink, "wb") as stream:
            stream.write(payload)
    finally:
        os._exit(0)


def _read_until(source: int, deadline: float) -> bytes | None:
    chunks = []
    while True:
        left = deadline - time.monotonic()
        if left <= 0 or not select.select([source], [], [], left)[0]:
            return None
        chunk = os.read(source, 1 << 20)
        if not chunk:
            return b"".join(chunks)
        chunks.append(chunk)


def solve_min_cost_flow(network: Network, *, time_limit: float | None = None) -> np.ndarray | None:
    """Flows of an optimal solution, or None if the network is infeasible or the solver did not
    finish within time_limit seconds (only enforced on networks large enough to be worth a fork).
    A bare os.fork rather than multiprocessing, so that it also works inside daemonic workers."""
    big = network.tails.size >= FORK_FROM_ARCS
    if time_limit is None or not big or os.name != "posix":
        return _solve_here(network)
    source, sink = os.pipe()
    child = os.fork()
    if child == 0:
        try:
            os.close(source)
            _child(network, sink)
        finally:
            os._exit(0)
    os.close(sink)
    try:
        payload = _read_until(source, time.monotonic() + max(0.5, time_limit))
    finally:
        os.close(source)
        with contextlib.suppress(ProcessLookupError):
            os.kill(child, signal.SIGKILL)
        os.waitpid(child, 0)
    if not payload or payload[:1] != b"1":
        return None
    return np.frombuffer(payload[1:], dtype=np.int64).copy()
