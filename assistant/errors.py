"""The small error hierarchy. Messages are plain sentences that say what to do."""


class AssistantError(Exception):
    """Base class of every error the CLI and UI turn into one clear message."""


class InputError(AssistantError):
    """The text or file given by the user cannot be processed as it is."""


class ModelError(AssistantError):
    """A language model is missing, corrupt or failed to load."""


class StoreError(AssistantError):
    """The knowledge store is missing or unusable."""


class ConfigError(AssistantError):
    """A setting or a lexicon file is invalid."""
