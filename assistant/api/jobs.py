"""Audit jobs of the API: an uploaded export audited in the background, one job at a time, with its progress.

Each job has a folder under data_dir/api-audits/<id>/ holding the export while it runs (deleted afterwards:
it holds raw comments), the audit's outputs, and job.json, so finished jobs survive a restart of the server.
A job's folder is deleted `api_audit_keep_hours` after it finished.
"""

from __future__ import annotations

import json
import logging
import os
import shutil
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from dataclasses import asdict, dataclass, field
from datetime import datetime
from pathlib import Path
from typing import Any

from assistant.api.errors import library_error
from assistant.config import Settings
from assistant.errors import AssistantError
from assistant.services import Services

log = logging.getLogger("assistant.api")

JOBS_FOLDER = "api-audits"
RESULT_FILES = ("flagged.csv", "report.html", "summary.json")
# The counts of summary.json a status shows; the rest (paths, settings) stays in the files.
SUMMARY_KEYS = ("rows_total", "rows_checked", "flagged", "empty", "malformed", "categories", "past_retention",
                "duration_seconds", "rows_per_second")
_JOB_FILE = "job.json"


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


@dataclass
class AuditJob:
    """One audit submitted through the API; `status` is queued → running → done | failed."""

    id: str
    export_name: str
    column: str
    id_column: str | None = None
    date_column: str | None = None
    rewrite: bool = False
    lang: str = "fr"
    status: str = "queued"
    done: int = 0
    total: int | None = None
    created_at: str = field(default_factory=_now)
    finished_at: str | None = None
    summary: dict[str, Any] | None = None
    error: dict[str, str] | None = None

    @property
    def progress(self) -> float | None:
        if self.status == "done":
            return 1.0
        return min(self.done / self.total, 1.0) if self.total else None

    @property
    def finished(self) -> bool:
        return self.status in {"done", "failed"}


class AuditJobs:
    """The jobs of this server: submit, look up, fetch a result file; old ones are purged."""

    def __init__(self, settings: Settings, services: Services) -> None:
        self.settings = settings
        self.services = services
        self.root = settings.data_dir / JOBS_FOLDER
        self._jobs: dict[str, AuditJob] = {}
        self._lock = threading.Lock()
        # One audit at a time: an audit already uses every core through its own worker pool.
        self._runner = ThreadPoolExecutor(max_workers=1, thread_name_prefix="api-audit")
        self._load()

    def folder(self, job_id: str) -> Path:
        return self.root / job_id

    def new_folder(self) -> tuple[str, Path]:
        """A fresh job id and its folder, where the route stores the upload."""
        self.purge()
        job_id = uuid.uuid4().hex
        folder = self.folder(job_id)
        folder.mkdir(parents=True)
        return job_id, folder

    def submit(self, job: AuditJob, export: Path) -> AuditJob:
        with self._lock:
            self._jobs[job.id] = job
        self._save(job)
        self._runner.submit(self._run, job, export)
        return job

    def get(self, job_id: str) -> AuditJob | None:
        with self._lock:
            return self._jobs.get(job_id)

    def result(self, job: AuditJob, name: str) -> Path:
        return self.folder(job.id) / "out" / name

    def purge(self) -> None:
        """Delete finished jobs older than api_audit_keep_hours, with their files."""
        limit = time.time() - self.settings.api_audit_keep_hours * 3600
        with self._lock:
            expired = [job for job in self._jobs.values()
                       if job.finished and self._mtime(self.folder(job.id) / _JOB_FILE) < limit]
            for job in expired:
                del self._jobs[job.id]
        for job in expired:
            shutil.rmtree(self.folder(job.id), ignore_errors=True)

    def close(self) -> None:
        self._runner.shutdown(wait=False, cancel_futures=True)

    def _run(self, job: AuditJob, export: Path) -> None:
        def on_progress(done: int, total: int | None) -> None:
            job.done, job.total = done, total

        request = self.services.audit_request(
            export=export, column=job.column, id_column=job.id_column, date_column=job.date_column,
            out_dir=self.folder(job.id) / "out", rewrite=job.rewrite, lang=job.lang,
        )
        job.status = "running"
        self._save(job)
        started = time.perf_counter()
        try:
            summary = self.services.run_audit(request, self.settings, on_progress).as_dict()
        except AssistantError as error:
            _, code, message = library_error(error)
            job.error = {"code": code, "message": message}
        except Exception as error:  # any failure ends this job only; its message may quote a comment
            log.error("API audit %s failed with %s", job.id, type(error).__name__)
            job.error = {"code": "internal_error",
                         "message": f"The audit failed ({type(error).__name__}); the server log has the details."}
        else:
            job.summary = {key: summary[key] for key in SUMMARY_KEYS if key in summary}
        finally:
            export.unlink(missing_ok=True)  # the raw comments do not outlive the audit
        job.status = "failed" if job.error else "done"
        job.finished_at = _now()
        self._save(job)
        log.info("API audit %s %s in %.1f s", job.id, job.status, time.perf_counter() - started)

    def _save(self, job: AuditJob) -> None:
        path = self.folder(job.id) / _JOB_FILE
        staging = path.with_name(f".{_JOB_FILE}.tmp")
        staging.write_text(json.dumps(asdict(job), ensure_ascii=False), encoding="utf-8")
        os.replace(staging, path)

    def _load(self) -> None:
        """Jobs of an earlier run of the server; one it was still working on is reported as interrupted."""
        for path in sorted(self.root.glob(f"*/{_JOB_FILE}")):
            try:
                job = AuditJob(**json.loads(path.read_text(encoding="utf-8")))
            except (OSError, ValueError, TypeError):
                continue
            if not job.finished:
                job.status, job.finished_at = "failed", _now()
                job.error = {"code": "interrupted",
                             "message": "The server stopped during this audit; submit the export again."}
                (path.parent / f"export{Path(job.export_name).suffix.lower()}").unlink(missing_ok=True)
                self._save(job)
            self._jobs[job.id] = job

    @staticmethod
    def _mtime(path: Path) -> float:
        try:
            return path.stat().st_mtime
        except OSError:
            return 0.0
