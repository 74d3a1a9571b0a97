"""The web app in a real Chromium: check and rewrite, the assistant chat, the audit, the language switch, limits."""

from __future__ import annotations

import re
import urllib.error
import urllib.request
import uuid
from pathlib import Path

import pytest
from playwright.sync_api import Page, expect

pytestmark = pytest.mark.browser

# A ceiling for a first request that waits for the models to load on a busy machine, not a performance check.
expect.set_options(timeout=120_000)

CHECK_COMMENT = "Client diabétique, rappeler lundi au 06 12 34 56 78."
CHAT_COMMENT = "Mme Durand a appelé : elle est diabétique et veut décaler la livraison."
CHAT_QUESTION = "Combien de temps peut-on conserver les données d'un prospect ?"
EXPORT_ROWS = [
    ("C-1", "Client satisfait, rappeler lundi."),
    ("C-2", "Client diabétique, livraison au rez-de-chaussée."),
    ("C-3", "Demande un devis pour 3 postes."),
    ("C-4", "Elle est enceinte, décaler le rendez-vous."),
    ("C-5", "Délégué syndical CGT, rappeler après 18h."),
    ("C-6", "Client sorti de prison l'an dernier, paiement à surveiller."),
]
FLAGGED_IDS = {"C-2", "C-4", "C-5", "C-6"}


def bot_messages(page: Page):
    return page.locator('#chat [data-testid="bot"]')


def send(page: Page, message: str) -> None:
    page.fill("#chat-input textarea", message)
    page.click("#chat-send")


def test_when_a_comment_is_checked_then_findings_are_highlighted_and_the_verified_rewrite_is_shown(
        page: Page, screenshot) -> None:
    page.get_by_role("tab", name="Vérifier / reformuler").click()
    page.fill("#check-input textarea", CHECK_COMMENT)
    page.click("#check-analyze")

    health = page.locator("#check-highlights .token.highlighted", has_text="diabétique")
    expect(health.locator(".label")).to_have_text("HEALTH")
    expect(page.locator("#check-findings")).to_contain_text("Donnée de santé — RGPD art. 9(1)")
    expect(page.locator("#check-verdict")).to_contain_text("Commentaire à corriger : HEALTH")

    page.click("#check-rewrite")
    rewritten = page.locator("#check-rewritten textarea")
    expect(rewritten).to_have_value(re.compile(r"\S"))
    expect(rewritten).not_to_have_value(re.compile("diabétique"))
    expect(page.locator("#check-diff .token.highlighted", has_text="diabétique").locator(".label")).to_have_text("−")
    expect(page.locator("#check-rewrite-status")).to_contain_text("Reformulation vérifiée")
    screenshot(page, "check")


def test_when_a_comment_then_a_question_are_sent_then_one_gets_a_rewrite_and_the_other_an_answer_with_sources(
        page: Page, screenshot) -> None:
    send(page, CHAT_COMMENT)
    reply = bot_messages(page).nth(0)
    expect(reply).to_contain_text("Cela ressemble à un commentaire CRM")
    expect(reply).to_contain_text("HEALTH")
    expect(reply).to_contain_text("Reformulation vérifiée")
    expect(page.locator("#chat-input textarea")).to_have_value("")

    send(page, CHAT_QUESTION)
    answer = bot_messages(page).nth(1)
    expect(answer).to_contain_text("Cela ressemble à une question")
    expect(answer).to_contain_text("3 ans")
    expect(answer.locator("li").first).to_be_visible()  # the sources, listed under the answer
    expect(answer).to_contain_text("Sources :")
    screenshot(page, "assistant", height=1450)


def test_when_the_guess_is_wrong_then_one_click_handles_the_message_as_the_other_kind(page: Page) -> None:
    send(page, CHAT_QUESTION)
    expect(bot_messages(page).nth(0)).to_contain_text("Sources :")
    page.click("#as-comment")
    corrected = bot_messages(page).nth(1)
    expect(corrected).to_contain_text("je traite ce message comme un commentaire CRM")
    expect(corrected).to_contain_text("Rien de sensible")
    expect(page.locator('#chat [data-testid="user"]')).to_have_count(1)


def test_when_english_is_chosen_then_labels_and_replies_switch_language(page: Page) -> None:
    page.get_by_text("English", exact=True).click()
    expect(page.get_by_role("tab", name="Check / rewrite")).to_be_visible()
    expect(page.locator("#chat-send")).to_have_text("Send")
    send(page, "How long can we keep a prospect's data?")
    reply = bot_messages(page).nth(0)
    expect(reply).to_contain_text("This looks like a question")
    expect(reply).to_contain_text("Sources:")


def write_export(folder: Path) -> Path:
    path = folder / "export_crm.csv"
    lines = ["id;date_dernier_contact;commentaire"] + [f"{key};2025-01-15;{text}" for key, text in EXPORT_ROWS]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def test_when_an_export_is_audited_then_progress_summary_and_both_downloads_are_shown(
        page: Page, tmp_path: Path, screenshot) -> None:
    page.get_by_role("tab", name="Audit").click()
    page.set_input_files("#audit-upload input[type=file]", str(write_export(tmp_path)))
    expect(page.locator("#audit-column input")).to_have_value("commentaire")
    expect(page.locator("#audit-id-column input")).to_have_value("id")

    # Remember every status the page shows, to see the progress even if the audit is quick.
    page.evaluate("""() => {
        window.auditStatuses = [];
        const node = document.querySelector('#audit-status');
        new MutationObserver(() => window.auditStatuses.push(node.innerText))
            .observe(node, {subtree: true, childList: true, characterData: true});
    }""")
    page.click("#audit-run")
    expect(page.locator("#audit-status")).to_contain_text("Audit terminé : 4 commentaires signalés sur 6")
    statuses = page.evaluate("window.auditStatuses")
    assert any("Audit en cours" in status or "Avancement" in status for status in statuses), statuses
    expect(page.locator("#audit-summary")).to_contain_text("Commentaires signalés")
    expect(page.locator("#audit-chart")).to_be_visible()

    with page.expect_download() as flagged:
        page.click("#audit-flagged")
    assert flagged.value.suggested_filename == "flagged.csv"
    rows = Path(flagged.value.path()).read_text(encoding="utf-8").splitlines()
    assert rows[0].startswith("id,row,categories")
    assert {row.split(",")[0] for row in rows[1:]} == FLAGGED_IDS

    with page.expect_download() as report:
        page.click("#audit-report")
    assert report.value.suggested_filename == "report.html"
    assert "<html" in Path(report.value.path()).read_text(encoding="utf-8").lower()
    screenshot(page, "audit")


def test_when_the_upload_is_over_the_limit_then_the_page_says_so(page: Page, tmp_path: Path) -> None:
    big = tmp_path / "trop_gros.csv"
    big.write_text("id;commentaire\n" + "1;Client satisfait, rappeler lundi.\n" * 60_000, encoding="utf-8")
    page.get_by_role("tab", name="Audit").click()
    expect(page.locator("#audit-upload")).to_contain_text("1 Mo max")
    page.set_input_files("#audit-upload input[type=file]", str(big))
    expect(page.locator(".toast-body")).to_contain_text("maximum allowed size")


def test_when_an_oversized_file_is_posted_directly_then_the_server_refuses_it(server) -> None:
    boundary = uuid.uuid4().hex
    body = (f"--{boundary}\r\nContent-Disposition: form-data; name=\"files\"; filename=\"x.csv\"\r\n"
            "Content-Type: text/csv\r\n\r\n").encode() + b"x" * (2 * 1024 * 1024) + f"\r\n--{boundary}--\r\n".encode()
    request = urllib.request.Request(server.url + "gradio_api/upload", data=body, method="POST",
                                     headers={"Content-Type": f"multipart/form-data; boundary={boundary}"})
    with pytest.raises(urllib.error.HTTPError) as refused:
        urllib.request.urlopen(request, timeout=60)
    assert refused.value.code == 413


def test_when_comments_go_through_the_app_then_the_server_log_never_contains_them(page: Page, server) -> None:
    marker = f"Zébulon{uuid.uuid4().hex[:8]} est diabétique, rappeler lundi."
    send(page, marker)
    expect(bot_messages(page).nth(0)).to_contain_text("Reformulation vérifiée")
    page.get_by_role("tab", name="Vérifier / reformuler").click()
    page.fill("#check-input textarea", marker)
    page.click("#check-rewrite")
    expect(page.locator("#check-rewrite-status")).to_contain_text("Reformulation vérifiée")
    log = server.log()
    assert "characters" in log, "the app logs its activity (sizes only)"
    for text in (marker, "Zébulon", CHECK_COMMENT, CHAT_COMMENT, *(text for _, text in EXPORT_ROWS)):
        assert text not in log


def test_when_a_login_is_configured_then_the_app_opens_only_after_signing_in(browser, start_app, tmp_path) -> None:
    with start_app(tmp_path, auth_user="dpo", auth_password="s3cret-pass") as app:
        with pytest.raises(urllib.error.HTTPError) as refused:
            urllib.request.urlopen(app.url + "config", timeout=30)
        assert refused.value.code == 401
        context = browser.new_context()
        try:
            page = context.new_page()
            page.goto(app.url)
            page.get_by_label("username").fill("dpo")
            page.get_by_label("password").fill("s3cret-pass")
            page.get_by_role("button", name="Login").click()
            expect(page.locator("#chat-input textarea")).to_be_visible()
        finally:
            context.close()
