"""The one exception tree of hangup.

Every error a user can cause (bad input, bad rule file, bad setting) is a :class:`HangupError`;
faces (CLI, web) map it to an exit code or an HTTP status. Third-party errors are wrapped at the
boundary with ``raise ... from exc`` so the cause stays visible in logs.
"""


class HangupError(Exception):
    """Base class for every error hangup raises on purpose."""


class InputError(HangupError):
    """The input cannot be read: empty, binary, too large, malformed or of an unknown kind."""


class InputTooLarge(InputError):
    """The input is larger than the configured limit."""


class RuleError(HangupError):
    """A rule or catalogue file is invalid. The message names the file and the rule id."""


class ConfigError(HangupError):
    """A setting is invalid or a data file the settings point to is missing."""


class OcrUnavailable(InputError):
    """A screenshot was given but the optional OCR extra (Tesseract) is not installed."""
