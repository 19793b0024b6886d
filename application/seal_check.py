"""Rechecking the hash chain: of the stored log, or of an exported audit package.

`ChainCheck` takes the links in log order and stops at the first that fails, naming it: the
position, the case and version, what is wrong, in words an auditor can act on.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from typing import Any, NamedTuple, cast
from uuid import UUID

from domain.errors import InvalidValue

from application.seals import (
    GENESIS,
    Checkpoint,
    Seal,
    case_link,
    event_digest,
    hash_of,
    log_link,
    tag_of,
)
from application.seal_rows import Framed, take_rows
from application.signatures import SignedCheckpoint

PROBLEMS = {
    "altered": "the stored bytes differ from those sealed",
    "deleted": "a sealed event is no longer in the log",
    "unsealed": "an event is in the log that was not written through the store",
    "reordered": "an event sits at a position sealed for another",
    "broken_chain": "a link does not follow from the one before it",
    "version_gap": "versions of a case are missing",
    "unknown_hash": "a digest names a hash this runtime does not offer",
    "forged": "an event has no tag of the service's key: it was not written by the service",
    "rewritten": "a seal's tag does not hold: the seal was rewritten without the service's key",
    "checkpoint_mismatch": "the log no longer extends a recorded or signed checkpoint",
    "bad_signature": "a stored or published checkpoint's signature does not hold, or is not by the pinned key",
    "truncated": "the log ends before a recorded or signed checkpoint",
    "checkpoint_absent": "a package does not hold the checkpoint's position",
    "malformed": "a package line is not one this service writes",
    "header_altered": "a package's header or lines differ from those its digest and signature cover",
    "added": "a package holds a line it was not written with",
    "unreadable": "a package's stored bytes cannot be read: encrypted, and without the right key",
    "snapshot_altered": "a snapshot (kept beside the log, to load a long history faster) differs "
    "from the replay of its events",
}


@dataclass(frozen=True)
class Failure:
    """The first event that fails, and why (`problem` is one of `PROBLEMS`)."""

    position: int
    problem: str
    detail: str
    case_id: UUID | None = None
    version: int | None = None


@dataclass(frozen=True)
class Verdict:
    """Whether the chain holds, how many events were checked, where it ends, and what failed."""

    holds: bool
    checked: int
    head: Checkpoint
    failure: Failure | None = None
    checkpoint: Checkpoint | None = None
    signed: int = 0  # how many signed checkpoints the log was compared with
    tagged_from: int = 0  # the first position found tagged (0: none)


class Link(NamedTuple):
    """One stored event, its seal, and the digests its seal claims to follow."""

    stored: Any  # the library's StoredEvent or Notification: originator_id, …_version, topic, state
    seal: Seal
    previous_log: str
    previous_case: str


@dataclass(frozen=True)
class Mark:
    """A position the log must still have with this digest. (A signed checkpoint's Merkle
    root is made from the same seals: the chain's digest there, signed with it, stands for it.)"""

    position: int
    digest: str
    what: str  # in words: "the recorded checkpoint", "the checkpoint signed at …"


class ChainCheck:
    """Checks links one at a time in log order, remembering where each chain stands.

    `from_genesis`: the links are the whole log (else a package's part of it). `contiguous`:
    no position between two links is left out, so each must follow the last. `whole_cases`:
    every case appears from its first version. `gaps`: the store may leave log positions unused
    (PostgreSQL), so a missing one need not be a removed event. `checkpoint`: one the caller
    brings, recorded (`position:digest`) or published (signed). `signed`: the checkpoints the
    service keeps. The signatures of both are checked before (`unsigned`). `tag_key`: the
    service's, to check each seal's tag from `tagged_from` on (or from the first tag met).
    """

    def __init__(  # noqa: PLR0913 - what a check compares with
        self,
        checkpoint: Checkpoint | SignedCheckpoint | None = None,
        *,
        signed: Sequence[SignedCheckpoint] = (),
        tag_key: bytes | None = None,
        from_genesis: bool = True,
        contiguous: bool = True,
        whole_cases: bool = True,
        gaps: bool = True,
    ) -> None:
        self.checkpoint = checkpoint.head if isinstance(checkpoint, SignedCheckpoint) else checkpoint
        self.from_genesis = from_genesis
        self.contiguous = contiguous
        self.whole_cases = whole_cases
        self.gaps = gaps
        self.log: str | None = GENESIS if from_genesis else None
        self.cases: dict[str, tuple[int, str]] = {}  # by case id text: its last version and link
        self.checked = 0
        self.head_position, self.head_digest = 0, GENESIS
        self.framed = Framed()  # for `take_rows`
        self.marks = sorted(_marks(checkpoint, signed), key=lambda mark: mark.position)
        self.signed = len(signed)
        self.tag_key = tag_key
        published = [checkpoint] if isinstance(checkpoint, SignedCheckpoint) else []
        tagged = [mark.tagged_from for mark in [*signed, *published] if mark.tagged_from]
        self.tagged_from = min(tagged) if tagged else None

    def check(self, link: Link) -> Failure | None:
        """The failure of this link, or None after taking it into the chains."""
        failure = (self._event(link) or self._tag(link) or self._case(link) or self._log(link)
                   or self._checkpoint(link))  # fmt: skip
        if failure is None:
            self._take(link.seal)
        return failure

    def _take(self, seal: Seal) -> None:
        self.cases[str(seal.case_id)] = (seal.version, seal.case_digest)
        self.log = seal.log_digest if self.contiguous else None
        self.head_position, self.head_digest = seal.position, seal.log_digest
        if seal.tag is not None and self.tag_key is not None:
            self.tagged_from = self.tagged_from or seal.position
        self.checked += 1

    @property
    def head(self) -> Checkpoint:
        """Where the chain checked so far ends."""
        return Checkpoint(self.head_position, self.head_digest)

    def finish(self) -> Failure | None:
        """After the last link: a log that ends before a recorded or signed checkpoint fails,
        as does a package that does not hold the checkpoint's position."""
        if not self.marks:
            return None
        mark = self.marks[0]
        if not self.from_genesis:
            return Failure(
                mark.position, "checkpoint_absent",
                f"the package holds no event at position {mark.position}, so it cannot be "
                "compared with that checkpoint",
            )  # fmt: skip
        return Failure(
            mark.position,
            "truncated",
            f"{mark.what} is at position {mark.position} but the log ends "
            f"at position {self.head.position}: events were removed from its end",
        )

    def verdict(self, failure: Failure | None) -> Verdict:
        return Verdict(failure is None, self.checked, self.head, failure, self.checkpoint, self.signed,
                       self.tagged_from or 0)  # fmt: skip

    def _event(self, link: Link) -> Failure | None:
        seal, stored = link.seal, link.stored
        try:
            name = hash_of(seal.event_digest)
            hash_of(seal.case_digest), hash_of(seal.log_digest)
        except InvalidValue as error:
            return _failure(seal, "unknown_hash", str(error))
        recomputed = event_digest(name, seal.case_id, seal.version, stored.topic, stored.state)
        if recomputed != seal.event_digest:
            return _failure(
                seal, "altered",
                f"the stored bytes of {_named(seal)} differ from those sealed when it was written",
            )  # fmt: skip
        return None

    def _tag(self, link: Link) -> Failure | None:
        """The seal's tag must be the service's (once tags are due), and no event sealed just
        before it may be missing."""
        seal = link.seal
        if self.tag_key is None:
            return None
        if seal.tag is None or seal.previous is None:
            if self.tagged_from is not None and seal.position >= self.tagged_from:
                return _failure(
                    seal, "forged",
                    f"{_named(seal)} carries no tag of the service's key: it was written into the "
                    "database directly, not by the service (or its tag was removed)",
                )  # fmt: skip
            return None
        if tag_of(self.tag_key, seal.position, seal.previous, seal.log_digest) != seal.tag:
            return _failure(
                seal, "rewritten",
                f"the tag of {_named(seal)} does not hold: its seal, or the seals before it, "
                "were rewritten without the service's key",
            )  # fmt: skip
        if self.from_genesis and seal.previous != self.head.position:
            return _failure(seal, "deleted", f"{self._missing(seal.previous)} (sealed just before {_named(seal)})")
        return None

    def _missing(self, previous: int) -> str:
        """The events removed with their seals, up to the one sealed at `previous`."""
        after = self.head.position + 1
        if after >= previous:
            return f"the event at position {previous} is missing with its seal"
        if not self.gaps:
            return f"the events at positions {after}–{previous} are missing with their seals"
        return (f"the event at position {previous} is missing with its seal, and {_span(after, previous - 1)} "
                "holds no event either: left unused by PostgreSQL (which leaves gaps by design), or removed "
                "with its seal too")  # fmt: skip

    def _case(self, link: Link) -> Failure | None:
        seal = link.seal
        version, digest = self.cases.get(str(seal.case_id), (0, GENESIS))
        known = str(seal.case_id) in self.cases or self.whole_cases
        if known and seal.version != version + 1:
            return _failure(
                seal, "version_gap",
                f"case {seal.case_id} goes from version {version} to version {seal.version} at "
                f"position {seal.position}: {_span(version + 1, seal.version - 1, 'version')} "
                f"{'is' if seal.version - version == 2 else 'are'} missing",
            )  # fmt: skip
        if known and link.previous_case != digest:
            return _failure(seal, "broken_chain", f"{_named(seal)} does not follow its case's last link")
        if case_link(hash_of(seal.case_digest), link.previous_case, seal.event_digest) != seal.case_digest:
            return _failure(seal, "broken_chain", f"the case link of {_named(seal)} does not hold")
        return None

    def _log(self, link: Link) -> Failure | None:
        seal = link.seal
        follows = self.log is None or link.previous_log == self.log
        recomputed = log_link(hash_of(seal.log_digest), link.previous_log, seal.position, seal.event_digest)
        if follows and recomputed == seal.log_digest:
            return None
        return _failure(seal, "broken_chain", f"the log chain breaks at {_named(seal)}: {self._gap(seal)}")

    def _gap(self, seal: Seal) -> str:
        """What a break in the log chain before `seal` shows was done."""
        after, before = self.head.position + 1, seal.position - 1
        if not self.from_genesis or after > before:
            return "the seals before it were rewritten, or an event removed with its seal"
        if after == before:
            return f"the event at position {after} was removed with its seal"
        if not self.gaps:
            return f"the events at positions {after}–{before} were removed with their seals"
        return (f"events were removed with their seals from {_span(after, before)} (not necessarily from "
                "every one: PostgreSQL leaves some positions unused by design)")  # fmt: skip

    def _checkpoint(self, link: Link) -> Failure | None:
        position = link.seal.position
        while self.marks and self.head.position < self.marks[0].position <= position:
            mark = self.marks[0]
            if not self.from_genesis and mark.position < position:
                return None  # a package may skip the position: `finish` tells
            if mark.position != position or mark.digest != link.seal.log_digest:
                return _failure(
                    link.seal, "checkpoint_mismatch",
                    f"the log at position {mark.position} no longer has the digest of {mark.what} "
                    f"({mark.digest[:20]}…): the history up to it was rewritten",
                )  # fmt: skip
            self.marks.pop(0)
        return None


def unsigned(
    checkpoint: Checkpoint | SignedCheckpoint | None, kept: Sequence[SignedCheckpoint], pinned: str | None, whose: str
) -> Failure | None:
    """The first of the `kept` checkpoints, then the one brought (if published), whose signature
    does not hold by the `pinned` key (else the key each names), which `whose` names in words."""
    published = [checkpoint] if isinstance(checkpoint, SignedCheckpoint) else []
    for mark in [*kept, *published]:
        if not mark.holds(pinned):
            what = (f"the published checkpoint for position {mark.position} (signed at {mark.signed_at})"
                    if mark is checkpoint else f"the checkpoint kept for position {mark.position}")  # fmt: skip
            return Failure(mark.position, "bad_signature", f"{what} is not signed by {whose}: it was forged or altered")
    return None


def _marks(checkpoint: Checkpoint | SignedCheckpoint | None, signed: Sequence[SignedCheckpoint]) -> Iterator[Mark]:
    if isinstance(checkpoint, SignedCheckpoint):
        yield Mark(checkpoint.position, checkpoint.log_digest, f"the published checkpoint signed at {checkpoint.signed_at}")
    elif checkpoint is not None:
        yield Mark(checkpoint.position, checkpoint.digest, "the recorded checkpoint")
    for mark in signed:
        yield Mark(mark.position, mark.log_digest, f"the checkpoint signed at {mark.signed_at}")


def check_log(
    pages: Iterable[tuple[Sequence[Any], Sequence[Any]]],
    checkpoint: Checkpoint | SignedCheckpoint | None = None,
    signed: Sequence[SignedCheckpoint] = (),
    tag_key: bytes | None = None,
    gaps: bool = True,
) -> Verdict:
    """Recheck the stored log (`pages`: the event rows and the seal rows of each range of
    positions, in log order, as `take_rows` reads them) against its seals, the recorded or
    published `checkpoint`, the `signed` ones and, with the service's `tag_key`, each seal's tag (`gaps`:
    see `ChainCheck`)."""
    chain = ChainCheck(checkpoint, signed=signed, tag_key=tag_key, gaps=gaps)
    for events, seals in pages:
        index = take_rows(chain, events, seals, 0)
        while index < max(len(events), len(seals)):
            position, stored, seal = _row_at(events, seals, index)
            failure = _unpaired(position, stored, seal)
            if failure is None:
                previous_case = chain.cases.get(str(seal.case_id), (0, GENESIS))[1]
                failure = chain.check(Link(stored, seal, chain.log or GENESIS, previous_case))
            if failure is not None:
                return chain.verdict(failure)
            index = take_rows(chain, events, seals, index + 1)
    return chain.verdict(chain.finish())


class StoredRow(NamedTuple):
    """A stored event as a check reads it: position, case, version, topic and stored bytes."""

    id: int
    originator_id: UUID | str
    originator_version: int
    topic: str
    state: bytes


def _row_at(events: Sequence[Any], seals: Sequence[Any], index: int) -> tuple[int, Any, Any]:
    """The lowest position of the rows at `index`, with the event and the seal there (or None):
    the events and seals disagree on positions only where one of them is missing."""
    event = events[index] if index < len(events) else None
    row = seals[index] if index < len(seals) else None
    stored = StoredRow(event[0], _case_id(event[1]), event[2], event[3], _bytes_of(event[4])) if event else None
    seal = Seal(row[0], _case_id(row[1]), *row[2:]) if row else None
    if stored is not None and seal is not None and stored.id != seal.position:
        stored, seal = (stored, None) if stored.id < seal.position else (None, seal)
    return (stored.id if stored is not None else cast(Seal, seal).position), stored, seal


def _bytes_of(state: Any) -> bytes:
    """The stored bytes of an event; of text written in their place (SQLite lets a column hold
    text), its UTF-8 bytes, which differ from those sealed unless the text is what was sealed."""
    return state.encode() if isinstance(state, str) else bytes(state)


def _case_id(stored: Any) -> Any:
    """A stored case id as a UUID; text that is none stays text, for the check to name."""
    try:
        return stored if isinstance(stored, UUID) else UUID(stored)
    except (TypeError, ValueError):
        return stored


def _unpaired(position: int, stored: Any, seal: Seal | None) -> Failure | None:
    """A position where the log and the seals disagree on which event is there."""
    if seal is None:
        return Failure(
            position, "unsealed",
            f"position {position} holds case {stored.originator_id} version "
            f"{stored.originator_version}, which has no seal: it was not written through the store",
            stored.originator_id, stored.originator_version,
        )  # fmt: skip
    if stored is None:
        return _failure(seal, "deleted", f"{_named(seal)} was sealed but is no longer in the log")
    if (stored.originator_id, stored.originator_version) != (seal.case_id, seal.version):
        return _failure(
            seal, "reordered",
            f"position {position} holds case {stored.originator_id} version "
            f"{stored.originator_version}, but was sealed for case {seal.case_id} version {seal.version}",
        )  # fmt: skip
    return None


def _span(first: int, last: int, what: str = "position") -> str:
    return f"{what} {first}" if first == last else f"{what}s {first}–{last}"


def _named(seal: Seal) -> str:
    return f"case {seal.case_id} version {seal.version} (position {seal.position})"


def _failure(seal: Seal, problem: str, detail: str) -> Failure:
    return Failure(seal.position, problem, detail, seal.case_id, seal.version)
