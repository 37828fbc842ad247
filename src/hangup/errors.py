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


class AttachmentRejected(InputError):
    """An evidence file is too large, of a type not accepted, or one too many. The message names the file."""


class StoreError(HangupError):
    """The case store cannot be opened, migrated or written (bad URL, unreachable server, full disk)."""


class ReportNotFound(HangupError):
    """No report has this reference, or the secret does not match (the two are never told apart)."""


class IdempotencyConflict(InputError):
    """An idempotency key was reused for a different report."""


class AudioError(InputError):
    """A recording or audio stream cannot be used: empty, damaged, not audio, or of an unusable rate."""


class AudioUnavailable(InputError):
    """Audio was given but the optional audio extra (speech to text) is not installed."""


class SpeechModelError(ConfigError):
    """The speech-to-text model cannot be found, downloaded or loaded."""


class MicrophoneUnavailable(HangupError):
    """No microphone can be opened (no PortAudio library, no input device, or the device refused)."""


class SparkUnavailable(HangupError):
    """Spark was asked for but PySpark (the ``spark`` extra) or a Java runtime is missing, or Spark would not start."""


class SparkJobError(HangupError):
    """A Spark scan failed: an input could not be read or the output could not be written."""


class StateError(HangupError):
    """The local state folder (setting state_dir) or a file in it cannot be read or written."""


class GuardError(HangupError):
    """The remote-access guard cannot do what was asked: unknown tool, missing psutil, no permission."""


class AccountError(InputError):
    """An analyst account cannot be added, changed or used: unknown or taken name, weak password, bad role."""


class BulletinError(HangupError):
    """A warning bulletin cannot be drafted, edited or approved as asked."""


class BulletinNotFound(BulletinError):
    """No bulletin has this number."""


class BulletinConflict(BulletinError):
    """The bulletin changed since it was read (another version was saved or approved meanwhile)."""


class ExportError(HangupError):
    """An export cannot be made: nothing selected, an unknown format, or the output cannot be written."""
