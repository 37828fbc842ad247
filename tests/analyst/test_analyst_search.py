"""Finding reports (SQLite FTS5 and PostgreSQL tsvector): words with stemming, references,
indicators however they are written, every filter, pages."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest
from analystkit import seed

from hangup.cases.linkrules import load_rules
from hangup.cases.search import ReportFilter, ReportPage, find_reports, has_fts
from hangup.cases.store import CaseStore


@pytest.fixture
def refs(store: CaseStore) -> dict[str, str]:
    return {
        "virus": seed(store, created_at=datetime(2026, 4, 1, tzinfo=UTC), channel="call", area="SW1A 1AA",
                      message_text="Your computer has a virus. Install AnyDesk now.", money_lost=True,
                      amount_minor=5000, currency="GBP", remote_access_given=True,
                      indicators=[("phone", "+448001234567"), ("remote_access_id", "anydesk:123456789"),
                                  ("brand", "Microsoft")], tactics=[("remote_access", "Asks for remote access")]),
        "refund": seed(store, created_at=datetime(2026, 4, 3, tzinfo=UTC), channel="email", area="Kent",
                       suspicious_because="They offered a refund and wanted gift cards",
                       indicators=[("email", "refunds@pc-helpdesk.net"), ("brand", "BT")]),
        "digits": seed(store, created_at=datetime(2026, 4, 5, tzinfo=UTC), channel="call",
                       message_text="Several viruses were found on your router",
                       indicators=[("remote_access_id", "123456789")]),
    }


def _find(store: CaseStore, **kwargs: object) -> ReportPage:
    with store.session() as session:
        return find_reports(session, load_rules(), ReportFilter(**kwargs),  # type: ignore[arg-type]
                            page_size=2, region="GB")


def _refs(page: ReportPage) -> list[str]:
    return [line.reference for line in page.lines]


def test_full_text_search(store: CaseStore, refs: dict[str, str]) -> None:
    with store.session() as session:
        assert has_fts(session)
    assert _refs(_find(store, q="refunded")) == [refs["refund"]]  # stemming: refunded, refund
    assert _refs(_find(store, q="ROUTERS")) == [refs["digits"]]
    assert _refs(_find(store, q="computer install")) == [refs["virus"]]
    assert _refs(_find(store, q="gift cards refund")) == [refs["refund"]]  # every word must be there
    assert _refs(_find(store, q="Kent")) == [refs["refund"]]
    assert _find(store, q="nothing like this").total == 0
    assert _find(store, q='" OR 1=1 -- NEAR(*)').total == 0  # query syntax is not passed through


def test_search_by_reference_and_indicator(store: CaseStore, refs: dict[str, str]) -> None:
    assert _refs(_find(store, q=refs["refund"].lower().replace("-", " "))) == [refs["refund"]]
    assert _refs(_find(store, q="0800 123 4567")) == [refs["virus"]]
    by_id = _find(store, q="AnyDesk 123 456 789")  # both spellings of the ID
    assert set(_refs(by_id)) == {refs["virus"], refs["digits"]} and any("remote access id" in n for n in by_id.notes)
    assert _refs(_find(store, q="REFUNDS@pc-helpdesk.net")) == [refs["refund"]]


def test_filters_and_pages(store: CaseStore, refs: dict[str, str]) -> None:
    everything = _find(store)
    assert everything.total == 3 and everything.pages == 2 and len(everything.lines) == 2
    assert _refs(_find(store, page=2)) == [refs["virus"]]
    assert _find(store, page=99).page == 2  # past the end: the last page
    assert _refs(_find(store, since=date(2026, 4, 2), until=date(2026, 4, 3))) == [refs["refund"]]
    assert _refs(_find(store, until=date(2026, 4, 1))) == [refs["virus"]]
    assert _refs(_find(store, area="sw1a")) == [refs["virus"]]
    assert _refs(_find(store, area="%")) == []  # LIKE wildcards are literal
    assert _refs(_find(store, channel="email")) == [refs["refund"]]
    assert _refs(_find(store, brand="Microsoft")) == [refs["virus"]]
    assert _refs(_find(store, tactic="remote_access")) == [refs["virus"]]
    assert _refs(_find(store, money_lost=True)) == [refs["virus"]]
    assert _find(store, money_lost=False).total == 2
    assert _refs(_find(store, remote_access=True)) == [refs["virus"]]
    assert _find(store, status="new").total == 3 and _find(store, status="closed").total == 0
    assert set(_refs(_find(store, indicator_type="remote_access_id", indicator="123456789"))) == {
        refs["virus"], refs["digits"]}
    assert _refs(_find(store, indicator_type="brand", indicator="BT")) == [refs["refund"]]
    assert _refs(_find(store, q="virus", channel="call", money_lost=True)) == [refs["virus"]]


def test_like_fallback_without_fts5(sqlite_store: CaseStore) -> None:
    with sqlite_store.session(write=True) as session:  # as on a SQLite built without FTS5
        for name in ("insert", "delete", "update"):
            session.connection().exec_driver_sql(f"DROP TRIGGER reports_fts_{name}")
        session.connection().exec_driver_sql("DROP TABLE reports_fts")
    ref = seed(sqlite_store, message_text="They wanted 100% of my savings in gift_cards")
    seed(sqlite_store, message_text="Nothing to see")
    with sqlite_store.session() as session:
        assert not has_fts(session)
    assert _refs(_find(sqlite_store, q="GIFT savings")) == [ref]
    assert _refs(_find(sqlite_store, q="100")) == [ref]
    assert _find(sqlite_store, q="savings unrelated").total == 0
