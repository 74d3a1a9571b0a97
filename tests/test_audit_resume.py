"""A real `kill -9` in the middle of an audit, twice, then --resume: no row lost, none duplicated."""

from __future__ import annotations

import contextlib
import csv
import json
import os
import shutil
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest

from assistant.config import PROJECT_ROOT, Settings

ROWS = 6_000
CHUNK_ROWS = 40
PARTITIONS = ROWS // CHUNK_ROWS
COUNT_KEYS = ("rows_total", "rows_checked", "flagged", "empty", "malformed", "categories", "past_retention",
              "dates_missing", "dates_unparseable", "months")


def _assistant() -> list[str]:
    script = Path(sys.executable).with_name("assistant")
    return [str(script)] if script.exists() else [sys.executable, "-c", "from assistant.cli import main; main()"]


def _command(export: Path, out_dir: Path, *extra: str) -> list[str]:
    return [*_assistant(), "audit", str(export), "--column", "commentaire", "--id-column", "id",
            "--date-column", "date_dernier_contact", "--out", str(out_dir), *extra]


def _env(knowledge: Path) -> dict[str, str]:
    return {**os.environ, "ASSISTANT_AUDIT_CHUNK_ROWS": str(CHUNK_ROWS), "ASSISTANT_AUDIT_WORKERS": "2",
            "ASSISTANT_KNOWLEDGE_DIR": str(knowledge)}


def _done(out_dir: Path) -> int:
    path = out_dir / "checkpoint.sqlite"
    if not path.exists():
        return 0
    db = sqlite3.connect(path, timeout=0.05)
    try:
        return int(db.execute("SELECT count(*) FROM partitions").fetchone()[0])
    except sqlite3.OperationalError:
        return 0
    finally:
        db.close()


def _group_alive(group: int) -> bool:
    try:
        os.killpg(group, 0)
    except ProcessLookupError:
        return False
    return True


def _kill_when(out_dir: Path, command: list[str], env: dict[str, str], at_least: int) -> int:
    """Start the audit, SIGKILL its main process once `at_least` partitions are committed; return how many were.

    Only the main process is killed, as `kill -9 PID` would: its pool workers must notice and exit.
    """
    process = subprocess.Popen(command, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE,
                               start_new_session=True)
    try:
        deadline = time.monotonic() + 120
        while _done(out_dir) < at_least and process.poll() is None and time.monotonic() < deadline:
            time.sleep(0.005)
        assert process.poll() is None, f"the audit stopped on its own: {process.communicate()[1].decode()[-500:]}"
        os.kill(process.pid, signal.SIGKILL)
        process.communicate()
        deadline = time.monotonic() + 15
        while _group_alive(process.pid) and time.monotonic() < deadline:
            time.sleep(0.05)
        assert not _group_alive(process.pid), "pool workers outlived their killed coordinator"
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # whatever is left, whatever happened
    return _done(out_dir)


@pytest.mark.slow
def test_when_the_audit_is_killed_twice_then_resume_gives_the_clean_result(tmp_path: Path, settings: Settings) -> None:
    knowledge = shutil.copytree(settings.knowledge_dir, tmp_path / "knowledge")  # frozen for the whole test
    env = _env(knowledge)
    export = tmp_path / "export.csv"
    subprocess.run([sys.executable, "-m", "bench.synthetic", "--rows", str(ROWS), "--out", str(export),
                    "--malformed-rate", "0.002"], cwd=PROJECT_ROOT, check=True, capture_output=True)
    clean_dir, killed_dir = tmp_path / "clean", tmp_path / "killed"
    subprocess.run(_command(export, clean_dir), env=env, check=True, capture_output=True)

    first = _kill_when(killed_dir, _command(export, killed_dir), env, at_least=1)
    second = _kill_when(killed_dir, _command(export, killed_dir, "--resume"), env, at_least=first + 5)
    assert 1 <= first < second < PARTITIONS, "the audit finished before it could be killed: raise ROWS"
    assert not (killed_dir / "summary.json").exists()
    subprocess.run(_command(export, killed_dir, "--resume"), env=env, check=True, capture_output=True)

    with export.open(encoding="utf-8", newline="") as handle:
        input_ids = [row[0] for row in csv.reader(handle, delimiter=";")][1:]
    with (killed_dir / "rows.csv").open(encoding="utf-8", newline="") as handle:
        audited_ids = [row["id"] for row in csv.DictReader(handle)]
    assert audited_ids == input_ids  # every row once, in order: none lost, none duplicated
    assert (killed_dir / "flagged.csv").read_bytes() == (clean_dir / "flagged.csv").read_bytes()
    assert (killed_dir / "rows.csv").read_bytes() == (clean_dir / "rows.csv").read_bytes()
    resumed = json.loads((killed_dir / "summary.json").read_text(encoding="utf-8"))
    clean = json.loads((clean_dir / "summary.json").read_text(encoding="utf-8"))
    assert {key: resumed[key] for key in COUNT_KEYS} == {key: clean[key] for key in COUNT_KEYS}
    assert resumed["runs"] == 3 and resumed["malformed"] > 0
