"""The REST API over HTTP (FastAPI's test client): each endpoint, keys on and off loopback, limits, bad bodies,
errors in one JSON shape, audit jobs from upload to report, and checks answering while rewrites run.

Checks run the real detector; rewrites and answers are fakes (their own tests cover them), audits run for real.
"""

from __future__ import annotations

import csv
import io
import logging
import threading
import time
from collections.abc import Callable, Iterator
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import anyio
import httpx
import pytest
from fastapi.testclient import TestClient
from ui_fakes import FakeAnswer, FakeRewrite, FakeSource

from assistant.api import create_api
from assistant.api.jobs import AuditJobs
from assistant.api.keys import hash_key, key_matches, new_key
from assistant.api.schemas import MAX_BATCH
from assistant.config import Settings, get_settings
from assistant.detect import Analysis, detect
from assistant.errors import InputError, ModelUnavailableError
from assistant.services import Services

SECRET = "Zébulon-7731"  # a marker that must never reach the server log
FLAGGED = f"{SECRET} est diabétique, rappeler lundi."
KEY = "crm_test-key-0123456789"
WAIT_SECONDS = 60  # a ceiling for a loaded machine, not a performance check


def _detect(text: str, lang: str | None, settings: Settings) -> Analysis:
    """The real detector, built once: per-test settings (data_dir, keys) do not change what it finds."""
    return detect(text, lang, settings=get_settings())


def _rewrite(text: str, lang: str | None, settings: Settings) -> FakeRewrite:
    if not text.strip():
        raise InputError("The comment is empty: paste some text first.")
    return FakeRewrite(text.replace(" est diabétique", ""), "rules", False, text,
                       warning="The built-in model server did not answer within 60 s.")


def _answer(question: str, lang: str | None, settings: Settings) -> FakeAnswer:
    return FakeAnswer("Trois ans après le dernier contact.", False,
                      (FakeSource("fr-conservation", "Durée de conservation", "CNIL"),))


def _client(settings: Settings, **services: Callable) -> TestClient:
    fakes = {"detect": _detect, "rewrite": _rewrite, "answer": _answer, **services}
    return TestClient(create_api(settings, Services(**fakes)))


@pytest.fixture
def api_settings(settings: Settings, tmp_path: Path) -> Settings:
    return settings.model_copy(update={"data_dir": tmp_path / "data", "audit_workers": 1})


@pytest.fixture
def client(api_settings: Settings) -> Iterator[TestClient]:
    with _client(api_settings) as test_client:
        yield test_client


def _error(response: httpx.Response) -> tuple[int, str, str]:
    body = response.json()
    assert set(body) == {"error"} and set(body["error"]) == {"code", "message"}
    return response.status_code, body["error"]["code"], body["error"]["message"]


# --- endpoints -----------------------------------------------------------------------------------------------

def test_when_one_comment_is_checked_then_the_cli_shape_comes_back_with_what_to_underline(client: TestClient) -> None:
    response = client.post("/api/v1/check", json={"id": "C-1", "text": FLAGGED})

    assert response.status_code == 200
    body = response.json()
    assert body["id"] == "C-1" and body["flag"] is True and body["categories"] == ["HEALTH"]
    health = next(entity for entity in body["entities"] if entity["type"] == "HEALTH")
    assert FLAGGED[health["start"]:health["end"]] == health["text"] == "diabétique"
    assert health["reason"] == "Donnée de santé — RGPD art. 9(1)" and health["flags"] is True
    assert set(health) == {"type", "start", "end", "text", "score", "reason", "flags"}


def test_when_a_batch_is_checked_then_each_comment_gets_its_result_in_order_and_a_bad_one_only_its_error(
        client: TestClient) -> None:
    comments = [{"id": "a", "text": FLAGGED}, {"text": "Rappeler lundi pour la commande 4521."},
                {"id": 7, "text": "   "}, {"id": "en", "text": "He is a Muslim, call back on Monday.", "lang": "en"}]

    results = client.post("/api/v1/check", json={"comments": comments}).json()["results"]

    assert [result["id"] for result in results] == ["a", 2, 7, "en"]  # no id: the position, as the CLI numbers lines
    assert [result.get("flag") for result in results] == [True, False, None, True]
    assert results[2]["error"] == {"code": "invalid_input", "message": "The comment is empty: paste some text first."}
    assert results[3]["entities"][0]["reason"] == "Religious or philosophical belief — GDPR art. 9(1)"


def test_when_a_rewrite_is_asked_then_the_text_method_and_the_models_warning_come_back(client: TestClient) -> None:
    body = client.post("/api/v1/rewrite", json={"id": 3, "text": FLAGGED}).json()

    assert body == {"id": 3, "rewrite": f"{SECRET}, rappeler lundi.", "method": "rules", "flag_after": False,
                    "warning": "The built-in model server did not answer within 60 s."}


def test_when_a_question_is_asked_then_the_answer_has_its_sources(client: TestClient) -> None:
    body = client.post("/api/v1/ask", json={"question": "Combien de temps garder un prospect ?"}).json()

    assert body == {"answer": "Trois ans après le dernier contact.", "declined": False,
                    "sources": [{"id": "fr-conservation", "title": "Durée de conservation", "source": "CNIL"}]}


def test_when_the_docs_are_opened_then_the_openapi_spec_lists_every_endpoint_and_the_page_uses_local_assets(
        client: TestClient) -> None:
    spec = client.get("/api/v1/openapi.json").json()
    page = client.get("/api/docs").text

    assert {"/api/v1/check", "/api/v1/rewrite", "/api/v1/ask", "/api/v1/audits", "/api/v1/audits/{job_id}",
            "/api/v1/audits/{job_id}/{name}"} <= set(spec["paths"])
    assert "http://" not in page and "https://" not in page
    assert client.get("/api/docs-assets/swagger-ui-bundle.js").status_code == 200


# --- keys ----------------------------------------------------------------------------------------------------

AUTH_CASES = [
    # (hashes configured, Authorization header, expected status, why)
    ((), None, 200, "loopback without keys: open, as the web app without a login"),
    ((hash_key(KEY),), None, 401, "keys set: a request without one is refused, even on loopback"),
    ((hash_key(KEY),), f"Bearer {KEY}", 200, "the right key"),
    ((hash_key(KEY),), f"bearer {KEY}", 200, "the scheme is case-insensitive (RFC 7235)"),
    ((hash_key(KEY),), "Bearer crm_wrong", 401, "a wrong key"),
    ((hash_key(KEY),), KEY, 401, "a key without the Bearer scheme"),
    ((hash_key("crm_other"), hash_key(KEY)), f"Bearer {KEY}", 200, "any of several keys"),
    ((hash_key(KEY),), f"Bearer {hash_key(KEY)}", 401, "the stored hash is not a key"),
]


@pytest.mark.parametrize(("hashes", "header", "status", "why"), AUTH_CASES, ids=[case[3] for case in AUTH_CASES])
def test_when_keys_are_configured_then_every_endpoint_requires_one(
        api_settings: Settings, hashes: tuple[str, ...], header: str | None, status: int, why: str) -> None:
    headers = {"Authorization": header} if header else {}
    with _client(api_settings.model_copy(update={"api_key_hashes": hashes})) as test_client:
        responses = [test_client.post("/api/v1/check", json={"text": "Rappeler lundi."}, headers=headers),
                     test_client.post("/api/v1/rewrite", json={"text": "Rappeler lundi."}, headers=headers),
                     test_client.post("/api/v1/ask", json={"question": "Durée ?"}, headers=headers),
                     test_client.get("/api/v1/audits/0123", headers=headers)]

    assert [response.status_code for response in responses[:3]] == [status] * 3
    assert responses[3].status_code == (404 if status == 200 else 401)
    if status == 401:
        assert _error(responses[0])[1] == "unauthorized"


def test_when_a_key_is_made_then_only_its_hash_is_stored_and_it_matches() -> None:
    key = new_key()

    assert key.startswith("crm_") and len(key) > 40
    assert hash_key(key).startswith("sha256:") and key not in hash_key(key)
    assert key_matches(key, (hash_key(key),)) and not key_matches(key + "x", (hash_key(key),))


# --- bad requests and limits ---------------------------------------------------------------------------------

BAD_REQUESTS = [
    # (method, path, body bytes, content type, status, code, why)
    ("POST", "/api/v1/check", b"{not json", "application/json", 400, "invalid_json", "a body that is not JSON"),
    ("POST", "/api/v1/check", b"[1, 2]", "application/json", 422, "invalid_request", "JSON but not an object"),
    ("POST", "/api/v1/check", b'{"lang": "fr"}', "application/json", 422, "invalid_request", "no text, no batch"),
    ("POST", "/api/v1/check", b'{"text": "x", "comments": []}', "application/json", 422, "invalid_request",
     "both one comment and a batch"),
    ("POST", "/api/v1/check", b'{"text": 12}', "application/json", 422, "invalid_request", "text that is not text"),
    ("POST", "/api/v1/check", b'{"text": "x", "lang": "de"}', "application/json", 422, "invalid_request",
     "a language the detector does not know"),
    ("POST", "/api/v1/check", b'{"text": "  "}', "application/json", 422, "invalid_input", "an empty comment"),
    ("POST", "/api/v1/rewrite", b"{}", "application/json", 422, "invalid_request", "a rewrite without text"),
    ("POST", "/api/v1/ask", b'{"text": "x"}', "application/json", 422, "invalid_request", "a question under text"),
    ("GET", "/api/v1/check", b"", "", 405, "method_not_allowed", "GET on a POST endpoint"),
    ("GET", "/api/v1/nothing-here", b"", "", 404, "not_found", "an unknown API path answers in JSON, not HTML"),
]


@pytest.mark.parametrize(("method", "path", "body", "content_type", "status", "code", "why"), BAD_REQUESTS,
                         ids=[case[6] for case in BAD_REQUESTS])
def test_when_a_request_is_malformed_then_one_json_error_says_what_is_wrong(
        client: TestClient, method: str, path: str, body: bytes, content_type: str, status: int, code: str,
        why: str) -> None:
    headers = {"Content-Type": content_type} if content_type else {}
    response = client.request(method, path, content=body or None, headers=headers)

    got_status, got_code, message = _error(response)
    assert (got_status, got_code) == (status, code)
    assert message.endswith(".") and "\n" not in message and message.count(". ") == 0  # one sentence


def test_when_a_field_is_wrong_then_the_message_names_it_without_quoting_the_value(client: TestClient) -> None:
    _, _, message = _error(client.post("/api/v1/check", json={"text": FLAGGED, "lang": SECRET}))

    assert "`lang`" in message and SECRET not in message


def test_when_a_comment_is_too_long_then_the_limit_is_named(client: TestClient, api_settings: Settings) -> None:
    status, code, message = _error(client.post("/api/v1/check", json={"text": "a" * (api_settings.max_text_chars + 1)}))

    assert (status, code) == (422, "invalid_input") and f"{api_settings.max_text_chars:,}" in message


def test_when_a_batch_is_larger_than_the_limit_then_it_is_refused_whole(client: TestClient) -> None:
    comments = [{"text": "Rappeler lundi."}] * (MAX_BATCH + 1)

    status, code, message = _error(client.post("/api/v1/check", json={"comments": comments}))

    assert (status, code) == (422, "invalid_request") and "`comments`" in message and f"{MAX_BATCH}" in message


@pytest.mark.parametrize("declared", [True, False], ids=["Content-Length says it", "chunked, counted while read"])
def test_when_a_body_is_larger_than_the_limit_then_413_comes_back_as_json(
        api_settings: Settings, declared: bool) -> None:
    body = b'{"text": "' + b"a" * 4096 + b'"}'
    content = body if declared else iter([body[:1000], body[1000:]])
    with _client(api_settings.model_copy(update={"api_max_body_kb": 2})) as test_client:
        response = test_client.post("/api/v1/check", content=content, headers={"Content-Type": "application/json"})

    status, code, message = _error(response)
    assert (status, code) == (413, "payload_too_large") and "2 KB" in message


LIBRARY_FAILURES = [
    # (error raised by the library, status, code, why)
    (ModelUnavailableError("The built-in model server stopped; it restarts on the next request."), 503,
     "model_unavailable", "the model is down: the client may retry"),
    (RuntimeError(f"boom near {SECRET}"), 500, "internal_error", "a bug: its message may quote the comment"),
]


@pytest.mark.parametrize(("error", "status", "code", "why"), LIBRARY_FAILURES, ids=[c[3] for c in LIBRARY_FAILURES])
def test_when_the_library_fails_then_the_client_gets_one_sentence_and_the_log_no_comment_text(
        api_settings: Settings, caplog: pytest.LogCaptureFixture, error: Exception, status: int, code: str,
        why: str) -> None:
    def failing(text: str, lang: str | None, settings: Settings) -> FakeRewrite:
        raise error

    with caplog.at_level(logging.DEBUG), _client(api_settings, rewrite=failing) as test_client:
        response = test_client.post("/api/v1/rewrite", json={"text": FLAGGED})

    assert _error(response)[:2] == (status, code)
    assert SECRET not in response.text or code == "model_unavailable"
    assert SECRET not in caplog.text and "diabétique" not in caplog.text


def test_when_requests_are_served_then_no_comment_text_reaches_the_log(
        client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    with caplog.at_level(logging.DEBUG):
        client.post("/api/v1/check", json={"text": FLAGGED})
        client.post("/api/v1/check", json={"comments": [{"text": FLAGGED}, {"text": ""}]})
        client.post("/api/v1/rewrite", json={"text": FLAGGED})
        client.post("/api/v1/check", json={"text": FLAGGED, "lang": "xx"})

    assert SECRET not in caplog.text and "diabétique" not in caplog.text


# --- concurrency ---------------------------------------------------------------------------------------------

def test_when_every_rewrite_thread_is_busy_then_checks_still_answer(api_settings: Settings) -> None:
    settings = api_settings.model_copy(update={"api_rewrite_threads": 2})
    release, started = threading.Event(), threading.Semaphore(0)

    def slow_rewrite(text: str, lang: str | None, settings: Settings) -> FakeRewrite:
        started.release()
        release.wait(WAIT_SECONDS)
        return _rewrite(text, lang, settings)

    app = create_api(settings, Services(detect=_detect, rewrite=slow_rewrite, answer=_answer))
    outcome: dict[str, int] = {}
    _detect("Rappeler lundi.", "fr", settings)  # a detector built during the scenario could outlast the held rewrites

    async def scenario() -> list[int]:
        transport = httpx.ASGITransport(app=app)
        async with httpx.AsyncClient(transport=transport, base_url="http://test") as http, \
                anyio.create_task_group() as group:
            statuses: list[int] = []

            async def rewrite() -> None:
                statuses.append((await http.post("/api/v1/rewrite", json={"text": FLAGGED})).status_code)

            for _ in range(settings.api_rewrite_threads + 2):  # more rewrites than their threads: some wait
                group.start_soon(rewrite)
            for _ in range(settings.api_rewrite_threads):
                await anyio.to_thread.run_sync(started.acquire)
            check = await http.post("/api/v1/check", json={"text": FLAGGED})
            outcome["check"], outcome["rewrites_finished_before_it"] = check.status_code, len(statuses)
            release.set()
        return statuses

    with ThreadPoolExecutor(max_workers=1) as own_thread:  # Playwright's sync API may hold this thread's loop
        statuses = own_thread.submit(anyio.run, scenario).result(timeout=WAIT_SECONDS * 2)

    assert outcome == {"check": 200, "rewrites_finished_before_it": 0}  # answered while every rewrite was held
    assert statuses == [200] * (settings.api_rewrite_threads + 2)


# --- audit jobs ----------------------------------------------------------------------------------------------

EXPORT = [("C1", "Client sous chimio, rappeler Mme Durand"), ("C2", "Rappeler lundi pour la cde 4521"),
          ("C3", "Cliente de confession juive, rappeler jeudi")]


def _export(path: Path) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=";")
        writer.writerow(("id", "commentaire"))
        writer.writerows(EXPORT)
    return path


def _wait_until_finished(client: TestClient, job_id: str) -> dict:
    deadline = time.monotonic() + WAIT_SECONDS
    while time.monotonic() < deadline:
        status = client.get(f"/api/v1/audits/{job_id}").json()
        if status["status"] in {"done", "failed"}:
            return status
        time.sleep(0.1)
    pytest.fail(f"the audit job did not finish within {WAIT_SECONDS} s")


def test_when_an_export_is_uploaded_then_the_job_runs_and_its_flagged_rows_and_report_can_be_downloaded(
        client: TestClient, tmp_path: Path, api_settings: Settings) -> None:
    with _export(tmp_path / "export.csv").open("rb") as upload:
        response = client.post("/api/v1/audits", files={"file": ("export.csv", upload, "text/csv")},
                               data={"column": "commentaire", "id_column": "id", "lang": "en"})
    assert response.status_code == 202 and response.json()["status"] in {"queued", "running", "done"}
    job_id = response.json()["id"]

    status = _wait_until_finished(client, job_id)

    assert status["status"] == "done" and status["progress"] == 1.0 and status["error"] is None
    assert status["summary"]["rows_total"] == 3 and status["summary"]["flagged"] == 2
    assert status["summary"]["categories"]["HEALTH"] == 1
    flagged = client.get(status["files"]["flagged.csv"])
    report = client.get(status["files"]["report.html"])
    assert flagged.status_code == 200
    assert [row["id"] for row in csv.DictReader(io.StringIO(flagged.text))] == ["C1", "C3"]
    assert "chimio" not in flagged.text and "juive" not in flagged.text  # masked excerpts only
    assert report.status_code == 200 and "What was checked, and how" in report.text
    assert not list((api_settings.data_dir / "api-audits" / job_id).glob("export*"))  # the raw upload is gone


UPLOAD_ERRORS = [
    # (file name, form fields, status, code, why)
    ("export.pdf", {"column": "commentaire"}, 422, "invalid_input", "not a CSV or Excel export"),
    ("export.csv", {"column": "notes"}, 422, "invalid_input", "a column the export does not have"),
    ("export.csv", {"column": "commentaire", "id_column": "ref"}, 422, "invalid_input", "an unknown id column"),
    ("export.csv", {}, 422, "invalid_request", "no column named at all"),
    ("export.csv", {"column": "commentaire", "lang": "de"}, 422, "invalid_request", "a report language we lack"),
]


@pytest.mark.parametrize(("name", "fields", "status", "code", "why"), UPLOAD_ERRORS, ids=[c[4] for c in UPLOAD_ERRORS])
def test_when_an_upload_cannot_be_audited_then_it_is_refused_at_once_and_nothing_is_kept(
        client: TestClient, tmp_path: Path, api_settings: Settings, name: str, fields: dict, status: int, code: str,
        why: str) -> None:
    with _export(tmp_path / "export.csv").open("rb") as upload:
        response = client.post("/api/v1/audits", files={"file": (name, upload, "text/csv")}, data=fields)

    assert _error(response)[:2] == (status, code)
    assert not list((api_settings.data_dir / "api-audits").glob("*/export*"))


def test_when_an_upload_is_larger_than_the_limit_then_413_comes_back_as_json(api_settings: Settings) -> None:
    big = b"id;commentaire\n" + b"1;" + b"a" * (1024 * 1024) + b"\n"
    with _client(api_settings.model_copy(update={"max_upload_mb": 1})) as test_client:
        response = test_client.post("/api/v1/audits", files={"file": ("export.csv", big, "text/csv")},
                                    data={"column": "commentaire"})

    assert _error(response)[:2] == (413, "payload_too_large")


def test_when_a_job_is_running_then_its_files_are_not_ready_and_unknown_jobs_are_not_found(
        api_settings: Settings, tmp_path: Path) -> None:
    gate = threading.Event()

    def held_audit(request, settings: Settings, on_progress):
        on_progress(1, 4)
        gate.wait(WAIT_SECONDS)
        raise InputError("The export has no readable row.")

    with _client(api_settings, run_audit=held_audit) as test_client, \
            _export(tmp_path / "export.csv").open("rb") as upload:
        job_id = test_client.post("/api/v1/audits", files={"file": ("export.csv", upload)},
                                  data={"column": "commentaire"}).json()["id"]
        deadline = time.monotonic() + WAIT_SECONDS
        while test_client.get(f"/api/v1/audits/{job_id}").json()["progress"] != 0.25 and time.monotonic() < deadline:
            time.sleep(0.05)
        running = test_client.get(f"/api/v1/audits/{job_id}").json()
        early = test_client.get(f"/api/v1/audits/{job_id}/report.html")
        unknown = test_client.get("/api/v1/audits/no-such-job")
        wrong_file = test_client.get(f"/api/v1/audits/{job_id}/rows.csv")
        gate.set()
        failed = _wait_until_finished(test_client, job_id)

    assert running["status"] == "running" and running["progress"] == 0.25 and running["files"] == {}
    assert _error(early)[:2] == (409, "audit_not_done")
    assert _error(unknown)[:2] == (404, "audit_not_found")
    assert _error(wrong_file)[:2] == (404, "not_found")
    assert failed["status"] == "failed" and failed["error"] == {"code": "invalid_input",
                                                                "message": "The export has no readable row."}


def test_when_the_server_restarts_then_finished_jobs_are_still_served_and_interrupted_ones_say_so(
        client: TestClient, tmp_path: Path, api_settings: Settings) -> None:
    with _export(tmp_path / "export.csv").open("rb") as upload:
        done_id = client.post("/api/v1/audits", files={"file": ("export.csv", upload)},
                              data={"column": "commentaire"}).json()["id"]
    _wait_until_finished(client, done_id)
    jobs = AuditJobs(api_settings, Services())
    interrupted_id, folder = jobs.new_folder()
    (folder / "job.json").write_text(
        f'{{"id": "{interrupted_id}", "export_name": "x.csv", "column": "c", "status": "running"}}', encoding="utf-8")

    restarted = AuditJobs(api_settings, Services())

    assert restarted.get(done_id).status == "done" and restarted.result(restarted.get(done_id), "report.html").exists()
    assert restarted.get(interrupted_id).status == "failed"
    assert restarted.get(interrupted_id).error["code"] == "interrupted"


def test_when_a_finished_job_is_older_than_the_retention_then_its_files_are_deleted(
        client: TestClient, tmp_path: Path, api_settings: Settings) -> None:
    with _export(tmp_path / "export.csv").open("rb") as upload:
        job_id = client.post("/api/v1/audits", files={"file": ("export.csv", upload)},
                             data={"column": "commentaire"}).json()["id"]
    _wait_until_finished(client, job_id)
    jobs = AuditJobs(api_settings.model_copy(update={"api_audit_keep_hours": 0}), Services())

    jobs.purge()

    assert jobs.get(job_id) is None and not (api_settings.data_dir / "api-audits" / job_id).exists()
