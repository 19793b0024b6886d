"""Audit packages (审计包): the events of a case, an enterprise or a time window as JSON lines,
each with its stored bytes and seal, so that anyone can recheck them offline, without the store.

The first line describes the package; each further line is one event, in log order: its stored
bytes (base64) and digests, and what they say in plain terms (who, when, what). Checking a
package rechecks every digest and that the plain terms are what the stored bytes say.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Iterable, Iterator, Sequence
from dataclasses import dataclass
from datetime import datetime
from typing import Any
from uuid import UUID

from eventsourcing.persistence import Cipher, Mapper, StoredEvent

from domain.clock import require_aware
from domain.errors import InvalidValue

from application.case_store import offline_mapper
from application.replay import payload_of, plain, recorded_at
from application.seal_check import ChainCheck, Failure, Link, Verdict, unsigned
from application.package_seal import check_seal, seal_line
from application.seals import Checkpoint, Seal
from application.signatures import SignedCheckpoint, Signer

FORMAT = "yingshang-audit-package/2"  # sealed whole: its last line is `package_seal`'s
UNSEALED = "yingshang-audit-package/1"  # written before packages were sealed whole
SEAL_FIELDS = ("event_digest", "case_digest", "log_digest")


@dataclass(frozen=True)
class PackageScope:
    """What a package holds: one case, every case of one enterprise, or the log between two
    recorded times [start, end)."""

    case_id: UUID | None = None
    credit_code: str | None = None
    start: datetime | None = None
    end: datetime | None = None

    def __post_init__(self) -> None:
        named = [self.case_id is not None, self.credit_code is not None, self.start is not None]
        if sum(named) != 1 or (self.start is None) != (self.end is None):
            raise InvalidValue("a package holds one case, one enterprise, or one window (from and to)")
        if self.start is not None and self.end is not None:
            if require_aware(self.start, "from") >= require_aware(self.end, "to"):
                raise InvalidValue("a window's start must come before its end")

    @property
    def kind(self) -> str:
        if self.case_id is not None:
            return "case"
        return "enterprise" if self.credit_code is not None else "window"

    def as_json(self) -> dict[str, Any]:
        return {"kind": self.kind} | {
            name: plain(value) for name, value in vars(self).items() if value is not None
        }


@dataclass(frozen=True)
class Packed:
    """One event to pack: its stored form, its seal and the links its seal follows."""

    stored: StoredEvent
    seal: Seal
    previous_log: str
    previous_case: str


def readable(event: Any) -> dict[str, Any]:
    """What an event says, in plain terms (events of case-number series have no actor)."""
    actor = getattr(event, "actor", None)
    occurred_at = getattr(event, "occurred_at", None)
    return {
        "event": type(event).__qualname__,
        "actor": plain(actor),
        "occurred_at": plain(occurred_at),
        "recorded_at": plain(recorded_at(event)),
        "payload": payload_of(event),
    }


def package_lines(
    header: dict[str, Any], packed: Sequence[Packed], mapper: Mapper, signer: Signer | None = None
) -> list[str]:
    """The package as lines of JSON: the header (with the count and the last log digest), one
    line per event, and the seal of them all (signed by `signer`, if the service has one)."""
    lines = list(_lines(header, packed, mapper))
    return [*lines, seal_line(lines, [0, *(item.seal.position for item in packed)], signer)]


def _lines(header: dict[str, Any], packed: Sequence[Packed], mapper: Mapper) -> Iterator[str]:
    last = packed[-1].seal.log_digest if packed else None
    yield json.dumps(
        {"format": FORMAT} | header | {"events": len(packed), "last_log_digest": last},
        ensure_ascii=False,
    )
    for item in packed:
        seal = item.seal
        line = {
            "position": seal.position,
            "case_id": str(seal.case_id),
            "version": seal.version,
            "topic": item.stored.topic,
            "state": base64.b64encode(item.stored.state).decode("ascii"),
            **{name: getattr(seal, name) for name in SEAL_FIELDS},
            "previous_case_digest": item.previous_case,
            "previous_log_digest": item.previous_log,
        }
        yield json.dumps(line | readable(mapper.to_domain_event(item.stored)), ensure_ascii=False)


def check_package(
    lines: Iterable[str],
    checkpoint: Checkpoint | SignedCheckpoint | None = None,
    cipher: Cipher | None = None,
    public_key: str | None = None,
) -> Verdict:
    """Recheck a package offline: its seal (every line, the header included, as written, and
    signed by the pinned `public_key` if given), every digest, every link between its events,
    and that the plain terms match the stored bytes. With a recorded or published (signed)
    `checkpoint`, the package must hold that position with that digest. The stored bytes of a package from an encrypted
    store are read with its `cipher`."""
    lines = list(lines)
    header = _header(lines[0] if lines else "")
    if header is None:
        return ChainCheck().verdict(Failure(0, "malformed", "line 1 is not an audit package header"))
    failure = unsigned(checkpoint, (), public_key, "the pinned key" if public_key else "the key it names")
    if failure is not None:
        return ChainCheck().verdict(failure)
    if header["format"] == FORMAT:
        failure = check_seal(lines, public_key)
        if failure is not None:
            return ChainCheck().verdict(failure)
        lines = lines[:-1]
    numbered = enumerate(lines[1:], start=2)
    scope = header["scope"]["kind"]
    chain = ChainCheck(
        checkpoint, from_genesis=False, contiguous=scope == "window", whole_cases=scope != "window"
    )
    mapper = offline_mapper(cipher)
    for number, text in numbered:
        failure = _check_line(chain, mapper, number, text)
        if failure is not None:
            return chain.verdict(failure)
    return chain.verdict(_check_end(chain, header) or chain.finish())


def _header(text: str) -> dict[str, Any] | None:
    try:
        header = json.loads(text)
        if header["format"] in (FORMAT, UNSEALED) and header["scope"]["kind"] in ("case", "enterprise", "window"):
            return header  # type: ignore[no-any-return]
    except (ValueError, KeyError, TypeError):
        pass
    return None


def _check_line(chain: ChainCheck, mapper: Mapper, number: int, text: str) -> Failure | None:
    try:
        record = json.loads(text)
        seal = Seal(
            position=int(record["position"]),
            case_id=UUID(record["case_id"]),
            version=int(record["version"]),
            **{name: str(record[name]) for name in SEAL_FIELDS},
        )
        stored = StoredEvent(
            seal.case_id, seal.version, str(record["topic"]), base64.b64decode(record["state"], validate=True)
        )
        link = Link(stored, seal, str(record["previous_log_digest"]), str(record["previous_case_digest"]))
    except (ValueError, KeyError, TypeError, binascii.Error) as error:
        return Failure(chain.head.position, "malformed", f"line {number} is not a package event: {error}")
    return chain.check(link) or _check_readable(mapper, stored, seal, record)


def _check_readable(mapper: Mapper, stored: StoredEvent, seal: Seal, record: dict[str, Any]) -> Failure | None:
    """The plain terms of a line must be what its (sealed) stored bytes say."""
    where = f"case {seal.case_id} version {seal.version} (position {seal.position})"
    try:
        said = readable(mapper.to_domain_event(stored))
    except ValueError:
        why = (
            "the key given does not decrypt them (another store's key, or a package that is not "
            "encrypted)" if mapper.cipher else "they are encrypted (or not an event), and no key was given"
        )  # fmt: skip
        problem, detail = "unreadable", f"the stored bytes of {where} cannot be read: {why}"
    else:
        if all(record.get(name) == value for name, value in said.items()):
            return None
        problem, detail = "altered", f"the plain terms of {where} differ from what its stored bytes say"
    return Failure(seal.position, problem, detail, seal.case_id, seal.version)


def _check_end(chain: ChainCheck, header: dict[str, Any]) -> Failure | None:
    """Lines cut from the end: the count and last digest the header records."""
    if chain.checked == header.get("events") and (
        chain.checked == 0 or chain.head.digest == header.get("last_log_digest")
    ):
        return None
    return Failure(
        chain.head.position, "deleted",
        f"the package holds {chain.checked} events ending at position {chain.head.position}, "
        f"but was written with {header.get('events')}: lines were removed",
    )  # fmt: skip
