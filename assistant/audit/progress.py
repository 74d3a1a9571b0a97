"""Terminal progress of an audit (rows/s and time left), silent when not on a terminal."""

from __future__ import annotations

import time
from collections.abc import Callable
from types import TracebackType

from rich.console import Console
from rich.progress import BarColumn, Progress, TaskProgressColumn, TextColumn, TimeElapsedColumn, TimeRemainingColumn


class AuditProgress:
    """Advances by partition weight (bytes of CSV, rows of XLSX); shows rows and rows/s of this run."""

    def __init__(
        self, enabled: bool, total: int | None, on_progress: Callable[[int, int | None], None] | None = None
    ) -> None:
        self.enabled = enabled
        self.rows = 0
        self._total = total
        self._done = 0
        self._on_progress = on_progress
        self._started = time.perf_counter()
        self._progress: Progress | None = None
        if enabled:
            self._progress = Progress(
                TextColumn("[bold]Audit"),
                BarColumn(),
                TaskProgressColumn(),
                TextColumn("{task.fields[rows]:,} rows · {task.fields[rate]:,.0f} rows/s"),
                TimeElapsedColumn(),
                TextColumn("ETA"),
                TimeRemainingColumn(),
                console=Console(stderr=True),
                transient=False,
            )
            self._task = self._progress.add_task("audit", total=total, rows=0, rate=0.0)

    def __enter__(self) -> AuditProgress:
        if self._progress is not None:
            self._progress.start()
        return self

    def __exit__(self, kind: type[BaseException] | None, error: BaseException | None,
                 traceback: TracebackType | None) -> None:
        if self._progress is not None:
            self._progress.stop()

    def skip(self, weight: int) -> None:
        """Partitions already done by an earlier run: move the bar, not the rate."""
        self._report(weight)
        if self._progress is not None:
            self._progress.advance(self._task, weight)

    def advance(self, weight: int, rows: int) -> None:
        self.rows += rows
        self._report(weight)
        if self._progress is not None:
            rate = self.rows / max(time.perf_counter() - self._started, 1e-9)
            self._progress.update(self._task, advance=weight, rows=self.rows, rate=rate)

    def finish(self) -> None:
        """Every partition is recorded: the bar reaches its total even where read-ahead hid some weight."""
        if self._total is not None and self._done < self._total:
            remaining = self._total - self._done
            self._report(remaining)
            if self._progress is not None:
                self._progress.advance(self._task, remaining)

    def _report(self, weight: int) -> None:
        """Tell the caller's hook (the web app's progress bar) how much work is done, in bar units."""
        self._done += weight
        if self._on_progress is not None:
            self._on_progress(self._done, self._total)
