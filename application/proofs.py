"""Proofs over the signed Merkle tree of the log, written as JSON and checked offline, with
nothing but the proof and the service's public key (pinned by the auditor):

- inclusion: this event, with these stored bytes, is in the log a signed checkpoint covers;
- consistency: the log a later signed checkpoint covers extends the one an earlier covered.
"""

from __future__ import annotations

import base64
import binascii
import json
from collections.abc import Sequence
from typing import Any
from uuid import UUID

from domain.errors import InvalidValue

from application.merkle import (
    consistency_holds,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_inclusion,
    root_of,
)
from application.seals import Seal, event_digest, hash_of
from application.signatures import SignedCheckpoint

INCLUSION = "yingshang-inclusion-proof/1"
CONSISTENCY = "yingshang-consistency-proof/1"


def _leaves(hash_name: str, seals: Sequence[Seal]) -> list[bytes]:
    return [leaf_hash(hash_name, seal.position, seal.event_digest) for seal in seals]


def tree_root(name: str, seals: Sequence[Seal]) -> str:
    """The Merkle root over `seals`, with the hash `name`."""
    return f"{name}:{root_of(name, _leaves(name, seals)).hex()}"


def _raw(digest: str) -> bytes:
    return bytes.fromhex(digest.split(":", 1)[1])


def inclusion_proof_of(
    event: Any, seals: Sequence[Seal], checkpoint: SignedCheckpoint
) -> dict[str, Any]:
    """The proof that the stored `event` (a notification) is in the tree over `seals` that
    `checkpoint` signed."""
    name = hash_of(checkpoint.merkle_root)
    index = next(i for i, seal in enumerate(seals) if seal.position == event.id)
    return {
        "format": INCLUSION,
        "position": event.id,
        "case_id": str(event.originator_id),
        "version": event.originator_version,
        "topic": event.topic,
        "state": base64.b64encode(event.state).decode("ascii"),
        "event_digest": seals[index].event_digest,
        "leaf_index": index,
        "path": [node.hex() for node in inclusion_proof(name, _leaves(name, seals), index)],
        "checkpoint": json.loads(checkpoint.as_json()),
    }


def consistency_proof_of(
    seals: Sequence[Seal], earlier: SignedCheckpoint, later: SignedCheckpoint
) -> dict[str, Any]:
    """The proof that the tree `later` signed (over `seals`) extends the one `earlier` signed."""
    name = hash_of(later.merkle_root)
    return {
        "format": CONSISTENCY,
        "path": [
            node.hex() for node in consistency_proof(name, _leaves(name, seals), earlier.size)
        ],
        "earlier": json.loads(earlier.as_json()),
        "later": json.loads(later.as_json()),
    }


def check_proof(proof: dict[str, Any], public_key: str | None) -> str:
    """What a proof shows, checked with nothing but itself and the pinned `public_key` (else
    the key its checkpoints name); `InvalidValue` naming what fails."""
    try:
        if proof.get("format") == INCLUSION:
            return _check_inclusion(proof, public_key)
        if proof.get("format") == CONSISTENCY:
            return _check_consistency(proof, public_key)
    except (KeyError, TypeError, ValueError, binascii.Error) as error:
        if isinstance(error, InvalidValue):
            raise
        raise InvalidValue(f"the proof is malformed: {error!r}") from None
    raise InvalidValue("not a proof this service writes")


def _signed(fields: dict[str, Any], public_key: str | None, what: str) -> SignedCheckpoint:
    checkpoint = SignedCheckpoint.parse(json.dumps(fields))
    if not checkpoint.holds(public_key):
        raise InvalidValue(f"the signature of {what} (position {checkpoint.position}) does not hold"
                           + (" by the pinned key" if public_key else ""))  # fmt: skip
    return checkpoint


def _check_inclusion(proof: dict[str, Any], public_key: str | None) -> str:
    checkpoint = _signed(proof["checkpoint"], public_key, "the checkpoint")
    name = hash_of(checkpoint.merkle_root)
    position, state = int(proof["position"]), base64.b64decode(proof["state"], validate=True)
    case_id, version = UUID(proof["case_id"]), int(proof["version"])
    digest = event_digest(
        hash_of(proof["event_digest"]), case_id, version, str(proof["topic"]), state
    )
    if digest != proof["event_digest"]:
        raise InvalidValue(f"the stored bytes of position {position} are not those sealed")
    leaf = leaf_hash(name, position, digest)
    path = [bytes.fromhex(node) for node in proof["path"]]
    root = root_from_inclusion(name, leaf, int(proof["leaf_index"]), checkpoint.size, path)
    if root is None or root != _raw(checkpoint.merkle_root):
        raise InvalidValue(
            f"the event at position {position} is not in the tree the checkpoint signed"
        )
    return (f"case {case_id} version {version} (position {position}) is in the log signed at "
            f"position {checkpoint.position} ({checkpoint.signed_at})")  # fmt: skip


def _check_consistency(proof: dict[str, Any], public_key: str | None) -> str:
    earlier = _signed(proof["earlier"], public_key, "the earlier checkpoint")
    later = _signed(proof["later"], public_key, "the later checkpoint")
    path = [bytes.fromhex(node) for node in proof["path"]]
    name = hash_of(later.merkle_root)
    if not consistency_holds(
        name, earlier.size, _raw(earlier.merkle_root), later.size, _raw(later.merkle_root), path
    ):
        raise InvalidValue(f"the log signed at position {later.position} does not extend the one signed "
                           f"at position {earlier.position}")  # fmt: skip
    return (
        f"the log signed at position {later.position} ({later.size} events) extends the one "
        f"signed at position {earlier.position} ({earlier.size} events)"
    )
