"""spaCy for detection: the pipelines Presidio runs, without the parts detection never reads.

Detection reads spaCy's NER guesses (PERSON, LOCATION), the part of speech (a guess counts only on a
proper noun) and the lemmas (Presidio's context words). So:
- the dependency parser is skipped: in fr_core_news_md and en_core_web_sm the NER has its own tok2vec
  and the tagger does not listen to the parser;
- the lemmatizer is skipped: the lower-cased word stands for the lemma (no finding changed on the 703
  dev and first-blind comments; the French lemmatizer alone cost ~5 ms a comment);
- a comment where the NER could not find a name that would be kept (names.may_hold_names) is only
  tokenized.
CPU per comment on the dev set: 21.6 ms before, 16.4 ms without parser and lemmatizer, see bench.detection
for the gate. The rewrite still gets the parse: it calls the pipelines themselves, whole.
"""

from __future__ import annotations

from presidio_analyzer.nlp_engine import NlpArtifacts, SpacyNlpEngine

from assistant.detect.names import may_hold_names

SKIPPED_FOR_DETECTION = ("parser", "lemmatizer")


class DetectionNlpEngine(SpacyNlpEngine):
    """Presidio's spaCy engine that runs each pipeline without the components detection does not use."""

    def process_text(self, text: str, language: str) -> NlpArtifacts:
        if not self.nlp:
            raise ValueError("NLP engine is not loaded. Consider calling .load()")
        pipeline = self.nlp[language]
        if may_hold_names(text):
            doc = pipeline(text, disable=[name for name in SKIPPED_FOR_DETECTION if name in pipeline.pipe_names])
        else:
            doc = pipeline.make_doc(text)
        for token in doc:
            token.lemma_ = token.lower_
        return self._doc_to_nlp_artifact(doc, language)
