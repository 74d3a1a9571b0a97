"""The check-while-typing widget on its demo CRM form, in a real Chromium against `assistant serve`."""

from __future__ import annotations

import re
from collections.abc import Iterator

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# A ceiling for a first request that waits for the models to load on a busy machine, not a performance check.
expect.set_options(timeout=120_000)

COMMENT = "Client diabétique, rappeler lundi pour la commande 4521."
TYPING_DELAY_MS = 25  # a fast typist: well under the widget's 400 ms pause, so checks must wait for a pause
MAX_CHECKS_WHILE_TYPING = 3  # one after the last key; a loaded machine may see a pause or two mid-word


@pytest.fixture
def crm(browser, server) -> Iterator[tuple[Page, list[str], list[str]]]:
    """The demo CRM form; yields the page, the API calls it made, and any request to another host."""
    context = browser.new_context(viewport={"width": 1000, "height": 760}, locale="fr-FR")
    context.set_default_timeout(60_000)
    api_calls: list[str] = []
    elsewhere: list[str] = []

    def record(request: object) -> None:
        if not request.url.startswith((server.url, "data:")):
            elsewhere.append(request.url)
        elif "/api/v1/" in request.url:
            api_calls.append(request.url.rsplit("/", 1)[-1])

    context.on("request", record)
    tab = context.new_page()
    tab.goto(server.url + "widget/demo.html")
    try:
        yield tab, api_calls, elsewhere
    finally:
        context.close()


def test_when_a_comment_is_typed_then_the_widget_underlines_it_and_applies_the_verified_rewrite_on_confirmation(
        crm, screenshot) -> None:
    tab, api_calls, elsewhere = crm
    field = tab.locator("#comment")
    status = tab.locator(".gdpr-check-status")

    field.press_sequentially(COMMENT, delay=TYPING_DELAY_MS)

    expect(status).to_contain_text("Commentaire à corriger : 1 passage sensible")
    expect(tab.locator(".gdpr-check-layer mark")).to_have_text(["diabétique"])
    expect(tab.locator(".gdpr-check-finding")).to_have_text(["diabétique — Donnée de santé — RGPD art. 9(1)"])
    assert 1 <= api_calls.count("check") <= MAX_CHECKS_WHILE_TYPING, api_calls

    tab.click(".gdpr-check-rewrite")
    proposed = tab.locator(".gdpr-check-proposed")
    expect(proposed).to_have_text(re.compile(r"4521"))
    expect(proposed).not_to_contain_text("diabétique")
    expect(field).to_have_value(COMMENT)  # nothing is replaced before the agent confirms
    screenshot(tab, "widget")

    rewrite = proposed.inner_text()
    tab.click(".gdpr-check-apply")
    expect(field).to_have_value(rewrite)
    expect(status).to_contain_text("Aucune donnée sensible détectée")
    expect(tab.locator(".gdpr-check-layer mark")).to_have_count(0)
    assert "rewrite" in api_calls and elsewhere == []


def test_when_the_widget_reports_then_screen_readers_are_told_through_a_live_status(crm) -> None:
    tab, _, _ = crm
    field = tab.locator("#comment")

    field.fill("Cliente de confession juive, rappeler jeudi.")

    expect(tab.get_by_role("status")).to_contain_text("Commentaire à corriger")
    panel_id = tab.locator(".gdpr-check-panel").get_attribute("id")
    assert panel_id in (field.get_attribute("aria-describedby") or "").split()
    expect(tab.get_by_role("region", name="Vérification RGPD du commentaire")).to_contain_text("RGPD art. 9(1)")
    expect(tab.locator(".gdpr-check-layer")).to_have_attribute("aria-hidden", "true")
