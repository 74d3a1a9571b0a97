"""The legal reading of each entity type: one table, both languages, the wording findings and reports quote."""

from __future__ import annotations

import pytest

from assistant.detect.policy import ENTITY_POLICIES, FLAGGING_PII, SENSITIVE_CATEGORIES, is_flagged, reason_for


@pytest.mark.parametrize(
    ("entity", "lang", "reason"),
    [
        ("HEALTH", "fr", "Donnée de santé — RGPD art. 9(1)"),  # French: GDPR becomes RGPD
        ("HEALTH", "en", "Health data — GDPR art. 9(1)"),  # English as written
        ("FR_NIR", "fr", "Numéro de sécurité sociale (NIR) à retirer — RGPD art. 87, décret-cadre NIR (CNIL)"),
        ("CRIMINAL", "en", "Criminal offence or conviction — GDPR art. 10"),  # art. 10, not art. 9
    ],
)
def test_reason_is_the_label_and_the_legal_basis_in_the_comment_language(entity: str, lang: str, reason: str) -> None:
    assert reason_for(entity, lang) == reason


@pytest.mark.parametrize("entity", [*SENSITIVE_CATEGORIES, *FLAGGING_PII])
def test_every_flagging_type_explains_what_is_searched_in_both_languages(entity: str) -> None:
    policy = ENTITY_POLICIES[entity]
    assert policy.scope("fr") and policy.scope("en") and policy.scope("fr") != policy.scope("en")
    assert "GDPR" not in policy.basis("fr")


@pytest.mark.parametrize(
    ("types", "flagged"),
    [
        (["PERSON", "PHONE_NUMBER", "EMAIL_ADDRESS"], False),  # normal CRM data does not flag
        (["IBAN_CODE"], True),  # a payment number flags on its own
        (["LOCATION", "INSULT"], True),  # any sensitive category flags
    ],
)
def test_flag_rule(types: list[str], flagged: bool) -> None:
    assert is_flagged(types) is flagged
