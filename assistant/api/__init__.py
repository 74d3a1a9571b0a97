"""The REST API (/api/v1): check, rewrite, ask and audit jobs over the same library functions as the CLI and UI."""

from __future__ import annotations

from collections.abc import AsyncIterator
from contextlib import asynccontextmanager

from fastapi import FastAPI, Request
from fastapi.middleware.cors import CORSMiddleware
from fastapi.openapi.docs import get_swagger_ui_html
from fastapi.responses import HTMLResponse
from fastapi.staticfiles import StaticFiles

from assistant import __version__
from assistant.api.errors import APIError, install_error_handlers
from assistant.api.jobs import AuditJobs
from assistant.api.limits import BodyLimit, api_limits
from assistant.api.routes import Workers, build_router
from assistant.config import Settings
from assistant.services import Services

DOCS_URL = "/api/docs"
OPENAPI_URL = "/api/v1/openapi.json"
_DOCS_ASSETS = "/api/docs-assets"
_DESCRIPTION = """Offline GDPR checks of CRM comments. Same JSON shapes as the command line's JSON Lines.

Errors are `{"error": {"code", "message"}}` with one sentence. When the server has API keys
(always when it listens beyond this machine), send `Authorization: Bearer <key>`."""


def create_api(settings: Settings, services: Services | None = None) -> FastAPI:
    """The FastAPI application holding the API; the web server mounts the widget and the Gradio app on it."""
    services = services or Services()
    jobs = AuditJobs(settings, services)

    @asynccontextmanager
    async def lifespan(_app: FastAPI) -> AsyncIterator[None]:
        try:
            yield
        finally:
            jobs.close()

    api = FastAPI(title="CRM GDPR assistant API", version=__version__, description=_DESCRIPTION,
                  docs_url=None, redoc_url=None, openapi_url=OPENAPI_URL, lifespan=lifespan)
    api.state.jobs = jobs
    install_error_handlers(api)
    _add_docs(api)
    router = build_router(settings, services, Workers(settings), jobs)
    api.include_router(router)
    known = [route.path_regex for route in router.routes if hasattr(route, "path_regex")]

    @api.api_route("/api/{rest:path}", methods=["GET", "POST", "PUT", "PATCH", "DELETE"], include_in_schema=False)
    async def unknown(request: Request, rest: str) -> None:
        """Unknown API paths answer in JSON, before the Gradio app mounted at / could answer in HTML."""
        path = request.url.path
        if any(pattern.match(path) for pattern in known):
            raise APIError(405, "method_not_allowed", f"{path} does not accept {request.method}; see /api/docs.")
        raise APIError(404, "not_found", "There is nothing at this address; see /api/docs for the endpoints.")

    api.add_middleware(BodyLimit, limit_for=api_limits(settings.api_max_body_kb * 1024,
                                                        settings.max_upload_mb * 1024 * 1024))
    if settings.cors_origins:
        api.add_middleware(CORSMiddleware, allow_origins=list(settings.cors_origins), allow_methods=["GET", "POST"],
                           allow_headers=["Authorization", "Content-Type"], max_age=600)
    return api


def _add_docs(api: FastAPI) -> None:
    """Swagger UI at /api/docs from files installed with the package: the page fetches nothing from a CDN."""
    from swagger_ui_bundle import swagger_ui_path

    api.mount(_DOCS_ASSETS, StaticFiles(directory=swagger_ui_path), name="docs-assets")

    @api.get(DOCS_URL, include_in_schema=False)
    async def docs() -> HTMLResponse:
        return get_swagger_ui_html(
            openapi_url=OPENAPI_URL, title="CRM GDPR assistant API",
            swagger_js_url=f"{_DOCS_ASSETS}/swagger-ui-bundle.js", swagger_css_url=f"{_DOCS_ASSETS}/swagger-ui.css",
            swagger_favicon_url=f"{_DOCS_ASSETS}/favicon-32x32.png",
        )


__all__ = ["DOCS_URL", "OPENAPI_URL", "create_api"]
