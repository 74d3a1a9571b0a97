"""Evaluation of detection, rewrite and QA on dev sets, next to the vanilla-Presidio baseline."""

from assistant.evaluation.runner import run_eval

__all__ = ["run_eval"]
