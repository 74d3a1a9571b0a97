"""Offline GDPR compliance assistant for CRM free-text comments."""

__version__ = "0.1.0"
