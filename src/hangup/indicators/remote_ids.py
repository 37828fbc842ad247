"""IDs and codes read out for remote-access tools ("my AnyDesk address is 123 456 789").

A number counts only with context: a remote-access tool named at most 80 characters before it, or
one of the words "id", "code", "address", "session", "pin", "nine-digit number" at most 60 characters
before it (a line break between them is fine: the number is often read out in the next turn) — and not
"sort code", "post code", "order id", "security code" and the like. Without a tool the number must
have 6 to 12 digits. ``normalized`` is the digits, prefixed by the tool when known
("anydesk:123456789"). AnyDesk aliases ("name@ad") count too.
"""

from __future__ import annotations

from bisect import bisect_right
from collections.abc import Iterator, Sequence

from hangup.indicators.model import Indicator
from hangup.indicators.patterns import Scanner, compile_re2

TOOL_WINDOW = 80
_NUMBER = r"\d(?:[ \-]?\d){5,13}"
_NEGATIVE = (
    "sort|post|postal|zip|promo|promotional|discount|area|country|security|verification|tracking|"
    "order|reference|ref|customer|account|card|bank|swift|bic|routing|confirmation|voucher|gift|claim|"
    "redemption|coupon|branch|tax|product|serial|employee|case|invoice|transaction|booking|membership|"
    "certification|badge|staff|agent|technician|licen[cs]e|member|student|passport|national|vat|"
    "error|patient|company|refund|policy|ticket|receipt|social|ssn|tax|zip"
)
# "read me the nine-digit number" / "It says 482 913 776": the gap may cross into the next turn
_KEYWORD = compile_re2(
    rf"\b(?:(?P<neg>{_NEGATIVE})[\s\-]+)?"
    rf"(?P<kw>ids?|code|address|session|pin|(?:nine|ten|six|9|10|6)[\s\-]+digit\s+(?:number|code|id))\b"
    rf"(?P<gap>[^0-9]{{0,60}}?)\b(?P<num>{_NUMBER})\b"
)
_NEG_GROUP: int = _KEYWORD.groupindex["neg"]
_GAP_GROUP: int = _KEYWORD.groupindex["gap"]
_NUM_GROUP: int = _KEYWORD.groupindex["num"]
_AFTER_TOOL = compile_re2(rf"^([^0-9\n]{{0,60}}?)\b({_NUMBER})\b")
_GAP_KEYWORD = compile_re2(r"\b(?:ids?|code|address|session|pin|number)\b")
# In the gap between a tool name and a number: the number is something else.
_GAP_OTHER = compile_re2(
    rf"\b(?:(?:{_NEGATIVE})[\s\-]+(?:ids?|code|number|no)|phone|call|ring|dial|telephone|mobile|tel)\b"
)
_ALIAS = compile_re2(r"\b[a-z0-9][a-z0-9._\-]{1,30}@ad\b")
# "© 1999-2025": a span of years, not an ID
_YEARS = compile_re2(r"^(?:19|20)\d\d\s?-\s?(?:19|20)\d\d$")
# Match wherever _KEYWORD and _ALIAS do (case-insensitive): the key word itself, "@ad".
KEYWORD_GATE = r"\b(?:ids?|code|address|session|pin)\b|digit\s+(?:number|code|id)\b"
ALIAS_GATE = r"@ad"


def _number_span(text: str, start: int, end: int) -> tuple[int, int, str]:
    """Trim a digit run to one ID: a first group of 6+ digits stands alone; otherwise groups are
    joined while the total stays within 12 digits. Returns (start, end, digits)."""
    run = text[start:end]
    groups: list[tuple[int, int]] = []
    i = 0
    while i < len(run):
        j = i
        while j < len(run) and run[j].isdigit():
            j += 1
        groups.append((i, j))
        i = j + 1
    first_start, first_end = groups[0]
    if first_end - first_start >= 6:
        return start, start + first_end, run[:first_end]
    total = 0
    last = first_end
    for g_start, g_end in groups:
        if total + (g_end - g_start) > 12:
            break
        total += g_end - g_start
        last = g_end
    digits = "".join(ch for ch in run[:last] if ch.isdigit())
    return start, start + last, digits


def _tool_key(name: str) -> str:
    return "".join(name.lower().split())


def _overlaps(start: int, end: int, spans: Sequence[tuple[int, int]]) -> bool:
    return any(s < end and start < e for s, e in spans)


def find_remote_ids(
    scanner: Scanner,
    tools: Sequence[Indicator],
    phones: Sequence[Indicator],
    *,
    keywords: bool = True,
    aliases: bool = True,
) -> Iterator[Indicator]:
    """Remote-access IDs, given the tool names and phone numbers already found in the text.

    ``keywords=False`` / ``aliases=False`` skip the scans after id/code words / for AnyDesk aliases
    (for a text known not to match :data:`KEYWORD_GATE` / :data:`ALIAS_GATE`).
    """
    text = scanner.text
    phone_spans = [(p.start, p.end) for p in phones]
    seen: set[int] = set()
    tools_by_end = sorted(tools, key=lambda t: t.end)
    tool_ends = [t.end for t in tools_by_end]
    # 1. right after a tool name
    for tool in tools:
        window = text[tool.end : tool.end + TOOL_WINDOW]
        match = _AFTER_TOOL.search(window)
        if match is None:
            continue
        s, e = match.span(2)
        start, end, digits = _number_span(text, tool.end + s, tool.end + e)
        gap = window[: match.start(2)]
        if _GAP_OTHER.search(gap) is not None:
            continue
        if _overlaps(start, end, phone_spans) and _GAP_KEYWORD.search(gap) is None:
            continue
        if len(digits) < 6 or start in seen:
            continue
        seen.add(start)
        normalized = f"{_tool_key(tool.normalized)}:{digits}"
        yield Indicator("remote_access_id", text[start:end], normalized, start, end)
    # 2. after an id/code word
    for spans in scanner.finditer(_KEYWORD) if keywords else ():
        if spans[_NEG_GROUP][0] >= 0:
            continue
        gap_start, gap_end = spans[_GAP_GROUP]
        if gap_end > gap_start and _GAP_OTHER.search(text[gap_start:gap_end]) is not None:
            continue
        s, e = spans[_NUM_GROUP]
        start, end, digits = _number_span(text, s, e)
        if start in seen or not 6 <= len(digits) <= 12 or _YEARS.search(text[start:end]) is not None:
            continue
        i = bisect_right(tool_ends, start) - 1  # the last tool name ending before the number
        near = tools_by_end[i] if i >= 0 and start - tools_by_end[i].end <= TOOL_WINDOW else None
        if near is None and _overlaps(start, end, phone_spans):
            continue
        seen.add(start)
        normalized = f"{_tool_key(near.normalized)}:{digits}" if near else digits
        yield Indicator("remote_access_id", text[start:end], normalized, start, end)
    # 3. AnyDesk aliases
    for spans in scanner.finditer(_ALIAS) if aliases else ():
        start, end = spans[0]
        if end < len(text) - 1 and text[end] == "." and text[end + 1].isalnum():
            continue  # part of an e-mail address such as john@ad.example
        value = text[start:end]
        yield Indicator("remote_access_id", value, f"anydesk:{value.lower()}", start, end)
