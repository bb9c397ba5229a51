"""Removing idle slots by Kempe-chain swaps.

An idle slot is a gap in a participant's day. Moving the meeting at one end of the day into the gap
closes it, but the partner may be busy in the gap slot; swapping the two slots along the whole
alternating chain of meetings (a Kempe chain, as in edge-colouring proofs) keeps everybody to one
meeting per slot, so the move is valid whenever every chain member is available in both slots and the
tables suffice. A swap is kept only if it lowers the total idle slots of everyone it touches.
"""

from __future__ import annotations

import time

import numpy as np

from .board import Board, slots_in


def _day_idle(board: Board, people: set[int]) -> int:
    return sum(board.idle_of(p, board.busy[p] & day) for p in people for day in board.day_mask)


def _net_into(board: Board, chain: list[int], t: int) -> int:
    """How many more meetings slot t holds after swapping the chain."""
    leaving = sum(1 for e in chain if board.slot_of[e] == t)
    return len(chain) - 2 * leaving


def swap_chains(board: Board, chains: list[list[int]], t: int, u: int) -> bool:
    """Exchange slots t and u along disjoint chains; False (nothing changed) if tables overflow."""
    if board.kind is None:
        into_t = sum(_net_into(board, chain, t) for chain in chains)
        if board.tables_left[t] - into_t < 0 or board.tables_left[u] + into_t < 0:
            return False
    else:
        from_t = [e for chain in chains for e in chain if board.slot_of[e] == t]
        from_u = [e for chain in chains for e in chain if board.slot_of[e] == u]
        if not board.fits_after(t, from_t, from_u) or not board.fits_after(u, from_u, from_t):
            return False
    moves = [(e, u if board.slot_of[e] == t else t) for chain in chains for e in chain]
    for e, _ in moves:
        board.remove(e)
    for e, target in moves:
        board.place(e, target)
    return True


def _people(board: Board, chains: list[list[int]]) -> set[int]:
    return {board.a[e] for chain in chains for e in chain} | {board.b[e] for chain in chains for e in chain}


def _try(board: Board, chains: list[list[int]], t: int, u: int) -> int:
    """Apply the swap if it lowers idle slots; return the gain (0 and no change otherwise)."""
    people = _people(board, chains)
    before = _day_idle(board, people)
    if not swap_chains(board, chains, t, u):
        return 0
    gain = before - _day_idle(board, people)
    if gain <= 0:
        swap_chains(board, chains, u, t)
        return 0
    return gain


def try_close_gap(
    board: Board, person: int, t: int, u: int, rng: np.random.Generator, partners: int = 24
) -> int:
    """Move the person's meeting at t to u by a Kempe swap if that lowers idle slots; the gain.
    When every table is taken, a second chain moving one meeting back from u to t pays for it."""
    start = board.at.get((person, t))
    if start is None:
        return 0
    chain = board.kempe_chain(start, t, u)
    if chain is None:
        return 0
    net = _net_into(board, chain, u)
    if board.kind is not None:
        from_t = [e for e in chain if board.slot_of[e] == t]
        from_u = [e for e in chain if board.slot_of[e] == u]
        if board.fits_after(t, from_t, from_u) and board.fits_after(u, from_u, from_t):
            return _try(board, [chain], t, u)
    elif net <= board.tables_left[u] and -net <= board.tables_left[t]:
        return _try(board, [chain], t, u)
    if abs(net) != 1:
        return 0
    source = u if net > 0 else t
    target = t if net > 0 else u
    members = set(chain)
    pool = list(board.in_slot[source])
    for k in rng.choice(len(pool), size=min(partners, len(pool)), replace=False).tolist():
        other = pool[k]
        if other in members:
            continue
        back = board.kempe_chain(other, source, target)
        if back is None or members.intersection(back) or _net_into(board, back, target) != 1:
            continue
        gain = _try(board, [chain, back], t, u)
        if gain:
            return gain
    return 0


def compact(board: Board, rng: np.random.Generator, *, deadline: float, passes: int = 12) -> int:
    """Repeatedly try, for each participant with a gap, to move a day's first or last meeting into
    the gap (or next to the day's other meetings). Returns the idle slots removed."""
    removed = 0
    people = np.arange(board.instance.n_people)
    for _ in range(passes):
        gained = 0
        for person in rng.permutation(people).tolist():
            if time.monotonic() > deadline:
                return removed + gained
            for day in board.day_mask:
                busy = board.busy[person] & day
                if busy == 0 or board.idle_of(person, busy) == 0:
                    continue
                first = (busy & -busy).bit_length() - 1
                last = busy.bit_length() - 1
                span = (1 << (last + 1)) - (1 << first)
                gaps = board.avail[person] & span & ~busy
                done = False
                for end in (first, last):
                    for gap in slots_in(gaps):
                        gain = try_close_gap(board, person, end, gap, rng)
                        if gain:
                            gained += gain
                            done = True
                            break
                    if done:
                        break
        removed += gained
        if gained == 0:
            break
    return removed
