"""Identifier recognizers: parametrized tables of (text, expected spans), a reason per row."""

from __future__ import annotations

import pytest

from assistant.detect.recognizers.address import AddressRecognizer
from assistant.detect.recognizers.credit_card import PaymentCardRecognizer
from assistant.detect.recognizers.fr_nir import FrNirRecognizer
from assistant.detect.recognizers.fr_phone import FrPhoneRecognizer
from assistant.detect.recognizers.iban import IbanChecksumRecognizer
from assistant.detect.recognizers.titled_person import TitledPersonRecognizer
from assistant.detect.recognizers.uk_us_phone import UkUsPhoneRecognizer


def _found(recognizer, text: str) -> list[str]:
    return [text[r.start:r.end] for r in recognizer.analyze(text, recognizer.supported_entities, None)]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("NIR 1 85 05 78 006 084 91 reçu", ["1 85 05 78 006 084 91"]),  # spaced, valid key
        ("sécu 185057800608491.", ["185057800608491"]),  # compact, valid key
        ("n° 2 69 02 99 341 732 85", ["2 69 02 99 341 732 85"]),  # woman, valid key
        ("NIR 1 75 02 2A 123 456 87", ["1 75 02 2A 123 456 87"]),  # Corsica 2A counts as 19
        ("NIR 1 75 02 2B 123 456 17", ["1 75 02 2B 123 456 17"]),  # Corsica 2B counts as 18
        ("NIR 1 85 05 78 006 084 36", []),  # wrong key: not reported
        ("commande 385057800608491", []),  # first digit must be 1 or 2
        ("réf 18505780060849123", []),  # longer number: not a NIR
    ],
)
def test_fr_nir(text: str, expected: list[str]) -> None:
    assert _found(FrNirRecognizer("fr"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CB 4970 1012 3456 7893 donnée", ["4970 1012 3456 7893"]),  # grouped by four, Luhn-valid
        ("carte 4970101234567893", ["4970101234567893"]),  # compact
        ("carte 5130-9999-9999-9993 exp 04/27", ["5130-9999-9999-9993"]),  # dashes
        ("card 4556 7375 8001 9005", ["4556 7375 8001 9005"]),  # English comment
        ("CB 4970 1012 3456 7894", []),  # one digit off: Luhn fails, not reported
        ("cde 2024 1105 0001 7781", []),  # order-like number failing Luhn
        ("tél 06 12 34 56 78", []),  # phone numbers are too short
    ],
)
def test_credit_card(text: str, expected: list[str]) -> None:
    assert _found(PaymentCardRecognizer("fr"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("RIB FR76 3000 6000 0112 3456 7890 189 pour prélèvement", ["FR76 3000 6000 0112 3456 7890 189"]),
        ("iban FR7630006000011234567890189", ["FR7630006000011234567890189"]),  # compact
        ("IBAN DE89 3704 0044 0532 0130 00 merci", ["DE89 3704 0044 0532 0130 00"]),  # German, 22 chars
        ("IBAN GB29 NWBK 6016 1331 9268 19", ["GB29 NWBK 6016 1331 9268 19"]),  # letters in the BBAN
        ("RIB FR76 3000 6000 0112 3456 7890 188", []),  # wrong check: not reported
        ("ref FR12 ABCD", []),  # too short to be an IBAN
    ],
)
def test_iban(text: str, expected: list[str]) -> None:
    assert _found(IbanChecksumRecognizer("fr"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rappeler au 06 12 34 56 78 demain", ["06 12 34 56 78"]),
        ("tél 06.12.34.56.78", ["06.12.34.56.78"]),
        ("portable +33 6 12 34 56 78", ["+33 6 12 34 56 78"]),
        ("fixe 01-45-67-89-10", ["01-45-67-89-10"]),
        ("joignable 0612345678", ["0612345678"]),
        ("montant 1234567890123 €", []),  # too many digits
        ("code 00 12 34 56 78", []),  # 00 is not a French area code
    ],
)
def test_fr_phone(text: str, expected: list[str]) -> None:
    assert _found(FrPhoneRecognizer("fr"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("CB 4970 1012 3456 7893 04/27", ["4970 1012 3456 7893"]),  # expiry date right after the number
        ("RIB FR12 3001 4324 1688 0530 5250 305", []),  # an invalid IBAN whose digits pass Luhn
        ("Amex 3782 822463 10005", ["3782 822463 10005"]),  # Amex 4-6-5 grouping
        ("IMEI du mobile : 490154203237518", []),  # a phone IMEI also passes Luhn
    ],
)
def test_credit_card_in_context(text: str, expected: list[str]) -> None:
    assert _found(PaymentCardRecognizer("fr"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("rib belge BE91 2503 7406 0955 pour le billet", ["BE91 2503 7406 0955"]),  # next word looks like a group
        ("IBAN FR76 3000 6000 0112 3456 7890 189 merci", ["FR76 3000 6000 0112 3456 7890 189"]),  # trailing word
        ("iban fr76 3000 6000 0112 3456 7890 189", ["fr76 3000 6000 0112 3456 7890 189"]),  # lower case
    ],
)
def test_iban_followed_by_words(text: str, expected: list[str]) -> None:
    assert _found(IbanChecksumRecognizer("fr"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("new mobile +44 7700 900983 today", ["+44 7700 900983"]),  # UK mobile, international
        ("port his number 07700 900552 to us", ["07700 900552"]),  # UK mobile, national
        ("office 020 7946 0958", ["020 7946 0958"]),  # London landline
        ("alt contact (212) 555-0147", ["(212) 555-0147"]),  # US with area code in brackets
        ("order 55-8812, case 88102, RMA 99-2210", []),  # order and case numbers are not phones
        ("premium £318.40 on 01/06", []),  # amounts and dates are not phones
    ],
)
def test_uk_us_phone(text: str, expected: list[str]) -> None:
    assert _found(UkUsPhoneRecognizer("en"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("livré au 12 rue Victor-Hugo hier", ["12 rue Victor-Hugo"]),  # number, street type, hyphenated name
        ("relais du boulevard de la Croix-Rousse.", ["boulevard de la Croix-Rousse"]),  # article in the name
        ("RDV place de la République à Paris", ["place de la République"]),  # no number
        ("code postal 69003 Lyon", ["69003 Lyon"]),  # postcode and town
        ("delivery to 14 Church Street, Bath", ["14 Church Street, Bath"]),  # English street and town
        ("la rue est bloquée, livraison reportée", []),  # a street type alone is not an address
    ],
)
def test_address(text: str, expected: list[str]) -> None:
    assert _found(AddressRecognizer("fr"), text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("compte joint pour M. Aubert et M. Lacombe", ["M. Aubert", "M. Lacombe"]),  # two titled names
        ("Cliente Mme Fatima Zahra El Idrissi : OK", ["Mme Fatima Zahra El Idrissi"]),  # compound name
        ("Mr Hale called", ["Mr Hale"]),  # English title
        ("Monsieur a rappelé", []),  # a title without a name
    ],
)
def test_titled_person(text: str, expected: list[str]) -> None:
    assert _found(TitledPersonRecognizer("fr"), text) == expected
