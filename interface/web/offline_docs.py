"""`/docs` (Swagger UI) and `/redoc` (ReDoc) from the vendored assets, never from a CDN."""

from __future__ import annotations

from fastapi import FastAPI
from fastapi.openapi.docs import get_redoc_html, get_swagger_ui_html
from fastapi.responses import HTMLResponse

VENDOR = "/static/vendor"
# Nothing from another host: ReDoc's sidebar would otherwise fetch its maker's logo from a CDN.
SAME_SITE_ONLY = {"Content-Security-Policy": "default-src 'self' 'unsafe-inline' data: blob:"}


def same_site_only(page: HTMLResponse) -> HTMLResponse:
    """`page`, which the browser may complete from this site only."""
    page.headers.update(SAME_SITE_ONLY)
    return page


def install_offline_docs(app: FastAPI) -> None:
    """Serve the API's documents with the scripts and styles the package carries."""
    title = f"{app.title} — API"

    @app.get("/docs", include_in_schema=False)
    async def swagger_ui() -> HTMLResponse:
        return same_site_only(get_swagger_ui_html(
            openapi_url=app.openapi_url or "/openapi.json", title=title,
            swagger_js_url=f"{VENDOR}/swagger-ui-bundle.js",
            swagger_css_url=f"{VENDOR}/swagger-ui.css",
            swagger_favicon_url="/static/favicon.svg",
        ))  # fmt: skip

    @app.get("/redoc", include_in_schema=False)
    async def redoc() -> HTMLResponse:
        return same_site_only(get_redoc_html(
            openapi_url=app.openapi_url or "/openapi.json", title=title,
            redoc_js_url=f"{VENDOR}/redoc.standalone.js",
            redoc_favicon_url="/static/favicon.svg", with_google_fonts=False,
        ))  # fmt: skip
