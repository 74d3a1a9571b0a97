"""Where an installed or checked-out assistant finds its data (cards, lexicons, prompts) and puts its state,
and the commands an admin uses to install and secure it."""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

import assistant.config as config
from assistant import __version__
from assistant.api.keys import hash_key
from assistant.cli import main
from assistant.config import PROJECT_ROOT, Settings


def test_when_running_from_the_checkout_then_data_comes_from_its_folders_and_state_goes_to_dot_assistant(
        monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("ASSISTANT_DATA_DIR", raising=False)
    settings = Settings()

    assert settings.knowledge_dir == PROJECT_ROOT / "knowledge" and settings.prompts_dir == PROJECT_ROOT / "prompts"
    assert settings.data_dir == PROJECT_ROOT / ".assistant"


DATA_DIR_CASES = [
    # (environment, expected data dir relative to the fake home, why)
    ({}, ".local/share/crm-gdpr-assistant", "an installed package on Linux: the XDG default"),
    ({"XDG_DATA_HOME": "{home}/xdg"}, "xdg/crm-gdpr-assistant", "XDG_DATA_HOME is honoured"),
    ({"ASSISTANT_DATA_DIR": "{home}/srv/assistant"}, "srv/assistant", "ASSISTANT_DATA_DIR wins over any default"),
]


@pytest.mark.parametrize(("environment", "expected", "why"), DATA_DIR_CASES, ids=[case[2] for case in DATA_DIR_CASES])
def test_when_installed_then_state_goes_to_the_per_user_data_folder(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path, environment: dict[str, str], expected: str, why: str) -> None:
    monkeypatch.setattr(config, "running_from_checkout", lambda: False)
    monkeypatch.setattr(config.sys, "platform", "linux")
    monkeypatch.setenv("HOME", str(tmp_path))
    for name in ("XDG_DATA_HOME", "ASSISTANT_DATA_DIR"):
        monkeypatch.delenv(name, raising=False)
    for name, value in environment.items():
        monkeypatch.setenv(name, value.format(home=tmp_path))

    assert Settings().data_dir == tmp_path / expected


def test_when_the_package_holds_its_data_then_it_is_preferred_to_the_checkout(
        monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    (tmp_path / "knowledge").mkdir()
    monkeypatch.setattr(config, "PACKAGE_DIR", tmp_path)

    assert config.bundled_dir("knowledge") == tmp_path / "knowledge"
    assert config.bundled_dir("prompts") == PROJECT_ROOT / "prompts"  # not shipped here: the checkout's


def test_when_the_version_is_asked_then_the_package_version_is_printed() -> None:
    result = CliRunner().invoke(main, ["--version"])

    assert result.exit_code == 0 and result.output.strip() == f"assistant, version {__version__}"


def test_when_an_api_key_is_made_then_the_printed_hash_is_the_keys_and_the_key_is_not_stored() -> None:
    result = CliRunner().invoke(main, ["api-key"])

    lines = result.stdout.splitlines()
    key = lines[0].rsplit(" ", 1)[-1]
    assert result.exit_code == 0 and key.startswith("crm_")
    assert lines[1].endswith(f"ASSISTANT_API_KEY_HASHES={hash_key(key)}")


def test_when_serve_gets_host_and_port_then_they_override_the_settings(monkeypatch: pytest.MonkeyPatch) -> None:
    import assistant.server as server

    served: list[Settings] = []
    monkeypatch.setattr(server, "serve", served.append)

    result = CliRunner().invoke(main, ["serve", "--host", "127.0.0.5", "--port", "8123"])

    assert result.exit_code == 0 and (served[0].host, served[0].port) == ("127.0.0.5", 8123)
