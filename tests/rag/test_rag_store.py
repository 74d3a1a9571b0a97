"""The knowledge store: built on first use, rebuilt incrementally, offline."""

from __future__ import annotations

from assistant.rag.cards import load_cards
from assistant.rag.passage import DOCUMENT, Passage, digest_of
from assistant.rag.store import KnowledgeStore, SyncReport, open_store, store_directory


def _store(settings, embeddings) -> KnowledgeStore:
    return KnowledgeStore(store_directory(settings), embeddings, embedder_name=embeddings.model_name)


def _sync(settings, embeddings) -> SyncReport:
    return _store(settings, embeddings).sync_cards(load_cards(settings.knowledge_dir / "cards"))


def _titles(embeddings) -> list[str]:
    """Titles of the cards embedded (the text view of a card is its title line, then its body)."""
    return sorted({text.splitlines()[0] for text in embeddings.embedded if "\n" in text})


# The tiny base: 3 cards, 4 questions, 9 sentences (a one-sentence summary and two key points each).
TINY_PASSAGES = 16
ERASURE_QUESTIONS = '"Un client peut-il faire supprimer ses données ?", "Qu\'est-ce que le droit à l\'oubli ?"'



def _document(doc_id: str, text: str) -> Passage:
    return Passage(id=f"{doc_id}:0", doc_id=doc_id, kind=DOCUMENT, lang="fr", title="charte.md",
                   source="charte.md", text=text, digest=digest_of(text))


def test_when_store_is_opened_first_then_every_card_is_embedded(tiny_settings, embeddings, no_network):
    store = open_store(tiny_settings, embeddings)
    assert (store.count("card"), store.count("question"), store.count("sentence")) == (3, 4, 9)
    assert _titles(embeddings) == ["Droit d'accès", "Droit à l'effacement", "Right of access"]
    assert "Qu'est-ce que le droit à l'oubli ?" in embeddings.embedded  # each question on its own


def test_when_nothing_changed_then_reopening_embeds_nothing(tiny_settings, embeddings, no_network):
    _sync(tiny_settings, embeddings)
    again = type(embeddings)()
    assert _sync(tiny_settings, again) == SyncReport(unchanged=TINY_PASSAGES)
    assert again.embedded == []


def test_when_one_card_changes_then_only_it_is_embedded_again(tiny_settings, embeddings, card_writer):
    _sync(tiny_settings, embeddings)
    card_writer(tiny_settings.knowledge_dir / "cards", "effacement", "Droit à l'effacement",
                "Le client peut demander la suppression de ses données, sans délai injustifié.", article="17",
                keywords="effacement, oubli, suppression", questions=ERASURE_QUESTIONS)
    again = type(embeddings)()
    report = _sync(tiny_settings, again)
    # the card and its new summary sentence are embedded; its questions and key points are not
    assert report == SyncReport(added=1, updated=1, removed=1, unchanged=TINY_PASSAGES - 2)
    assert _titles(again) == ["Droit à l'effacement"]
    assert "Le client peut demander la suppression de ses données, sans délai injustifié." in again.embedded
    assert not any("oubli ?" in text or text == "Premier point." for text in again.embedded)


def test_when_a_card_is_removed_then_it_is_deleted_and_nothing_embedded(tiny_settings, embeddings):
    store = _store(tiny_settings, embeddings)
    store.sync_cards(load_cards(tiny_settings.knowledge_dir / "cards"))
    (tiny_settings.knowledge_dir / "cards" / "fr" / "effacement.md").unlink()
    report = store.sync_cards(load_cards(tiny_settings.knowledge_dir / "cards"))
    assert report == SyncReport(removed=6, unchanged=TINY_PASSAGES - 6)  # the card, 2 questions, 3 sentences
    assert {p.doc_id for p in store.passages()} == {"acces", "acces-en"}


def test_when_cards_sync_then_ingested_documents_are_kept(tiny_settings, embeddings):
    store = _store(tiny_settings, embeddings)
    store.replace_document("doc:charte", [_document("doc:charte", "Notre charte interdit les commentaires.")])
    store.sync_cards(load_cards(tiny_settings.knowledge_dir / "cards"))
    assert store.count(DOCUMENT) == 1


def test_when_embedder_changes_then_every_card_is_embedded_again(tiny_settings, embeddings):
    _sync(tiny_settings, embeddings)
    other = type(embeddings)()
    store = KnowledgeStore(store_directory(tiny_settings), other, embedder_name="another-model")
    assert store.sync_cards(load_cards(tiny_settings.knowledge_dir / "cards")).updated == TINY_PASSAGES


def test_when_store_is_written_then_its_revision_moves_only_on_change(tiny_settings, embeddings):
    store = _store(tiny_settings, embeddings)
    cards = load_cards(tiny_settings.knowledge_dir / "cards")
    store.sync_cards(cards)
    revision = store.revision
    store.sync_cards(cards)
    assert store.revision == revision  # retrievers reload their lexical index only when something changed


def test_when_real_store_builds_from_scratch_then_no_network_is_used(real_retriever, real_settings):
    # real_retriever built it with sockets blocked; every repository card is in it
    cards = load_cards(real_settings.knowledge_dir / "cards")
    assert real_retriever.store.count("card") == len(cards)
    assert (store_directory(real_settings) / "chroma.sqlite3").exists()
