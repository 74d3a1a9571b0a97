"""The one visible place where recognizers are registered. A new recognizer is one line here."""

from __future__ import annotations

from collections.abc import Callable

from presidio_analyzer import EntityRecognizer
from presidio_analyzer.predefined_recognizers import EmailRecognizer, IpRecognizer

from assistant.detect.lexicon import Context, Lexicon, LexiconMatcher
from assistant.detect.recognizers.address import AddressRecognizer
from assistant.detect.recognizers.credit_card import PaymentCardRecognizer
from assistant.detect.recognizers.fr_nir import FrNirRecognizer
from assistant.detect.recognizers.fr_phone import FrPhoneRecognizer
from assistant.detect.recognizers.iban import IbanChecksumRecognizer
from assistant.detect.recognizers.lexicon import LexiconRecognizer
from assistant.detect.recognizers.titled_person import TitledPersonRecognizer
from assistant.detect.recognizers.uk_us_phone import UkUsPhoneRecognizer

RecognizerFactory = Callable[[str], EntityRecognizer]

# Identifier recognizers for every language; each factory takes the language code.
IDENTIFIER_RECOGNIZERS: tuple[RecognizerFactory, ...] = (
    FrNirRecognizer,
    PaymentCardRecognizer,
    IbanChecksumRecognizer,
    FrPhoneRecognizer,
    lambda lang: EmailRecognizer(supported_language=lang),
    lambda lang: IpRecognizer(supported_language=lang),
    AddressRecognizer,
    TitledPersonRecognizer,
)

# Recognizers for one language only.
LANGUAGE_RECOGNIZERS: dict[str, tuple[RecognizerFactory, ...]] = {
    "fr": (),
    "en": (UkUsPhoneRecognizer,),
}


def build_recognizers(lang: str, lexicons: list[Lexicon], context: Context) -> list[EntityRecognizer]:
    """Every recognizer of ours for one language: identifiers, then the category lexicons (one file each)."""
    recognizers = [factory(lang) for factory in (*IDENTIFIER_RECOGNIZERS, *LANGUAGE_RECOGNIZERS[lang])]
    recognizers.append(LexiconRecognizer(LexiconMatcher(lexicons, context, lang)))
    return recognizers
