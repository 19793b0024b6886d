"""The fast way through the whole log (`take_rows`) never takes a row the careful check would
refuse: on any log, untouched or with one field of one row changed, `check_log` gives the very
verdict it gives when every row goes through `ChainCheck.check`. And the HMAC made from the
padded key is the standard library's."""

from __future__ import annotations

import hmac
import uuid
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

import application.seal_check as seal_check
from application.seal_check import Verdict, check_log
from application.seals import GENESIS, hmac_hex, keyed_pads, seal, tag_of
from application.signatures import SignedCheckpoint

KEY = b"k" * 32
CASES = [uuid.UUID(int=n) for n in (7, 1 << 100, 3 << 120)]
TOPIC = "domain.appeal:Appeal.Noted"


def log(size: int, tagged_from: int) -> tuple[list[list[Any]], list[list[Any]]]:
    """`size` events of three cases, as `select_sealed` reads them, tagged from `tagged_from`."""
    events, seals, previous_log, cases = [], [], GENESIS, {case: (0, GENESIS) for case in CASES}
    for position in range(1, size + 1):
        case = CASES[position % 3]
        version, previous_case = cases[case]
        state = bytes([position]) * (position * 7 % 300)
        made = seal("sm3", position, case, version + 1, TOPIC, state, previous_log, previous_case)
        tagged = position >= tagged_from
        tag = tag_of(KEY, position, position - 1, made.log_digest) if tagged else None
        events.append([position, str(case), version + 1, TOPIC, state])
        seals.append([position, str(case), version + 1, *made[3:6], position - 1 if tagged else None, tag])
        previous_log, cases[case] = made.log_digest, (version + 1, made.case_digest)
    return events, seals


def changed(value: Any, data: st.DataObject) -> Any:
    """Another value of the same kind."""
    if isinstance(value, bytes):
        return value + b"x" if not value else value[:-1] + bytes([value[-1] ^ 1])
    if isinstance(value, int):
        return value + data.draw(st.sampled_from([-1, 1, 2]))
    if value is None:
        return data.draw(st.sampled_from([0, "hmac-sm3:00"]))
    return data.draw(st.sampled_from([value[:-1] + "0" if value[-1] != "0" else value[:-1] + "1", value.upper(),
                                      "sha256:" + value[4:], "genesis"]))  # fmt: skip


def verdict(events: list[Any], seals: list[Any], page: int, signed: list[SignedCheckpoint]) -> Verdict:
    """The verdict with the rows read `page` positions at a time, as the service reads them."""
    stop = max((row[0] for row in events + seals), default=0)
    pages = [tuple([row for row in rows if first <= row[0] < first + page] for rows in (events, seals))
             for first in range(1, stop + 1, page)]  # fmt: skip
    return check_log(pages, None, signed, KEY)


@given(st.data())
def test_the_fast_way_gives_the_careful_checks_verdict_on_any_one_change(data: st.DataObject) -> None:
    size = data.draw(st.integers(1, 30))
    tagged_from = data.draw(st.integers(1, size + 1))
    events, seals = log(size, tagged_from)
    kind = data.draw(st.sampled_from(["event", "seal", "drop event", "drop seal", "drop both", "none"]))
    index = data.draw(st.integers(0, size - 1))
    rows = events if kind == "event" else seals
    if kind in ("event", "seal"):
        field = data.draw(st.integers(0 if kind == "seal" else 1, len(rows[index]) - 1))
        rows[index][field] = changed(rows[index][field], data)
    elif kind != "none":
        for dropped in {"drop event": [events], "drop seal": [seals], "drop both": [events, seals]}[kind]:
            del dropped[index]
    mark = data.draw(st.integers(1, size))
    digest = seals[mark - 1][5] if mark <= len(seals) else GENESIS
    signed = [SignedCheckpoint(mark, mark, digest, "sm3:00", tagged_from if tagged_from <= mark else 0, "", "")]
    page = data.draw(st.integers(1, 8))
    fast = verdict(events, seals, page, signed)
    with pytest.MonkeyPatch.context() as patch:
        patch.setattr(seal_check, "take_rows", lambda chain, events, seals, start: start)
        careful = verdict(events, seals, page, signed)
    assert fast == careful
    assert fast.holds or kind != "none"


@given(st.binary(max_size=100), st.binary(max_size=200))
def test_the_padded_key_hmac_is_the_standard_one(key: bytes, message: bytes) -> None:
    assert hmac_hex(keyed_pads(key, "sm3"), message) == hmac.new(key, message, "sm3").hexdigest()


@pytest.mark.parametrize(
    ("gaps", "named"),
    [(False, "the events at positions 3–4 were removed with their seals"),
     (True, "events were removed with their seals from positions 3–4 (not necessarily from every one")],
)  # fmt: skip
def test_a_cut_without_tags_is_named_as_exactly_as_the_store_allows(gaps: bool, named: str) -> None:
    """Untagged, every event a case of its own: only the log chain shows positions 3 and 4 gone.
    SQLite leaves no position unused, so both were removed; PostgreSQL may have left one unused."""
    events, seals = [], []
    previous = GENESIS
    for position in range(1, 7):
        made = seal("sm3", position, uuid.UUID(int=position), 1, TOPIC, b"x", previous, GENESIS)
        events.append([position, str(made.case_id), 1, TOPIC, b"x"])
        seals.append([made.position, str(made.case_id), *made[2:6], None, None])
        previous = made.log_digest
    del events[2:4], seals[2:4]
    failure = check_log([(events, seals)], gaps=gaps).failure
    assert failure is not None and (failure.problem, failure.position) == ("broken_chain", 5)
    assert named in failure.detail
