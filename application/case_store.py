"""The case store: one `eventsourcing` application holding every case aggregate, so that the
notification log is one ordered history of all four kinds of case.
"""

from __future__ import annotations

from eventsourcing.application import Application
from eventsourcing.persistence import JSONTranscoder

from application.transcodings import domain_transcodings


class CaseStore(Application):
    """Event store, repository and notification log for every case.

    Which database it uses comes from its environment (`PERSISTENCE_MODULE`, …), set by the
    infrastructure from `YINGSHANG_DATABASE_URL`; the application never names a store.
    """

    name = "yingshang"

    def register_transcodings(self, transcoder: JSONTranscoder) -> None:
        super().register_transcodings(transcoder)
        for transcoding in domain_transcodings():
            transcoder.register(transcoding)
