"""The Gradio web app: an assistant chat, a check-and-rewrite tab and an audit tab, French and English."""
