"""hangup: protection against technical-support scams.

The detection engine reads a message or call into a :class:`~hangup.documents.Document`,
runs recognizers that produce findings, and combines them into a :class:`~hangup.detect.Verdict`.
"""

__version__ = "0.1.0"
