"""The case store: one `eventsourcing` application holding every case aggregate, so that the
notification log is one ordered history of all four kinds of case.
"""

from __future__ import annotations

from typing import TypeVar
from uuid import UUID

from eventsourcing.application import AggregateNotFoundError, Application
from eventsourcing.domain import Aggregate
from eventsourcing.persistence import (
    Cipher,
    DatetimeAsISO,
    DecimalAsStr,
    JSONTranscoder,
    Mapper,
    UUIDAsHex,
)

from application.transcodings import domain_transcodings

A = TypeVar("A", bound=Aggregate)


class CaseStore(Application):
    """Event store, repository and notification log for every case.

    Which database it uses comes from its environment (`PERSISTENCE_MODULE`, …), set by the
    infrastructure from `YINGSHANG_DATABASE_URL`; the application never names a store.
    """

    name = "yingshang"

    def find(self, aggregate_id: UUID, kind: type[A]) -> A | None:
        """The aggregate with this id if it is a `kind`, else None."""
        try:
            aggregate = self.repository.get(aggregate_id)
        except AggregateNotFoundError:
            return None
        return aggregate if isinstance(aggregate, kind) else None

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        register_case_transcodings(transcoder)


def register_case_transcodings(transcoder: JSONTranscoder) -> None:
    """The library's own transcodings and the domain's, as the store writes events with."""
    for transcoding in (UUIDAsHex(), DecimalAsStr(), DatetimeAsISO(), *domain_transcodings()):
        transcoder.register(transcoding)


def offline_mapper(cipher: Cipher | None = None) -> Mapper:
    """A mapper that reads stored case events without a store (for exported packages), with
    the `cipher` they were encrypted with, if they were."""
    transcoder = JSONTranscoder()
    register_case_transcodings(transcoder)
    return Mapper(transcoder=transcoder, cipher=cipher)
