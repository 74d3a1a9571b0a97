"""`assistant ingest`: a company's own policy documents (Markdown, text, PDF) into the knowledge store.

Each file is cut into overlapping chunks cited by file name (and page for a PDF). Re-ingesting a file
replaces its previous version and embeds only the chunks that changed. A file that cannot be read is
reported, and the others are still ingested.
"""

from __future__ import annotations

import hashlib
import logging
import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from langchain_core.embeddings import Embeddings

from assistant.config import Settings
from assistant.errors import InputError
from assistant.lang import detect_language
from assistant.rag.passage import DOCUMENT, Passage, digest_of
from assistant.rag.store import KnowledgeStore, open_store
from assistant.text import decode_bytes

TEXT_SUFFIXES = frozenset({".md", ".markdown", ".txt"})
PDF_SUFFIX = ".pdf"
MAX_FILE_MB = 50
CHUNK_CHARS = 900
CHUNK_OVERLAP = 120
_HEADING_MARK = re.compile(r"(?m)^\s{0,3}#{1,6}\s+")  # Markdown '#' markers: the heading text is kept


@dataclass(frozen=True, slots=True)
class Page:
    """The text of one page (PDF) or of a whole text file (number None)."""

    number: int | None
    text: str


@dataclass(slots=True)
class IngestReport:
    """What an ingestion did: files stored, passages embedded, files refused and why."""

    files: list[str] = field(default_factory=list)
    added: int = 0
    updated: int = 0
    removed: int = 0
    unchanged: int = 0
    failures: list[tuple[str, str]] = field(default_factory=list)

    def describe(self) -> str:
        """One line for the CLI."""
        line = (
            f"Ingested {len(self.files)} file(s): {self.added + self.updated + self.unchanged} passage(s) "
            f"({self.added} new, {self.updated} updated, {self.unchanged} unchanged, {self.removed} removed)."
        )
        if self.failures:
            line += " Skipped " + "; ".join(f"{name} ({reason})" for name, reason in self.failures) + "."
        return line


def _files(path: Path) -> Iterator[Path]:
    """The file itself, or every file under the folder except hidden ones (.git, .DS_Store)."""
    if path.is_dir():
        for file in sorted(path.rglob("*")):
            if file.is_file() and not any(part.startswith(".") for part in file.relative_to(path).parts):
                yield file
    else:
        yield path


def read_pages(path: Path) -> list[Page]:
    """The text of a supported file, page by page; InputError with the reason otherwise."""
    suffix = path.suffix.lower()
    if suffix not in TEXT_SUFFIXES and suffix != PDF_SUFFIX:
        raise InputError("unsupported type; use .md, .txt or .pdf")
    if path.stat().st_size > MAX_FILE_MB * 1024 * 1024:
        raise InputError(f"larger than {MAX_FILE_MB} MB")
    if suffix in TEXT_SUFFIXES:
        return [Page(None, decode_bytes(path.read_bytes(), what="file"))]
    return _pdf_pages(path)


def _pdf_pages(path: Path) -> list[Page]:
    from pypdf import PdfReader
    from pypdf.errors import PyPdfError

    # pypdf logs every repair it attempts; a broken file is reported once, in the IngestReport.
    logging.getLogger("pypdf").setLevel(logging.ERROR)
    try:
        reader = PdfReader(path)
        if reader.is_encrypted:
            raise InputError("encrypted PDF")
        return [Page(number, page.extract_text() or "") for number, page in enumerate(reader.pages, start=1)]
    except (PyPdfError, ValueError, KeyError, TypeError, OSError) as error:
        raise InputError(f"not a readable PDF: {type(error).__name__}") from error


def document_passages(path: Path, pages: list[Page]) -> list[Passage]:
    """Chunks of a document's pages as passages cited by file name and page."""
    from langchain_text_splitters import RecursiveCharacterTextSplitter

    splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_CHARS, chunk_overlap=CHUNK_OVERLAP)
    doc_id = document_id(path)
    passages = []
    for page in pages:
        for index, chunk in enumerate(splitter.split_text(page.text)):
            text = " ".join(_HEADING_MARK.sub("", chunk).split())
            if len(text) < 20:  # page numbers, lone headings: nothing to answer from
                continue
            where = path.name if page.number is None else f"{path.name}, p. {page.number}"
            passages.append(Passage(
                id=f"{doc_id}:{page.number or 0}:{index}",
                doc_id=doc_id,
                kind=DOCUMENT,
                lang=detect_language(text),
                title=path.name,
                source=where,
                text=text,
                digest=digest_of(where, text),
                page=page.number,
            ))
    return passages


def document_id(path: Path) -> str:
    """The same file, wherever it is ingested from, replaces its previous version."""
    return "doc:" + hashlib.sha256(str(path.resolve()).encode("utf-8")).hexdigest()[:16]


def ingest_path(path: Path, settings: Settings, *, embeddings: Embeddings | None = None) -> IngestReport:
    """Ingest a file or a folder (recursively) into the store of these settings."""
    path = Path(path)
    if not path.exists():
        raise InputError(f"{path} does not exist; give a file or a folder of .md, .txt or .pdf documents.")
    store = open_store(settings, embeddings)
    report = IngestReport()
    for file in _files(path):
        _ingest_file(store, file, report)
    if not report.files and not report.failures:
        raise InputError(f"{path} holds no .md, .txt or .pdf document to ingest.")
    return report


def _ingest_file(store: KnowledgeStore, file: Path, report: IngestReport) -> None:
    try:
        passages = document_passages(file, read_pages(file))
    except InputError as error:
        report.failures.append((file.name, str(error)))
        return
    except OSError as error:
        report.failures.append((file.name, f"cannot be read: {error.strerror or error}"))
        return
    if not passages:
        report.failures.append((file.name, "no extractable text"))
        return
    change = store.replace_document(document_id(file), passages)
    report.files.append(file.name)
    report.added += change.added
    report.updated += change.updated
    report.removed += change.removed
    report.unchanged += change.unchanged
