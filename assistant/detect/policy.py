"""What each entity type means legally, how it is explained, and which ones flag a comment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntityPolicy:
    """The legal reading of one entity type."""

    legal_basis: str
    label_fr: str
    label_en: str
    flags: bool
    legal_basis_fr: str | None = None  # when the French wording is not just GDPR → RGPD

    def reason(self, lang: str) -> str:
        if lang == "en":
            return f"{self.label_en} — {self.legal_basis}"
        basis = self.legal_basis_fr or self.legal_basis.replace("GDPR", "RGPD")
        return f"{self.label_fr} — {basis}"


SENSITIVE_CATEGORIES: dict[str, EntityPolicy] = {
    "ORIGIN": EntityPolicy("GDPR art. 9(1)", "Origine raciale ou ethnique", "Racial or ethnic origin", True),
    "POLITICAL": EntityPolicy("GDPR art. 9(1)", "Opinion politique", "Political opinion", True),
    "RELIGION": EntityPolicy(
        "GDPR art. 9(1)", "Conviction religieuse ou philosophique", "Religious or philosophical belief", True
    ),
    "UNION": EntityPolicy("GDPR art. 9(1)", "Appartenance syndicale", "Trade-union membership", True),
    "HEALTH": EntityPolicy("GDPR art. 9(1)", "Donnée de santé", "Health data", True),
    "SEXUAL": EntityPolicy(
        "GDPR art. 9(1)", "Vie sexuelle ou orientation sexuelle", "Sex life or sexual orientation", True
    ),
    "CRIMINAL": EntityPolicy(
        "GDPR art. 10", "Infraction, condamnation ou procédure pénale", "Criminal offence or conviction", True
    ),
    "INSULT": EntityPolicy(
        "GDPR art. 5(1)(a)(c), CNIL guidance on free-text comments",
        "Propos injurieux ou jugement dévalorisant",
        "Insulting or demeaning judgement",
        True,
        "RGPD art. 5(1)(a)(c), recommandations CNIL sur les zones de commentaires",
    ),
}

PII_TYPES: dict[str, EntityPolicy] = {
    "CREDIT_CARD": EntityPolicy(
        "GDPR art. 5(1)(c), 32", "Numéro de carte bancaire à retirer", "Payment card number to remove", True
    ),
    "IBAN_CODE": EntityPolicy(
        "GDPR art. 5(1)(c), 32", "IBAN à retirer du commentaire", "IBAN to remove from the comment", True
    ),
    "FR_NIR": EntityPolicy(
        "GDPR art. 87, CNIL NIR framework",
        "Numéro de sécurité sociale (NIR) à retirer",
        "French social-security number (NIR) to remove",
        True,
        "RGPD art. 87, décret-cadre NIR (CNIL)",
    ),
    "PERSON": EntityPolicy("GDPR art. 5(1)(c)", "Nom de personne", "Person name", False),
    "EMAIL_ADDRESS": EntityPolicy("GDPR art. 5(1)(c)", "Adresse e-mail", "E-mail address", False),
    "PHONE_NUMBER": EntityPolicy("GDPR art. 5(1)(c)", "Numéro de téléphone", "Phone number", False),
    "IP_ADDRESS": EntityPolicy("GDPR art. 5(1)(c)", "Adresse IP", "IP address", False),
    "LOCATION": EntityPolicy("GDPR art. 5(1)(c)", "Lieu ou adresse", "Place or address", False),
}

ENTITY_POLICIES: dict[str, EntityPolicy] = {**SENSITIVE_CATEGORIES, **PII_TYPES}

FLAGGING_PII = frozenset(name for name, policy in PII_TYPES.items() if policy.flags)


def reason_for(entity_type: str, lang: str) -> str:
    """One-line reason in the comment's language naming the legal basis."""
    return ENTITY_POLICIES[entity_type].reason(lang)


def is_flagged(entity_types: Iterable[str]) -> bool:
    """The DESIGN flag rule: any sensitive category, or a payment or social-security number."""
    return any(ENTITY_POLICIES[name].flags for name in entity_types)
