"""The common cases of the hash chain made cheap: sealing the events a save inserts, and
rechecking the whole log, where rows read straight from the tables are taken into the chains,
one tight loop, for as long as each holds in every respect. Both hash with copies of one empty
`hashlib` hasher, each case id and topic framed once (`Framed`, `links`): the digests are
`seals.seal`'s, byte for byte.

The first row that does not (or on which a checkpoint falls) is left to `ChainCheck.check`,
which finds and names what fails: this loop only ever says "holds" or "look closer".
Rows as `SealedLog.select_sealed` reads them:

- an event: (position, case id or its text, version, topic, stored bytes);
- a seal: (position, case id text, version, event digest, case digest, log digest, position
  before it or None, tag or None).
"""

from __future__ import annotations

import hashlib
import sys
from collections.abc import Sequence
from itertools import islice
from typing import TYPE_CHECKING, Any
from uuid import UUID

from application.seals import CASE, EVENT, GENESIS, LENGTHS, LOG, frame, hashlib_has, hmac_hex, keyed_pads

if TYPE_CHECKING:
    from application.seal_check import ChainCheck

_VERSIONS = [frame(str(version).encode()) for version in range(10_000)]  # a case's versions, framed


def links(  # noqa: PLR0913 - the parts of one link
    fresh: Any, prefix: str, case: bytes, version: int, topic: bytes, state: bytes, last_case: str, log: str,
    position: int,
) -> tuple[str, str, str]:
    """The event digest, case link and log link of the stored event at `position` (its case
    id and topic `Framed`) after the links `last_case` and `log`, as `seals.seal` makes them:
    hashed by copies of the empty hasher `fresh`, digests written `prefix` + hex."""
    hasher = fresh.copy()
    hasher.update(b"".join((EVENT, case, _VERSIONS[version] if version < len(_VERSIONS) else frame(str(version).encode()),
                            topic, len(state).to_bytes(8, "big"), state)))  # fmt: skip
    event = prefix + hasher.hexdigest()
    framed_event = LENGTHS[len(event)] + event.encode()  # a digest just made: shorter than 256 bytes
    hasher = fresh.copy()
    hasher.update(CASE + frame(last_case.encode()) + framed_event)
    case_link = prefix + hasher.hexdigest()
    hasher = fresh.copy()
    hasher.update(LOG + frame(log.encode()) + frame(str(position).encode()) + framed_event)
    return event, case_link, prefix + hasher.hexdigest()


class Framed:
    """The case ids (each a UUID, or its text as stored) and the topics met, framed for
    hashing once each: a case id as its canonical text and that text framed."""

    def __init__(self) -> None:
        self.cases: dict[Any, tuple[str, bytes]] = {}
        self.topics: dict[str, bytes] = {}

    def case(self, raw: Any) -> tuple[str, bytes] | None:
        """None for text that is no UUID (the careful check names what that breaks)."""
        try:
            text = str(raw if isinstance(raw, UUID) else UUID(raw))
        except (TypeError, ValueError):
            return None
        made = self.cases[raw] = (text, frame(text.encode("ascii")))
        return made

    def topic(self, topic: str) -> bytes:
        made = self.topics[topic] = frame(topic.encode())
        return made


def take_rows(chain: ChainCheck, events: Sequence[Any], seals: Sequence[Any], start: int) -> int:  # noqa: C901, PLR0912 - one loop, unrolled for speed
    """Take the rows from index `start` on into the chains while each holds; the index of the
    first row not taken (the length of `seals` if all were)."""
    if chain.log is None or start >= len(seals):
        return start
    name = seals[start][3].partition(":")[0]
    if not hashlib_has(name):
        return start
    fresh, prefix, tag_prefix = hashlib.new(name), name + ":", f"hmac-{name}:"
    pads = keyed_pads(chain.tag_key, name) if chain.tag_key is not None else None
    cases, known, first = chain.cases, chain.framed, (0, GENESIS)
    stop = chain.marks[0].position if chain.marks else sys.maxsize
    log, head, tagged_from, index = chain.log, chain.head_position, chain.tagged_from, start
    for event, seal in zip(islice(events, start, None), islice(seals, start, None)):
        position, raw_case, version, event_digest, case_digest, log_digest, previous, tag = seal
        if event[0] != position or position >= stop or event[2] != version:
            break
        case = known.cases.get(raw_case) or known.case(raw_case)
        if case is None or event[1] != raw_case and (known.cases.get(event[1]) or known.case(event[1])) != case:
            break
        last_version, last_case = cases.get(case[0], first)
        if version != last_version + 1:
            break
        topic, state = event[3], event[4]
        if state.__class__ is not bytes:  # text written where the service wrote bytes (SQLite lets it)
            break
        made = links(fresh, prefix, case[1], version, known.topics.get(topic) or known.topic(topic), state,
                     last_case, log, position)  # fmt: skip
        if made != (event_digest, case_digest, log_digest):
            break
        if pads is not None:  # the tag, over digests now known to be as recomputed
            if tag is None:
                if tagged_from is not None and position >= tagged_from:
                    break
            elif previous != head or tag != tag_prefix + hmac_hex(
                pads, b"%d|%d|%s" % (position, previous, log_digest.encode())
            ):
                break
            elif tagged_from is None:
                tagged_from = position
        cases[case[0]] = (version, case_digest)
        log, head, index = log_digest, position, index + 1
    chain.log, chain.head_position, chain.head_digest = log, head, log
    chain.checked += index - start
    chain.tagged_from = tagged_from
    return index
