"""The small error hierarchy. Messages are plain sentences that say what to do."""


class AssistantError(Exception):
    """Base class of every error the CLI and UI turn into one clear message."""


class InputError(AssistantError):
    """The text or file given by the user cannot be processed as it is."""


class ModelError(AssistantError):
    """A language model is missing, corrupt, failed to load or failed to answer."""


class ModelUnavailableError(ModelError):
    """The model server refused the connection, or its process stopped."""


class ModelTimeoutError(ModelError):
    """The model server took longer than the configured timeout."""


class ModelBusyError(ModelError):
    """Every slot of the built-in model server stayed taken by other requests for the whole timeout."""


class ModelHTTPError(ModelError):
    """The model server answered with an HTTP error status."""


class ModelReplyError(ModelError):
    """The model server answered, but with an empty reply or something that is not a chat completion."""


class StoreError(AssistantError):
    """The knowledge store is missing or unusable."""


class ConfigError(AssistantError):
    """A setting or a lexicon file is invalid."""
