"""Evaluation of detection, rewrite and QA on dev sets, next to the vanilla-Presidio baseline."""
