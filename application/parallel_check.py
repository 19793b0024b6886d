"""Rechecking a long log on every core: each range of positions in a process of its own.

A range can be checked apart from the ranges before it because every link names the digests
it follows: it is checked against the chains as the *stored* seals before it leave them
(`Entry`). If every range holds so, the whole log holds, by induction: the first range starts
from the genesis, and a range that holds ends with the chains exactly as stored, which is where
the next one was checked from. Recorded and signed checkpoints are compared with the stored
log digest at their positions, which the ranges' checks proved to be the recomputed one.

This is only ever a quicker "holds": anything else (a range that does not hold, a checkpoint
not met, a case id that is not one) answers None, and the careful check in log order
(`seal_check.check_log`) runs instead, to find and name what fails.
"""

from __future__ import annotations

from collections import deque
from collections.abc import Callable, Iterable, Sequence
from concurrent.futures import Future, ProcessPoolExecutor
from dataclasses import dataclass
from multiprocessing import get_context
from typing import Any

from application.seal_check import ChainCheck, Verdict
from application.seal_rows import Framed, take_rows
from application.seals import GENESIS, Checkpoint
from application.signatures import SignedCheckpoint

Rows = tuple[Sequence[Any], Sequence[Any]]  # a range's event rows and seal rows (see seal_rows)
ReadRange = Callable[[int, int], Rows]  # the rows at positions first–last; sent to the workers


@dataclass(frozen=True)
class Entry:
    """The chains as the stored seals before a range leave them: the log's last digest and
    position, and each case of the range that came before (by id text: version and digest)."""

    log: str
    head: int
    cases: dict[str, tuple[int, str]]
    tagged_from: int | None
    tag_key: bytes | None


def range_holds(entry: Entry, read: ReadRange, first: int, last: int) -> bool:
    """Whether every row at positions `first`–`last` holds in every respect, from the chains
    at `entry` (run in a worker process, which reads the rows itself)."""
    events, seals = read(first, last)
    chain = ChainCheck(tag_key=entry.tag_key)
    chain.log, chain.head_position, chain.tagged_from = entry.log, entry.head, entry.tagged_from
    chain.cases.update(entry.cases)
    return len(events) == len(seals) == take_rows(chain, events, seals, 0)


class Stored:
    """The chains as the stored seals read so far leave them, and the checkpoints yet to meet."""

    def __init__(self, chain: ChainCheck) -> None:
        self.chain = chain
        self.log, self.head, self.checked = GENESIS, 0, 0
        self.cases: dict[str, tuple[int, str]] = {}
        self.framed = Framed()

    def entry(self, seals: Sequence[Any]) -> Entry | None:
        """The entry of the range of `seals`, then the chains moved past them; None where the
        careful check should look (a case id that is none, a checkpoint not met)."""
        chain, cases, marks = self.chain, self.cases, self.chain.marks
        entry, met = Entry(self.log, self.head, {}, chain.tagged_from, chain.tag_key), set()
        for position, raw_case, version, _, case_digest, log_digest, _, tag in seals:
            case = self.framed.cases.get(raw_case) or self.framed.case(raw_case)
            if case is None:
                return None
            if case[0] not in met:
                met.add(case[0])
                if case[0] in cases:
                    entry.cases[case[0]] = cases[case[0]]
            cases[case[0]] = (version, case_digest)
            if tag is not None and chain.tag_key is not None and chain.tagged_from is None:
                chain.tagged_from = position
            while marks and marks[0].position <= position:
                if (marks[0].position, marks[0].digest) != (position, log_digest):
                    return None
                marks.pop(0)
            self.log, self.head = log_digest, position
        self.checked += len(seals)
        return entry


def check_in_parallel(  # noqa: PLR0913 - what a check compares with
    seal_ranges: Iterable[tuple[int, int, Sequence[Any]]],
    read: ReadRange,
    workers: int,
    checkpoint: Checkpoint | SignedCheckpoint | None = None,
    signed: Sequence[SignedCheckpoint] = (),
    tag_key: bytes | None = None,
) -> Verdict | None:
    """The verdict "holds" over the stored log, None if the careful check must look (see the
    module). `seal_ranges`: the first and last position of each range in log order, with its
    seal rows; `read`: each range's event and seal rows, in `workers` processes."""
    stored = Stored(ChainCheck(checkpoint, signed=signed, tag_key=tag_key))
    with _pool(workers, read) as pool:
        checking: deque[Future[bool]] = deque()
        for first, last, seals in seal_ranges:
            entry = stored.entry(seals)
            if entry is None or not _all_held(checking, 2 * workers):
                pool.shutdown(cancel_futures=True)
                return None
            checking.append(pool.submit(range_holds, entry, read, first, last))
        if not _all_held(checking, 0) or stored.chain.marks:
            return None
    chain = stored.chain
    return Verdict(True, stored.checked, Checkpoint(stored.head, stored.log), None, chain.checkpoint,
                   chain.signed, chain.tagged_from or 0)  # fmt: skip


def _pool(workers: int, read: ReadRange) -> ProcessPoolExecutor:
    """`workers` processes forked from a server process that has this module and the reader's
    imported already (started on first use): each starts in milliseconds, and none inherits
    this process's threads or connections."""
    context = get_context("forkserver")
    context.set_forkserver_preload([__name__, type(read).__module__])
    return ProcessPoolExecutor(workers, mp_context=context)


def _all_held(checking: deque[Future[bool]], keep: int) -> bool:
    """Wait for the oldest checks until at most `keep` run; whether all those held."""
    while len(checking) > keep:
        if not checking.popleft().result():
            return False
    return True
