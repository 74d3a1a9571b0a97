"""The /api/v1 endpoints: each one validates its body, calls one library function off the event loop, and
returns the CLI's JSON shape."""

from __future__ import annotations

import logging
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Annotated, Any, TypeVar

import anyio
from anyio import CapacityLimiter
from fastapi import APIRouter, Depends, File, Form, Request, UploadFile
from fastapi.responses import FileResponse
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from assistant.api.errors import APIError, library_error
from assistant.api.jobs import RESULT_FILES, AuditJob, AuditJobs
from assistant.api.keys import key_matches
from assistant.api.schemas import (
    AskRequest,
    AskResult,
    AuditJobStatus,
    CheckBatchResult,
    CheckRequest,
    CheckResult,
    Lang,
    RewriteRequest,
    RewriteResult,
)
from assistant.config import Settings
from assistant.detect.policy import is_flagged
from assistant.errors import AssistantError, InputError
from assistant.services import Services

log = logging.getLogger("assistant.api")

EXPORT_SUFFIXES = (".csv", ".txt", ".xlsx", ".xlsm")
_COPY_CHUNK = 1024 * 1024
_BEARER = HTTPBearer(auto_error=False, description="An API key made by `assistant api-key`.")
T = TypeVar("T")


class Workers:
    """Thread pools by kind of work, so a slow kind never holds the threads another kind needs.

    Checks get their own threads: a check answers in milliseconds while a rewrite can wait seconds on the
    model, and a CRM agent types while another one's rewrite runs.
    """

    def __init__(self, settings: Settings) -> None:
        self.check = CapacityLimiter(settings.api_check_threads)
        self.model = CapacityLimiter(settings.api_rewrite_threads)
        self.files = CapacityLimiter(2)  # uploads copied to disk, column checks

    @staticmethod
    async def run(limiter: CapacityLimiter, function: Callable[..., T], *args: Any) -> T:
        """`function(*args)` in a worker thread; an unexpected failure becomes a 500 whose log holds no text."""
        try:
            return await anyio.to_thread.run_sync(function, *args, limiter=limiter)
        except (AssistantError, APIError):
            raise
        except Exception as error:
            log.error("API call to %s failed with %s (message withheld: it may quote user text)",
                      getattr(function, "__name__", "library"), type(error).__name__)
            raise APIError(500, "internal_error",
                           f"The server failed ({type(error).__name__}); the log has the details.") from None


def api_key_guard(settings: Settings) -> Callable[..., None]:
    """A dependency that requires `Authorization: Bearer <key>` whenever API keys are configured.

    Without keys the server only starts on loopback (see assistant.server.check_server_settings).
    """

    def guard(credentials: Annotated[HTTPAuthorizationCredentials | None, Depends(_BEARER)]) -> None:
        if not settings.api_key_hashes:
            return
        if credentials is None or not key_matches(credentials.credentials, settings.api_key_hashes):
            raise APIError(401, "unauthorized", "Send a valid API key in the header `Authorization: Bearer <key>`.")

    return guard


def _with_id(record_id: object, result: dict[str, Any]) -> dict[str, Any]:
    return result if record_id is None else {"id": record_id, **result}


def build_router(settings: Settings, services: Services, workers: Workers, jobs: AuditJobs) -> APIRouter:
    """Every endpoint under /api/v1, behind the API key guard."""
    router = APIRouter(prefix="/api/v1", dependencies=[Depends(api_key_guard(settings))], tags=["v1"])

    def check_one(text: str, lang: str | None) -> dict[str, Any]:
        result = services.detect(text, lang, settings).as_dict()
        for entity in result["entities"]:  # so a client (the widget) knows what to underline without the policy
            entity["flags"] = is_flagged([entity["type"]])
        return result

    @router.post("/check", response_model=CheckResult | CheckBatchResult, response_model_exclude_none=True,
                 summary="Detect sensitive content in one comment or a batch")
    async def check(body: CheckRequest) -> dict[str, Any]:
        """One comment: `{"text"}` → `{"flag", "categories", "entities"}`. A batch: `{"comments": [...]}` →
        `{"results": [...]}`, one per comment in the same order; a comment that cannot be checked gets an
        `error` instead of findings, and the others are still checked."""
        if body.text is not None:
            return _with_id(body.id, await workers.run(workers.check, check_one, body.text, body.lang))
        results = []
        for position, comment in enumerate(body.comments or [], start=1):
            record_id = comment.id if comment.id is not None else position  # as the CLI numbers JSONL lines
            try:  # one thread call per comment: single checks from other agents are served in between
                results.append(_with_id(record_id, await workers.run(workers.check, check_one, comment.text,
                                                                     comment.lang)))
            except AssistantError as error:
                _, code, message = library_error(error)
                results.append({"id": record_id, "error": {"code": code, "message": message}})
        return {"results": results}

    @router.post("/rewrite", response_model=RewriteResult, response_model_exclude_none=True,
                 summary="Rewrite a comment into compliant wording, verified")
    async def rewrite(body: RewriteRequest) -> dict[str, Any]:
        """Clean comments come back unchanged. `warning` says why the model could not answer, when the
        deterministic rules wrote the rewrite instead."""
        result = await workers.run(workers.model, services.rewrite, body.text, body.lang, settings)
        payload = {"rewrite": result.text, "method": result.method, "flag_after": result.flag_after}
        if result.warning:
            payload["warning"] = result.warning
        return _with_id(body.id, payload)

    @router.post("/ask", response_model=AskResult, response_model_exclude_none=True,
                 summary="Answer a GDPR/CNIL question from the local knowledge base, with sources")
    async def ask(body: AskRequest) -> dict[str, Any]:
        answer = await workers.run(workers.model, services.answer, body.question, body.lang, settings)
        return _with_id(body.id, answer.as_dict())

    @router.post("/audits", status_code=202, response_model=AuditJobStatus,
                 summary="Start an audit of a CRM export (CSV or XLSX)")
    async def submit_audit(
        request: Request,
        file: Annotated[UploadFile, File(description="The export, .csv or .xlsx.")],
        column: Annotated[str, Form(description="Column holding the comment text.")],
        id_column: Annotated[str | None, Form(description="Column holding the row identifier.")] = None,
        date_column: Annotated[str | None, Form(description="Column with the last-contact date.")] = None,
        rewrite: Annotated[bool, Form(description="Add a rules-based rewrite suggestion per row.")] = False,
        lang: Annotated[Lang, Form(description="Language of report.html.")] = "fr",
    ) -> dict[str, Any]:
        """Returns the job at once (202); follow it with GET /api/v1/audits/{id}."""
        name = Path(file.filename or "export.csv").name
        suffix = Path(name).suffix.lower()
        if suffix not in EXPORT_SUFFIXES:
            raise InputError(f"{name} is not a CSV or Excel export; send a .csv or .xlsx file.")
        job_id, folder = await workers.run(workers.files, jobs.new_folder)
        export = folder / f"export{suffix}"
        try:
            await workers.run(workers.files, _save_upload, file, export)
            columns = await workers.run(workers.files, services.columns, export)
            for wanted in (column, id_column, date_column):
                if wanted and wanted not in columns:
                    raise InputError(f"The export has no column {wanted!r}; its columns are: {', '.join(columns)}.")
        except BaseException:
            shutil.rmtree(folder, ignore_errors=True)
            raise
        job = AuditJob(id=job_id, export_name=name, column=column, id_column=id_column or None,
                       date_column=date_column or None, rewrite=rewrite, lang=lang)
        jobs.submit(job, export)
        return _status(request, job)

    @router.get("/audits/{job_id}", response_model=AuditJobStatus,
                summary="Status and progress of an audit")
    async def audit_status(request: Request, job_id: str) -> dict[str, Any]:
        return _status(request, _job(jobs, job_id))

    @router.get("/audits/{job_id}/{name}", summary="A result file of a finished audit",
                responses={200: {"content": {"text/csv": {}, "text/html": {}, "application/json": {}}}})
    async def audit_file(job_id: str, name: str) -> FileResponse:
        """flagged.csv (flagged rows, masked excerpts), report.html (the evidence report) or summary.json."""
        job = _job(jobs, job_id)
        if name not in RESULT_FILES:
            raise APIError(404, "not_found", f"An audit has no file {name!r}; ask for {', '.join(RESULT_FILES)}.")
        if job.status != "done":
            raise APIError(409, "audit_not_done", f"The audit is {job.status}; its files exist once it is done.")
        return FileResponse(jobs.result(job, name), filename=name)

    return router


def _save_upload(upload: UploadFile, target: Path) -> None:
    with target.open("wb") as handle:
        shutil.copyfileobj(upload.file, handle, _COPY_CHUNK)


def _job(jobs: AuditJobs, job_id: str) -> AuditJob:
    job = jobs.get(job_id)
    if job is None:
        raise APIError(404, "audit_not_found",
                       "There is no audit with this id (results are deleted after ASSISTANT_API_AUDIT_KEEP_HOURS).")
    return job


def _status(request: Request, job: AuditJob) -> dict[str, Any]:
    files = {}
    if job.status == "done":
        files = {name: str(request.url_for("audit_file", job_id=job.id, name=name).path) for name in RESULT_FILES}
    return {
        "id": job.id, "status": job.status, "progress": job.progress, "created_at": job.created_at,
        "finished_at": job.finished_at, "summary": job.summary, "error": job.error, "files": files,
    }
