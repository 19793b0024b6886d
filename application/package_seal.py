"""The seal of a whole audit package: its last line lists the digest (and log position) of
every line before it, header first, with the digest of that list, signed by the service's key.
So an edited header field, a line cut, added, changed or moved, shows, and is named."""

from __future__ import annotations

import json
from collections import Counter
from collections.abc import Sequence
from typing import Any

from application.seal_check import Failure
from application.seals import digest, hash_of, preferred_hash
from application.signatures import Signer, signature_holds


def seal_line(lines: Sequence[str], positions: Sequence[int], signer: Signer | None) -> str:
    """The last line of a package whose other `lines` hold the events at `positions` (the
    header at 0)."""
    name = preferred_hash()
    digests = [digest(name, "line", line) for line in lines]
    whole = digest(name, "package", *digests, *positions)
    record: dict[str, Any] = {"package_digest": whole, "positions": list(positions), "lines": digests}
    if signer is not None:
        record |= {"public_key": signer.public_key(), "signature": signer.sign(whole.encode("ascii"))}
    return json.dumps(record)


def check_seal(lines: Sequence[str], public_key: str | None) -> Failure | None:
    """The first thing wrong with a package's seal (its last line) and the lines before it;
    signed by the pinned `public_key`, if one is given."""
    try:
        record = json.loads(lines[-1])
        listed, positions, whole = list(record["lines"]), list(record["positions"]), str(record["package_digest"])
        name = hash_of(whole)
    except (ValueError, KeyError, TypeError, IndexError):
        return Failure(0, "deleted", "the package's last line, its seal, is missing: lines were cut from its end")
    if len(listed) != len(positions) or digest(name, "package", *listed, *positions) != whole:
        return Failure(0, "altered", "the package's seal (its last line) was edited: its digest does not hold")
    failure = _signature(record, whole, public_key)
    if failure is not None:
        return failure
    actual = [digest(name, "line", line) for line in lines[:-1]]
    return _compared(actual, listed, positions, lines)


def _signature(record: dict[str, Any], whole: str, public_key: str | None) -> Failure | None:
    signature, key = record.get("signature"), record.get("public_key")
    if signature is None and public_key is None:
        return None
    if signature is None or (public_key is not None and key != public_key):
        return Failure(0, "bad_signature", "the package is not signed by the pinned key")
    if not signature_holds(str(key), whole.encode("ascii"), str(signature)):
        return Failure(0, "bad_signature", "the package's signature does not hold: its seal was forged")
    return None


def _compared(actual: list[str], listed: list[str], positions: list[int], lines: Sequence[str]) -> Failure | None:
    """What was done to the lines, named: the header edited, lines moved, changed, added or cut."""
    if actual == listed:
        return None
    if not actual or actual[0] != listed[0]:
        return Failure(0, "header_altered", "the header (scope, exporter, export time, log head or count) "
                       "differs from the one the package was written with")  # fmt: skip
    where = {line: index for index, line in enumerate(listed)}
    if sorted(actual) == sorted(listed):
        index = next(i for i, (a, b) in enumerate(zip(actual, listed, strict=True)) if a != b)
        moved = positions[where[actual[index]]]
        return Failure(moved, "reordered", f"line {index + 1} holds the event at position {moved}, written as "
                       f"line {where[actual[index]] + 1}: lines were reordered")  # fmt: skip
    left = Counter(listed)
    added = []
    for index, line in enumerate(actual):
        if left[line] > 0:
            left[line] -= 1
        else:
            added.append(index)
    cut = [positions[index] for index, line in enumerate(listed) if line not in set(actual)]
    if added and len(actual) == len(listed):
        index = added[0]
        return Failure(positions[index], "altered", f"line {index + 1} differs from the line written for "
                       f"position {positions[index]}")  # fmt: skip
    if added:
        return Failure(0, "added", f"line {added[0] + 1} was not in the package when it was written")
    return Failure(cut[0], "deleted", f"the lines of positions {', '.join(map(str, cut))} were cut from the package")
