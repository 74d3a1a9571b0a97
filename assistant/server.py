"""`assistant serve`: one process, one port, three things: the REST API (/api/v1, docs at /api/docs), the
check-while-typing widget (/widget/), and the Gradio app (/).

Safe defaults: loopback unless both a login (web app) and API keys (API) are set, no analytics, bounded uploads
and bodies, and no comment text in the log.
"""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
import time
from typing import TYPE_CHECKING

from assistant.api.keys import is_valid_hash
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.services import Services

if TYPE_CHECKING:
    from fastapi import FastAPI

log = logging.getLogger("assistant.server")

_LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}
WIDGET_PATH = "/widget"
# Fixed sample texts: the warm-up never touches user data.
_WARM_UP_COMMENT = "Client très satisfait, rappeler lundi."
_WARM_UP_QUESTION = "Combien de temps conserver les données d'un prospect ?"
_WARM_UP_FLAGGED = "Client diabétique, rappeler lundi."
_GRACEFUL_SHUTDOWN_SECONDS = 5


def is_loopback(host: str) -> bool:
    """True when `host` only accepts connections from this machine."""
    name = host.strip().strip("[]").lower()
    if name in _LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


def check_server_settings(settings: Settings) -> tuple[str, str] | None:
    """The (user, password) the web app requires, or None on loopback without credentials; ConfigError when
    unsafe. The API follows the same rule with its keys: required off loopback, enforced once set."""
    user, password = settings.auth_user or None, settings.auth_password or None
    if (user is None) != (password is None):
        raise ConfigError("Set both ASSISTANT_AUTH_USER and ASSISTANT_AUTH_PASSWORD, or neither.")
    if not is_loopback(settings.host) and user is None:
        raise ConfigError(
            f"Refusing to listen on {settings.host} without a login: set ASSISTANT_AUTH_USER and "
            "ASSISTANT_AUTH_PASSWORD, or keep ASSISTANT_HOST=127.0.0.1."
        )
    bad = [stored for stored in settings.api_key_hashes if not is_valid_hash(stored)]
    if bad:
        raise ConfigError(
            "ASSISTANT_API_KEY_HASHES holds a value that is not a key hash (sha256: and 64 hex digits); "
            "store the hash that `assistant api-key` prints, never the key itself."
        )
    if not is_loopback(settings.host) and not settings.api_key_hashes:
        raise ConfigError(
            f"Refusing to listen on {settings.host} without API keys: run `assistant api-key` and set "
            "ASSISTANT_API_KEY_HASHES, or keep ASSISTANT_HOST=127.0.0.1."
        )
    if settings.max_upload_mb < 1:
        raise ConfigError("ASSISTANT_MAX_UPLOAD_MB must be at least 1.")
    if settings.api_max_body_kb < 1:
        raise ConfigError("ASSISTANT_API_MAX_BODY_KB must be at least 1.")
    if not 0 < settings.port < 65536:
        raise ConfigError(f"ASSISTANT_PORT must be between 1 and 65535, not {settings.port}.")
    return None if user is None else (user, password)


def build_server(settings: Settings, services: Services | None = None) -> FastAPI:
    """The whole web server as one ASGI app: API first, then the widget, then the Gradio app at /."""
    auth = check_server_settings(settings)
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    import gradio as gr
    from fastapi.staticfiles import StaticFiles

    from assistant.api import create_api
    from assistant.ui.app import build_app
    from assistant.ui.mount import GRADIO_PATH, mount_options
    from assistant.widget import WIDGET_DIR

    services = services or Services()
    server = create_api(settings, services)
    server.mount(WIDGET_PATH, StaticFiles(directory=WIDGET_DIR), name="widget")
    blocks = build_app(settings, services)
    blocks.queue(default_concurrency_limit=settings.ui_concurrency)
    return gr.mount_gradio_app(server, blocks, path=GRADIO_PATH, **mount_options(settings, auth))


def warm_up(settings: Settings, services: Services) -> None:
    """Load the detector, the knowledge store and the local LLM in the background, once the server answers,
    so the first check, question and rewrite are quick. A failure here is reported by the first request."""
    steps = (
        ("detector", lambda: services.detect(_WARM_UP_COMMENT, "fr", settings)),
        ("knowledge store", lambda: services.answer(_WARM_UP_QUESTION, "fr", settings)),
        ("rewrite model", lambda: services.rewrite(_WARM_UP_FLAGGED, "fr", settings)),
    )
    for name, step in steps:
        started = time.perf_counter()
        try:
            step()
        except Exception as error:  # the page still works; the first request will show the problem
            log.warning("warm-up of the %s failed: %s", name, type(error).__name__)
        else:
            log.info("warm-up: %s ready in %.1f s", name, time.perf_counter() - started)


def _log_to_stderr() -> None:
    """Show our own log lines (sizes, timings, error types; never comment text) on stderr."""
    root = logging.getLogger("assistant")
    if not root.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        root.addHandler(handler)
        root.setLevel(logging.INFO)


def serve(settings: Settings) -> None:
    """Serve the API, the widget and the web app until interrupted (`assistant serve`)."""
    import uvicorn

    services = Services()
    app = build_server(settings, services)
    _log_to_stderr()
    # No access log: request lines name clients and paths at a rate that costs more than a check.
    config = uvicorn.Config(app, host=settings.host, port=settings.port, log_level="warning", access_log=False,
                            timeout_graceful_shutdown=_GRACEFUL_SHUTDOWN_SECONDS)
    server = uvicorn.Server(config)

    def when_ready() -> None:
        while not server.started and not server.should_exit:
            time.sleep(0.05)
        if server.started:
            print(f"Assistant ready on http://{settings.host}:{settings.port} (API docs: /api/docs, widget demo: "
                  f"{WIDGET_PATH}/demo.html)", flush=True)
            warm_up(settings, services)

    threading.Thread(target=when_ready, name="warm-up", daemon=True).start()
    server.run()
