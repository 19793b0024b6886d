"""Application services of yingshang: commands and queries over the case store.

Imports only the domain (and the `eventsourcing` library); never names a storage backend.
"""
