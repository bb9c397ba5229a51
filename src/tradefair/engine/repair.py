"""Making room for a meeting that the sweep left out, by Kempe-chain swaps.

A required pair (b, x) often fails because x, a popular exhibitor, is booked in every slot where b is
free. Swapping slots t and s along the Kempe chain of x's meeting at t (s being a slot where x is
free) frees x at t without dropping anyone; the pair then meets at t. If tables overflow, the
cheapest optional meetings in the overflowing slot give up their tables: a required pair is worth any
number of optional ones in the spec's order of quality.
"""

from __future__ import annotations

from collections.abc import Callable

from .board import Board, slots_in


def _revert(
    board: Board, moves: list[tuple[int, int]], dropped: list[tuple[int, int]], added: int | None
) -> None:
    if added is not None:
        board.remove(added)
    for e, _ in moves:
        board.remove(e)
    for e, origin in moves:
        board.place(e, origin)
    for e, t in dropped:
        board.place(e, t)


def insert_by_kempe(
    board: Board,
    pair: int,
    may_evict: Callable[[int], bool],
    cost: Callable[[int], float],
    attempts: int = 64,
) -> bool:
    """Place `pair` after a Kempe swap that frees one side, evicting optional meetings only to give
    back tables. Returns whether the pair was placed."""
    a, b = board.a[pair], board.b[pair]
    common = board.avail[a] & board.avail[b]
    tried = 0
    for t in slots_in(common):
        for busy_side, free_side in ((a, b), (b, a)):
            blocker = board.at.get((busy_side, t))
            if blocker is None or board.at.get((free_side, t)) is not None:
                continue
            for s in slots_in(board.free(busy_side) & ~(1 << t)):
                tried += 1
                if tried > attempts:
                    return False
                chain = board.kempe_chain(blocker, t, s)
                if chain is None:
                    continue
                moves = [(e, board.slot_of[e]) for e in chain]
                for e, _ in moves:
                    board.remove(e)
                for e, origin in moves:
                    board._force_place(e, s if origin == t else t)
                if board.at.get((a, t)) is not None or board.at.get((b, t)) is not None:
                    _revert(board, moves, [], None)
                    continue
                board._force_place(pair, t)
                dropped: list[tuple[int, int]] = []
                ok = True
                for slot in (t, s):
                    while board.overflow(slot) > 0:
                        protected = {pair, *chain}
                        victims = [
                            e
                            for e in board.in_slot[slot]
                            if e not in protected and may_evict(e) and board.relieves(slot, e)
                        ]
                        if not victims:
                            ok = False
                            break
                        victim = min(victims, key=cost)
                        dropped.append((victim, slot))
                        board.remove(victim)
                    if not ok:
                        break
                if ok:
                    return True
                _revert(board, moves, dropped, pair)
    return False
