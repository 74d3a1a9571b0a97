"""The built-in server: the real default GGUF in a child process, which may die without taking the caller down."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

from assistant.config import Settings
from assistant.errors import ModelBusyError
from assistant.llm import OpenAIChatModel, builtin_server
from assistant.llm.builtin import BuiltinServer, describe_exit
from assistant.rewrite import rewrite_comment

FLAGGED = "Client sous chimio, livraison cde 4521 au rez-de-chaussée."


@pytest.mark.parametrize(
    ("returncode", "words"),
    [
        (-signal.SIGSEGV, "segmentation fault"),  # a native crash in llama.cpp
        (-signal.SIGILL, "AVX2"),  # a build for a CPU feature this CPU lacks
        (-signal.SIGKILL, "killed"),  # kill -9, the OOM killer
        (1, "code 1"),  # a Python error in the child (bad model file, port taken)
    ],
)
def test_when_child_exits_then_the_reason_is_said_in_words(returncode: int, words: str) -> None:
    assert words in describe_exit(returncode)


@pytest.fixture
def isolated(settings: Settings, tmp_path: Path) -> Settings:
    """Settings with their own data folder (a server of this test only) and the built-in model turned on for
    rewrites (off by default: it does not beat the rules)."""
    return settings.model_copy(update={"data_dir": tmp_path, "llm_timeout": 60.0, "rewrite_rounds": 1})


@pytest.mark.llm
def test_when_real_model_is_asked_then_a_child_process_answers(isolated: Settings) -> None:
    server = BuiltinServer(isolated)
    try:
        reply = OpenAIChatModel(isolated, server).chat([{"role": "user", "content": "Say hello."}], 8, 0.0)
        assert reply.strip()
        assert server.pid not in (None, os.getpid())
        assert server.url().startswith("http://127.0.0.1:")
    finally:
        server.stop()
    assert server.pid is None


def test_when_other_requests_hold_the_model_then_a_waiting_one_gives_up_as_busy_without_a_restart(
    isolated: Settings,
) -> None:
    server = BuiltinServer(isolated)
    impatient = isolated.model_copy(update={"llm_timeout": 0.3})
    server.slot.acquire()  # another agent's rewrite is being decoded
    try:
        with pytest.raises(ModelBusyError, match="busy with other requests"):
            OpenAIChatModel(impatient, server).chat([{"role": "user", "content": "Hi"}], 2, 0.0)
    finally:
        server.slot.release()
    assert server.pid is None  # neither started nor discarded: waiting is not a fault
    assert server.slot.acquire(blocking=False)  # and the waiting request gave its place back


@pytest.fixture
def running(isolated: Settings) -> Iterator[BuiltinServer]:
    """The built-in server of these settings, started and loaded."""
    server = builtin_server(isolated)
    assert server is not None
    OpenAIChatModel(isolated, server).chat([{"role": "user", "content": "Hi"}], 2, 0.0)
    yield server
    server.stop()


class KilledDuringTheCall:
    """The real model, whose process is frozen, then killed half a second into the call: whatever the machine's
    load, the request is still pending when the kill comes."""

    def __init__(self, model: OpenAIChatModel, pid: int) -> None:
        self.model, self.pid = model, pid

    def chat(self, *args: object, **kwargs: object) -> str:
        os.kill(self.pid, signal.SIGSTOP)
        threading.Timer(0.5, os.kill, (self.pid, signal.SIGKILL)).start()
        return self.model.chat(*args, **kwargs)  # type: ignore[arg-type]


@pytest.mark.llm
def test_when_model_process_is_killed_mid_request_then_rules_answer_and_next_call_restarts(
    isolated: Settings, running: BuiltinServer
) -> None:
    first = running.pid
    assert first is not None
    killed = KilledDuringTheCall(OpenAIChatModel(isolated, running), first)
    result = rewrite_comment(FLAGGED, "fr", settings=isolated, model=killed)
    assert (result.method, result.flag_after) == ("rules", False)
    assert "was killed (SIGKILL)" in (result.warning or "")
    assert "4521" in result.text
    after = rewrite_comment(FLAGGED, "fr", settings=isolated)
    assert after.warning is None
    assert running.pid not in (None, first)


@pytest.mark.llm
def test_when_model_process_hangs_then_rules_answer_after_the_timeout_and_a_new_process_serves_next(
    isolated: Settings, running: BuiltinServer
) -> None:
    rewrite_comment(FLAGGED, "fr", settings=isolated)  # prompt, detector and parser loaded
    impatient = isolated.model_copy(update={"llm_timeout": 2.0})  # the same server, a shorter wait
    assert builtin_server(impatient) is running
    hung = running.pid
    assert hung is not None
    os.kill(hung, signal.SIGSTOP)
    result = rewrite_comment(FLAGGED, "fr", settings=impatient)
    assert result.method == "rules"
    assert "did not answer within 2 s" in (result.warning or "")
    assert rewrite_comment(FLAGGED, "fr", settings=isolated).warning is None
    assert running.pid not in (None, hung)


@pytest.mark.llm
def test_when_model_file_is_broken_then_cli_rewrites_with_rules_and_exits_normally(tmp_path: Path) -> None:
    broken = tmp_path / "broken.gguf"
    broken.write_bytes(b"GGUF" + b"\0" * 64)  # the right magic, nothing llama.cpp can load
    env = {**os.environ, "ASSISTANT_MODEL_PATH": str(broken), "ASSISTANT_DATA_DIR": str(tmp_path)}
    done = subprocess.run(
        [Path(sys.executable).with_name("assistant"), "rewrite", FLAGGED], capture_output=True, text=True, env=env,
        timeout=300, check=False,
    )
    assert done.returncode == 0, done.stderr
    assert "4521" in done.stdout
    assert "chimio" not in done.stdout
    assert "Warning: The built-in model process exited" in done.stderr
