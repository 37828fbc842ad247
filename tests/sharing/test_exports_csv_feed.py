"""CSV and JSON exports and the call-blocking phone feed."""

from __future__ import annotations

import csv
import io
import json
from datetime import date

import pytest
from sharing_seed import CALLBACK_PHONE_E164, SCAM_PHONE_E164, Seeded

from hangup.cases.exports.csv_json import INDICATOR_COLUMNS, REPORT_COLUMNS, safe_cell
from hangup.cases.exports.feed import FEED_COLUMNS
from hangup.cases.exports.formats import render_export
from hangup.cases.exports.selection import build_export, make_selection, resolve_reports
from hangup.cases.store import CaseStore
from hangup.errors import ExportError


def _rows(text: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(text)))


def test_reports_csv_and_json(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, seeded = seeded_store
    data = build_export(store, make_selection(report_ids=seeded.campaign))
    rows = _rows(render_export(data, "csv", store.settings).text)
    assert list(rows[0]) == list(REPORT_COLUMNS)
    assert [r["reference"] for r in rows] == [seeded.references[i] for i in seeded.campaign]
    assert [r["amount"] for r in rows] == ["199.99", "450.00", ""]
    assert all(r["phones"] == SCAM_PHONE_E164 for r in rows)
    doc = json.loads(render_export(data, "json", store.settings).text)
    assert doc["summary"]["reports"] == 3 and doc["summary"]["money_lost"] == 2
    assert doc["summary"]["total_loss"] == {"GBP": "649.99"}
    assert doc["selection"]["campaign"] is True
    phone = next(i for i in doc["indicators"] if i["value"] == SCAM_PHONE_E164)
    assert phone["report_count"] == 3 and phone["first_seen"] == "2026-05-02T10:00:00Z"
    assert phone["last_seen"] == "2026-05-10T15:00:00Z"
    assert doc["reports"][0]["claimed_brands"][0] == "Microsoft"
    assert {"message_text", "area", "age_band", "contact", "suspicious_because"}.isdisjoint(doc["reports"][0])


def test_indicators_csv(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, _ = seeded_store
    data = build_export(store, make_selection(since=date(2026, 5, 1), until=date(2026, 5, 31)))
    rows = _rows(render_export(data, "csv-indicators", store.settings).text)
    assert tuple(rows[0]) == INDICATOR_COLUMNS
    phone = next(r for r in rows if r["value"] == SCAM_PHONE_E164)
    assert phone["type"] == "phone" and phone["report_count"] == "3"


def test_phone_feed_minimum_reports(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, _ = seeded_store
    data = build_export(store, make_selection(since=date(2026, 5, 1)))
    feed = render_export(data, "phone-feed", store.settings, min_reports=3).text
    rows = _rows(feed)
    assert tuple(rows[0]) == FEED_COLUMNS
    assert [r["number"] for r in rows] == [SCAM_PHONE_E164]
    assert rows[0]["first_seen"] == "2026-05-02T10:00:00Z" and rows[0]["report_count"] == "3"
    listed = render_export(data, "phone-list", store.settings, min_reports=2).text
    assert listed.splitlines() == [SCAM_PHONE_E164, CALLBACK_PHONE_E164]
    assert render_export(data, "phone-list", store.settings, min_reports=4).text == ""
    # the default comes from the setting phone_feed_min_reports (2)
    assert render_export(data, "phone-list", store.settings).text == listed


def test_selection_errors(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, seeded = seeded_store
    with pytest.raises(ExportError, match="choose a period"):
        make_selection()
    with pytest.raises(ExportError, match="after its start"):
        make_selection(since=date(2026, 5, 2), until=date(2026, 5, 1))
    with pytest.raises(ExportError, match="no reports"):
        make_selection(report_ids=[])
    with pytest.raises(ExportError, match="no report has the id or reference 999999, HU-2026-ZZZZ-ZZZZ"):
        resolve_reports(store, ["999999", "HU-2026-ZZZZ-ZZZZ"])
    first = seeded.campaign[0]
    assert resolve_reports(store, [seeded.references[first].lower(), str(seeded.campaign[1]), ""]) == sorted(
        seeded.campaign[:2])
    with pytest.raises(ExportError, match="unknown export format"):
        render_export(build_export(store, make_selection(report_ids=[first])), "xml", store.settings)


def test_period_bounds(seeded_store: tuple[CaseStore, Seeded]) -> None:
    store, _ = seeded_store
    may = build_export(store, make_selection(since=date(2026, 5, 1), until=date(2026, 5, 12)))
    assert len(may.reports) == 4  # the 12th is included, the April report is not
    assert make_selection(since=date(2026, 5, 1)).describe() == "filed since 2026-05-01"
    assert make_selection(since=date(2026, 5, 1), until=date(2026, 5, 31)).describe() == \
        "filed 2026-05-01 to 2026-05-31"


@pytest.mark.parametrize(("value", "expected"), [
    ("=HYPERLINK(\"x\")", "'=HYPERLINK(\"x\")"), ("+442079460991", "+442079460991"), ("-1", "-1"),
    ("@SUM(A1)", "'@SUM(A1)"), ("-cmd", "'-cmd"), ("plain", "plain"), ("", ""),
])
def test_formula_cells_are_defused(value: str, expected: str) -> None:
    assert safe_cell(value) == expected
