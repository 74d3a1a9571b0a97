"""The real app in a subprocess (`assistant serve`) and Debian's Chromium driven by Playwright.

The app runs the real library functions. The rewrite uses the rules path (ASSISTANT_REWRITE_ROUNDS=0) unless
that variable is already set, so the suite stays within minutes on 2 cores; set ASSISTANT_REWRITE_ROUNDS=2
to drive the local LLM as well. ASSISTANT_SCREENSHOTS=1 saves docs/screenshot-*.png on the way.
"""

from __future__ import annotations

import os
import socket
import subprocess
import sys
import time
import urllib.error
import urllib.request
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager
from dataclasses import dataclass
from pathlib import Path

import pytest

PROJECT_ROOT = Path(__file__).resolve().parents[2]
CHROMIUM = Path(os.environ.get("ASSISTANT_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run"]
UPLOAD_LIMIT_MB = 1  # small, so one test can show the limit with a 2 MB file
READY_WAIT_SECONDS = 180  # a generous ceiling for a loaded machine, not a performance check
SCREENSHOTS = os.environ.get("ASSISTANT_SCREENSHOTS") == "1"


@dataclass
class Server:
    """The app under test: its address, its process and everything it wrote to stdout and stderr."""

    url: str
    process: subprocess.Popen
    log_path: Path

    def log(self) -> str:
        return self.log_path.read_text(encoding="utf-8", errors="replace")


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _wait_until_ready(server: Server) -> None:
    """Poll until the page (or the login page, when a login is set) answers 200."""
    deadline = time.monotonic() + READY_WAIT_SECONDS
    while time.monotonic() < deadline:
        if server.process.poll() is not None:
            pytest.fail(f"`assistant serve` exited with {server.process.returncode}:\n{server.log()[-3000:]}")
        try:
            with urllib.request.urlopen(server.url, timeout=2) as response:
                if response.status == 200:
                    return
        except (urllib.error.URLError, OSError):
            time.sleep(0.2)
    pytest.fail(f"`assistant serve` did not answer within {READY_WAIT_SECONDS} s:\n{server.log()[-3000:]}")


@contextmanager
def running_app(workdir: Path, **settings: str) -> Iterator[Server]:
    """`assistant serve` on 127.0.0.1 and a free port, exactly as a user starts it, with ASSISTANT_* overrides."""
    port = _free_port()
    env = {
        **os.environ,
        "ASSISTANT_HOST": "127.0.0.1",
        "ASSISTANT_PORT": str(port),
        "ASSISTANT_MAX_UPLOAD_MB": str(UPLOAD_LIMIT_MB),
        "GRADIO_TEMP_DIR": str(workdir / "gradio"),
        "TMPDIR": str(workdir),
        "PYTHONUNBUFFERED": "1",
        **{f"ASSISTANT_{name.upper()}": value for name, value in settings.items()},
    }
    env.setdefault("ASSISTANT_REWRITE_ROUNDS", "0")
    log_path = workdir / "server.log"
    with log_path.open("w", encoding="utf-8") as log:
        process = subprocess.Popen(
            [sys.executable, "-c", "from assistant.cli import main; main()", "serve"],
            cwd=PROJECT_ROOT, env=env, stdout=log, stderr=subprocess.STDOUT,
        )
    running = Server(f"http://127.0.0.1:{port}/", process, log_path)
    try:
        _wait_until_ready(running)
        yield running
    finally:
        process.terminate()
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


@pytest.fixture(scope="session")
def server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Server]:
    with running_app(tmp_path_factory.mktemp("server")) as app:
        yield app


@pytest.fixture
def start_app() -> Callable[..., AbstractContextManager[Server]]:
    """Start another instance of the app with ASSISTANT_* overrides, e.g. start_app(tmp_path, auth_user="dpo")."""
    return running_app


@pytest.fixture(scope="session")
def browser() -> Iterator[object]:
    if not CHROMIUM.exists():
        pytest.skip(f"{CHROMIUM} is missing: run `make browser` (apt-get install chromium).")
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        try:
            yield chromium
        finally:
            chromium.close()


@pytest.fixture
def page(browser, server: Server) -> Iterator[object]:
    """A fresh page on the app; the test fails if the page asks anything of another host."""
    context = browser.new_context(viewport={"width": 1280, "height": 900}, accept_downloads=True, locale="fr-FR")
    context.set_default_timeout(60_000)
    elsewhere: list[str] = []

    def record(request: object) -> None:
        url = request.url
        if not url.startswith((server.url, "data:", "blob:")):
            elsewhere.append(url)

    context.on("request", record)
    tab = context.new_page()
    tab.goto(server.url)
    tab.wait_for_selector("#chat-input textarea")
    try:
        yield tab
    finally:
        context.close()
    assert elsewhere == [], f"the page contacted other hosts: {elsewhere}"


@pytest.fixture
def screenshot() -> Callable[..., None]:
    """Save a full-page screenshot into docs/ when ASSISTANT_SCREENSHOTS=1; otherwise do nothing.
    `height` enlarges the window first, for a chat whose height follows the window."""

    def take(tab: object, name: str, height: int | None = None) -> None:
        if not SCREENSHOTS:
            return
        if height is not None:
            tab.set_viewport_size({"width": 1280, "height": height})
            tab.wait_for_timeout(500)  # let the layout settle before the picture; not an assertion
        (PROJECT_ROOT / "docs").mkdir(exist_ok=True)
        tab.screenshot(path=str(PROJECT_ROOT / "docs" / f"screenshot-{name}.png"), full_page=True)

    return take
