"""One chat client for every model: the OpenAI chat-completions protocol, streamed, with timeouts and retries.

The server is either the built-in one (a child process this module starts on first use) or the
OpenAI-compatible URL the user configured (Ollama, llama.cpp's llama-server, LM Studio, vLLM). Every failure
becomes one ModelError subclass with a plain sentence; callers fall back to their deterministic path.
"""

from __future__ import annotations

import atexit
import threading
from collections.abc import Callable
from typing import Protocol

import openai

from assistant.config import Settings
from assistant.errors import (
    ModelBusyError,
    ModelError,
    ModelHTTPError,
    ModelReplyError,
    ModelTimeoutError,
    ModelUnavailableError,
)
from assistant.llm.builtin import MODEL_ALIAS, BuiltinServer
from assistant.llm.model_file import model_path

CONNECT_TIMEOUT_SECONDS = 5.0
# A dropped connection is seen a moment before the dead child's exit status: wait that long to name the cause.
EXIT_WAIT_SECONDS = 1.0
# The built-in server needs no key; the OpenAI client insists on one.
_NO_KEY = "not-needed"


class ChatModel(Protocol):
    """Anything that answers a list of chat messages; tests use a fake with canned replies."""

    def chat(
        self,
        messages: list[dict[str, str]],
        max_tokens: int,
        temperature: float,
        stop_when: Callable[[str], bool] | None = None,
    ) -> str:
        """The assistant's reply to `messages` ({"role", "content"} dicts).

        `stop_when(partial_reply)` may end generation early (a candidate already known to fail).
        Raises a ModelError subclass when the model cannot answer.
        """
        ...


class OpenAIChatModel:
    """Chat completions from an OpenAI-compatible server: the built-in child process, or settings.llm_url."""

    def __init__(self, settings: Settings, server: BuiltinServer | None = None) -> None:
        self.settings = settings
        self.server = server
        self._clients: dict[str, openai.OpenAI] = {}
        self._model_name: str | None = MODEL_ALIAS if server is not None else settings.llm_model
        self._lock = threading.Lock()

    @property
    def where(self) -> str:
        if self.server is not None:
            return "the built-in model server"
        return f"the model server at {self.settings.llm_url}"

    def _base_url(self) -> str:
        return self.server.url() if self.server is not None else str(self.settings.llm_url)

    def _client(self, base_url: str) -> openai.OpenAI:
        with self._lock:
            if base_url not in self._clients:
                key = self.settings.llm_api_key.get_secret_value() if self.settings.llm_api_key else _NO_KEY
                self._clients[base_url] = openai.OpenAI(
                    base_url=base_url,
                    api_key=key,
                    timeout=openai.Timeout(self.settings.llm_timeout, connect=CONNECT_TIMEOUT_SECONDS),
                    # A dead built-in child does not come back by waiting: it is restarted for the next request.
                    max_retries=0 if self.server is not None else self.settings.llm_retries,
                )
            return self._clients[base_url]

    def _model(self, client: openai.OpenAI) -> str:
        if self._model_name is None:
            listed = [model.id for model in client.models.list()]
            if not listed:
                raise ModelReplyError(f"{self.where} lists no model; set ASSISTANT_LLM_MODEL.")
            self._model_name = listed[0]
        return self._model_name

    def chat(
        self,
        messages: list[dict[str, str]],
        max_tokens: int,
        temperature: float,
        stop_when: Callable[[str], bool] | None = None,
    ) -> str:
        if self.server is None:
            return self._stream(self._client(self._base_url()), messages, max_tokens, temperature, stop_when)
        if not self.server.slot.acquire(timeout=self.settings.llm_timeout):
            raise ModelBusyError(
                f"The built-in model stayed busy with other requests for {self.settings.llm_timeout:.0f} s."
            )
        try:
            base_url = self._base_url()
            try:
                return self._stream(self._client(base_url), messages, max_tokens, temperature, stop_when)
            except (ModelUnavailableError, ModelTimeoutError):
                self.server.discard(base_url)
                raise
        finally:
            self.server.slot.release()

    def _stream(
        self,
        client: openai.OpenAI,
        messages: list[dict[str, str]],
        max_tokens: int,
        temperature: float,
        stop_when: Callable[[str], bool] | None,
    ) -> str:
        reply = ""
        late = threading.Event()
        try:
            stream = client.chat.completions.create(
                model=self._model(client), messages=messages, max_tokens=max_tokens,  # type: ignore[arg-type]
                temperature=temperature, seed=0, stream=True,
            )
            # The read timeout alone is not a deadline: a server may keep the stream alive with pings.
            watchdog = threading.Timer(self.settings.llm_timeout, lambda: (late.set(), stream.close()))
            watchdog.start()
            try:
                with stream:
                    for chunk in stream:
                        if chunk.choices:
                            reply += chunk.choices[0].delta.content or ""
                        if stop_when is not None and _at_word_end(reply) and stop_when(reply):
                            break
            except openai.APIConnectionError as error:
                if late.is_set():
                    raise ModelTimeoutError(self._timeout_message()) from error
                raise
            finally:
                watchdog.cancel()
            if late.is_set():
                raise ModelTimeoutError(self._timeout_message())
        except openai.APITimeoutError as error:
            raise ModelTimeoutError(self._timeout_message()) from error
        except openai.APIConnectionError as error:
            raise ModelUnavailableError(self._unavailable_message()) from error
        except openai.APIStatusError as error:
            raise ModelHTTPError(
                f"{self.where.capitalize()} answered HTTP {error.status_code}; check its log and the model name."
            ) from error
        except (openai.APIResponseValidationError, ValueError, KeyError, TypeError, AttributeError) as error:
            raise ModelReplyError(f"{self.where.capitalize()} sent something that is not a chat completion.") from error
        if not reply.strip():
            raise ModelReplyError(f"{self.where.capitalize()} returned an empty reply.")
        return reply

    def _timeout_message(self) -> str:
        return f"{self.where.capitalize()} did not answer within {self.settings.llm_timeout:.0f} s."

    def _unavailable_message(self) -> str:
        if self.server is not None:
            why = self.server.failure(wait=EXIT_WAIT_SECONDS) or "stopped answering"
            return f"The built-in model process {why}; it will be restarted for the next request."
        return f"{self.where.capitalize()} refused the connection; start it or check ASSISTANT_LLM_URL."


def _at_word_end(reply: str) -> bool:
    return bool(reply) and not reply[-1].isalnum()


_SERVERS: dict[tuple[object, ...], BuiltinServer] = {}
_MODELS: dict[Settings, OpenAIChatModel] = {}
_LOCK = threading.Lock()


def _server(settings: Settings) -> BuiltinServer:
    """One built-in server per model configuration: settings that differ elsewhere share it."""
    key = (model_path(settings), settings.llm_lora_path, settings.llm_context, settings.llm_threads,
           settings.llm_chat_format, settings.data_dir)
    if key not in _SERVERS:
        _SERVERS[key] = BuiltinServer(settings)
    return _SERVERS[key]


def get_chat_model(settings: Settings) -> ChatModel:
    """The chat model for these settings, one per process; the built-in server starts on the first chat."""
    with _LOCK:
        if settings not in _MODELS:
            _MODELS[settings] = OpenAIChatModel(settings, None if settings.llm_url else _server(settings))
        return _MODELS[settings]


def builtin_server(settings: Settings) -> BuiltinServer | None:
    """The built-in server behind these settings' chat model (None with an external URL)."""
    model = get_chat_model(settings)
    return model.server if isinstance(model, OpenAIChatModel) else None


@atexit.register
def stop_servers() -> None:
    """Stop every built-in model process this process started."""
    for server in list(_SERVERS.values()):
        server.stop()


__all__ = ["ChatModel", "ModelError", "OpenAIChatModel", "builtin_server", "get_chat_model", "stop_servers"]
