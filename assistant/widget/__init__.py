"""The check-while-typing widget a CRM page includes (/widget/crm-check.js), and its demo page (/widget/demo.html)."""

from pathlib import Path

WIDGET_DIR = Path(__file__).resolve().parent / "static"
