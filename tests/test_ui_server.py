"""Safe defaults of `assistant serve`: loopback unless authenticated, no analytics, bounded uploads."""

from __future__ import annotations

import pytest

from assistant.config import Settings
from assistant.errors import ConfigError
from assistant.ui.server import check_server_settings, is_loopback, launch_options

BIND_CASES = [
    # (host, user, password, accepted, why)
    ("127.0.0.1", None, None, True, "the default: loopback needs no login"),
    ("localhost", None, None, True, "loopback by name"),
    ("::1", None, None, True, "IPv6 loopback"),
    ("127.0.0.2", None, None, True, "the whole 127/8 block is loopback"),
    ("0.0.0.0", None, None, False, "every interface without a login"),
    ("192.168.1.20", None, None, False, "a LAN address without a login"),
    ("::", None, None, False, "every IPv6 interface without a login"),
    ("my-host.example", None, None, False, "a host name that is not loopback"),
    ("0.0.0.0", "dpo", "s3cret", True, "every interface with a login"),
    ("0.0.0.0", "dpo", None, False, "a user without a password"),
    ("127.0.0.1", None, "s3cret", False, "a password without a user is a mistake even on loopback"),
    ("0.0.0.0", "", "", False, "empty credentials are no credentials"),
]


@pytest.mark.parametrize(("host", "user", "password", "accepted", "why"), BIND_CASES, ids=[c[4] for c in BIND_CASES])
def test_when_the_server_settings_are_checked_then_only_safe_binds_start(host, user, password, accepted, why) -> None:
    settings = Settings(host=host, auth_user=user, auth_password=password)
    if accepted:
        check_server_settings(settings)
    else:
        with pytest.raises(ConfigError, match="ASSISTANT_AUTH"):
            check_server_settings(settings)


def test_when_listening_elsewhere_is_refused_then_the_message_says_what_to_set() -> None:
    with pytest.raises(ConfigError) as caught:
        check_server_settings(Settings(host="0.0.0.0"))
    assert "0.0.0.0" in str(caught.value) and "ASSISTANT_HOST=127.0.0.1" in str(caught.value)


@pytest.mark.parametrize(("host", "loopback"), [("127.0.0.1", True), ("[::1]", True), ("10.0.0.1", False),
                                                ("", False)])
def test_when_a_host_is_classified_then_only_loopback_counts(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_when_credentials_are_set_then_they_are_required_even_on_loopback() -> None:
    options = launch_options(Settings(auth_user="dpo", auth_password="s3cret"))
    assert options["auth"] == ("dpo", "s3cret")


def test_when_the_app_is_launched_then_outbound_and_exposing_features_are_off() -> None:
    options = launch_options(Settings(port=7999, max_upload_mb=3))
    assert options["server_name"] == "127.0.0.1" and options["server_port"] == 7999
    assert options["max_file_size"] == "3mb"
    assert options["auth"] is None
    for switch in ("share", "enable_monitoring", "ssr_mode", "mcp_server", "pwa", "run_history", "show_error"):
        assert options[switch] is False, switch


def test_when_the_theme_is_built_then_no_font_comes_from_the_internet() -> None:
    from gradio.themes.utils.fonts import GoogleFont

    theme = launch_options(Settings())["theme"]
    assert not any(isinstance(font, GoogleFont) for font in (*theme._font, *theme._font_mono))
    assert "fonts.googleapis" not in theme._get_theme_css()


@pytest.mark.parametrize(("field", "value"), [("max_upload_mb", 0), ("port", 0), ("port", 70000)])
def test_when_a_server_setting_is_out_of_range_then_start_up_is_refused(field: str, value: int) -> None:
    with pytest.raises(ConfigError, match=f"ASSISTANT_{field.upper()}"):
        check_server_settings(Settings(**{field: value}))


def test_when_serve_is_refused_then_no_server_is_built(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.ui.app as app_module
    from assistant.ui import serve

    def forbidden(*_args: object, **_kwargs: object) -> None:
        raise AssertionError("the app was built although the settings are unsafe")

    monkeypatch.setattr(app_module, "build_app", forbidden)
    with pytest.raises(ConfigError):
        serve(Settings(host="0.0.0.0"))


def test_when_serve_is_asked_to_listen_everywhere_without_login_then_the_cli_refuses_in_one_sentence() -> None:
    import os
    import subprocess
    import sys

    env = {**os.environ, "ASSISTANT_HOST": "0.0.0.0", "ASSISTANT_AUTH_USER": "", "ASSISTANT_AUTH_PASSWORD": ""}
    done = subprocess.run([sys.executable, "-c", "from assistant.cli import main; main()", "serve"], env=env,
                          capture_output=True, text=True, timeout=120)
    assert done.returncode == 1
    assert done.stderr.strip().startswith("Error: Refusing to listen on 0.0.0.0 without a login")
    assert "Traceback" not in done.stderr and done.stdout == ""


def test_when_the_app_is_launched_then_it_opens_no_outbound_connection(monkeypatch: pytest.MonkeyPatch) -> None:
    # Background threads swallow the guard's exception, so record every attempt as well as refusing it.
    import socket
    import urllib.request

    from assistant.ui.app import build_app

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
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
    app = build_app(Settings(port=port))
    app.launch(prevent_thread_lock=True, **launch_options(Settings(port=port)))
    try:
        with urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=30) as response:
            assert response.status == 200
            page = response.read().decode("utf-8")
    finally:
        app.close()
    assert attempts == []
    assert "fonts.googleapis.com" not in page
