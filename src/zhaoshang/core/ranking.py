"""Competition ranking ("1224"): ties share a rank and the next rank is skipped."""

from __future__ import annotations

from collections.abc import Callable, Hashable, Sequence
from decimal import Decimal
from typing import TypeVar

K = TypeVar("K", bound=Hashable)


def competition_ranks[K: Hashable](
    scores: Sequence[tuple[K, Decimal | None]], *, descending: bool = True
) -> dict[K, int | None]:
    """Rank keys by score. A ``None`` score (no target, N/A) gets no rank.

    Ranks are computed from the values given, which must be unrounded.
    """
    present = [(key, score) for key, score in scores if score is not None]
    ordered = sorted(present, key=lambda item: item[1], reverse=descending)
    ranks: dict[K, int | None] = {key: None for key, score in scores if score is None}
    previous: Decimal | None = None
    current_rank = 0
    for position, (key, score) in enumerate(ordered, start=1):
        if previous is None or score != previous:
            current_rank = position
            previous = score
        ranks[key] = current_rank
    return ranks


def top_n[K: Hashable](
    scores: Sequence[tuple[K, Decimal | None]],
    n: int,
    *,
    tie_break: Callable[[K], str] | None = None,
) -> list[K]:
    """Keys whose competition rank is within the first ``n`` (ties at the edge are all kept)."""
    ranks = competition_ranks(scores)
    chosen = [key for key, rank in ranks.items() if rank is not None and rank <= n]
    order = {key: index for index, (key, _) in enumerate(scores)}
    chosen.sort(key=lambda key: (ranks[key], tie_break(key) if tie_break else order[key]))
    return chosen
