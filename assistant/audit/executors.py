"""Where partitions run: a local process pool on every core, or an existing Dask cluster.

Both run the same `process_partition` and yield results as they finish, with a bounded number
of partitions in flight so memory stays flat whatever the size of the export.
"""

from __future__ import annotations

import multiprocessing
import os
import signal
import threading
import time
from collections.abc import Iterable, Iterator
from concurrent.futures import FIRST_COMPLETED, Future, ProcessPoolExecutor, wait
from concurrent.futures.process import BrokenProcessPool
from typing import Protocol

from assistant.audit.partition import AuditJob, PartitionResult, process_partition, warm_up
from assistant.audit.readers import Partition
from assistant.config import Settings
from assistant.errors import AssistantError, InputError

IN_FLIGHT_PER_WORKER = 2
DASK_CONNECT_TIMEOUT = "10s"
ORPHAN_CHECK_SECONDS = 0.5


class Executor(Protocol):
    """Runs partitions and yields their results in completion order."""

    workers: int

    def run(self, partitions: Iterable[Partition], job: AuditJob) -> Iterator[PartitionResult]: ...

    def close(self) -> None: ...


def _start_worker(settings: Settings, coordinator: int) -> None:
    """Pool initializer: ignore Ctrl-C (the coordinator handles it) and exit if the coordinator dies.

    The coordinator passes its own pid: a worker still starting when the coordinator is killed would otherwise
    read its new parent (init) as the one to watch, and never exit.
    """
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    threading.Thread(target=_exit_with_parent, args=(coordinator,), daemon=True).start()
    warm_up(settings)


def _exit_with_parent(parent: int) -> None:
    """A worker whose coordinator was killed (kill -9 included) would otherwise run on, orphaned."""
    while os.getppid() == parent:
        time.sleep(ORPHAN_CHECK_SECONDS)
    os._exit(1)


def worker_count(settings: Settings) -> int:
    """settings.audit_workers, or every core this process may use when it is 0."""
    if settings.audit_workers > 0:
        return settings.audit_workers
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:
        return max(1, os.cpu_count() or 1)


class InProcess:
    """No pool at all when one worker is asked for: partitions run here, one after the other."""

    workers = 1

    def run(self, partitions: Iterable[Partition], job: AuditJob) -> Iterator[PartitionResult]:
        for partition in partitions:
            yield process_partition(partition, job)

    def close(self) -> None:
        """Nothing to release."""


class LocalPool:
    """A pool of fresh ("spawn") processes; each builds its detector once, at start."""

    def __init__(self, settings: Settings) -> None:
        self.workers = worker_count(settings)
        self._pool = ProcessPoolExecutor(
            max_workers=self.workers,
            mp_context=multiprocessing.get_context("spawn"),
            initializer=_start_worker,
            initargs=(settings, os.getpid()),
        )

    def run(self, partitions: Iterable[Partition], job: AuditJob) -> Iterator[PartitionResult]:
        try:
            yield from self._run(partitions, job)
        except BrokenProcessPool as error:
            raise AssistantError(
                "An audit worker process died (out of memory or killed); run the audit again with --resume."
            ) from error

    def _run(self, partitions: Iterable[Partition], job: AuditJob) -> Iterator[PartitionResult]:
        limit = self.workers * IN_FLIGHT_PER_WORKER
        pending: set[Future[PartitionResult]] = set()
        for partition in partitions:
            pending.add(self._pool.submit(process_partition, partition, job))
            while len(pending) >= limit:
                done, pending = wait(pending, return_when=FIRST_COMPLETED)
                yield from (future.result() for future in done)
        while pending:
            done, pending = wait(pending, return_when=FIRST_COMPLETED)
            yield from (future.result() for future in done)

    def close(self) -> None:
        self._pool.shutdown(wait=True, cancel_futures=True)


class DaskCluster:
    """An existing Dask distributed cluster, reached through its scheduler address."""

    def __init__(self, address: str) -> None:
        from distributed import Client

        try:
            self._client = Client(address, timeout=DASK_CONNECT_TIMEOUT, set_as_default=False)
        except (OSError, TimeoutError) as error:
            raise InputError(f"Cannot reach the Dask scheduler at {address}; check the address and that it runs.") \
                from error
        self.workers = max(1, sum(self._client.nthreads().values()))

    def run(self, partitions: Iterable[Partition], job: AuditJob) -> Iterator[PartitionResult]:
        from distributed import as_completed

        limit = self.workers * IN_FLIGHT_PER_WORKER
        queue = as_completed(loop=self._client.loop)
        in_flight = 0
        for partition in partitions:
            queue.add(self._client.submit(process_partition, partition, job, pure=False))
            in_flight += 1
            if in_flight >= limit:
                yield next(queue).result()
                in_flight -= 1
        for future in queue:
            yield future.result()

    def close(self) -> None:
        self._client.close()


def open_executor(settings: Settings, scheduler: str | None) -> Executor:
    """The Dask cluster at `scheduler`, else a local pool (or this process alone for one worker)."""
    if scheduler:
        return DaskCluster(scheduler)
    return InProcess() if worker_count(settings) == 1 else LocalPool(settings)
