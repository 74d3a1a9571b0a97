"""The tab handlers, with fake library functions: routing, streaming, errors, audit progress and downloads."""

from __future__ import annotations

import json
import logging
import threading
from dataclasses import dataclass, field
from pathlib import Path

import gradio as gr
import pytest
from ui_fakes import FakeAnswer, FakeRewrite, FakeSource

from assistant.config import Settings
from assistant.detect.finding import Analysis, Finding
from assistant.errors import InputError
from assistant.services import Services
from assistant.ui.app import build_app
from assistant.ui.audit_tab import AuditTab, category_counts, summary_rows
from assistant.ui.chat import Chat
from assistant.ui.check import Check
from assistant.ui.exports import guess_columns, header

SECRET = "Zébulon-7731 est diabétique"  # a marker that must never reach the server log


@dataclass(frozen=True)
class FakeRequest:
    export: Path
    column: str
    out_dir: Path
    id_column: str | None = None
    date_column: str | None = None
    rewrite: bool = False


class FakeSummary:
    def describe(self) -> str:
        return "3 rows, 1 flagged"


@dataclass
class Calls:
    """What the fakes were asked, in order."""

    names: list[str] = field(default_factory=list)


def fake_services(calls: Calls, *, fail: Exception | None = None, audit_gate: threading.Event | None = None
                  ) -> Services:
    def detect(text: str, lang: str | None, settings: Settings) -> Analysis:
        calls.names.append("detect")
        if fail is not None:
            raise fail
        start = text.find("diabétique")
        findings = () if start < 0 else (Finding("HEALTH", start, start + 10, "diabétique", 0.9, "santé"),)
        return Analysis(text, "fr", findings)

    def rewrite(text: str, lang: str | None, settings: Settings) -> FakeRewrite:
        calls.names.append("rewrite")
        return FakeRewrite(text.replace("diabétique", "").replace("  ", " "), "llm", False, text)

    def stream_answer(question: str, lang: str | None, settings: Settings):
        calls.names.append("answer")
        answer = FakeAnswer("Trois ans après le dernier contact.", False,
                            (FakeSource("conservation", "Durée de conservation", "CNIL"),))
        yield "Trois ans", None
        yield answer.answer, answer

    def run_audit(request: FakeRequest, settings: Settings, on_progress) -> FakeSummary:
        calls.names.append("audit")
        for done in (1, 2, 3):
            on_progress(done, 3)
        if audit_gate is not None:
            audit_gate.wait()
        (request.out_dir / "flagged.csv").write_text("id;flag\n2;true\n", encoding="utf-8")
        (request.out_dir / "report.html").write_text("<html></html>", encoding="utf-8")
        (request.out_dir / "summary.json").write_text(
            json.dumps({"rows_total": 3, "rows_checked": 3, "flagged": 1, "malformed": 0, "past_retention": 2,
                        "columns": {"text": "commentaire", "date": None}, "categories": {"HEALTH": 1, "INSULT": 0},
                        "duration_seconds": 0.5}), encoding="utf-8")
        return FakeSummary()

    return Services(detect=detect, rewrite=rewrite, stream_answer=stream_answer, audit_request=FakeRequest,
                    run_audit=run_audit)


@pytest.fixture
def calls() -> Calls:
    return Calls()


@pytest.fixture
def ui_settings(tmp_path: Path) -> Settings:
    return Settings(max_upload_mb=1, data_dir=tmp_path / "data")


def last_reply(turns: list) -> str:
    history, _last, _box = turns[-1]
    assert history[-1]["role"] == "assistant"
    return history[-1]["content"]


CHAT_CASES = [
    # (message, services called, text in the final reply, why)
    ("Client diabétique, rappeler lundi.", ["detect", "rewrite"], "Reformulation vérifiée",
     "a flagged comment is checked then rewritten"),
    ("Client satisfait, rappeler lundi.", ["detect"], "Rien de sensible",
     "a clean comment is not sent to the rewriter"),
    ("Combien de temps garder un prospect ?", ["answer"], "Durée de conservation — CNIL",
     "a question is answered with its sources"),
]


@pytest.mark.parametrize(("message", "called", "expected", "why"), CHAT_CASES, ids=[c[3] for c in CHAT_CASES])
def test_when_a_chat_message_is_sent_then_it_is_routed_to_the_right_function(
        ui_settings, calls, message, called, expected, why) -> None:
    turns = list(Chat(ui_settings, fake_services(calls)).submit(message, [], "fr"))
    assert calls.names == called, why
    assert expected in last_reply(turns), why
    history, last, box = turns[-1]
    assert history[0] == {"role": "user", "content": message}
    assert last == message and box == "", "the override buttons need the message; the input box is emptied"


def test_when_a_question_is_answered_then_the_reply_grows_before_the_sources_appear(ui_settings, calls) -> None:
    replies = [last_reply([turn]) for turn in Chat(ui_settings, fake_services(calls)).submit(
        "Combien de temps garder un prospect ?", [], "fr")]
    assert len(replies) >= 3, "a placeholder, a partial answer, then the final one"
    assert "Trois ans" in replies[-2] and "Sources" not in replies[-2]
    assert "Sources" in replies[-1]


def test_when_the_user_overrides_the_guess_then_the_message_is_handled_as_the_other_kind(ui_settings, calls) -> None:
    chat = Chat(ui_settings, fake_services(calls))
    question = "Combien de temps garder un prospect ?"
    history, last, _ = list(chat.submit(question, [], "en"))[-1]
    turns = list(chat.redo("comment", last, history, "en"))
    assert calls.names == ["answer", "detect"]
    final_history = turns[-1][0]
    assert len(final_history) == len(history) + 1, "the correction adds one reply, not a second user message"
    assert "treat this message as a **CRM comment**" in final_history[-1]["content"]
    assert turns[-1][2] == gr.skip(), "the input box is left alone: the user may be typing the next message"


def test_when_nothing_was_sent_then_the_override_explains_what_to_do(ui_settings, calls) -> None:
    with pytest.raises(gr.Error, match="Send a message first"):
        list(Chat(ui_settings, fake_services(calls)).redo("question", "", [], "en"))


@pytest.mark.parametrize("message", ["", "   \n"], ids=["empty", "blank"])
def test_when_an_empty_message_is_sent_then_a_clear_error_is_shown(ui_settings, calls, message: str) -> None:
    with pytest.raises(gr.Error, match="Le texte est vide"):
        list(Chat(ui_settings, fake_services(calls)).submit(message, [], "fr"))
    assert calls.names == []


def test_when_a_comment_has_markdown_then_the_chat_shows_it_literally(ui_settings, calls) -> None:
    turns = list(Chat(ui_settings, fake_services(calls)).submit("Client [clic](http://x.test) ok", [], "fr"))
    assert turns[-1][0][0]["content"] == "Client \\[clic\\]\\(http://x.test\\) ok"


def test_when_a_comment_is_checked_then_highlights_table_and_verdict_are_filled(ui_settings, calls) -> None:
    highlights, table, verdict = Check(ui_settings, fake_services(calls)).analyze("Client diabétique.", "en")
    assert {"token": "diabétique", "class_or_confidence": "HEALTH"} in highlights.value
    assert highlights.color_map["HEALTH"] == "red"
    assert list(table.columns) == ["Excerpt", "Category", "Reason — legal basis", "Score"]
    assert table.iloc[0].tolist() == ["diabétique", "HEALTH", "Health data — GDPR art. 9(1)", 0.9]
    assert "HEALTH" in verdict


def test_when_a_comment_is_rewritten_then_the_diff_and_the_rewrite_are_shown(ui_settings, calls) -> None:
    spans, text, status = Check(ui_settings, fake_services(calls)).rewrite("Client diabétique.", "fr")
    assert text == "Client ."
    assert ("diabétique", "−") in spans
    assert "modèle local" in status


LOG_CASES = [
    (ValueError(f"cannot parse {SECRET}"), "an unexpected error quoting the comment"),
    (InputError(f"bad input {SECRET}"), "a library error (shown to the user, not logged)"),
]


@pytest.mark.parametrize(("error", "why"), LOG_CASES, ids=[c[1] for c in LOG_CASES])
def test_when_a_handler_fails_then_the_comment_text_never_reaches_the_log(
        ui_settings, calls, caplog, capsys, error: Exception, why: str) -> None:
    caplog.set_level(logging.DEBUG)
    with pytest.raises(gr.Error) as caught:
        Check(ui_settings, fake_services(calls, fail=error)).analyze(SECRET, "fr")
    captured = capsys.readouterr()
    logged = caplog.text + captured.out + captured.err
    assert "Zébulon" not in logged, why
    if isinstance(error, InputError):
        assert "Zébulon" in caught.value.message, "the user sees the library's message"
    else:
        assert "ValueError" in caught.value.message and "Zébulon" not in caught.value.message
        assert "ValueError" in caplog.text, "the log still says what failed"


def test_when_comments_are_handled_then_the_log_has_sizes_not_text(ui_settings, calls, caplog) -> None:
    caplog.set_level(logging.DEBUG)
    list(Chat(ui_settings, fake_services(calls)).submit(SECRET, [], "fr"))
    Check(ui_settings, fake_services(calls)).analyze(SECRET, "fr")
    Check(ui_settings, fake_services(calls)).rewrite(SECRET, "fr")
    assert caplog.records, "the handlers do log their activity"
    assert "Zébulon" not in caplog.text


HEADER_CASES = [
    ("export.csv", b"id;commentaire;date_contact\n1;ok;2024-01-01\n", ["id", "commentaire", "date_contact"],
     "semicolon CSV, the French default"),
    ("export.csv", "\ufeffRef,Note client,Last contact\nA1,ok,2024\n".encode(), ["Ref", "Note client", "Last contact"],
     "comma CSV with a UTF-8 BOM"),
    ("export.csv", "id;remarque\n1;élève\n".encode("cp1252"), ["id", "remarque"], "Windows-1252 export"),
]


@pytest.mark.parametrize(("name", "content", "expected", "why"), HEADER_CASES, ids=[c[3] for c in HEADER_CASES])
def test_when_an_export_is_uploaded_then_its_columns_are_read(tmp_path, name, content, expected, why) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    assert header(path) == expected, why


def test_when_a_workbook_is_uploaded_then_its_first_sheet_header_is_read(tmp_path) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    workbook.active.append(["ID client", "Commentaire", None, "Date dernier contact"])
    workbook.active.append([1, "ok", None, "2024-01-01"])
    workbook.save(tmp_path / "export.xlsx")
    assert header(tmp_path / "export.xlsx") == ["ID client", "Commentaire", "Date dernier contact"]


def test_when_an_export_has_no_header_then_a_clear_error_is_raised(tmp_path) -> None:
    (tmp_path / "empty.csv").write_bytes(b"")
    with pytest.raises(InputError, match="no header row"):
        header(tmp_path / "empty.csv")


GUESS_CASES = [
    (["id", "commentaire", "date_dernier_contact"], ("commentaire", "id", "date_dernier_contact"), "French names"),
    (["Customer_ID", "Notes", "Last contact"], ("Notes", "Customer_ID", "Last contact"), "English names"),
    (["a", "b"], (None, None, None), "nothing recognisable: the user picks"),
]


@pytest.mark.parametrize(("names", "expected", "why"), GUESS_CASES, ids=[c[2] for c in GUESS_CASES])
def test_when_columns_are_listed_then_likely_ones_are_preselected(names, expected, why) -> None:
    assert guess_columns(names) == expected, why


def write_export(tmp_path: Path, size: int = 0) -> Path:
    path = tmp_path / "export.csv"
    path.write_text("id;commentaire\n1;ok\n2;diabétique\n3;ok\n" + "x" * size, encoding="utf-8")
    return path


def test_when_an_export_is_uploaded_then_the_pickers_are_filled(ui_settings, calls, tmp_path) -> None:
    text, identifier, date = AuditTab(ui_settings, fake_services(calls)).columns(str(write_export(tmp_path)), "fr")
    assert text.choices == [("id", "id"), ("commentaire", "commentaire")] and text.value == "commentaire"
    assert identifier.value == "id" and date.value == ""


UPLOAD_ERRORS = [
    (None, "Déposez d'abord", "no file yet"),
    ("export.pdf", "CSV et XLSX", "wrong type"),
    ("big", "limite de 1 Mo", "larger than max_upload_mb (Gradio checks too; this is the clear message)"),
]


@pytest.mark.parametrize(("upload", "message", "why"), UPLOAD_ERRORS, ids=[c[2] for c in UPLOAD_ERRORS])
def test_when_the_upload_is_unusable_then_the_audit_explains_why(ui_settings, calls, tmp_path, upload, message,
                                                                 why) -> None:
    if upload == "big":
        upload = str(write_export(tmp_path, size=2 * 1024 * 1024))
    elif upload is not None:
        (tmp_path / upload).write_bytes(b"%PDF")
        upload = str(tmp_path / upload)
    with pytest.raises(gr.Error, match=message):
        list(AuditTab(ui_settings, fake_services(calls), work_dir=tmp_path / "out").run(
            upload, "commentaire", "", "", False, "fr"))
    assert calls.names == [], why


def test_when_an_audit_runs_then_progress_streams_before_the_results(ui_settings, calls, tmp_path) -> None:
    gate = threading.Event()
    tab = AuditTab(ui_settings, fake_services(calls, audit_gate=gate), work_dir=tmp_path / "out")
    steps = tab.run(str(write_export(tmp_path)), "commentaire", "id", "", False, "fr")
    statuses = [next(steps)[0]]
    while "100" not in statuses[-1]:
        statuses.append(next(steps)[0])
    gate.set()  # only now may the audit finish: the progress was shown while it was running
    final = list(steps)[-1]
    assert statuses[0] == "Audit en cours…" and statuses[-1] == "Avancement : 100 %"
    status, summary, chart, flagged, report = final
    assert status == "✔ Audit terminé : 1 commentaires signalés sur 3."
    assert summary.values.tolist() == [["Lignes lues", "3"], ["Commentaires analysés", "3"],
                                       ["Commentaires signalés", "1 (33,3\u202f%)"], ["Lignes illisibles", "0"],
                                       ["Durée (s)", "0,5"]], "no retention row without a date column"
    assert chart.values.tolist() == [["HEALTH", 1]]
    assert Path(flagged.value["path"]).read_text(encoding="utf-8").startswith("id;flag")
    assert Path(report.value["path"]).name == "report.html" and flagged.visible and report.visible


FIGURE_CASES = [
    ({"rows_total": 12345, "flagged": 2, "rows_checked": 4}, "en", [["Rows read", "12,345"],
                                                                    ["Comments checked", "4"],
                                                                    ["Flagged comments", "2 (50.0%)"]],
     "English number format and the flagged share"),
    ({"rows_total": 12345, "rows_per_second": 1234.5}, "fr", [["Lignes lues", "12\u202f345"],
                                                              ["Lignes par seconde", "1\u202f234,5"]],
     "French number format"),
    ({"past_retention": 3, "columns": {"date": "last_contact"}}, "en", [["Past the retention period", "3"]],
     "retention shown when a date column was audited"),
    ({"past_retention": 0, "columns": {"date": None}}, "en", [], "and hidden when there was none"),
    ({"input": {"sha256": "x"}, "months": {}}, "en", [], "nested details stay in report.html"),
]


@pytest.mark.parametrize(("figures", "lang", "rows", "why"), FIGURE_CASES, ids=[c[3] for c in FIGURE_CASES])
def test_when_summary_figures_are_tabulated_then_they_read_naturally(figures, lang, rows, why) -> None:
    assert summary_rows(figures, lang).values.tolist() == rows, why


def test_when_categories_are_charted_then_only_those_found_get_a_bar() -> None:
    figures = {"categories": {"HEALTH": 2, "INSULT": 0, "ORIGIN": 1}}
    assert category_counts(figures, "en").values.tolist() == [["HEALTH", 2], ["ORIGIN", 1]]
    assert category_counts({}, "en").empty


def test_when_the_app_is_built_then_every_label_follows_the_language(ui_settings, calls) -> None:
    app = build_app(ui_settings, fake_services(calls))
    language = next(block for block in app.blocks.values() if getattr(block, "elem_id", None) == "language")
    handlers = [fn for fn in app.fns.values() if language._id in [block._id for block in fn.inputs]
                and fn.name == "updates"]
    assert len(handlers) == 1
    updates = handlers[0].fn("en")
    assert len(updates) == len(handlers[0].outputs) > 30
    texts = json.dumps([u if isinstance(u, dict) else getattr(u, "__dict__", {}) for u in updates], default=str)
    assert "Check / rewrite" in texts and "Vérifier" not in texts
