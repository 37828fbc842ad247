"""Wording from figures alone: honest about small numbers, percentages only of enough reports."""

from __future__ import annotations

from datetime import date

from hangup.cases.bulletincompose import Period, compose
from hangup.cases.bulletinfigures import Figures
from hangup.cases.bulletinrender import render

TACTICS = (("REMOTE_ACCESS", "Asks for remote access to your computer", 30),
           ("PAYMENT_DEMAND", "Asks for money in a way scammers use", 12),
           ("NEW_TACTIC", "Does something new", 1))


def _figures(reports: int, lost: int, loss: int = 0, **more: object) -> Figures:
    values: dict[str, object] = {
        "reports": reports, "money_lost": lost, "total_loss_minor": loss, "loss_amounts_known": lost if loss else 0,
        "currency": "GBP", "other_currency": 0, "remote_access_given": 0, "tactics": TACTICS, "channels": (),
        "brands": (), **more,
    }
    return Figures(**values)  # type: ignore[arg-type]


def _text(figures: Figures, jurisdiction: str = "uk", until: date | None = None) -> str:
    content = compose(figures, area_name="Kent", period=Period(date(2026, 1, 1), until), issuer="",
                      issued_on=date(2026, 6, 1), jurisdiction=jurisdiction)
    return " ".join(render(content, "text").split())


def test_many_reports_get_percentages_and_counts() -> None:
    text = _text(_figures(40, 5, 1_234_500))
    assert "Since 1 January 2026, 40 people in Kent have reported computer support scams to police." in text
    assert "In all, five of them (13 per cent) lost money, a total of £12,345." in text
    assert "(30 reports)." in text and "(one report)" in text  # per-tactic counts from ten reports up
    assert "small number" not in text
    assert "Does something new" in text  # a tactic without plain words falls back to its catalogue name


def test_few_reports_get_no_percentages() -> None:
    text = _text(_figures(8, 4, 100_000))
    assert "eight people" in text and "In all, four of them lost money, a total of £1,000." in text
    assert "per cent" not in text and "(30 reports)" not in text and "small number of reports" in text


def test_one_report() -> None:
    assert "one person in Kent has reported a computer support scam" in _text(_figures(1, 1, 19999))
    assert "They lost £199.99." in _text(_figures(1, 1, 19999))
    assert "They did not lose any money." in _text(_figures(1, 0))
    assert "They lost money." in _text(_figures(1, 1, 0))  # amount not given


def test_amounts_not_given_and_other_currencies() -> None:
    assert "In all, two of them lost money." in _text(_figures(3, 2, 0))
    text = _text(_figures(12, 3, 5000, other_currency=1))
    assert "Some losses were in other currencies" in text


def test_us_wording() -> None:
    text = _text(_figures(40, 5, 1_234_500, currency="USD", brands=(("Microsoft", 9), ("Apple", 3), ("Norton", 1)),
                          channels=(("call", 30), ("popup", 10))), "us", until=date(2026, 3, 31))
    assert "Between January 1, 2026 and March 31, 2026, 40 people in Kent reported tech support scams" in text
    assert "(13 percent)" in text and "$12,345" in text
    assert "Microsoft, Apple, and Norton" in text  # Oxford comma
    assert "by phone call and pop-up warning on the computer screen" in text
    assert "Federal Trade Commission" in text and "June 1, 2026" in text
