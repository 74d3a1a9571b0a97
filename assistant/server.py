"""Start the web app with safe defaults: loopback unless authenticated, no analytics, bounded uploads."""

from __future__ import annotations

import ipaddress
import logging
import os
import threading
import time
from typing import Any

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.ui.services import Services

log = logging.getLogger("assistant.ui")

_LOOPBACK_NAMES = {"localhost", "ip6-localhost", "ip6-loopback"}
# Fixed sample texts: the warm-up never touches user data.
_WARM_UP_COMMENT = "Client très satisfait, rappeler lundi."
_WARM_UP_QUESTION = "Combien de temps conserver les données d'un prospect ?"
_WARM_UP_FLAGGED = "Client diabétique, rappeler lundi."


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
    """The (user, password) to require, or None on loopback without credentials; ConfigError when unsafe."""
    user, password = settings.auth_user or None, settings.auth_password or None
    if (user is None) != (password is None):
        raise ConfigError("Set both ASSISTANT_AUTH_USER and ASSISTANT_AUTH_PASSWORD, or neither.")
    if not is_loopback(settings.host) and user is None:
        raise ConfigError(
            f"Refusing to listen on {settings.host} without a login: set ASSISTANT_AUTH_USER and "
            "ASSISTANT_AUTH_PASSWORD, or keep ASSISTANT_HOST=127.0.0.1."
        )
    if settings.max_upload_mb < 1:
        raise ConfigError("ASSISTANT_MAX_UPLOAD_MB must be at least 1.")
    if not 0 < settings.port < 65536:
        raise ConfigError(f"ASSISTANT_PORT must be between 1 and 65535, not {settings.port}.")
    return None if user is None else (user, password)


def launch_options(settings: Settings) -> dict[str, Any]:
    """Keyword arguments of Blocks.launch: every outbound or exposing feature off, uploads bounded."""
    auth = check_server_settings(settings)
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "auth": auth,
        "max_file_size": f"{settings.max_upload_mb}mb",
        "share": False,
        "inbrowser": False,
        "show_error": False,
        "enable_monitoring": False,
        "ssr_mode": False,
        "pwa": False,
        "mcp_server": False,
        "run_history": False,
        "footer_links": [],
        "quiet": True,
        "theme": _theme(),
        "css": _css(),
    }


def _theme() -> Any:
    import gradio as gr

    # System fonts only: a GoogleFont would make the browser fetch from fonts.googleapis.com.
    return gr.themes.Default(
        primary_hue="indigo",
        font=["ui-sans-serif", "system-ui", "Segoe UI", "Roboto", "sans-serif"],
        font_mono=["ui-monospace", "SFMono-Regular", "Consolas", "monospace"],
    )


def _css() -> str:
    from assistant.ui.app import CSS

    return CSS


def warm_up(settings: Settings, services: Services) -> None:
    """Load the detector, the knowledge store and the local LLM in the background, once the server answers,
    so the first check, question and rewrite are quick. A failure here is reported by the first request."""
    steps = (
        ("detector", lambda: services.detect(_WARM_UP_COMMENT, "fr", settings)),
        ("knowledge store", lambda: list(services.stream_answer(_WARM_UP_QUESTION, "fr", settings))),
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
    """Show the UI's own log lines (sizes, timings, error types; never comment text) on stderr."""
    if not log.handlers:
        handler = logging.StreamHandler()
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s: %(message)s"))
        log.addHandler(handler)
        log.setLevel(logging.INFO)


def serve(settings: Settings) -> None:
    """Build the app and serve it until interrupted (`assistant serve`)."""
    os.environ["GRADIO_ANALYTICS_ENABLED"] = "False"
    options = launch_options(settings)
    _log_to_stderr()
    from assistant.ui.app import build_app

    services = Services()
    app = build_app(settings, services)
    app.queue(default_concurrency_limit=settings.ui_concurrency)
    app.launch(prevent_thread_lock=True, **options)
    print(f"Assistant ready on http://{settings.host}:{settings.port}", flush=True)
    threading.Thread(target=warm_up, args=(settings, services), name="warm-up", daemon=True).start()
    try:
        app.block_thread()
    finally:
        app.close()
