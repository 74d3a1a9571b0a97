"""The installable product: a wheel built from the tracked files, installed (not editable) into a fresh virtualenv
from requirements.lock, runs every command away from the checkout.

Slow (minutes, the first time: it fills uv's cache from the package index), so marked `wheel` and `slow`.
llama-cpp-python comes from the Makefile's portable wheelhouse (LLAMA_WHEELHOUSE, set by `make test`).
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from pathlib import Path

import pytest

pytestmark = [pytest.mark.slow, pytest.mark.wheel]

PROJECT_ROOT = Path(__file__).resolve().parents[1]
INSTALL_TIMEOUT = 1_800  # a first install downloads ~1 GB of wheels
COMMAND_TIMEOUT = 300  # a ceiling for a loaded machine, not a performance check
# The model must start and take the request; whether it answers in time depends on the machine's load (llama.cpp
# slows sharply when other processes compete for the 2 cores), and the rules answer when it does not.
LLM_TIMEOUT_SECONDS = "30"
FLAGGED = "Client diabétique, rappeler lundi pour la commande 4521."


def _run(args: list[str | Path], *, env: dict[str, str], cwd: Path, timeout: int = COMMAND_TIMEOUT
         ) -> subprocess.CompletedProcess[str]:
    done = subprocess.run([str(arg) for arg in args], cwd=cwd, env=env, capture_output=True, text=True,
                          timeout=timeout)
    assert done.returncode == 0, f"{' '.join(map(str, args))} failed:\n{done.stdout[-2000:]}\n{done.stderr[-3000:]}"
    return done


def _wheelhouse() -> Path:
    folder = os.environ.get("LLAMA_WHEELHOUSE")
    if not folder:
        folder = subprocess.run(["make", "-s", "--no-print-directory", "wheelhouse-path"], cwd=PROJECT_ROOT,
                                capture_output=True, text=True, check=True).stdout.strip()
    wheels = sorted(Path(folder).glob("llama_cpp_python-*.whl"))
    if not wheels:
        pytest.skip(f"No llama-cpp-python wheel in {folder}: run `make llama` first.")
    return wheels[-1]


def _uv() -> str:
    uv = shutil.which("uv", path=str(Path(sys.executable).parent)) or shutil.which("uv")
    if uv is None:
        pytest.skip("uv is missing: install the dev tools (`make install`).")
    return uv


def _clean_checkout(target: Path) -> Path:
    """The tracked files only, as a fresh clone would have them (no .venv, no generated store)."""
    listed = subprocess.run(["git", "ls-files", "-z"], cwd=PROJECT_ROOT, capture_output=True, check=True).stdout
    for name in filter(None, listed.decode("utf-8").split("\0")):
        source = PROJECT_ROOT / name
        if source.is_file():
            (target / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, target / name)
    return target


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_for(url: str, process: subprocess.Popen, deadline: float) -> None:
    while time.monotonic() < deadline:
        assert process.poll() is None, f"`assistant serve` exited with {process.returncode}"
        try:
            with urllib.request.urlopen(url, timeout=5):
                return
        except (urllib.error.URLError, OSError):
            time.sleep(0.3)
    pytest.fail(f"{url} did not answer in time")


def test_when_the_wheel_is_installed_in_a_fresh_virtualenv_then_every_command_works(tmp_path: Path) -> None:
    started = time.perf_counter()
    llama_wheel, uv = _wheelhouse(), _uv()
    source = _clean_checkout(tmp_path / "src")
    env = {key: value for key, value in os.environ.items() if not key.startswith(("PYTHON", "ASSISTANT_", "VIRTUAL"))}

    _run([sys.executable, "-m", "pip", "wheel", "--quiet", "--no-deps", "-w", tmp_path / "dist", source],
         env=env, cwd=tmp_path, timeout=INSTALL_TIMEOUT)
    wheel = next((tmp_path / "dist").glob("crm_gdpr_assistant-*.whl"))
    _run([sys.executable, "-m", "venv", "--without-pip", tmp_path / "venv"], env=env, cwd=tmp_path)
    _run([uv, "pip", "install", "--quiet", "--python", tmp_path / "venv" / "bin" / "python",
          "-r", source / "requirements.lock", llama_wheel, wheel], env=env, cwd=tmp_path, timeout=INSTALL_TIMEOUT)
    installed = time.perf_counter()

    work = tmp_path / "elsewhere"  # away from the checkout: only the installed package can be found
    work.mkdir()
    assistant = tmp_path / "venv" / "bin" / "assistant"
    env = {**env, "ASSISTANT_DATA_DIR": str(tmp_path / "data"), "HOME": str(tmp_path / "home")}

    version = _run([assistant, "--version"], env=env, cwd=work).stdout
    from assistant import __version__
    assert version.strip() == f"assistant, version {__version__}"
    where = _run([tmp_path / "venv" / "bin" / "python", "-c",
                  "import assistant.config as c; s = c.Settings(); print(c.PACKAGE_DIR, s.knowledge_dir, s.data_dir)"],
                 env=env, cwd=work).stdout.split()
    assert where[0].startswith(str(tmp_path / "venv")) and where[1] == f"{where[0]}/knowledge"
    assert where[2] == str(tmp_path / "data")

    check = _run([assistant, "check", FLAGGED], env=env, cwd=work).stdout
    assert "HEALTH" in check
    (work / "in.jsonl").write_text(json.dumps({"id": "c1", "text": FLAGGED}, ensure_ascii=False) + "\n",
                                   encoding="utf-8")  # JSON Lines in and out are shared by every batch command

    rewrite = _run([assistant, "rewrite", "--jsonl", work / "in.jsonl"],  # with the built-in model (off by default)
                   env={**env, "ASSISTANT_LLM_TIMEOUT": LLM_TIMEOUT_SECONDS, "ASSISTANT_REWRITE_ROUNDS": "1"}, cwd=work)
    result = json.loads(rewrite.stdout.splitlines()[0])
    assert result["flag_after"] is False and "diabétique" not in result["rewrite"] and "4521" in result["rewrite"]
    model_log = (tmp_path / "data" / "llm" / "server.log").read_text(encoding="utf-8")
    assert '"POST /v1/chat/completions HTTP/1.1" 200' in model_log  # llama.cpp and the GGUF loaded from the venv

    answer = _run([assistant, "ask", "Combien de temps peut-on conserver les données d'un prospect ?"],
                  env=env, cwd=work).stdout
    assert "3 ans" in answer

    (work / "export.csv").write_text("id;commentaire\n1;Client sous chimio\n2;Rappeler lundi\n", encoding="utf-8")
    _run([assistant, "audit", work / "export.csv", "--column", "commentaire", "--out", work / "audit", "--lang", "en"],
         env=env, cwd=work)
    assert "What was checked, and how" in (work / "audit" / "report.html").read_text(encoding="utf-8")

    port = _free_port()
    server = subprocess.Popen([assistant, "serve", "--port", str(port)], cwd=work, env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        base = f"http://127.0.0.1:{port}"
        _wait_for(base + "/", server, time.monotonic() + COMMAND_TIMEOUT)
        request = urllib.request.Request(base + "/api/v1/check", data=json.dumps({"text": FLAGGED}).encode(),
                                         headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(request, timeout=COMMAND_TIMEOUT) as response:
            assert json.loads(response.read())["categories"] == ["HEALTH"]
        for path in ("/widget/crm-check.js", "/widget/demo.html", "/api/docs"):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
    finally:
        server.terminate()
        server.wait(timeout=30)
    print(f"\nwheel smoke test: build + fresh venv install {installed - started:.0f} s, "
          f"commands {time.perf_counter() - installed:.0f} s, total {time.perf_counter() - started:.0f} s")
