"""The Merkle tree over the log (RFC 9162): every inclusion and consistency proof verifies,
and one changed node or a wrong size makes it fail."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from application.merkle import (
    MerkleFrontier,
    consistency_holds,
    consistency_proof,
    inclusion_proof,
    leaf_hash,
    root_from_inclusion,
    root_of,
)

NAME = "sm3"


def leaves(size: int) -> list[bytes]:
    return [leaf_hash(NAME, position, f"sm3:{position:064x}") for position in range(1, size + 1)]


def naive_root(nodes: list[bytes]) -> bytes:
    """RFC 9162's MTH, straight from its definition."""
    import hashlib

    if len(nodes) == 1:
        return nodes[0]
    k = 1 << ((len(nodes) - 1).bit_length() - 1)
    return hashlib.new(NAME, b"\x01" + naive_root(nodes[:k]) + naive_root(nodes[k:])).digest()


@given(st.integers(1, 70))
def test_the_frontier_root_is_the_trees_root_at_every_size(size: int) -> None:
    frontier = MerkleFrontier(NAME)
    for leaf in leaves(size):
        frontier.append(leaf)
    assert frontier.root() == root_of(NAME, leaves(size)) == naive_root(leaves(size))


@given(st.data())
def test_every_inclusion_proof_verifies_and_a_changed_one_does_not(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, 70))
    index = data.draw(st.integers(0, size - 1))
    tree = leaves(size)
    root = root_of(NAME, tree)
    path = inclusion_proof(NAME, tree, index)
    assert root_from_inclusion(NAME, tree[index], index, size, path) == root
    if path:
        changed = [*path[:-1], bytes(32)]
        assert root_from_inclusion(NAME, tree[index], index, size, changed) != root
    assert root_from_inclusion(NAME, leaf_hash(NAME, 999, "sm3:00"), index, size, path) != root


@given(st.data())
def test_every_consistency_proof_verifies_and_another_tree_does_not(data: st.DataObject) -> None:
    new_size = data.draw(st.integers(1, 70))
    old_size = data.draw(st.integers(1, new_size))
    tree = leaves(new_size)
    old_root, new_root = root_of(NAME, tree[:old_size]), root_of(NAME, tree)
    proof = consistency_proof(NAME, tree, old_size)
    assert consistency_holds(NAME, old_size, old_root, new_size, new_root, proof)
    if old_size < new_size:
        rewritten = [leaf_hash(NAME, 0, "sm3:ff"), *tree[1:]]  # the first event changed since
        assert not consistency_holds(NAME, old_size, old_root, new_size, root_of(NAME, rewritten),
                                     consistency_proof(NAME, rewritten, old_size))  # fmt: skip
        assert not consistency_holds(NAME, old_size, bytes(32), new_size, new_root, proof)
