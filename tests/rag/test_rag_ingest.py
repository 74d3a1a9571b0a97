"""`assistant ingest`: a company's own documents become citable passages; bad files are reported, not fatal."""

from __future__ import annotations

import pytest

from assistant.errors import InputError
from assistant.rag.answer import answer_question
from assistant.rag.ingest import ingest_path
from assistant.rag.passage import DOCUMENT
from assistant.rag.retriever import Retriever
from assistant.rag.store import open_store

CHARTER = """# Charte CRM de l'entreprise

Les commentaires des conseillers sont relus chaque trimestre par le référent conformité.

Les enregistrements d'appels sont effacés au bout de six mois.
"""


@pytest.fixture
def documents(tmp_path, pdf_maker):
    folder = tmp_path / "docs"
    (folder / "sub").mkdir(parents=True)
    (folder / "charte.md").write_text(CHARTER, encoding="utf-8")
    (folder / "sub" / "politique.pdf").write_bytes(pdf_maker([
        "Politique interne de protection des donnees, version 2.",
        "Les badges visiteurs sont detruits apres quarante jours par le service accueil.",
    ]))
    return folder


def _stored_documents(settings, embeddings):
    return [p for p in open_store(settings, embeddings).passages() if p.kind == DOCUMENT]


def test_when_folder_is_ingested_then_markdown_and_pdf_pages_are_cited_by_file_and_page(
        tiny_settings, embeddings, documents, no_network):
    report = ingest_path(documents, tiny_settings, embeddings=embeddings)
    assert sorted(report.files) == ["charte.md", "politique.pdf"] and not report.failures
    sources = {p.source for p in _stored_documents(tiny_settings, embeddings)}
    assert sources == {"charte.md", "politique.pdf, p. 1", "politique.pdf, p. 2"}


def test_when_question_matches_a_pdf_page_then_answer_cites_that_page(tiny_settings, embeddings, documents):
    ingest_path(documents, tiny_settings, embeddings=embeddings)
    retriever = Retriever(open_store(tiny_settings, embeddings))
    answer = answer_question("Quand les badges visiteurs sont-ils détruits ?", "fr", settings=tiny_settings,
                             retriever=retriever)
    assert not answer.declined
    assert answer.sources[0].source == "politique.pdf, p. 2"
    assert "quarante jours" in answer.answer and "politique.pdf, p. 2" in answer.answer


@pytest.mark.parametrize(
    ("name", "content", "reason"),
    [
        ("casse.pdf", b"%PDF-1.4 not really a pdf", "not a readable PDF"),  # corrupt PDF
        ("notes.docx", b"PK\x03\x04", "unsupported type"),  # format we do not read
        ("vide.md", b"   \n", "no extractable text"),  # nothing to answer from
        ("binaire.txt", b"\x00\x01\x02\xff\xfe\x00", "not valid UTF-8"),  # not text at all
    ],
)
def test_when_one_file_is_bad_then_it_is_reported_and_the_others_ingested(
        tiny_settings, embeddings, documents, name, content, reason):
    (documents / name).write_bytes(content)
    report = ingest_path(documents, tiny_settings, embeddings=embeddings)
    assert sorted(report.files) == ["charte.md", "politique.pdf"]
    assert [failure[0] for failure in report.failures] == [name]
    assert reason in report.failures[0][1] and name in report.describe()


def test_when_same_folder_is_ingested_again_then_nothing_is_embedded(tiny_settings, embeddings, documents):
    ingest_path(documents, tiny_settings, embeddings=embeddings)
    again = type(embeddings)()
    report = ingest_path(documents, tiny_settings, embeddings=again)
    assert report.added == report.updated == 0 and report.unchanged == 3
    assert again.embedded == []


def test_when_a_document_shrinks_then_its_old_chunks_are_removed(tiny_settings, embeddings, documents):
    ingest_path(documents, tiny_settings, embeddings=embeddings)
    (documents / "charte.md").write_text("# Charte\n\nUne seule règle : relire chaque commentaire.\n", "utf-8")
    report = ingest_path(documents / "charte.md", tiny_settings, embeddings=embeddings)
    texts = [p.text for p in _stored_documents(tiny_settings, embeddings) if p.title == "charte.md"]
    assert report.updated == 1 and texts == ["Charte Une seule règle : relire chaque commentaire."]


def test_when_report_is_described_then_it_is_one_line(tiny_settings, embeddings, documents):
    line = ingest_path(documents, tiny_settings, embeddings=embeddings).describe()
    assert "\n" not in line and line.startswith("Ingested 2 file(s): 3 passage(s)")


@pytest.mark.parametrize(
    ("make", "message"),
    [
        (lambda root: root / "absent", "does not exist"),  # typo in the path
        (lambda root: root, "holds no .md, .txt or .pdf"),  # an empty folder
    ],
)
def test_when_nothing_can_be_ingested_then_input_error(tmp_path, tiny_settings, embeddings, make, message):
    empty = tmp_path / "empty"
    empty.mkdir()
    with pytest.raises(InputError, match=message):
        ingest_path(make(empty), tiny_settings, embeddings=embeddings)
