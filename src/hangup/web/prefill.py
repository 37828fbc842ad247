"""From a checked message to a report form filled in with what the engine found.

The person can change every value before sending; nothing here is stored.
"""

from __future__ import annotations

from email.utils import getaddresses

from hangup.detect.verdict import IndicatorOut, Verdict
from hangup.documents import Document

#: Document kind -> report channel (the report form's "how were you contacted").
CHANNEL_OF_KIND = {"call": "call", "email": "email", "sms": "text", "popup": "popup", "chat": "other", "text": "other"}
_PAYMENT_PREFIXES = {"gift_card": "gift_card", "crypto": "crypto", "wire": "wire", "card": "card",
                     "bank_transfer": "bank_transfer", "cash": "other"}
MAX_MESSAGE_CHARS = 200_000  # the report schema's limit


def _distinct(values: list[str]) -> list[str]:
    return list(dict.fromkeys(v for v in values if v))


def _of(indicators: list[IndicatorOut], kind: str) -> list[str]:
    return _distinct([i.normalized for i in indicators if i.type == kind])


def _claimed(verdict: Verdict) -> str:
    """The companies the message claims to be from: brands named in the impersonation evidence, else the first."""
    brands = _of(verdict.indicators, "brand")
    quoted = " ".join(ev.text.lower() for t in verdict.tactics if t.id == "IMPERSONATION" for ev in t.evidence)
    claimed = [b for b in brands if b.lower() in quoted]
    return ", ".join(claimed[:3]) or next(iter(brands), "")


def _websites(indicators: list[IndicatorOut]) -> list[str]:
    """Web addresses in the message, except the download sites of remote-access programs it names."""
    tools = [t.lower().replace(" ", "") for t in _of(indicators, "remote_access_tool")]
    urls = _of(indicators, "url") or _of(indicators, "domain")
    return [u for u in urls if not any(tool and tool in u.lower() for tool in tools)]


def _payment(indicators: list[IndicatorOut]) -> tuple[str, str]:
    """(payment_method, gift card type) from the first payment method named."""
    for value in _of(indicators, "payment_method"):
        prefix, _, detail = value.partition(":")
        method = _PAYMENT_PREFIXES.get(prefix)
        if method:
            gift = detail.replace("_", " ").title() if method == "gift_card" and detail else ""
            return method, gift
    return "", ""


def _bank(indicators: list[IndicatorOut]) -> dict[str, str]:
    out: dict[str, str] = {}
    for value in _of(indicators, "bank_account"):
        label, _, number = value.partition(":")
        key = {"iban": "paid_to_iban", "sort_code": "paid_to_sort_code",
               "account_number": "paid_to_account_number"}.get(label)
        if key and key not in out:
            out[key] = number
    return out


def _senders(doc: Document) -> list[str]:
    """The addresses an email came from or asks replies to go to."""
    raw = [v for name in ("from", "reply-to") for v in doc.headers.get(name, [])]
    return [addr for _, addr in getaddresses(raw) if "@" in addr]


def report_prefill(doc: Document, verdict: Verdict) -> dict[str, str]:
    """Report form values (ReportIn field names; lists one item a line) drawn from a checked message."""
    ind = verdict.indicators
    method, gift = _payment(ind)
    wallets = _of(ind, "crypto_wallet")
    values = {
        "channel": CHANNEL_OF_KIND.get(doc.kind, "other"),
        "claimed_organisation": _claimed(verdict),
        "phone_numbers": "\n".join(_of(ind, "phone")),
        "emails": "\n".join(_distinct([*_senders(doc), *_of(ind, "email")])),
        "websites": "\n".join(_websites(ind)),
        "remote_access_tool": next(iter(_of(ind, "remote_access_tool")), ""),
        "remote_access_id": next(iter(_of(ind, "remote_access_id")), ""),
        "payment_method": method,
        "paid_to_gift_card_type": gift,
        "paid_to_crypto_wallet": wallets[0].partition(":")[2] if wallets else "",
        "message_text": doc.text[:MAX_MESSAGE_CHARS],
        **_bank(ind),
    }
    return {key: value for key, value in values.items() if value}
