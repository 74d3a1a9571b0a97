"""--scheduler: the same partitions on a Dask distributed cluster give exactly the local pool's results."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from assistant.audit import AuditRequest, run_audit
from assistant.config import PROJECT_ROOT, Settings

COUNT_KEYS = ("rows_total", "rows_checked", "flagged", "empty", "malformed", "categories", "past_retention",
              "dates_missing", "dates_unparseable", "months")


@pytest.fixture(scope="module")
def export(tmp_path_factory: pytest.TempPathFactory) -> Path:
    path = tmp_path_factory.mktemp("dask") / "export.csv"
    subprocess.run([sys.executable, "-m", "bench.synthetic", "--rows", "3000", "--out", str(path), "--delimiter", ",",
                    "--malformed-rate", "0.003", "--seed", "11"], cwd=PROJECT_ROOT, check=True, capture_output=True)
    return path


def _audit(export: Path, out_dir: Path, settings: Settings, scheduler: str | None) -> dict:
    request = AuditRequest(export=export, column="commentaire", id_column="id", date_column="date_dernier_contact",
                           out_dir=out_dir, scheduler=scheduler)
    run_audit(request, settings.model_copy(update={"audit_workers": 2, "audit_chunk_rows": 250}))
    return json.loads((out_dir / "summary.json").read_text(encoding="utf-8"))


@pytest.mark.slow
@pytest.mark.parametrize(
    "processes",
    [
        False,  # threads in this process: partitions share one detector across threads
        True,  # separate worker processes: everything a worker needs is pickled to it
    ],
)
def test_when_run_on_a_dask_cluster_then_results_equal_the_local_pool(
    export: Path, tmp_path: Path, settings: Settings, processes: bool
) -> None:
    from distributed import LocalCluster

    knowledge = shutil.copytree(settings.knowledge_dir, tmp_path / "knowledge")  # frozen for both runs
    settings = settings.model_copy(update={"knowledge_dir": knowledge})
    local = _audit(export, tmp_path / "local", settings, None)
    with LocalCluster(n_workers=2, threads_per_worker=1, processes=processes, protocol="tcp://", host="127.0.0.1",
                      dashboard_address=None) as cluster:
        dask = _audit(export, tmp_path / "dask", settings, cluster.scheduler_address)

    assert {key: dask[key] for key in COUNT_KEYS} == {key: local[key] for key in COUNT_KEYS}
    for name in ("flagged.csv", "rows.csv", "malformed.csv"):
        assert (tmp_path / "dask" / name).read_bytes() == (tmp_path / "local" / name).read_bytes()
    assert local["flagged"] > 0 and local["malformed"] > 0


def test_when_the_scheduler_cannot_be_reached_then_a_clear_error_is_raised(
    export: Path, tmp_path: Path, settings: Settings, monkeypatch: pytest.MonkeyPatch
) -> None:
    from assistant.audit import executors
    from assistant.errors import InputError

    monkeypatch.setattr(executors, "DASK_CONNECT_TIMEOUT", "1s")
    with pytest.raises(InputError, match="Cannot reach the Dask scheduler"):
        _audit(export, tmp_path / "out", settings.model_copy(update={"audit_workers": 1}), "tcp://127.0.0.1:9")
