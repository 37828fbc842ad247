"""Advice for people: what to do about a scam, what to do if it is too late, and where to report it.

Each jurisdiction has an advice pack, kept as YAML data (``packs/uk.yaml``, ``packs/us.yaml``) and
loaded with :func:`load_pack`; :func:`advise` turns a verdict, the tactics found and the message
kind into :class:`Advice`.
"""

from hangup.advice.guidance import advise
from hangup.advice.loader import available_packs, clear_cache, load_pack, parse_pack
from hangup.advice.model import (
    REQUIRED_SITUATIONS,
    VERDICTS,
    Advice,
    AdvicePack,
    IfAlready,
    ReportEntry,
    ReportTo,
    Source,
    Verdict,
)

__all__ = [
    "REQUIRED_SITUATIONS",
    "VERDICTS",
    "Advice",
    "AdvicePack",
    "IfAlready",
    "ReportEntry",
    "ReportTo",
    "Source",
    "Verdict",
    "advise",
    "available_packs",
    "clear_cache",
    "load_pack",
    "parse_pack",
]
