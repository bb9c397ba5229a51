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
    return sum(board._idle(p, board.busy[p] & day) for p in people for day in board.day_mask)


def swap_chain(board: Board, chain: list[int], t: int, u: int) -> bool:
    """Exchange slots t and u along the chain; False (and nothing changed) if tables would overflow."""
    into_u = sum(1 for e in chain if board.slot_of[e] == t)
    into_t = len(chain) - into_u
    if board.tables_left[u] - into_u + into_t < 0 or board.tables_left[t] - into_t + into_u < 0:
        return False
    moves = [(e, u if board.slot_of[e] == t else t) for e in chain]
    for e, _ in moves:
        board.remove(e)
    for e, target in moves:
        board.place(e, target)
    return True


def try_close_gap(board: Board, person: int, t: int, u: int) -> int:
    """Move the person's meeting at t to u by a Kempe swap if that lowers idle slots; the gain."""
    start = board.at.get((person, t))
    if start is None:
        return 0
    chain = board.kempe_chain(start, t, u)
    if chain is None:
        return 0
    people = {board.a[e] for e in chain} | {board.b[e] for e in chain}
    before = _day_idle(board, people)
    if not swap_chain(board, chain, t, u):
        return 0
    gain = before - _day_idle(board, people)
    if gain <= 0:
        swap_chain(board, chain, u, t)
        return 0
    return gain


def compact(board: Board, rng: np.random.Generator, *, deadline: float, passes: int = 4) -> int:
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
                if busy == 0 or board._idle(person, busy) == 0:
                    continue
                first = (busy & -busy).bit_length() - 1
                last = busy.bit_length() - 1
                span = (1 << (last + 1)) - (1 << first)
                gaps = board.avail[person] & span & ~busy
                done = False
                for end in (first, last):
                    for gap in slots_in(gaps):
                        gain = try_close_gap(board, person, end, gap)
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
