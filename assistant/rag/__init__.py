"""Cited regulation Q&A: guidance cards and the company's documents → Chroma store → retriever → answer."""

from assistant.rag.answer import Answer, Source, answer_question, stream_answer
from assistant.rag.ingest import IngestReport, ingest_path

__all__ = ["Answer", "IngestReport", "Source", "answer_question", "ingest_path", "stream_answer"]
