"""Evidence of what was audited and with what: input file SHA-256 and encoding, detector version."""

from __future__ import annotations

import codecs
import hashlib
from dataclasses import dataclass
from pathlib import Path

from assistant import __version__
from assistant.config import Settings
from assistant.errors import InputError

_BLOCK = 1 << 20
_UTF8_BOM = codecs.BOM_UTF8
XLSX_SUFFIXES = (".xlsx", ".xlsm")


@dataclass(frozen=True, slots=True)
class FileFingerprint:
    """Name, size, SHA-256 and text encoding (None for a workbook) of an input file."""

    name: str
    size: int
    sha256: str
    encoding: str | None

    def as_dict(self) -> dict[str, object]:
        return {"name": self.name, "size": self.size, "sha256": self.sha256, "encoding": self.encoding}


def is_workbook(path: Path) -> bool:
    return path.suffix.lower() in XLSX_SUFFIXES


def fingerprint_file(path: Path) -> FileFingerprint:
    """Hash the file in one streamed pass and, for text, choose its encoding from the whole content."""
    if not path.is_file():
        raise InputError(f"The export {path} does not exist or is not a file.")
    digest = hashlib.sha256()
    text = not is_workbook(path)
    decoder = codecs.getincrementaldecoder("utf-8")(errors="replace")
    size = chars = bad = 0
    head = b""
    with path.open("rb") as handle:
        while block := handle.read(_BLOCK):
            digest.update(block)
            if not head:
                head = block[:3]
            size += len(block)
            if text:
                decoded = decoder.decode(block)
                chars += len(decoded)
                bad += decoded.count("\ufffd")
        if text:
            decoded = decoder.decode(b"", final=True)
            chars += len(decoded)
            bad += decoded.count("\ufffd")
    encoding = _choose_encoding(head, size, chars, bad) if text else None
    return FileFingerprint(path.name, size, digest.hexdigest(), encoding)


def _choose_encoding(head: bytes, size: int, chars: int, bad: int) -> str:
    """UTF-8 (BOM or not) unless invalid sequences outnumber valid multi-byte ones: then Windows-1252.

    A UTF-8 export with a few corrupt rows stays UTF-8 (those rows are reported as malformed);
    a Windows-1252 export has accented letters that are almost never valid UTF-8 sequences.
    """
    if head.startswith(_UTF8_BOM):
        return "utf-8-sig"
    multibyte = size - chars  # extra bytes taken by valid multi-byte characters (approximately)
    return "utf-8" if bad == 0 or multibyte > bad else "cp1252"


def lexicon_sha256(lexicon_dir: Path) -> str:
    """SHA-256 over the lexicon files, names and contents, in name order."""
    digest = hashlib.sha256()
    for path in sorted(lexicon_dir.glob("*.yaml")):
        digest.update(path.name.encode() + b"\0" + path.read_bytes() + b"\0")
    return digest.hexdigest()


def detector_version(settings: Settings) -> str:
    """Package version, lexicon hash and, when it runs, the sentence classifier's weights hash: two audits
    with the same value used the same rules."""
    version = f"{__version__}+lex.{lexicon_sha256(settings.knowledge_dir / 'lexicons')[:16]}"
    weights = settings.knowledge_dir / "classifier" / "sentences.npz"
    if settings.sentence_classifier and weights.exists():
        version += f".clf.{hashlib.sha256(weights.read_bytes()).hexdigest()[:16]}"
    return version
