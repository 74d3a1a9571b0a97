"""EMAIL_ADDRESS, validated against the public-suffix list shipped with tldextract (never downloaded)."""

from __future__ import annotations

import tldextract
from presidio_analyzer.predefined_recognizers import EmailRecognizer as PresidioEmailRecognizer

# An empty URL list makes tldextract use the snapshot bundled in the package: no network, ever.
OFFLINE_TLD_EXTRACT = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


class EmailRecognizer(PresidioEmailRecognizer):
    """E-mail address, e.g. « jean.dupont@example.fr »: normal CRM data, reported but not flagged."""

    def __init__(self, supported_language: str = "fr") -> None:
        super().__init__(supported_language=supported_language)
        self.name = f"EmailRecognizer_{supported_language}"

    def validate_result(self, pattern_text: str) -> bool:
        return bool(OFFLINE_TLD_EXTRACT(pattern_text).fqdn)
