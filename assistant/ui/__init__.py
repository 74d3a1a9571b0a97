"""The Gradio web app: an assistant chat, a check-and-rewrite tab and an audit tab, French and English."""

from assistant.ui.server import serve

__all__ = ["serve"]
