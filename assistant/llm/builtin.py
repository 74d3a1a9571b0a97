"""The built-in model server: the configured GGUF served over the OpenAI protocol by a child process.

    first request ─► start the child on 127.0.0.1 (free port) ─► wait until GET /v1/models answers
    a request fails because the child died or hung ─► discard it ─► the next request starts a new one
    the app exits ─► stop it (and the child exits by itself if the app disappears without stopping it)

A native fault in llama.cpp (segmentation fault, illegal instruction, abort) ends the child only: the
request gets a ModelError that names what happened, and its caller falls back to the rules.
"""

from __future__ import annotations

import json
import signal
import socket
import subprocess
import sys
import threading
import time
from pathlib import Path

import httpx

from assistant.config import Settings
from assistant.errors import ModelTimeoutError, ModelUnavailableError
from assistant.llm.model_file import check_model_file, model_path

MODEL_ALIAS = "builtin"
READY_POLL_SECONDS = 0.2
STOP_GRACE_SECONDS = 5.0
_SIGNAL_MEANINGS = {
    signal.SIGSEGV: "crashed (segmentation fault)",
    signal.SIGILL: "stopped on an illegal CPU instruction: this llama.cpp build needs a CPU with AVX2; "
    "rebuild it for this CPU as the README explains",
    signal.SIGABRT: "aborted",
    signal.SIGKILL: "was killed",
    signal.SIGTERM: "was stopped",
}


def describe_exit(returncode: int) -> str:
    """What a child's return code means, in words."""
    if returncode < 0:
        number = -returncode
        name = signal.Signals(number).name if number in signal.Signals._value2member_map_ else str(number)
        meaning = _SIGNAL_MEANINGS.get(number, "was stopped by a signal")  # type: ignore[call-overload]
        return f"{meaning} ({name})"
    return f"exited with code {returncode}"


def _free_port() -> int:
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


class BuiltinServer:
    """One child process serving one GGUF (and optional LoRA adapter); started on demand, restarted after a fault."""

    def __init__(self, settings: Settings) -> None:
        self.settings = settings
        self.model = model_path(settings)
        self.lora = settings.llm_lora_path
        self.folder = settings.data_dir / "llm"
        self.log_path = self.folder / "server.log"
        self._process: subprocess.Popen[bytes] | None = None
        self._url = ""
        self._lock = threading.Lock()
        # llama-cpp-python's server decodes one request at a time: the others wait here, in our process, so the
        # timeout measures the model's own answer and a queue of agents is never mistaken for a hung process.
        self.slot = threading.Semaphore(1)

    @property
    def pid(self) -> int | None:
        """The running child's process id, if there is one."""
        process = self._process
        return process.pid if process is not None and process.poll() is None else None

    def url(self) -> str:
        """The base URL of a running server, started (or restarted) now if needed."""
        with self._lock:
            if self._process is None or self._process.poll() is not None:
                self._start()
            return self._url

    def failure(self, wait: float = 0.0) -> str | None:
        """Why the current child stopped, in words, or None while it runs (after waiting up to `wait` s)."""
        process = self._process
        if process is None:
            return None
        try:
            process.wait(wait)
        except subprocess.TimeoutExpired:
            return None
        return describe_exit(process.returncode)

    def discard(self, url: str) -> None:
        """Stop the child serving `url` (hung or dead) so that the next request starts a fresh one.

        A child started since then by another request is left alone: several requests may fail together.
        """
        with self._lock:
            if url == self._url:
                self._stop_process()

    def stop(self) -> None:
        """Stop the child, gracefully first."""
        with self._lock:
            self._stop_process(grace=STOP_GRACE_SECONDS)

    def _config(self, port: int) -> dict[str, object]:
        model: dict[str, object] = {
            "model": str(self.model),
            "model_alias": MODEL_ALIAS,
            "n_ctx": self.settings.llm_context,
            "n_threads": self.settings.llm_threads,
            "n_threads_batch": self.settings.llm_threads,
            "verbose": False,
        }
        if self.lora is not None:
            model["lora_path"] = str(self.lora)
        if self.settings.llm_chat_format:
            model["chat_format"] = self.settings.llm_chat_format
        # interrupt_requests off: a queued request must not cut the stream of the one being served.
        return {"host": "127.0.0.1", "port": port, "interrupt_requests": False, "models": [model]}

    def _start(self) -> None:
        check_model_file(self.model)
        if self.lora is not None:
            check_model_file(Path(self.lora), "LoRA adapter", "ASSISTANT_LLM_LORA_PATH")
        self.folder.mkdir(parents=True, exist_ok=True)
        port = _free_port()
        config = self.folder / f"server-{port}.json"  # one per child: several apps may share the folder
        config.write_text(json.dumps(self._config(port), indent=2), encoding="utf-8")
        with self.log_path.open("ab") as log:
            log.write(f"--- starting the built-in model server on port {port}\n".encode())
            log.flush()
            self._process = subprocess.Popen(
                [sys.executable, "-m", "assistant.llm.child", str(config)],
                stdin=subprocess.DEVNULL, stdout=log, stderr=subprocess.STDOUT,
            )
        self._url = f"http://127.0.0.1:{port}/v1"
        try:
            self._wait_ready()
        finally:
            config.unlink(missing_ok=True)

    def _wait_ready(self) -> None:
        assert self._process is not None
        deadline = time.monotonic() + self.settings.llm_start_timeout
        while time.monotonic() < deadline:
            if self._process.poll() is not None:
                raise ModelUnavailableError(
                    f"The built-in model process {describe_exit(self._process.returncode)} while starting; "
                    f"see {self.log_path}."
                )
            try:
                if httpx.get(f"{self._url}/models", timeout=1.0).status_code == httpx.codes.OK:
                    return
            except httpx.HTTPError:
                pass
            time.sleep(READY_POLL_SECONDS)
        self._stop_process()
        raise ModelTimeoutError(
            f"The built-in model server did not start within {self.settings.llm_start_timeout:.0f} s; "
            f"see {self.log_path} or raise ASSISTANT_LLM_START_TIMEOUT."
        )

    def _stop_process(self, grace: float = 0.0) -> None:
        process, self._process = self._process, None
        if process is None or process.poll() is not None:
            return
        if grace:
            process.terminate()
            try:
                process.wait(grace)
                return
            except subprocess.TimeoutExpired:
                pass
        process.kill()
        process.wait()
