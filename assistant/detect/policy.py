"""What each entity type means legally, how it is explained, and which ones flag a comment."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass


@dataclass(frozen=True, slots=True)
class EntityPolicy:
    """The legal reading of one entity type, in both languages: the one source for this wording."""

    legal_basis: str
    label_fr: str
    label_en: str
    flags: bool
    legal_basis_fr: str | None = None  # when the French wording is not just GDPR → RGPD
    scope_fr: str = ""  # what the detector looks for, as the audit report explains it
    scope_en: str = ""

    def basis(self, lang: str) -> str:
        """The legal basis in that language."""
        if lang == "en":
            return self.legal_basis
        return self.legal_basis_fr or self.legal_basis.replace("GDPR", "RGPD")

    def label(self, lang: str) -> str:
        return self.label_en if lang == "en" else self.label_fr

    def scope(self, lang: str) -> str:
        return self.scope_en if lang == "en" else self.scope_fr

    def reason(self, lang: str) -> str:
        """« label — legal basis », the reason given with each finding."""
        return f"{self.label(lang)} — {self.basis(lang)}"


_ART9 = "GDPR art. 9(1)"
_SECURITY = "GDPR art. 5(1)(c), 32"
_MINIMISATION = "GDPR art. 5(1)(c)"

SENSITIVE_CATEGORIES: dict[str, EntityPolicy] = {
    "ORIGIN": EntityPolicy(
        _ART9, "Origine raciale ou ethnique", "Racial or ethnic origin", True,
        scope_fr="Origine raciale ou ethnique, couleur de peau, nationalité ou accent servant à caractériser la "
                 "personne, stéréotypes attachés à une origine, insultes ethniques",
        scope_en="Racial or ethnic origin, skin colour, nationality or accent used to characterise the person, "
                 "stereotypes attached to an origin, ethnic slurs",
    ),
    "POLITICAL": EntityPolicy(
        _ART9, "Opinion politique", "Political opinion", True,
        scope_fr="Opinions politiques, parti, vote", scope_en="Political opinions, party, vote",
    ),
    "RELIGION": EntityPolicy(
        _ART9, "Conviction religieuse ou philosophique", "Religious or philosophical belief", True,
        scope_fr="Convictions religieuses ou philosophiques, pratiques (jeûne, règles alimentaires, tenue) "
                 "présentées comme telles, appartenance à un groupe de croyance",
        scope_en="Religious or philosophical beliefs, practices (fasting, dietary rules, dress) stated as such, "
                 "membership of a belief group",
    ),
    "UNION": EntityPolicy(
        _ART9, "Appartenance syndicale", "Trade-union membership", True,
        scope_fr="Appartenance ou fonction syndicale", scope_en="Trade-union membership or role",
    ),
    "HEALTH": EntityPolicy(
        _ART9, "Donnée de santé", "Health data", True,
        scope_fr="Santé physique ou mentale, symptômes, handicap, grossesse, addiction, traitement, "
                 "hospitalisation et lieux de soins",
        scope_en="Physical or mental health, symptoms, disability, pregnancy, addiction, treatment, "
                 "hospitalisation and care settings",
    ),
    "SEXUAL": EntityPolicy(
        _ART9, "Vie sexuelle ou orientation sexuelle", "Sex life or sexual orientation", True,
        scope_fr="Vie sexuelle, orientation sexuelle (y compris révélée par le genre du ou de la partenaire)",
        scope_en="Sex life, sexual orientation (including when a partner's gender reveals it)",
    ),
    "CRIMINAL": EntityPolicy(
        "GDPR art. 10", "Infraction, condamnation ou procédure pénale", "Criminal offence or conviction", True,
        scope_fr="Infractions, condamnations, prison (lieu, durée), garde à vue, mise à l'épreuve, personne "
                 "soupçonnée ou victime d'une infraction",
        scope_en="Offences, convictions, prison (place, term), police custody, probation, being suspected of or "
                 "a victim of an offence",
    ),
    "INSULT": EntityPolicy(
        "GDPR art. 5(1)(a)(c), CNIL guidance on free-text comments",
        "Propos injurieux ou jugement dévalorisant",
        "Insulting or demeaning judgement",
        True,
        "RGPD art. 5(1)(a)(c), recommandations CNIL sur les zones de commentaires libres",
        scope_fr="Insultes, jugements dévalorisants ou moqueurs sur la personne (intelligence, âge, apparence, "
                 "caractère), y compris en majuscules, en langage SMS ou par accumulation d'adjectifs",
        scope_en="Insults, demeaning or mocking judgements of the person (intelligence, age, appearance, "
                 "character), including in capitals, text-speak or piled-up adjectives",
    ),
}

PII_TYPES: dict[str, EntityPolicy] = {
    "CREDIT_CARD": EntityPolicy(
        _SECURITY, "Numéro de carte bancaire à retirer", "Payment card number to remove", True,
        scope_fr="Numéro de carte bancaire (13 à 19 chiffres, clé de Luhn vérifiée)",
        scope_en="Payment card number (13 to 19 digits, Luhn check digit verified)",
    ),
    "IBAN_CODE": EntityPolicy(
        _SECURITY, "IBAN à retirer du commentaire", "IBAN to remove from the comment", True,
        scope_fr="IBAN (longueur du pays et clé ISO 13616 modulo 97 vérifiées)",
        scope_en="IBAN (country length and ISO 13616 mod-97 check verified)",
    ),
    "FR_NIR": EntityPolicy(
        "GDPR art. 87, CNIL NIR framework",
        "Numéro de sécurité sociale (NIR) à retirer",
        "French social-security number (NIR) to remove",
        True,
        "RGPD art. 87, décret-cadre NIR (CNIL)",
        scope_fr="Numéro de sécurité sociale (NIR, clé 97 − (13 premiers chiffres modulo 97) vérifiée)",
        scope_en="French social-security number (NIR, key 97 − (first 13 digits mod 97) verified)",
    ),
    "PERSON": EntityPolicy(_MINIMISATION, "Nom de personne", "Person name", False),
    "EMAIL_ADDRESS": EntityPolicy(_MINIMISATION, "Adresse e-mail", "E-mail address", False),
    "PHONE_NUMBER": EntityPolicy(_MINIMISATION, "Numéro de téléphone", "Phone number", False),
    "IP_ADDRESS": EntityPolicy(_MINIMISATION, "Adresse IP", "IP address", False),
    "LOCATION": EntityPolicy(_MINIMISATION, "Lieu ou adresse", "Place or address", False),
}

ENTITY_POLICIES: dict[str, EntityPolicy] = {**SENSITIVE_CATEGORIES, **PII_TYPES}

FLAGGING_PII = frozenset(name for name, policy in PII_TYPES.items() if policy.flags)


def reason_for(entity_type: str, lang: str) -> str:
    """One-line reason in the comment's language naming the legal basis."""
    return ENTITY_POLICIES[entity_type].reason(lang)


def is_flagged(entity_types: Iterable[str]) -> bool:
    """The DESIGN flag rule: any sensitive category, or a payment or social-security number."""
    return any(ENTITY_POLICIES[name].flags for name in entity_types)
