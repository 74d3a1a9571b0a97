"""Request and response bodies: the CLI's JSON Lines shapes, as Pydantic models for validation and OpenAPI."""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

MAX_BATCH = 1_000  # comments in one /check call (the contract)

Lang = Literal["fr", "en"]
RecordId = str | int


class _Loose(BaseModel):
    """Other keys are ignored, as in the CLI's JSON Lines input."""

    model_config = ConfigDict(extra="ignore")


class Comment(_Loose):
    id: RecordId | None = Field(default=None, description="Your identifier, echoed back.")
    text: str = Field(description="The comment, as typed in the CRM.")
    lang: Lang | None = Field(default=None, description="fr or en; detected when omitted.")


class CheckRequest(_Loose):
    """One comment (`text`) or a batch (`comments`), not both."""

    id: RecordId | None = None
    text: str | None = Field(default=None, description="One comment.")
    lang: Lang | None = None
    comments: list[Comment] | None = Field(
        default=None, max_length=MAX_BATCH, description=f"A batch of up to {MAX_BATCH:,} comments."
    )

    @model_validator(mode="after")
    def _one_or_batch(self) -> CheckRequest:
        if (self.text is None) == (self.comments is None):
            raise ValueError("give either `text` (one comment) or `comments` (a batch), not both")
        return self


class Entity(BaseModel):
    type: str = Field(description="Category (HEALTH, RELIGION…) or identifier type (PERSON, IBAN_CODE…).")
    start: int = Field(description="Offset of the first character, in Unicode code points.")
    end: int = Field(description="Offset after the last character.")
    text: str
    score: float
    reason: str = Field(description="What it is and its legal basis, in the comment's language.")
    flags: bool = Field(description="True when this entity makes the comment flagged (API only, not in the CLI).")


class ErrorDetail(BaseModel):
    code: str
    message: str


class CheckResult(BaseModel):
    id: RecordId | None = None
    flag: bool | None = Field(default=None, description="True when the comment must be corrected.")
    categories: list[str] | None = None
    entities: list[Entity] | None = None
    error: ErrorDetail | None = Field(default=None, description="In a batch: why this comment was not checked.")


class CheckBatchResult(BaseModel):
    results: list[CheckResult] = Field(description="One result per comment, in the same order.")


class RewriteRequest(_Loose):
    id: RecordId | None = None
    text: str
    lang: Lang | None = None


class RewriteResult(BaseModel):
    id: RecordId | None = None
    rewrite: str
    method: Literal["llm", "rules", "unchanged"]
    flag_after: bool = Field(description="True if the rewrite still flags (never expected).")
    warning: str | None = Field(default=None, description="Why the model could not answer (the rules did).")


class AskRequest(_Loose):
    id: RecordId | None = None
    question: str
    lang: Lang | None = None


class Source(BaseModel):
    id: str
    title: str
    source: str


class AskResult(BaseModel):
    id: RecordId | None = None
    answer: str
    declined: bool
    sources: list[Source]


class AuditJobStatus(BaseModel):
    id: str
    status: Literal["queued", "running", "done", "failed"]
    progress: float | None = Field(description="Share of the export done, 0 to 1 (null until it is known).")
    created_at: str
    finished_at: str | None = None
    summary: dict | None = Field(default=None, description="Counts of summary.json, once done.")
    error: ErrorDetail | None = None
    files: dict[str, str] = Field(default_factory=dict, description="Result downloads, once done.")
