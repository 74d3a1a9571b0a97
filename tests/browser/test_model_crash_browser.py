"""A model process that dies while a rewrite is pending: the page answers with the rules and keeps working."""

from __future__ import annotations

import os
import re
import signal
import subprocess
import time

import pytest
from playwright.sync_api import Page, expect

pytestmark = [pytest.mark.browser, pytest.mark.llm]

FLAGGED = "Client sous chimio, livraison cde 4521 au rez-de-chaussée."
CLEAN = "Client satisfait, rappeler lundi."
CHILD_WAIT_SECONDS = 180  # the warm-up starts the model process; a ceiling for a busy machine


def _model_process(app_pid: int) -> int:
    """The built-in model process the app started (its warm-up starts it)."""
    deadline = time.monotonic() + CHILD_WAIT_SECONDS
    while time.monotonic() < deadline:
        found = subprocess.run(["pgrep", "-P", str(app_pid), "-f", "assistant.llm.child"],
                               capture_output=True, text=True, check=False).stdout.split()
        if found:
            return int(found[0])
        time.sleep(0.5)
    pytest.fail("the app did not start its model process")


def test_when_the_model_process_is_killed_during_a_rewrite_then_the_page_keeps_working(
    browser, start_app, tmp_path
) -> None:
    with start_app(tmp_path, rewrite_rounds="1") as app:
        child = _model_process(app.process.pid)
        context = browser.new_context(locale="fr-FR")
        context.set_default_timeout(120_000)
        page: Page = context.new_page()
        page.goto(app.url)
        page.get_by_role("tab", name="Vérifier / reformuler").click()
        page.fill("#check-input textarea", FLAGGED)
        page.click("#check-analyze")
        expect(page.locator("#check-verdict")).to_contain_text("HEALTH", timeout=120_000)
        # A first rewrite waits for the app's warm-up rewrite to leave the model, then leaves it idle: the kill
        # below then hits the page's own request, not the warm-up's (the page's would get a fresh process).
        page.click("#check-rewrite")
        expect(page.locator("#check-rewrite-status")).to_contain_text("Reformulation vérifiée", timeout=120_000)

        os.kill(child, signal.SIGSTOP)  # the rewrite below is surely pending when the kill comes
        page.click("#check-rewrite")
        page.wait_for_timeout(1000)
        os.kill(child, signal.SIGKILL)

        rewritten = page.locator("#check-rewritten textarea")
        expect(rewritten).to_have_value(re.compile("4521"), timeout=120_000)
        expect(rewritten).not_to_have_value(re.compile("chimio"))
        expect(page.locator("#check-rewrite-status")).to_contain_text("Le modèle de langue n'a pas répondu")
        assert app.process.poll() is None, "the app went down with its model"

        # The page still works: a new check answers.
        page.fill("#check-input textarea", CLEAN)
        page.click("#check-analyze")
        expect(page.locator("#check-verdict")).not_to_contain_text("HEALTH")
        context.close()
