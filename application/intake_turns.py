"""Taking turns at a series of case numbers, and at a case.

Intakes in one process queue for their series (`SeriesTurns`) instead of racing for its next
number, and steps on one case for the case (`CaseTurns`). Those of other processes still race,
the database refusing all but one of them; a loser tries again (`attempts`) after a random,
growing wait, for up to `INTAKE_PATIENCE` (an intake) or `STEP_PATIENCE` (a step).
"""

from __future__ import annotations

import random
import time
from collections.abc import Iterator
from threading import Lock
from uuid import UUID

# Seconds a loser keeps retrying before it is refused. Losing for that long means other writers
# kept winning, not that anything is wrong: on a loaded machine 32 notes on one case from two
# processes took 5 s, so a note that waited 5 s was refused though nothing forbade it.
INTAKE_PATIENCE = 30.0  # an intake
STEP_PATIENCE = 30.0  # a step without `If-Match`, retried on the fresh case
CASE_TURN_STRIPES = 256  # locks shared out among all cases
BACKOFF_FIRST = 0.002  # seconds: the longest wait after the first lost race
BACKOFF_LONGEST = 0.05  # seconds: the longest wait after any


class SeriesTurns:
    """One lock per series of case numbers, made on first use."""

    def __init__(self) -> None:
        self._locks: dict[UUID, Lock] = {}

    def of(self, series: UUID) -> Lock:
        """The lock of the series `series` (a `CaseNumberSequence` id)."""
        return self._locks.setdefault(series, Lock())


class CaseTurns:
    """A fixed number of locks shared out by case id: steps on one case in this process take
    turns, in memory that does not grow with the number of cases."""

    def __init__(self, stripes: int = CASE_TURN_STRIPES) -> None:
        self._locks = [Lock() for _ in range(stripes)]

    def of(self, case_id: UUID) -> Lock:
        """The lock that steps on the case `case_id` take."""
        return self._locks[case_id.int % len(self._locks)]


def attempts(patience: float = INTAKE_PATIENCE) -> Iterator[int]:
    """0, then the number of races lost so far before each retry, backing off before each,
    until `patience` seconds have passed since the first."""
    deadline = time.monotonic() + patience
    yield 0
    lost = 1
    while time.monotonic() < deadline:
        back_off(lost)
        yield lost
        lost += 1


def back_off(lost: int) -> None:
    """Sleep after the `lost`-th lost race, up to twice as long as after the one before
    (capped), at random: so that racing processes spread out rather than collide again."""
    time.sleep(random.uniform(0, min(BACKOFF_LONGEST, BACKOFF_FIRST * 2 ** (lost - 1))))
