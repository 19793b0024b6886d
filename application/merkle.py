"""A Merkle tree over the log (RFC 9162, as Certificate Transparency has it): one leaf per
stored event, so that a signed root covers the whole log and short proofs show that one event
is in it (inclusion) or that a later log extends an earlier one (consistency).

A leaf is `hash(0x00 || position || event digest)`, a node `hash(0x01 || left || right)`,
with the hash a root names (`sm3:…` or `sha256:…`), as the seals do.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from functools import partial

from application.seals import raw_hash

Hasher = Callable[[bytes], bytes]


def hasher(name: str) -> Hasher:
    """The raw hash function a name stands for, as the seals use it."""
    return partial(raw_hash, name)


def leaf_hash(hash_name: str, position: int, event_digest: str) -> bytes:
    """The leaf of the event sealed at `position` with `event_digest`."""
    return hasher(hash_name)(b"\x00" + position.to_bytes(8, "big") + event_digest.encode("ascii"))


def _node(hash_: Hasher, left: bytes, right: bytes) -> bytes:
    return hash_(b"\x01" + left + right)


def _split(size: int) -> int:
    """The largest power of two smaller than `size` (> 1)."""
    return 1 << ((size - 1).bit_length() - 1)


def root_of(hash_name: str, leaves: Sequence[bytes]) -> bytes:
    """The root of the tree over `leaves` (the hash of nothing for none)."""
    hash_ = hasher(hash_name)
    if not leaves:
        return hash_(b"")
    frontier = MerkleFrontier(hash_name)
    for leaf in leaves:
        frontier.append(leaf)
    return frontier.root()


class MerkleFrontier:
    """The roots of the perfect subtrees a growing tree is made of: appending a leaf costs
    one hash on average, and the root at any size is a fold of at most log2(size) of them."""

    def __init__(self, hash_name: str) -> None:
        self.name = hash_name
        self.node = partial(_node, hasher(hash_name))
        self.empty = hasher(hash_name)(b"")
        self.size = 0
        self.stack: list[bytes] = []

    def append(self, leaf: bytes) -> None:
        self.size += 1
        self.stack.append(leaf)
        merges, size = 0, self.size
        while size % 2 == 0:
            size //= 2
            merges += 1
        for _ in range(merges):
            right = self.stack.pop()
            self.stack[-1] = self.node(self.stack[-1], right)

    def root(self) -> bytes:
        if not self.stack:
            return self.empty
        folded = self.stack[-1]
        for left in reversed(self.stack[:-1]):
            folded = self.node(left, folded)
        return folded


def inclusion_proof(hash_name: str, leaves: Sequence[bytes], index: int) -> list[bytes]:
    """The audit path of leaf `index` in the tree over `leaves` (RFC 9162, 2.1.3.1)."""
    if len(leaves) <= 1:
        return []
    k = _split(len(leaves))
    if index < k:
        return [*inclusion_proof(hash_name, leaves[:k], index), root_of(hash_name, leaves[k:])]
    return [*inclusion_proof(hash_name, leaves[k:], index - k), root_of(hash_name, leaves[:k])]


def root_from_inclusion(
    hash_name: str, leaf: bytes, index: int, size: int, path: Sequence[bytes]
) -> bytes | None:
    """The root that `path` leads to from `leaf` at `index` of a tree of `size` leaves, or None
    if the path has the wrong length for them (RFC 9162, 2.1.3.2)."""
    if not 0 <= index < size:
        return None
    node, fn, sn, found = partial(_node, hasher(hash_name)), index, size - 1, leaf
    for sibling in path:
        if sn == 0:
            return None
        if fn % 2 == 1 or fn == sn:
            found = node(sibling, found)
            while fn % 2 == 0 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            found = node(found, sibling)
        fn, sn = fn >> 1, sn >> 1
    return found if sn == 0 else None


def consistency_proof(hash_name: str, leaves: Sequence[bytes], old_size: int) -> list[bytes]:
    """The proof that the tree over `leaves` extends the tree over its first `old_size`
    (RFC 9162, 2.1.4.1)."""
    if not 0 < old_size <= len(leaves):
        raise ValueError(f"a consistency proof needs 0 < {old_size} <= {len(leaves)}")
    return _subproof(hash_name, leaves, old_size, True)


def _subproof(hash_name: str, leaves: Sequence[bytes], m: int, complete: bool) -> list[bytes]:
    n = len(leaves)
    if m == n:
        return [] if complete else [root_of(hash_name, leaves)]
    k = _split(n)
    if m <= k:
        return [*_subproof(hash_name, leaves[:k], m, complete), root_of(hash_name, leaves[k:])]
    return [*_subproof(hash_name, leaves[k:], m - k, False), root_of(hash_name, leaves[:k])]


def consistency_holds(  # noqa: PLR0913 - the two trees and the proof
    hash_name: str,
    old_size: int,
    old_root: bytes,
    new_size: int,
    new_root: bytes,
    proof: Sequence[bytes],
) -> bool:
    """Whether `proof` shows the tree of `new_size` with `new_root` extends the one of
    `old_size` with `old_root` (RFC 9162, 2.1.4.2)."""
    if not 0 < old_size <= new_size:
        return False
    if old_size == new_size:
        return not proof and old_root == new_root
    if not proof:
        return False
    node = partial(_node, hasher(hash_name))
    path = list(proof)
    if old_size & (old_size - 1) == 0:  # a power of two: the old root is the proof's first node
        path.insert(0, old_root)
    fn, sn = old_size - 1, new_size - 1
    while fn & 1:
        fn, sn = fn >> 1, sn >> 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr, sr = node(c, fr), node(c, sr)
            while not fn & 1 and fn != 0:
                fn, sn = fn >> 1, sn >> 1
        else:
            sr = node(sr, c)
        fn, sn = fn >> 1, sn >> 1
    return sn == 0 and fr == old_root and sr == new_root
