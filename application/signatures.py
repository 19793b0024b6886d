"""Signed checkpoints (签名检查点): the service signs the log's head and the Merkle root over
the log, so that anyone holding its public key can tell later whether the log still extends
what was signed, without trusting whoever owns the database.

Every key and signature names its algorithm (`ed25519:…`): the `cryptography` package offers
no SM2 signatures, so Ed25519 it is until it does. An auditor must pin the public key out of
band (from the service's operator, or a published brief): whoever owns the database could
otherwise replace the checkpoints and the key stored beside them together.
"""

from __future__ import annotations

import base64
import binascii
import json
from dataclasses import asdict, dataclass
from typing import Any, Protocol

from cryptography.exceptions import InvalidSignature
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PublicKey

from domain.errors import InvalidValue

from application.seals import Checkpoint

ALGORITHM = "ed25519"
STATEMENT = "yingshang-checkpoint/1"


class Signer(Protocol):
    """What signs checkpoints: a key file the service reads, or an external signer (HSM, a
    signing service) behind these three calls."""

    def public_key(self) -> str:
        """`algorithm:base64` of the raw public key."""

    def sign(self, data: bytes) -> str:
        """`algorithm:base64` of the signature of `data`."""

    def tag_key(self) -> bytes:
        """A secret, derived from the signing key, that keys the tag of each stored event."""


def _decoded(text: str, what: str) -> bytes:
    algorithm, _, encoded = text.partition(":")
    if algorithm != ALGORITHM:
        raise InvalidValue(
            f"the {what} names the algorithm {algorithm[:20]!r}; this service checks {ALGORITHM}"
        )
    try:
        return base64.b64decode(encoded, validate=True)
    except binascii.Error:
        raise InvalidValue(f"the {what} is not base64") from None


def signature_holds(public_key: str, data: bytes, signature: str) -> bool:
    """Whether `signature` is the signature of `data` by `public_key`."""
    try:
        Ed25519PublicKey.from_public_bytes(_decoded(public_key, "public key")).verify(
            _decoded(signature, "signature"), data
        )
    except (InvalidValue, InvalidSignature, ValueError):
        return False
    return True


@dataclass(frozen=True)
class SignedCheckpoint:
    """The log as it stood when signed: its last position, how many events it held (the
    Merkle tree's size), the chain's digest there, the Merkle root, when, and by which key.
    `tagged_from`: the first position whose event carries a tag (0: none yet)."""

    position: int
    size: int
    log_digest: str
    merkle_root: str
    tagged_from: int
    signed_at: str
    public_key: str
    signature: str = ""

    @property
    def head(self) -> Checkpoint:
        return Checkpoint(self.position, self.log_digest)

    def statement(self) -> bytes:
        """The bytes signed: every field but the signature, one a line."""
        fields = (STATEMENT, self.position, self.size, self.log_digest, self.merkle_root,
                  self.tagged_from, self.signed_at, self.public_key)  # fmt: skip
        return "\n".join(str(field) for field in fields).encode("utf-8")

    def signed_by(self, signer: Signer) -> SignedCheckpoint:
        return SignedCheckpoint(**asdict(self) | {"signature": signer.sign(self.statement())})

    def holds(self, public_key: str | None = None) -> bool:
        """Whether the signature holds, by the pinned `public_key` if given."""
        key = public_key or self.public_key
        return key == self.public_key and signature_holds(key, self.statement(), self.signature)

    def as_json(self) -> str:
        return json.dumps(asdict(self), ensure_ascii=False)

    @classmethod
    def parse(cls, text: str) -> SignedCheckpoint:
        try:
            fields: dict[str, Any] = json.loads(text)
            return cls(**{name: fields[name] for name in cls.__dataclass_fields__})
        except (ValueError, KeyError, TypeError):
            raise InvalidValue(f"not a signed checkpoint: {text[:60]!r}") from None
