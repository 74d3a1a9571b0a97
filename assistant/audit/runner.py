"""run_audit: stream the export, run partitions in parallel, checkpoint each one, then write the outputs."""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator
from contextlib import ExitStack
from dataclasses import replace
from datetime import date, datetime
from typing import Any

from assistant import __version__
from assistant.audit.checkpoint import Checkpoint
from assistant.audit.executors import open_executor
from assistant.audit.fingerprint import FileFingerprint, detector_version, fingerprint_file, lexicon_sha256
from assistant.audit.outputs import write_outputs
from assistant.audit.partition import AuditJob
from assistant.audit.progress import AuditProgress
from assistant.audit.readers import ExportReader, Partition, ReadOptions, open_export
from assistant.audit.request import AuditRequest
from assistant.audit.retention import retention_cutoff
from assistant.audit.suggestion import check_available
from assistant.audit.summary import AuditSummary, build_summary
from assistant.config import Settings
from assistant.detect.lexicon import load_context, load_lexicons
from assistant.errors import AssistantError, ConfigError, InputError

_PRIVATE_SETTINGS = {"auth_user", "auth_password", "api_key_hashes"}


def _now() -> str:
    return datetime.now().astimezone().isoformat(timespec="seconds")


def _identity(request: AuditRequest, settings: Settings, fingerprint: FileFingerprint) -> dict[str, Any]:
    """The values a resume must find unchanged (see checkpoint.RESUME_KEYS)."""
    return {
        "input_sha256": fingerprint.sha256,
        "column": request.column,
        "id_column": request.id_column,
        "date_column": request.date_column,
        "rewrite": request.rewrite,
        "detector_version": detector_version(settings),
        "retention_years": settings.retention_years,
        "max_text_chars": settings.max_text_chars,
    }


def run_audit(
    request: AuditRequest,
    settings: Settings,
    progress: bool = False,
    on_progress: Callable[[int, int | None], None] | None = None,
) -> AuditSummary:
    """Audit a whole export; with request.resume, continue from the checkpoint in request.out_dir.

    `progress` draws a terminal bar; `on_progress(done, total)` reports the same work units to a caller.
    """
    started, started_at = time.time(), _now()
    lexicon_dir = settings.knowledge_dir / "lexicons"
    load_lexicons(lexicon_dir)  # a broken lexicon fails here, in one sentence, before any worker starts
    load_context(lexicon_dir)
    if request.rewrite:
        check_available()
    fingerprint = fingerprint_file(request.export)
    identity = _identity(request, settings, fingerprint)
    with ExitStack() as stack:
        checkpoint: Checkpoint | None = None
        if Checkpoint.exists(request.out_dir):
            if not request.resume:
                raise InputError(
                    f"{request.out_dir} already holds an audit checkpoint: add --resume to continue it, "
                    "or choose another --out."
                )
            checkpoint = stack.enter_context(Checkpoint.open(request.out_dir))
            checkpoint.check_resumable(identity)
        meta = checkpoint.meta() if checkpoint is not None else {}
        options = ReadOptions(
            column=request.column, id_column=request.id_column, date_column=request.date_column,
            chunk_rows=meta.get("chunk_rows", settings.audit_chunk_rows), max_chars=settings.max_text_chars,
        )
        reader = stack.enter_context(open_export(request.export, options, fingerprint.encoding))
        as_of = date.fromisoformat(meta["as_of"]) if meta else (request.as_of or date.today())
        if checkpoint is None:
            meta = _new_meta(identity, fingerprint, reader, options, settings, as_of, started_at)
            checkpoint = stack.enter_context(Checkpoint.create(request.out_dir, meta))
        job = AuditJob(settings=settings, as_of=as_of, with_dates=request.date_column is not None,
                       rewrite=request.rewrite)
        _process(checkpoint, reader, job, request.scheduler, progress, started, on_progress)
        summary = build_summary(checkpoint, _now(), request.out_dir)
        files = write_outputs(request.out_dir, checkpoint, summary, request.lang)
        return replace(summary, files=files)
    raise AssertionError("unreachable")  # pragma: no cover - ExitStack does not swallow exceptions


def _new_meta(identity: dict[str, Any], fingerprint: FileFingerprint, reader: ExportReader, options: ReadOptions,
              settings: Settings, as_of: date, started_at: str) -> dict[str, Any]:
    return {
        **identity,
        "input": {**fingerprint.as_dict(), "format": reader.format, "delimiter": getattr(reader, "delimiter", None)},
        "package_version": __version__,
        "lexicons_sha256": lexicon_sha256(settings.knowledge_dir / "lexicons"),
        "chunk_rows": options.chunk_rows,
        "as_of": as_of.isoformat(),
        "cutoff": retention_cutoff(as_of, settings.retention_years).isoformat(),
        "started_at": started_at,
        "settings": settings.model_dump(mode="json", exclude=_PRIVATE_SETTINGS),
    }


def _process(checkpoint: Checkpoint, reader: ExportReader, job: AuditJob, scheduler: str | None, progress: bool,
             started: float, on_progress: Callable[[int, int | None], None] | None) -> None:
    """Run every partition not yet done and commit each result as soon as it arrives."""
    done = checkpoint.done_partitions()
    seen: list[int] = []
    version = checkpoint.meta()["detector_version"]
    run = checkpoint.start_run(started)
    with AuditProgress(progress, reader.total_weight, on_progress) as bar:

        def pending() -> Iterator[Partition]:
            for partition in reader.partitions():
                seen.append(partition.index)
                if partition.index in done:
                    bar.skip(partition.weight)
                else:
                    yield partition

        executor = open_executor(job.settings, scheduler)
        try:
            for result in executor.run(pending(), job):
                if result.detector_version != version:
                    raise ConfigError(
                        f"A worker runs detector {result.detector_version} instead of {version}: install the same "
                        "package and lexicons on every Dask worker."
                    )
                checkpoint.commit(result, run)
                bar.advance(result.weight, result.rows)
            bar.finish()
        finally:
            executor.close()
    checkpoint.finish_run(run)
    missing = set(seen) - checkpoint.done_partitions()
    if missing:
        raise AssistantError(f"{len(missing)} partitions were not recorded; run the audit again with --resume.")
    checkpoint.set_meta("partitions", len(seen))
