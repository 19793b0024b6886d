"""Installs the web console on the FastAPI application: static assets, the offline API
documents, the pages and their error pages."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.staticfiles import StaticFiles

from interface.web.error_pages import install_error_pages
from interface.web.offline_docs import install_offline_docs
from interface.web.pages import router as pages_router
from interface.web.templating import HERE


def install_console(app: FastAPI) -> None:
    """Serve the console at `/` beside the API (call after the API's problem handlers)."""
    app.mount("/static", StaticFiles(directory=HERE / "static"), name="static")
    install_offline_docs(app)
    app.include_router(pages_router)
    install_error_pages(app)
