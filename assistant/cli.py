"""Command-line interface: parses arguments, calls the library, turns errors into one clear message."""

from __future__ import annotations

import json
import sys
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import IO

import click

from assistant import __version__
from assistant.config import get_settings
from assistant.errors import AssistantError

_LANG = click.option("--lang", type=click.Choice(["fr", "en"]), default=None, help="Language (detected if omitted).")
_JSONL = click.option("--jsonl", "jsonl_in", type=click.Path(path_type=Path), help="Process a JSON Lines file.")
_OUT = click.option("--out", type=click.Path(path_type=Path), help="Write JSON Lines here (default: stdout).")


@click.group(context_settings={"help_option_names": ["-h", "--help"]})
@click.version_option(version=__version__, prog_name="assistant")
def main() -> None:
    """Offline GDPR compliance assistant for CRM comments."""


@contextmanager
def _output(out: Path | None) -> Iterator[IO[str]]:
    if out is None:
        yield sys.stdout
        return
    out.parent.mkdir(parents=True, exist_ok=True)
    with out.open("w", encoding="utf-8") as handle:
        yield handle


def _run(action: Callable[[], None]) -> None:
    """Run a command body; library errors become one sentence on stderr and exit code 1."""
    try:
        action()
    except AssistantError as error:
        click.echo(f"Error: {error}", err=True)
        sys.exit(1)


def _batch(jsonl_in: Path, out: Path | None, handle: Callable[[dict], dict], text_key: str) -> None:
    from assistant.jsonl import process_records

    with _output(out) as stream:
        done, failed = process_records(jsonl_in, stream, handle, text_key)
    if failed:
        click.echo(f"Warning: {failed} of {done + failed} lines could not be processed (see their \"error\").",
                   err=True)


def _require_text(text: str | None, jsonl_in: Path | None, what: str) -> None:
    if (text is None) == (jsonl_in is None):
        raise click.UsageError(f"Give either a {what} or --jsonl FILE.")


@main.command()
@click.argument("text", required=False)
@_JSONL
@_OUT
@_LANG
def check(text: str | None, jsonl_in: Path | None, out: Path | None, lang: str | None) -> None:
    """Detect sensitive content and identifiers in a comment."""
    _require_text(text, jsonl_in, "comment")
    from assistant.detect import detect

    def one(record: dict) -> dict:
        return detect(record["text"], record.get("lang") or lang).as_dict()

    def body() -> None:
        if jsonl_in is not None:
            _batch(jsonl_in, out, one, "text")
        else:
            from assistant.display import print_analysis

            print_analysis(detect(text, lang))

    _run(body)


@main.command()
@click.argument("text", required=False)
@_JSONL
@_OUT
@_LANG
def rewrite(text: str | None, jsonl_in: Path | None, out: Path | None, lang: str | None) -> None:
    """Rewrite a flagged comment into neutral, factual wording (verified)."""
    _require_text(text, jsonl_in, "comment")
    from assistant.rewrite import rewrite_comment

    def one(record: dict) -> dict:
        result = rewrite_comment(record["text"], record.get("lang") or lang)
        return {"rewrite": result.text, "method": result.method, "flag_after": result.flag_after}

    def body() -> None:
        if jsonl_in is not None:
            _batch(jsonl_in, out, one, "text")
        else:
            from assistant.display import print_rewrite

            print_rewrite(rewrite_comment(text, lang))

    _run(body)


@main.command()
@click.argument("question", required=False)
@_JSONL
@_OUT
@_LANG
def ask(question: str | None, jsonl_in: Path | None, out: Path | None, lang: str | None) -> None:
    """Answer a GDPR/CNIL question from the local knowledge base, with sources."""
    _require_text(question, jsonl_in, "question")
    from assistant.rag import answer_question

    def one(record: dict) -> dict:
        return answer_question(record["question"], record.get("lang") or lang).as_dict()

    def body() -> None:
        if jsonl_in is not None:
            _batch(jsonl_in, out, one, "question")
        else:
            from assistant.display import print_answer

            print_answer(answer_question(question, lang))

    _run(body)


@main.command()
@click.argument("export", type=click.Path(path_type=Path))
@click.option("--column", required=True, help="Column holding the comment text.")
@click.option("--id-column", default=None, help="Column holding the row identifier (default: row number).")
@click.option("--date-column", default=None, help="Column with the last-contact date, for retention checks.")
@click.option("--out", "out_dir", required=True, type=click.Path(path_type=Path), help="Output folder.")
@click.option("--resume", is_flag=True, help="Continue an interrupted audit from its checkpoint.")
@click.option("--scheduler", default=None, help="Address of a Dask scheduler to run the partitions on.")
@click.option("--rewrite", "with_rewrite", is_flag=True, help="Add a rules-based rewrite suggestion per row.")
@click.option("--lang", type=click.Choice(["fr", "en"]), default="fr", show_default=True,
              help="Language of report.html.")
def audit(
    export: Path, column: str, id_column: str | None, date_column: str | None, out_dir: Path,
    resume: bool, scheduler: str | None, with_rewrite: bool, lang: str,
) -> None:
    """Audit a whole CRM export (CSV or XLSX) and write flagged.csv, summary.json and report.html."""
    from assistant.audit import AuditRequest, run_audit

    request = AuditRequest(
        export=export, column=column, id_column=id_column, date_column=date_column, out_dir=out_dir,
        resume=resume, scheduler=scheduler, rewrite=with_rewrite, lang=lang,
    )

    def body() -> None:
        summary = run_audit(request, get_settings(), progress=sys.stderr.isatty())
        click.echo(summary.describe())

    _run(body)


@main.command()
@click.argument("path", type=click.Path(path_type=Path))
def ingest(path: Path) -> None:
    """Add a company's own policy documents (Markdown, text, PDF) to the knowledge store."""
    from assistant.rag import ingest_path

    _run(lambda: click.echo(ingest_path(path, get_settings()).describe()))


@main.command()
@click.option("--host", default=None, help="Address to listen on (default: ASSISTANT_HOST, else 127.0.0.1).")
@click.option("--port", type=int, default=None, help="Port to listen on (default: ASSISTANT_PORT, else 7860).")
def serve(host: str | None, port: int | None) -> None:
    """Start the web app, the REST API (/api/v1) and the CRM widget on one port (127.0.0.1 by default)."""
    from assistant.server import serve as serve_all

    overrides = {name: value for name, value in (("host", host), ("port", port)) if value is not None}
    _run(lambda: serve_all(get_settings().model_copy(update=overrides)))


@main.command(name="api-key")
def api_key() -> None:
    """Make a new API key for a CRM, and the hash to add to ASSISTANT_API_KEY_HASHES."""
    from assistant.api.keys import hash_key, new_key

    key = new_key()
    click.echo(f"API key (give it to the CRM; it is not stored anywhere): {key}")
    click.echo(f"Add its hash to the server's settings: ASSISTANT_API_KEY_HASHES={hash_key(key)}")
    click.echo("(several keys: comma-separated hashes)", err=True)


@main.command(name="eval")
@click.option("--comments", type=click.Path(path_type=Path), default=None, help="Comments dev set (JSONL).")
@click.option("--questions", type=click.Path(path_type=Path), default=None, help="Questions dev set (JSONL).")
@click.option("--json", "json_out", type=click.Path(path_type=Path), default=None,
              help="Write the metrics here, and the recall chart next to it (.png).")
@click.option("--no-baseline", is_flag=True, help="Skip the vanilla-Presidio baseline.")
@click.option("--no-rewrite", is_flag=True, help="Skip the rewrite evaluation (the slowest part).")
def evaluate(
    comments: Path | None, questions: Path | None, json_out: Path | None, no_baseline: bool, no_rewrite: bool
) -> None:
    """Measure detection, rewrite and QA quality against the vanilla-Presidio baseline.

    With neither --comments nor --questions, both dev sets in eval/data/ are used.
    """
    from assistant.config import PROJECT_ROOT
    from assistant.evaluation import run_eval

    if comments is None and questions is None:
        comments = PROJECT_ROOT / "eval" / "data" / "comments.jsonl"
        questions = PROJECT_ROOT / "eval" / "data" / "questions.jsonl"

    def body() -> None:
        report = run_eval(
            comments, questions, settings=get_settings(), baseline=not no_baseline, rewrite=not no_rewrite,
            echo=click.echo, chart=json_out.with_suffix(".png") if json_out else None,
        )
        if json_out is not None:
            json_out.parent.mkdir(parents=True, exist_ok=True)
            json_out.write_text(json.dumps(report, indent=2, ensure_ascii=False), encoding="utf-8")
            click.echo(f"Metrics: {json_out}")

    _run(body)
