"""run_audit end to end on a small export: counts, flagged.csv, rows.csv, summary.json, report.html, resume rules."""

from __future__ import annotations

import csv
import hashlib
import json
import logging
from datetime import date
from html import escape
from pathlib import Path

import pytest

from assistant import __version__
from assistant.audit import AuditRequest, AuditSummary, run_audit
from assistant.audit.fingerprint import lexicon_sha256
from assistant.config import Settings
from assistant.detect.policy import ENTITY_POLICIES
from assistant.errors import InputError

AS_OF = date(2025, 6, 1)  # retention cut-off: 2022-06-01


def _card() -> str:
    body = "497010123456789"
    total = sum((int(c) * 2 - 9 if int(c) > 4 else int(c) * 2) if i % 2 == 0 else int(c)
                for i, c in enumerate(reversed(body)))
    return body + str((10 - total % 10) % 10)


# (id, last contact, comment): what each row is there to prove is in the comment after it.
ROWS = [
    ("C1", "2025-01-10", "Client sous chimio, rappeler Mme Durand"),  # HEALTH, with a name to mask
    ("C2", "2019-01-10", "Rappeler lundi pour la cde 4521"),  # clean text, past retention
    ("C3", "12/03/2025", "Cliente de confession juive, rappeler jeudi"),  # RELIGION, French date
    ("C4", "2025-02-01", ""),  # empty comment
    ("C5", "inconnue", "Client mécontent du délai de livraison"),  # hard negative, unreadable date
    ("C6", "", "A raccroché, menace de résilier"),  # hard negative, no date
    ("C7", "2018-05-05", f"Paiement CB {_card()} refusé"),  # card number, past retention
    ("C8", "2025-03-03", "Demande de devis pour une box fibre"),  # clean
]
SENSITIVE_WORDS = ("chimio", "juive", "Durand", _card()[:8])
BROKEN_LINE = "C9;2025-01-01"  # a row cut short


def _write_export(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("id", "date_contact", "commentaire"))
        writer.writerows(ROWS[:4])
        handle.write(BROKEN_LINE + "\r\n")
        writer.writerows(ROWS[4:])
    return path


def _settings(settings: Settings, **changes: object) -> Settings:
    return settings.model_copy(update={"audit_workers": 1, "audit_chunk_rows": 3, **changes})


def _request(export: Path, out_dir: Path, **changes: object) -> AuditRequest:
    fields: dict[str, object] = {"export": export, "column": "commentaire", "id_column": "id",
                                 "date_column": "date_contact", "out_dir": out_dir, "as_of": AS_OF}
    return AuditRequest(**{**fields, **changes})  # type: ignore[arg-type]


@pytest.fixture(scope="module")
def audited(tmp_path_factory: pytest.TempPathFactory, settings: Settings) -> tuple[AuditSummary, Path, Path]:
    folder = tmp_path_factory.mktemp("audit")
    export = _write_export(folder / "export.csv")
    summary = run_audit(_request(export, folder / "out"), _settings(settings))
    return summary, export, folder / "out"


def _csv(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def test_when_an_export_is_audited_then_the_summary_counts_every_row(audited: tuple[AuditSummary, Path, Path]) -> None:
    summary = audited[0]

    assert (summary.rows_total, summary.rows_checked, summary.malformed, summary.empty) == (9, 8, 1, 1)
    assert summary.flagged == 3
    assert {k: v for k, v in summary.categories.items() if v} == {"RELIGION": 1, "HEALTH": 1, "CREDIT_CARD": 1}
    assert (summary.past_retention, summary.dates_missing, summary.dates_unparseable) == (2, 1, 1)
    assert summary.malformed_reasons == {"field_count": 1}
    assert summary.months["2025-01"] == {"rows": 1, "flagged": 1, "past_retention": 0}
    assert summary.retention == {"years": 3, "as_of": "2025-06-01", "cutoff": "2022-06-01"}


def test_when_rows_are_flagged_then_flagged_csv_lists_them_with_masked_excerpts(
    audited: tuple[AuditSummary, Path, Path],
) -> None:
    flagged = {row["id"]: row for row in _csv(audited[2] / "flagged.csv")}

    assert {key: row["categories"] for key, row in flagged.items()} == {
        "C1": "HEALTH", "C2": "RETENTION", "C3": "RELIGION", "C7": "CREDIT_CARD;RETENTION",
    }
    assert flagged["C1"]["row"] == "2"
    assert "[HEALTH]" in flagged["C1"]["excerpt"] and "Mme [PERSON]" in flagged["C1"]["excerpt"]
    assert flagged["C2"]["excerpt"] == ""  # past retention only: its text is not copied
    assert "art. 9" in flagged["C3"]["reasons"] and "5(1)(e)" in flagged["C7"]["reasons"]
    everything = (audited[2] / "flagged.csv").read_text(encoding="utf-8")
    for word in SENSITIVE_WORDS:
        assert word not in everything


def test_when_audited_then_rows_csv_has_every_row_exactly_once(audited: tuple[AuditSummary, Path, Path]) -> None:
    rows = _csv(audited[2] / "rows.csv")

    assert [row["id"] for row in rows] == ["C1", "C2", "C3", "C4", "C9", "C5", "C6", "C7", "C8"]
    assert {row["id"]: row["status"] for row in rows}["C9"] == "malformed"
    assert {row["id"]: row["status"] for row in rows}["C4"] == "empty"


def test_when_audited_then_summary_json_records_input_detector_and_settings(
    audited: tuple[AuditSummary, Path, Path], settings: Settings
) -> None:
    _, export, out_dir = audited
    data = json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))
    lexicons = lexicon_sha256(settings.knowledge_dir / "lexicons")

    assert data["input"]["sha256"] == hashlib.sha256(export.read_bytes()).hexdigest()
    assert data["input"]["name"] == "export.csv" and data["input"]["delimiter"] == ";"
    assert data["detector"] == {"version": f"{__version__}+lex.{lexicons[:16]}", "package": __version__,
                                "lexicons_sha256": lexicons}
    assert data["settings"]["retention_years"] == 3 and "auth_password" not in data["settings"]
    assert data["rows_total"] == 9 and data["flagged"] == 3 and data["rows_per_second"] > 0
    assert data["files"]["report.html"].endswith("report.html")


def test_when_audited_then_the_report_is_self_contained_french_and_masked(
    audited: tuple[AuditSummary, Path, Path], settings: Settings
) -> None:
    _, export, out_dir = audited
    html = (out_dir / "report.html").read_text(encoding="utf-8")

    for expected in ("Ce qui a été vérifié", "Résultats par catégorie", "Évolution dans le temps",
                     "Durée de conservation", "Exemples masqués", "Lignes non analysables", "Traçabilité",
                     "RGPD art. 9(1)", "RGPD art. 10", "RGPD art. 5(1)(e)", "[HEALTH]",
                     hashlib.sha256(export.read_bytes()).hexdigest(),
                     lexicon_sha256(settings.knowledge_dir / "lexicons"), "data:image/png;base64,"):
        assert expected in html
    for policy in ENTITY_POLICIES.values():
        if policy.flags:  # the method table quotes detect/policy.py, the one source of legal wording
            assert escape(policy.basis("fr")) in html and escape(policy.scope("fr")) in html
    assert "http://" not in html and "https://" not in html and "<script" not in html
    for word in SENSITIVE_WORDS:
        assert word not in html


def test_when_describing_then_the_terminal_summary_gives_the_key_numbers(
    audited: tuple[AuditSummary, Path, Path],
) -> None:
    text = audited[0].describe()

    assert "Audited 9 rows of export.csv" in text
    assert "Flagged: 3 comments" in text and "retention: 2 rows" in text and "Malformed rows: 1" in text


def test_when_auditing_then_no_comment_text_reaches_the_logs_or_the_terminal(
    tmp_path: Path, settings: Settings, caplog: pytest.LogCaptureFixture, capsys: pytest.CaptureFixture[str]
) -> None:
    export = _write_export(tmp_path / "export.csv")
    with caplog.at_level(logging.DEBUG):
        run_audit(_request(export, tmp_path / "out"), _settings(settings), progress=False)

    output = caplog.text + "".join(capsys.readouterr())
    for _, _, comment in ROWS:
        for word in comment.split():
            assert len(word) < 6 or word not in output


@pytest.mark.parametrize(
    ("change", "message"),
    [
        ({}, "add --resume"),  # the same audit again without --resume: never overwrite a checkpoint
        ({"resume": True, "column": "id"}, "--column"),  # another column cannot continue this audit
        ({"resume": True, "date_column": None}, "--date-column"),  # nor can dropping the retention check
    ],
)
def test_when_an_audit_cannot_continue_this_checkpoint_then_a_clear_error_is_raised(
    audited: tuple[AuditSummary, Path, Path], settings: Settings, change: dict[str, object], message: str
) -> None:
    _, export, out_dir = audited

    with pytest.raises(InputError, match=message):
        run_audit(_request(export, out_dir, **change), _settings(settings))


def test_when_resuming_with_another_file_then_the_sha256_mismatch_is_refused(
    tmp_path: Path, settings: Settings
) -> None:
    export = _write_export(tmp_path / "export.csv")
    run_audit(_request(export, tmp_path / "out"), _settings(settings))
    export.write_text(export.read_text(encoding="utf-8") + "C10;2025-01-01;nouvelle ligne\n", encoding="utf-8")

    with pytest.raises(InputError, match="SHA-256"):
        run_audit(_request(export, tmp_path / "out", resume=True), _settings(settings))


def test_when_a_finished_audit_is_resumed_then_outputs_are_regenerated_identically(
    tmp_path: Path, settings: Settings
) -> None:
    export = _write_export(tmp_path / "export.csv")
    first = run_audit(_request(export, tmp_path / "out"), _settings(settings))
    flagged = (tmp_path / "out" / "flagged.csv").read_bytes()

    again = run_audit(_request(export, tmp_path / "out", resume=True), _settings(settings))

    assert (tmp_path / "out" / "flagged.csv").read_bytes() == flagged
    assert (again.rows_total, again.flagged, again.categories) == (first.rows_total, first.flagged, first.categories)
    assert again.runs == 2


def test_when_the_export_is_xlsx_then_the_results_match_the_csv(
    audited: tuple[AuditSummary, Path, Path], tmp_path: Path, settings: Settings
) -> None:
    from openpyxl import Workbook

    workbook = Workbook()
    sheet = workbook.active
    sheet.append(["id", "date_contact", "commentaire"])
    for identifier, day, comment in ROWS[:4]:
        sheet.append([identifier, day, comment or None])
    sheet.append(["C9", "2025-01-01", "x", "une cellule de trop"])  # the malformed row of the CSV, XLSX-style
    for row in ROWS[4:]:
        sheet.append(list(row))
    workbook.save(tmp_path / "export.xlsx")

    summary = run_audit(_request(tmp_path / "export.xlsx", tmp_path / "out"), _settings(settings))

    expected = audited[0]
    assert (summary.rows_total, summary.flagged, summary.malformed, summary.past_retention) == (
        expected.rows_total, expected.flagged, expected.malformed, expected.past_retention)
    assert summary.categories == expected.categories


def test_when_rewrite_is_asked_then_flagged_rows_get_a_compliant_rules_rewrite(
    tmp_path: Path, settings: Settings
) -> None:
    pytest.importorskip("assistant.rewrite", exc_type=ImportError)  # the rewrite stage may not be installed
    export = _write_export(tmp_path / "export.csv")

    run_audit(_request(export, tmp_path / "out", rewrite=True), _settings(settings))

    flagged = {row["id"]: row for row in _csv(tmp_path / "out" / "flagged.csv")}
    assert flagged["C1"]["rewrite"] and "chimio" not in flagged["C1"]["rewrite"]
    assert "rappeler" in flagged["C1"]["rewrite"].lower()  # the need is kept
    assert flagged["C2"]["rewrite"] == ""  # past retention only: nothing to rewrite


def test_when_resume_is_asked_without_a_checkpoint_then_a_fresh_audit_starts(
    tmp_path: Path, settings: Settings
) -> None:
    export = _write_export(tmp_path / "export.csv")

    summary = run_audit(_request(export, tmp_path / "out", resume=True), _settings(settings))

    assert (summary.runs, summary.rows_total) == (1, 9)


@pytest.mark.parametrize(
    ("arguments", "message"),
    [
        (["--column", "comment"], "Column 'comment' is not in export.csv; available columns: 'id', 'date_contact'"),
        (["--column", "commentaire", "--id-column", "ident"], "Column 'ident' is not in export.csv"),
    ],
)
def test_when_the_cli_is_given_a_wrong_column_then_it_exits_with_one_sentence(
    tmp_path: Path, arguments: list[str], message: str
) -> None:
    from click.testing import CliRunner

    from assistant.cli import main

    export = _write_export(tmp_path / "export.csv")
    result = CliRunner().invoke(main, ["audit", str(export), *arguments, "--out", str(tmp_path / "out")])

    assert result.exit_code == 1
    assert message in result.output
    assert not (tmp_path / "out" / "checkpoint.sqlite").exists()


def test_when_a_progress_hook_is_given_then_it_reaches_the_total(tmp_path: Path, settings: Settings) -> None:
    export = _write_export(tmp_path / "export.csv")
    reports: list[tuple[int, int | None]] = []
    run_audit(_request(export, tmp_path / "out"), _settings(settings), on_progress=lambda *p: reports.append(p))
    assert reports, "the hook was never called"
    done, total = reports[-1]
    assert total is not None and done == total
    assert [d for d, _ in reports] == sorted(d for d, _ in reports)  # work done never goes back


def test_when_lexicons_change_between_audits_then_the_next_audit_uses_them(tmp_path: Path, settings: Settings) -> None:
    # A long-running server must not keep auditing with the lexicons it loaded at start-up.
    knowledge = tmp_path / "knowledge"
    (knowledge / "lexicons").mkdir(parents=True)
    for path in (settings.knowledge_dir / "lexicons").glob("*.yaml"):
        (knowledge / "lexicons" / path.name).write_bytes(path.read_bytes())
    local = _settings(settings, knowledge_dir=knowledge)
    export = _write_export(tmp_path / "export.csv")
    first = run_audit(_request(export, tmp_path / "first"), local)
    health = knowledge / "lexicons" / "health.yaml"
    health.write_text(health.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    second = run_audit(_request(export, tmp_path / "second"), local)
    assert second.flagged == first.flagged
    assert json.loads((tmp_path / "second" / "summary.json").read_text())["detector"]["version"] != json.loads(
        (tmp_path / "first" / "summary.json").read_text()
    )["detector"]["version"]


REPORT_LANGUAGE_CASES = [
    # (lang, must appear, must not appear, why)
    ("fr", ('lang="fr"', "Ce qui a été vérifié", "Donnée de santé — RGPD art. 9(1)", "RGPD art. 5(1)(e)", "01/06/2025"),
     ("What was checked", "GDPR"), "the default report, with the detector's French legal reasons and dates"),
    ("en", ('lang="en"', "What was checked, and how", "Health data — GDPR art. 9(1)", "GDPR art. 5(1)(e)",
            "Results by category", "2025-06-01", "Masked examples"),
     ("Ce qui a été vérifié", "RGPD", "Exemples masqués"), "an English report leaks no French heading or basis"),
]


@pytest.mark.parametrize(("lang", "present", "absent", "why"), REPORT_LANGUAGE_CASES,
                         ids=[case[3] for case in REPORT_LANGUAGE_CASES])
def test_when_the_report_is_rendered_in_a_language_then_every_heading_and_legal_text_is_in_it(
    audited: tuple[AuditSummary, Path, Path], lang: str, present: tuple[str, ...], absent: tuple[str, ...], why: str
) -> None:
    from assistant.audit.checkpoint import Checkpoint
    from assistant.audit.report import render_report

    summary, _, out_dir = audited
    with Checkpoint.open(out_dir) as checkpoint:
        html = render_report(summary, checkpoint, lang)

    for expected in present:
        assert expected in html
    for unexpected in absent:
        assert unexpected not in html
    for word in SENSITIVE_WORDS:
        assert word not in html


def test_when_the_report_language_is_unknown_then_one_sentence_names_the_choices(
    audited: tuple[AuditSummary, Path, Path],
) -> None:
    from assistant.audit.checkpoint import Checkpoint
    from assistant.audit.report import render_report

    summary, _, out_dir = audited
    with Checkpoint.open(out_dir) as checkpoint, pytest.raises(InputError, match="fr or en"):
        render_report(summary, checkpoint, "de")
