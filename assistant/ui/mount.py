"""How the Gradio app is mounted in the web server: every outbound or exposing feature off, uploads bounded."""

from __future__ import annotations

from typing import Any

from assistant.config import Settings

GRADIO_PATH = "/"


def mount_options(settings: Settings, auth: tuple[str, str] | None) -> dict[str, Any]:
    """Keyword arguments of gradio.mount_gradio_app besides the apps and the path."""
    return {
        "server_name": settings.host,
        "server_port": settings.port,
        "auth": auth,
        "max_file_size": f"{settings.max_upload_mb}mb",
        "show_error": False,
        "enable_monitoring": False,
        "ssr_mode": False,
        "pwa": False,
        "mcp_server": False,
        "run_history": False,
        "footer_links": [],
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
