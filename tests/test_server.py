"""Safe defaults of `assistant serve`: loopback unless authenticated (login and API keys), no analytics, bounded
uploads, and one process serving the API, the widget and the web app."""

from __future__ import annotations

import socket
import threading
import time
import urllib.request
from collections.abc import Iterator
from contextlib import contextmanager

import pytest

from assistant.api.keys import hash_key
from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.server import build_server, check_server_settings, is_loopback
from assistant.ui.mount import mount_options

KEY_HASH = hash_key("crm_test-key")

BIND_CASES = [
    # (host, user, password, API key hashes, accepted, why)
    ("127.0.0.1", None, None, (), True, "the default: loopback needs no login and no key"),
    ("localhost", None, None, (), True, "loopback by name"),
    ("::1", None, None, (), True, "IPv6 loopback"),
    ("127.0.0.2", None, None, (), True, "the whole 127/8 block is loopback"),
    ("0.0.0.0", None, None, (), False, "every interface without a login"),
    ("192.168.1.20", None, None, (), False, "a LAN address without a login"),
    ("::", None, None, (), False, "every IPv6 interface without a login"),
    ("my-host.example", None, None, (), False, "a host name that is not loopback"),
    ("0.0.0.0", "dpo", "s3cret", (KEY_HASH,), True, "every interface with a login and API keys"),
    ("0.0.0.0", "dpo", "s3cret", (), False, "a login protects the web app, not the API: keys are needed too"),
    ("0.0.0.0", None, None, (KEY_HASH,), False, "API keys protect the API, not the web app: a login is needed too"),
    ("0.0.0.0", "dpo", None, (KEY_HASH,), False, "a user without a password"),
    ("127.0.0.1", None, "s3cret", (), False, "a password without a user is a mistake even on loopback"),
    ("0.0.0.0", "", "", (KEY_HASH,), False, "empty credentials are no credentials"),
    ("127.0.0.1", None, None, ("crm_test-key",), False, "a key pasted where its hash belongs"),
]


@pytest.mark.parametrize(("host", "user", "password", "hashes", "accepted", "why"), BIND_CASES,
                         ids=[case[5] for case in BIND_CASES])
def test_when_the_server_settings_are_checked_then_only_safe_binds_start(
    host: str, user: str | None, password: str | None, hashes: tuple[str, ...], accepted: bool, why: str
) -> None:
    settings = Settings(host=host, auth_user=user, auth_password=password, api_key_hashes=hashes)
    if accepted:
        check_server_settings(settings)
    else:
        with pytest.raises(ConfigError, match=r"ASSISTANT_AUTH|ASSISTANT_API_KEY_HASHES"):
            check_server_settings(settings)


def test_when_listening_elsewhere_is_refused_then_the_message_says_what_to_set() -> None:
    with pytest.raises(ConfigError) as caught:
        check_server_settings(Settings(host="0.0.0.0", auth_user="dpo", auth_password="s3cret"))
    assert "0.0.0.0" in str(caught.value) and "assistant api-key" in str(caught.value)
    assert "ASSISTANT_HOST=127.0.0.1" in str(caught.value)


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("[::1]", True), ("10.0.0.1", False),
                                                ("", False)])
def test_when_a_host_is_classified_then_only_loopback_counts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_when_credentials_are_set_then_they_are_required_even_on_loopback() -> None:
    assert check_server_settings(Settings(auth_user="dpo", auth_password="s3cret")) == ("dpo", "s3cret")


def test_when_the_app_is_mounted_then_outbound_and_exposing_features_are_off() -> None:
    options = mount_options(Settings(port=7999, max_upload_mb=3), None)
    assert options["server_port"] == 7999 and options["max_file_size"] == "3mb" and options["auth"] is None
    for switch in ("enable_monitoring", "ssr_mode", "mcp_server", "pwa", "run_history", "show_error"):
        assert options[switch] is False, switch
    assert options["footer_links"] == []


def test_when_the_theme_is_built_then_no_font_comes_from_the_internet() -> None:
    from gradio.themes.utils.fonts import GoogleFont

    theme = mount_options(Settings(), None)["theme"]
    assert not any(isinstance(font, GoogleFont) for font in (*theme._font, *theme._font_mono))
    assert "fonts.googleapis" not in theme._get_theme_css()


@pytest.mark.parametrize(("field", "value"), [("max_upload_mb", 0), ("api_max_body_kb", 0), ("port", 0),
                                              ("port", 70000)])
def test_when_a_server_setting_is_out_of_range_then_start_up_is_refused(field: str, value: int) -> None:
    with pytest.raises(ConfigError, match=f"ASSISTANT_{field.upper()}"):
        check_server_settings(Settings(**{field: value}))


def test_when_serve_is_refused_then_no_app_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.ui.app as app_module
    from assistant.server import serve

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the app was built although the settings are unsafe")

    monkeypatch.setattr(app_module, "build_app", forbidden)
    with pytest.raises(ConfigError):
        serve(Settings(host="0.0.0.0"))


def test_when_serve_is_asked_to_listen_everywhere_without_login_then_the_cli_refuses_in_one_sentence() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ASSISTANT_AUTH_USER": "", "ASSISTANT_AUTH_PASSWORD": ""}
    done = subprocess.run([sys.executable, "-c", "from assistant.cli import main; main()", "serve",
                           "--host", "0.0.0.0", "--port", "7861"], env=env, capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Error: Refusing to listen on 0.0.0.0 without a login")
    assert "Traceback" not in done.stderr and done.stdout == ""


@contextmanager
def _serving(settings: Settings) -> Iterator[str]:
    """build_server under uvicorn in a thread, as `assistant serve` runs it; yields its base URL."""
    import uvicorn

    server = uvicorn.Server(uvicorn.Config(build_server(settings), host="127.0.0.1", port=settings.port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 60
    while not server.started and time.monotonic() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{settings.port}"
    finally:
        server.should_exit = True
        thread.join(timeout=30)


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def test_when_the_server_runs_then_page_api_docs_and_widget_share_one_port_and_nothing_goes_out(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Background threads swallow the guard's exception, so record every attempt as well as refusing it.
    attempts: list[object] = []
    guarded_connect, real_getaddrinfo = socket.socket.connect, socket.getaddrinfo

    def recording_connect(sock: socket.socket, address: object) -> object:
        if isinstance(address, tuple) and not str(address[0]).startswith(("127.", "::1", "localhost")):
            attempts.append(address)
        return guarded_connect(sock, address)

    def recording_getaddrinfo(host: object, *args: object, **kwargs: object) -> object:
        if host not in (None, "localhost", "127.0.0.1", "::1", b"localhost"):
            attempts.append(host)
        return real_getaddrinfo(host, *args, **kwargs)

    monkeypatch.setattr(socket.socket, "connect", recording_connect)
    monkeypatch.setattr(socket, "getaddrinfo", recording_getaddrinfo)
    pages = {}
    with _serving(Settings(port=_free_port())) as base:
        for path in ("/", "/api/docs", "/api/v1/openapi.json", "/widget/crm-check.js", "/widget/demo.html"):
            with urllib.request.urlopen(base + path, timeout=30) as response:
                assert response.status == 200, path
                pages[path] = response.read().decode("utf-8")
    assert attempts == []
    assert "fonts.googleapis.com" not in pages["/"]
    assert '"/api/v1/check"' in pages["/api/v1/openapi.json"]
