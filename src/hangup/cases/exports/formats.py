"""One entry point for every export format, for the CLI and the analyst pages.

>>> data = build_export(store, make_selection(since=date(2026, 5, 1)), settings)
>>> out = render_export(data, "stix", settings)
>>> out.text, out.media_type, out.filename      # the file, its media type, a suggested name
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal, get_args

from hangup.cases.exports.model import ExportData
from hangup.config import Settings
from hangup.errors import ExportError

ExportFormat = Literal["csv", "csv-indicators", "json", "stix", "misp", "phone-feed", "phone-list"]
FORMATS: tuple[str, ...] = get_args(ExportFormat)

_MEDIA = {
    "csv": ("text/csv", "reports.csv"), "csv-indicators": ("text/csv", "indicators.csv"),
    "json": ("application/json", "export.json"), "stix": ("application/stix+json;version=2.1", "stix.json"),
    "misp": ("application/json", "misp-event.json"), "phone-feed": ("text/csv", "phone-feed.csv"),
    "phone-list": ("text/plain", "phone-numbers.txt"),
}


@dataclass(frozen=True, slots=True)
class RenderedExport:
    """An export ready to save or send: its text, media type and a suggested file name."""

    text: str
    media_type: str
    filename: str
    format: str


def render_export(data: ExportData, fmt: str, settings: Settings, *, min_reports: int | None = None) -> RenderedExport:
    """``data`` in format ``fmt`` (one of :data:`FORMATS`); ``min_reports`` overrides ``phone_feed_min_reports``."""
    if fmt not in FORMATS:
        raise ExportError(f"unknown export format {fmt!r}: use one of {', '.join(FORMATS)}")
    if fmt in ("csv", "csv-indicators", "json"):
        from hangup.cases.exports import csv_json  # noqa: PLC0415

        text = {"csv": csv_json.reports_csv, "csv-indicators": csv_json.indicators_csv,
                "json": csv_json.to_json}[fmt](data)
    elif fmt == "stix":
        from hangup.cases.exports.stix import to_stix  # noqa: PLC0415  # stix2 is slow to import

        text = to_stix(data, settings.share_tlp)
    elif fmt == "misp":
        from hangup.cases.exports.misp import to_misp  # noqa: PLC0415

        text = to_misp(data, settings.share_tlp)
    else:
        from hangup.cases.exports import feed  # noqa: PLC0415

        entries = feed.phone_feed(data, settings.phone_feed_min_reports if min_reports is None else min_reports)
        text = feed.feed_csv(entries) if fmt == "phone-feed" else feed.feed_list(entries)
    media_type, filename = _MEDIA[fmt]
    return RenderedExport(text=text, media_type=media_type, filename=filename, format=fmt)
