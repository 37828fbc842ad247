"""Bulletins on SQLite and PostgreSQL: figures from the seeded reports, the draft -> edit -> approve
workflow with its history, and escaping in every output format."""

from __future__ import annotations

from datetime import date

import pytest
from bs4 import BeautifulSoup
from sharing_seed import seed

from hangup.cases.bulletins import (
    BulletinRequest,
    approve_bulletin,
    draft_bulletin,
    get_bulletin,
    get_version,
    list_bulletins,
    render,
    save_draft,
)
from hangup.cases.store import CaseStore
from hangup.errors import BulletinConflict, BulletinError, BulletinNotFound

TODAY = date(2026, 5, 28)
MAIDSTONE = BulletinRequest(area="ME1", since=date(2026, 5, 1), area_name="Maidstone")


def test_figures_and_words_match_the_seeded_reports(store: CaseStore) -> None:
    seed(store)
    record = draft_bulletin(store, MAIDSTONE, by="analyst1", today=TODAY)
    figures = record.figures
    assert (figures.reports, figures.money_lost, figures.total_loss_minor) == (5, 3, 67499)
    assert figures.remote_access_given == 2 and figures.currency == "GBP"
    assert dict(figures.brands)["Microsoft"] == 3 and dict(figures.channels) == {"call": 3, "email": 2}
    assert dict((t, n) for t, _, n in figures.tactics)["REMOTE_ACCESS"] == 2
    text = render(record.content, "text")
    flat = " ".join(text.split())
    assert "Since 1 May 2026, five people in Maidstone have reported computer support scams to Kent Police." in flat
    assert "In all, three of them lost money, a total of £674.99." in flat
    assert "In two cases, the scammers were given remote access" in flat
    assert "claimed to be from Microsoft, Norton and BT" in flat
    assert "This is a small number of reports" in flat
    assert "per cent" not in flat and "%" not in flat  # no percentages of five people
    assert "Asked people to install a remote-access program such as AnyDesk" in flat
    assert "Report Fraud: Report it online at reportfraud.police.uk" in flat  # from the UK advice pack
    assert "Suspicious Email Reporting Service" in flat  # emails were among the channels
    assert "7726 (scam texts)" not in flat  # no text messages were reported
    assert all(len(line) <= 76 for line in text.splitlines())


def test_a_closed_period_and_an_empty_area(store: CaseStore) -> None:
    seed(store)
    record = draft_bulletin(store, BulletinRequest(area="ME1", since=date(2026, 5, 1), until=date(2026, 5, 10),
                                                   area_name="Maidstone"), by="analyst1", today=TODAY)
    flat = " ".join(render(record.content, "text").split())
    assert record.figures.reports == 3 and record.until == date(2026, 5, 10)
    assert "Between 1 May 2026 and 10 May 2026, three people in Maidstone reported computer support" in flat
    empty = draft_bulletin(store, BulletinRequest(area="TN", since=date(2026, 5, 1), area_name="Tunbridge Wells"),
                           by="analyst1", today=TODAY)
    flat = " ".join(render(empty.content, "text").split())
    assert empty.figures.reports == 0 and not empty.content.tactics
    assert "No one in Tunbridge Wells has reported computer support scams" in flat
    assert " 0 " not in flat and "What the scammers did" not in flat


def test_draft_edit_approve_workflow(store: CaseStore) -> None:
    seed(store)
    draft = draft_bulletin(store, MAIDSTONE, by="analyst1", today=TODAY)
    assert (draft.status, draft.version, draft.approved, draft.created_by) == ("draft", 1, None, "analyst1")

    approved = approve_bulletin(store, draft.id, by="inspector2", expected_version=1)
    assert (approved.status, approved.approved_version, approved.approved_by) == ("approved", 1, "inspector2")
    assert approved.approved_at is not None and approved.approved == draft.content
    with pytest.raises(BulletinConflict, match="already approved"):
        approve_bulletin(store, draft.id, by="inspector2")

    edited = draft.content.model_copy(update={"headline": "Warning: computer scam calls in Maidstone"})
    saved = save_draft(store, draft.id, edited, by="analyst1", expected_version=1)
    assert (saved.status, saved.version, saved.approved_version) == ("draft", 2, 1)
    assert saved.approved is not None and saved.approved.headline == draft.content.headline  # still on record
    assert save_draft(store, draft.id, edited, by="analyst1").version == 2  # the same text: no new version
    with pytest.raises(BulletinConflict, match="now at version 2"):
        approve_bulletin(store, draft.id, by="inspector2", expected_version=1)  # approving a text not seen
    with pytest.raises(BulletinConflict):
        save_draft(store, draft.id, draft.content, by="analyst1", expected_version=1)

    final = approve_bulletin(store, draft.id, by="inspector3", expected_version=2)
    assert final.approved is not None and final.approved.headline == "Warning: computer scam calls in Maidstone"
    history = [(v.number, v.created_by, v.approved_by) for v in final.versions]
    assert history == [(1, "analyst1", "inspector2"), (2, "analyst1", "inspector3")]
    assert get_version(store, draft.id, 1) == draft.content
    assert get_bulletin(store, draft.id) == final
    listed = list_bulletins(store, status="approved")
    assert [(b.id, b.version, b.headline) for b in listed] == [(draft.id, 2, edited.headline)]
    assert list_bulletins(store, status="draft") == []


def test_missing_and_bad_requests(store: CaseStore) -> None:
    with pytest.raises(BulletinNotFound):
        get_bulletin(store, 12345)
    with pytest.raises(BulletinNotFound):
        approve_bulletin(store, 12345, by="x")
    with pytest.raises(BulletinError, match="user name"):
        draft_bulletin(store, MAIDSTONE, by="  ", today=TODAY)
    with pytest.raises(BulletinError, match="before its start"):
        draft_bulletin(store, BulletinRequest("ME1", date(2026, 5, 2), date(2026, 5, 1)), by="a", today=TODAY)
    with pytest.raises(BulletinError, match="future"):
        draft_bulletin(store, BulletinRequest("ME1", date(2026, 6, 2)), by="a", today=TODAY)
    with pytest.raises(BulletinError, match="name the area"):
        draft_bulletin(store, BulletinRequest("", date(2026, 5, 1)), by="a", today=TODAY)
    record = draft_bulletin(store, BulletinRequest("", date(2026, 5, 1), area_name="Kent"), by="a", today=TODAY)
    with pytest.raises(BulletinError, match="unknown bulletin format"):
        render(record.content, "pdf")


def test_every_format_escapes_what_analysts_type(store: CaseStore) -> None:
    record = draft_bulletin(store, MAIDSTONE, by="analyst1", today=TODAY)
    hostile = record.content.model_copy(update={
        "headline": "<script>alert(1)</script> & *urgent*",
        "summary": ["[click](http://evil.test) <img src=x onerror=alert(1)>", "# not a heading"],
    })
    record = save_draft(store, record.id, hostile, by="analyst1")
    html = render(record.content, "html")
    assert "<script>" not in html and "<img" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp; *urgent*" in html
    md = render(record.content, "md")
    assert md.startswith("# \\<script\\>alert(1)\\</script\\> \\& \\*urgent\\*\n")
    assert "\\[click\\](http://evil.test) \\<img" in md and "\n\\# not a heading\n" in md
    assert "<script>alert(1)</script> & *urgent*" in render(record.content, "text")


def test_html_is_accessible(store: CaseStore) -> None:
    seed(store)
    record = draft_bulletin(store, MAIDSTONE, by="analyst1", today=TODAY)
    soup = BeautifulSoup(render(record.content, "html"), "html.parser")
    assert soup.html is not None and soup.html["lang"] == "en-GB"
    assert soup.title is not None and soup.title.string == record.content.headline
    assert len(soup.find_all("h1")) == 1 and soup.main is not None
    for section in soup.find_all("section"):
        heading = section.find("h2")
        assert heading is not None and section["aria-labelledby"] == heading["id"]
        assert section.find("ul") is not None
    time = soup.find("time")
    assert time is not None and time["datetime"] == "2026-05-28"
    fragment = render(record.content, "html", full_document=False)
    assert fragment.startswith("<article") and "<html" not in fragment and "<style" not in fragment


def test_four_eyes_a_writer_cannot_approve_their_own_text(store: CaseStore) -> None:
    seed(store)
    draft = draft_bulletin(store, MAIDSTONE, by="analyst1", today=TODAY)
    assert approve_bulletin(store, draft.id, by="analyst1").approved_by == "analyst1"  # the default: allowed
    edited = draft.content.model_copy(update={"headline": "Scam calls in Maidstone"})
    save_draft(store, draft.id, edited, by="analyst1")
    store.settings = store.settings.model_copy(update={"bulletin_four_eyes": True})
    with pytest.raises(BulletinConflict, match="another analyst must approve it"):
        approve_bulletin(store, draft.id, by="analyst1")
    assert get_bulletin(store, draft.id).approved_version == 1  # nothing changed
    assert approve_bulletin(store, draft.id, by="inspector2").approved_by == "inspector2"
