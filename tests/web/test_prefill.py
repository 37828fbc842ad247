"""From a checked message to report form values, and evidence marking, without HTTP."""

from __future__ import annotations

from webtools import ROOT, SCAM_TEXT

from hangup.detect.engine import Engine
from hangup.documents import read_bytes, read_text
from hangup.web.highlight import evidence_snippets, marked_message
from hangup.web.prefill import report_prefill
from hangup.web.reportform import parse_report_form


def test_call_prefill(engine: Engine) -> None:
    doc = read_text(SCAM_TEXT)
    values = report_prefill(doc, engine.analyse(doc))
    assert values["channel"] == "call"
    assert values["remote_access_tool"] == "AnyDesk" and values["remote_access_id"] == "482913776"
    assert values["payment_method"] == "gift_card" and values["paid_to_gift_card_type"] == "Google Play"
    assert "anydesk" not in values.get("websites", "")  # the tool's own download site is not the scammer's
    assert "Microsoft" in values["claimed_organisation"] and "Google" not in values["claimed_organisation"]
    parsed = parse_report_form(values)  # what the form would send back builds a valid report
    assert parsed.errors == [] and parsed.report is not None


def test_email_prefill_takes_the_sender(engine: Engine) -> None:
    doc = read_bytes((ROOT / "examples" / "fake-invoice.eml").read_bytes(), name="fake-invoice.eml")[0]
    values = report_prefill(doc, engine.analyse(doc))
    assert values["channel"] == "email"
    sender = doc.header("from") or ""
    assert values["emails"].splitlines()[0] in sender
    assert parse_report_form(values).errors == []


def test_bank_details_and_sms(engine: Engine) -> None:
    text = ("Your account is at risk. Move your money now to sort code 20-00-00 account number 55779911. "
            "Call 0800 123 4567")
    doc = read_text(text, kind="sms")
    values = report_prefill(doc, engine.analyse(doc))
    assert values["channel"] == "text"
    assert values["paid_to_sort_code"] == "200000" and values["paid_to_account_number"] == "55779911"
    assert values["phone_numbers"] == "+448001234567"


def test_snippets_mark_merged_evidence(engine: Engine) -> None:
    doc = read_text(SCAM_TEXT)
    verdict = engine.analyse(doc)
    impersonation = next(t for t in verdict.tactics if t.id == "IMPERSONATION")
    (snippet,) = evidence_snippets(doc.text, impersonation.evidence)
    marked = [p.text for p in snippet.parts if p.marked]
    assert marked == ["I am calling from the Windows technical department at Microsoft"]  # overlaps joined
    assert snippet.speaker == "Caller"
    lines, cut = marked_message(doc, verdict)
    assert not cut and len(lines) == len(doc.turns)
    assert "".join(p.text for p in lines[0].parts) == doc.turns[0].text
