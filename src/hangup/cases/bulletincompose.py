"""Write a bulletin's first draft from its figures: the phrase pack's sentences, the advice pack's advice.

Honest wording for small numbers: below the pack's ``few_below`` the draft says the number is small
and gives no count per tactic; percentages appear only from ``percent_from`` reports (never "50%" of
two people); no reports at all gives a prevention message, not "0 reports".
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from hangup.advice import AdvicePack, load_pack
from hangup.cases.bulletincontent import BulletinContent
from hangup.cases.bulletinfigures import Figures
from hangup.cases.bulletinphrases import Phrases, fill, load_phrases
from hangup.cases.bulletinwords import capitalised, counted, day, listed, money, number, percent_text

#: Report channels as advice packs name message kinds.
CHANNEL_KINDS = {"call": "call", "email": "email", "text": "sms", "popup": "popup", "other": "text"}


@dataclass(frozen=True, slots=True)
class Period:
    """The filing dates a bulletin covers (``until`` inclusive; None: up to when it was drafted)."""

    since: date
    until: date | None = None


def _sentence(text: str) -> str:
    return capitalised(" ".join(text.split()))


def _lead(figures: Figures, phrases: Phrases, area: str, issuer: str, period: Period) -> list[str]:
    when = day(period.since, phrases.date)
    span = (fill(phrases.period_between, since=when, until=day(period.until, phrases.date)) if period.until
            else fill(phrases.period_since, since=when))
    if figures.reports == 0:
        return [_sentence(fill(phrases.lead_none, area=area, kind_many=phrases.kind_many, issuer=issuer,
                               period=span))]
    n = figures.reports
    have = ("has" if n == 1 else "have") if period.until is None else ""  # "between ... reported"
    lead = fill(phrases.lead, period=span, people=counted(n, "person", "people"), area=area, issuer=issuer,
                have=have, kind=phrases.kind_one if n == 1 else phrases.kind_many)
    sentences = [_sentence(lead), _money(figures, phrases)]
    if figures.remote_access_given:
        sentences.append(_sentence(fill(phrases.remote_access,
                                        cases=counted(figures.remote_access_given, "case", "cases"))))
    paragraphs = [" ".join(sentences)]
    details = []
    brands = [name for name, _ in figures.brands[: phrases.top_brands]]
    if brands:
        details.append(_sentence(fill(phrases.brands, brands=listed(brands, oxford_comma=phrases.oxford_comma))))
    channels = [phrases.channel_names[key] for key, _ in figures.channels if key in phrases.channel_names]
    if channels:
        details.append(_sentence(fill(phrases.channels, channels=listed(channels,
                                                                        oxford_comma=phrases.oxford_comma))))
    if details:
        paragraphs.append(" ".join(details))
    if n < phrases.few_below:
        paragraphs.append(_sentence(phrases.few_note))
    return paragraphs


def _money(figures: Figures, phrases: Phrases) -> str:
    n, lost = figures.reports, figures.money_lost
    total = money(figures.total_loss_minor, figures.currency)
    known = figures.loss_amounts_known > 0 and figures.total_loss_minor > 0
    if lost == 0:
        text = phrases.money_none_one if n == 1 else phrases.money_none
    elif n == 1:
        text = fill(phrases.money_one, total=total) if known else phrases.money_one_no_amount
    elif not known:
        text = fill(phrases.money_some_no_amount, lost=number(lost))
    elif n >= phrases.percent_from:
        text = fill(phrases.money_some_percent, lost=number(lost), total=total,
                    percent=percent_text(lost, n, phrases.percent))
    else:
        text = fill(phrases.money_some, lost=number(lost), total=total)
    if figures.other_currency and lost:
        text += " " + phrases.money_other
    return _sentence(text)


def _tactics(figures: Figures, phrases: Phrases) -> list[str]:
    items = []
    for tactic_id, name, reports in figures.tactics[: phrases.top_tactics]:
        text = phrases.tactics.get(tactic_id, name)
        if figures.reports >= phrases.few_below:
            text = fill(phrases.tactic_count, text=text.rstrip("."), reports=counted(reports, "report", "reports"))
            text = text if text.endswith(".") else text + "."
        items.append(_sentence(text))
    return items


def _advice(figures: Figures, phrases: Phrases, pack: AdvicePack) -> list[str]:
    items = list(pack.general[: phrases.general_advice])
    for tactic_id, _, _ in figures.tactics[: phrases.tactic_advice]:
        advice = pack.tactics.get(tactic_id)
        if advice and advice not in items:
            items.append(" ".join(advice.split()))
    return items


def _report_to(figures: Figures, phrases: Phrases, pack: AdvicePack) -> list[str]:
    kinds = {CHANNEL_KINDS.get(key, "text") for key, _ in figures.channels} or set(CHANNEL_KINDS.values())
    tactics = frozenset(t for t, _, _ in figures.tactics)
    items = []
    for entry in pack.report_to:
        if any(entry.applies(verdict="scam", kind=kind, tactic_ids=tactics) for kind in kinds):
            item = fill(phrases.report_item, name=entry.name, how=entry.how)
            if item not in items:
                items.append(item)
    return items


def compose(
    figures: Figures,
    *,
    area_name: str,
    period: Period,
    issuer: str,
    issued_on: date,
    jurisdiction: str,
    pack: AdvicePack | None = None,
) -> BulletinContent:
    """The first draft of a bulletin for ``area_name`` and ``period`` from ``figures``.

    ``issuer`` empty: the phrase pack's (``police``). ``pack``: the advice pack (default: the
    jurisdiction's shipped one).
    """
    phrases = load_phrases(jurisdiction)
    pack = pack or load_pack(jurisdiction)
    who = issuer.strip() or phrases.issuer
    closing = []
    if figures.money_lost and pack.if_already.get("paid"):
        closing.append(_sentence(fill(phrases.paid, step=pack.if_already["paid"][0])))
    closing.append(_sentence(fill(phrases.issued, issuer=who, date=day(issued_on, phrases.date))))
    return BulletinContent(
        language=phrases.language, issuer=capitalised(who), issued_on=issued_on,
        headline=_sentence(fill(phrases.headline, area=area_name, kind_many=phrases.kind_many, issuer=who)),
        summary=_lead(figures, phrases, area_name, who, period),
        tactics_heading=phrases.tactics_heading, tactics=_tactics(figures, phrases),
        advice_heading=phrases.advice_heading, advice=_advice(figures, phrases, pack),
        report_heading=phrases.report_heading, report=_report_to(figures, phrases, pack),
        closing=closing,
    )
