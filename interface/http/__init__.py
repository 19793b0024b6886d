"""The HTTP service (FastAPI), following `shared/api.md`."""

from interface.http.app import create_app

__all__ = ["create_app"]
