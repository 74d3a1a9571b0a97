"""Verified rewrite of flagged comments: local LLM candidates checked by `verify`, deterministic rules last."""

from assistant.llm import ChatModel
from assistant.rewrite.rules import rules_rewrite
from assistant.rewrite.service import Rewrite, rewrite_comment
from assistant.rewrite.verify import Verdict, verify

__all__ = ["ChatModel", "Rewrite", "Verdict", "rewrite_comment", "rules_rewrite", "verify"]
