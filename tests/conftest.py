"""Shared fixtures. Every test runs offline: opening a network connection fails the test."""

from __future__ import annotations

import socket
from collections.abc import Iterator

import pytest
from fake_openai import FakeOpenAI

from assistant.config import Settings, get_settings
from assistant.detect import Detector, get_detector

_LOOPBACK = ("127.0.0.1", "::1", "localhost")


def _is_loopback(address: object) -> bool:
    if isinstance(address, tuple) and address:
        return str(address[0]) in _LOOPBACK or str(address[0]).startswith("127.")
    return isinstance(address, str | bytes)  # Unix sockets stay on this machine


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Any outbound (non-loopback) connection raises, so a code path that phones home fails its test."""
    original_connect = socket.socket.connect
    original_connect_ex = socket.socket.connect_ex

    def guarded_connect(sock: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise RuntimeError(f"Network access attempted: {address!r}")
        return original_connect(sock, address)

    def guarded_connect_ex(sock: socket.socket, address: object) -> object:
        if not _is_loopback(address):
            raise RuntimeError(f"Network access attempted: {address!r}")
        return original_connect_ex(sock, address)

    monkeypatch.setattr(socket.socket, "connect", guarded_connect)
    monkeypatch.setattr(socket.socket, "connect_ex", guarded_connect_ex)


@pytest.fixture(scope="session")
def settings() -> Settings:
    return get_settings()


@pytest.fixture(scope="session")
def detector(settings: Settings) -> Detector:
    return get_detector(settings)


@pytest.fixture
def fake_openai() -> Iterator[FakeOpenAI]:
    """A fake OpenAI-compatible server on loopback (tests/fake_openai.py), stopped after the test."""
    server = FakeOpenAI().start()
    yield server
    server.stop()
