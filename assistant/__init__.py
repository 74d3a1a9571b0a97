"""Offline GDPR compliance assistant for CRM free-text comments."""

from assistant.offline import enforce_offline

__version__ = "0.1.0"

enforce_offline()
