"""Audit a whole CRM export: streamed, parallel, resumable, with retention checks and an evidence report."""

from assistant.audit.request import AuditRequest
from assistant.audit.runner import run_audit
from assistant.audit.summary import AuditSummary

__all__ = ["AuditRequest", "AuditSummary", "run_audit"]
