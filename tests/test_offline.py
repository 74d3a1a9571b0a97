"""The product never opens a network connection: the guard works, and the risky paths stay local."""

from __future__ import annotations

import socket

import pytest

from assistant.detect import Detector


def test_when_code_connects_outside_then_the_guard_fails_it() -> None:
    with pytest.raises(RuntimeError, match="Network access attempted"):
        socket.create_connection(("198.51.100.7", 443), timeout=1)


def test_when_presidio_validates_an_email_then_tldextract_uses_its_bundled_list(detector: Detector) -> None:
    # Presidio's e-mail check calls tldextract, which downloads the public-suffix list unless told not to.
    analysis = detector.analyze("Écrire à jeanne.martin@exemple.co.uk pour la facture 2024-118.", "fr")
    assert [f.text for f in analysis.findings if f.type == "EMAIL_ADDRESS"] == ["jeanne.martin@exemple.co.uk"]


def test_when_the_vanilla_baseline_runs_then_it_stays_offline(settings) -> None:
    from assistant.evaluation.baseline import vanilla_analyzer

    results = vanilla_analyzer(settings).analyze(text="Contact: paul@example.org", language="en")
    assert {r.entity_type for r in results} >= {"EMAIL_ADDRESS"}
