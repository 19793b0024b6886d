"""The hash chain that makes the event log tamper-evident (防篡改).

Every stored event is sealed when it is written, in the same transaction: a digest of its stored
bytes, a link in the chain of its case and a link in the chain of the whole log. Each link hashes
the previous link with the event's digest, so changing, removing, inserting or reordering any
event breaks every link after it.

A digest names its hash: `sm3:…` (SM3, GB/T 32905) where the runtime offers it, else
`sha256:…`. Each link is checked with the hash its digest names.
"""

from __future__ import annotations

import hashlib

from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any, NamedTuple, Protocol
from uuid import UUID

from cryptography.hazmat.backends import default_backend
from cryptography.hazmat.primitives import hashes
from cryptography.hazmat.primitives import hmac as crypto_hmac

from domain.errors import InvalidValue

HASHES: dict[str, type[hashes.HashAlgorithm]] = {"sm3": hashes.SM3, "sha256": hashes.SHA256}
GENESIS = "genesis"  # the "previous digest" of the first link of every chain


@cache
def preferred_hash() -> str:
    """SM3 where the runtime's OpenSSL supports it, SHA-256 otherwise."""
    return "sm3" if default_backend().hash_supported(hashes.SM3()) else "sha256"


def hash_of(digest: str) -> str:
    """The name of the hash a digest was made with; `InvalidValue` for one not offered here."""
    name, colon, _ = digest.partition(":")
    if not colon or name not in HASHES:
        raise InvalidValue(f"digest {digest[:40]!r} names no hash this runtime offers")
    return name


@cache
def hashlib_has(name: str) -> bool:
    """Whether Python's own OpenSSL has the hash (faster to call than `cryptography`'s)."""
    return name in hashlib.algorithms_available


class _Hasher:
    """A `cryptography` hasher with the part of `hashlib`'s interface used here."""

    def __init__(self, hasher: hashes.Hash) -> None:
        self.hasher = hasher

    def copy(self) -> _Hasher:
        return _Hasher(self.hasher.copy())

    def update(self, data: bytes) -> None:
        self.hasher.update(data)

    def digest(self) -> bytes:
        return self.hasher.finalize()

    def hexdigest(self) -> str:
        return self.digest().hex()


@cache
def empty_hasher(hash_name: str) -> Any:
    """An empty hasher of the hash, to copy (faster than making a new one): `hashlib`'s where
    it has the hash, else `cryptography`'s."""
    return hashlib.new(hash_name) if hashlib_has(hash_name) else _Hasher(hashes.Hash(HASHES[hash_name]()))


@cache
def keyed_pads(key: bytes, hash_name: str) -> tuple[Any, Any]:
    """The inner and outer `hashlib` hashers of an HMAC keyed with `key` (RFC 2104), each fed
    its padded key once, to copy for every message: half the work of copying an `hmac.HMAC`."""
    block = hashlib.new(hash_name).block_size
    padded = (hashlib.new(hash_name, key).digest() if len(key) > block else key).ljust(block, b"\0")
    return (hashlib.new(hash_name, bytes(byte ^ 0x36 for byte in padded)),
            hashlib.new(hash_name, bytes(byte ^ 0x5C for byte in padded)))  # fmt: skip


def hmac_hex(pads: tuple[Any, Any], message: bytes) -> str:
    """The hex HMAC of `message` with the `keyed_pads`."""
    inner, outer = pads[0].copy(), pads[1].copy()
    inner.update(message)
    outer.update(inner.digest())
    return outer.hexdigest()  # type: ignore[no-any-return]


def raw_hash(hash_name: str, data: bytes) -> bytes:
    """The hash of `data`."""
    hasher = empty_hasher(hash_name).copy()
    hasher.update(data)
    return hasher.digest()  # type: ignore[no-any-return]


def digest(hash_name: str, *parts: bytes | str | int) -> str:
    """`name:hex` of the parts, each length-prefixed so that no two sequences of parts collide."""
    framed = b"".join(frame(part if isinstance(part, bytes) else str(part).encode("utf-8")) for part in parts)
    return f"{hash_name}:{raw_hash(hash_name, framed).hex()}"


LENGTHS = [length.to_bytes(8, "big") for length in range(256)]  # made once: framing is per part


def frame(data: bytes) -> bytes:
    size = len(data)
    return (LENGTHS[size] if size < 256 else size.to_bytes(8, "big")) + data  # noqa: PLR2004 - the table's size


EVENT, CASE, LOG = (frame(word) for word in (b"event", b"case", b"log"))


def event_digest(hash_name: str, case_id: UUID | str, version: int, topic: str, state: bytes) -> str:
    """The digest of one stored event: its case (or its id's text), version, topic and stored
    bytes."""
    framed = (EVENT + frame(str(case_id).encode()) + frame(str(version).encode())
              + frame(topic.encode("utf-8")) + frame(state))  # fmt: skip
    return f"{hash_name}:{raw_hash(hash_name, framed).hex()}"


def file_digest(data: bytes) -> str:
    """`name:hex` of a file's bytes as they are (SM3 where offered), as `sm3sum` would print."""
    name = preferred_hash()
    return f"{name}:{raw_hash(name, data).hex()}"


def case_link(hash_name: str, previous: str, event: str) -> str:
    """The next link of a case's chain."""
    framed = CASE + frame(previous.encode()) + frame(event.encode())
    return f"{hash_name}:{raw_hash(hash_name, framed).hex()}"


def log_link(hash_name: str, previous: str, position: int, event: str) -> str:
    """The next link of the whole log's chain; binding the position catches reordering."""
    framed = LOG + frame(previous.encode()) + frame(str(position).encode()) + frame(event.encode())
    return f"{hash_name}:{raw_hash(hash_name, framed).hex()}"


class Seal(NamedTuple):
    """What was sealed of the event at a log position when it was written (a tuple: a check
    reads hundreds of thousands)."""

    position: int
    case_id: UUID
    version: int
    event_digest: str
    case_digest: str
    log_digest: str
    previous: int | None = None  # the position of the event before it (as its tag has it)
    tag: str | None = None


def tag_of(key: bytes, position: int, previous: int, log_digest: str) -> str:
    """The keyed tag of a seal: an HMAC, with the key only the service holds, of the position,
    the position before it and the log digest there. Whoever lacks the key cannot tag a forged
    or rewritten event, so such an event shows even after the last signed checkpoint."""
    name = hash_of(log_digest)
    message = f"{position}|{previous}|{log_digest}".encode("ascii")
    if hashlib_has(name):
        return f"hmac-{name}:{hmac_hex(keyed_pads(key, name), message)}"
    mac = crypto_hmac.HMAC(key, HASHES[name]())
    mac.update(message)
    return f"hmac-{name}:{mac.finalize().hex()}"


def seal(  # noqa: PLR0913 - the parts of one link
    hash_name: str,
    position: int,
    case_id: UUID,
    version: int,
    topic: str,
    state: bytes,
    previous_log: str,
    previous_case: str,
) -> Seal:
    """Seal the stored event at `position` onto the chains that end in the previous digests."""
    event = event_digest(hash_name, case_id, version, topic, state)
    return Seal(
        position=position,
        case_id=case_id,
        version=version,
        event_digest=event,
        case_digest=case_link(hash_name, previous_case, event),
        log_digest=log_link(hash_name, previous_log, position, event),
    )


@dataclass(frozen=True)
class Checkpoint:
    """A log position and the chain's digest there: record it, and verify later that the log
    still extends it. Written `position:digest`, e.g. `1234:sm3:66c7…`."""

    position: int
    digest: str

    def __str__(self) -> str:
        return f"{self.position}:{self.digest}"

    @classmethod
    def parse(cls, text: str) -> Checkpoint:
        position, _, digest_text = text.strip().partition(":")
        if not position.isdigit() or not digest_text:
            raise InvalidValue(f"a checkpoint looks like 1234:sm3:…, got {text[:60]!r}")
        hash_of(digest_text)
        return cls(int(position), digest_text)


class SealedLog(Protocol):
    """The case store's recorder: the library's log, with the seals beside it."""

    gaps: bool  # whether the database may leave log positions unused (PostgreSQL does)

    def select_notifications(self, start: int | None, limit: int) -> Sequence[Any]: ...

    def select_events(self, originator_id: UUID) -> Sequence[Any]: ...

    def select_seals(self, start: int, limit: int) -> list[Seal]:
        """Up to `limit` seals from log position `start` on, in log order."""

    def select_sealed(self, first: int, last: int) -> tuple[Sequence[Any], Sequence[Any]]:
        """The rows of the stored events and of the seals at positions `first`–`last`, each in
        log order (as `application.seal_rows` describes them)."""

    def select_seal_rows(self, first: int, last: int) -> Sequence[Any]:
        """The rows of the seals alone at positions `first`–`last`, in log order (as
        `application.seal_rows` describes them)."""

    def case_seals(self, case_id: UUID) -> list[Seal]:
        """The seals of one case's events, by version."""

    def seal_before(self, position: int) -> Seal | None:
        """The last seal before a log position."""

    def select_checkpoints(self) -> list[Any]:
        """Every signed checkpoint kept, in log order."""

    def insert_checkpoint(self, checkpoint: Any) -> None:
        """Keep a signed checkpoint."""

    def head(self) -> Checkpoint:
        """The last seal's position and log digest."""
