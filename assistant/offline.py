"""No outbound connection, ever: switch off every library's downloads and telemetry we know of."""

from __future__ import annotations

import os

_OFFLINE_ENV = {
    "HF_HUB_OFFLINE": "1",
    "TRANSFORMERS_OFFLINE": "1",
    "GRADIO_ANALYTICS_ENABLED": "False",
    "ANONYMIZED_TELEMETRY": "False",
    "TLDEXTRACT_CACHE": os.path.join(os.path.expanduser("~"), ".cache", "tldextract-offline"),
}


def enforce_offline() -> None:
    """Set offline switches; make tldextract (used by Presidio's e-mail check) use its bundled list."""
    for name, value in _OFFLINE_ENV.items():
        os.environ.setdefault(name, value)
    try:
        from tldextract import tldextract
    except ImportError:
        return
    # An empty URL list makes tldextract read the suffix snapshot shipped inside the package.
    tldextract.TLD_EXTRACTOR = tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)
