"""Context: who is talking to whom, and is this a scam or a warning about one?

A police warning uses every word a scammer uses. What differs is the framing: a scammer talks to
you ("install AnyDesk"), a warning talks about them ("scammers may ask you to install AnyDesk"),
a news story reports them ("he told me to install AnyDesk," she said). A genuine helpdesk call
that the person started may ask to connect remotely, but never for gift cards or secrecy. This
stage lowers the weight of findings (and, for calls the person started, of whole tactics)
accordingly; it never adds any. The phrases are data, in ``context.yaml``.
"""

from __future__ import annotations

import bisect
import re
from collections import defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

from hangup.detect.findings import Finding
from hangup.detect.regex import PatternSet, compile_pattern, union
from hangup.documents.model import Document
from hangup.errors import RuleError
from hangup.indicators.patterns import Scanner
from hangup.yamldata import load_yaml

# Fixed patterns free of nested repeats, so Python's engine is linear on them (and faster than
# RE2 for these). A sentence ends at . ! ? or a blank line; a single newline ends one only before
# a bullet, a number or a "Label:" (so hard-wrapped paragraphs stay whole).
_SENTENCE_END = re.compile(
    r"[.!?]+[\"'”’)]*(?:\s|$)|\n[ \t]*\n|\n(?=[ \t]*(?:[-*•·]|\d{1,2}[.)]\s|[A-Z][\w .'()-]{0,30}:\s))"
)
_LINE_END = re.compile(r"[.!?]+[\"'”’)]*(?:\s|$)|\n")
# a quote may wrap, not span paragraphs; an inch mark (12.9") opens none. In a conversation a quote
# stays within its line (_QUOTE_LINE): it cannot run from one turn into the next.
_QUOTE = re.compile(r"(?<!\d)[\"“](?:[^\"“”\n]|\n(?![ \t]*\n)){1,600}[\"”]")
_QUOTE_LINE = re.compile(r"(?<!\d)[\"“][^\"“”\n]{1,600}[\"”]")
_SCOPE = 150  # a warning word frames findings at most this many characters away, in its sentence
# Speech-to-text and captions often come without punctuation: one "sentence" of thousands of
# characters. A stretch longer than _LONG_SENTENCE is cut at spaces into pieces of about _PIECE, so
# that a talk about scams still counts its warning sentences (a real sentence is rarely that long).
_LONG_SENTENCE = 400
_PIECE = 250
OTHER_SPEAKER_FACTOR = 0.5
_NO_END = 1 << 62  # sorts after any real span end
_BULLET = re.compile(r"\s*(?:[-*•·]|\d{1,2}[.)])\s+")
_MAX_BULLETS = 12
_OPENING_TURNS = 4  # turns read for who opened a conversation
# another caller's words retold: "they told me to", "the man wanted me to", "someone rang and said I had to"
_RETOLD = re.compile(r"\b(?:they|he|she|someone|somebody|the\s+(?:caller|man|woman|guy|lady|scammer)"
                     r"|a\s+(?:man|woman|guy|lady))\s+(?:\S+\s+){0,6}?(?:told|asked|wanted|got|had)\s+me\s+to\b",
                     re.IGNORECASE)
_RETOLD_REACH = 150
_NEGATION = re.compile(r"\b(?:never|not|no|nobody|beware|avoid)\b|n['’]t\b", re.IGNORECASE)
# what may follow a warning at the end of a heading over a list: "We will NEVER:", "What we'll never do"
_HEADING_TAIL = re.compile(r"(?:ever\s+)?(?:do|ask|say)?(?:\s*you)?(?:\s*(?:to|for))?"
                           r"(?:\s*(?:do\s+)?the\s+following)?\s*[:\-–—]?", re.IGNORECASE)
_MAX_HEADING_TAIL = 40
# how chat apps mark a display name from outside the organisation ("Host (External)")
_OUTSIDE_TAG = re.compile(r"(?:external|guest|unverified|visitor|outside)\b")

# indexes into the prefilter set
_WARNING, _NARRATIVE, _USER, _CALLBACK, _ATTRIBUTION, _CUSTOMER, _TRUSTED = range(7)


@dataclass(frozen=True, slots=True)
class ContextReport:
    """What the context stage concluded about the document."""

    warning: bool  # the document reads as a warning, article or programme about scams
    warning_sentences: int  # sentences that warn or advise (not only mention scams)
    user_initiated: bool  # the person contacted the company themselves
    suspect: str | None  # in a conversation, the speaker the evidence points at
    tactic_factors: dict[str, float]  # multipliers for whole tactics (documents about scams, calls the user started)
    own_domain: str | None = None  # an email from, and linking only to, the company it names (detect/sender.py)


def _load(data: dict[str, Any] | None) -> dict[str, Any]:
    if data is not None:
        return data
    text = (resources.files("hangup.detect") / "context.yaml").read_text(encoding="utf-8")
    loaded = load_yaml(text)
    if not isinstance(loaded, dict):
        raise RuleError("context.yaml: expected a mapping")
    return loaded


def _speaker(doc: Document, position: int) -> str | None:
    """Who says the words at ``position`` (None outside turns or in a document without them)."""
    turn = doc.turn_at(position) if doc.turns else None
    return turn.speaker if turn is not None else None


def _inside(spans: list[tuple[int, int]], position: int) -> bool:
    """Whether ``position`` falls in one of ``spans`` (sorted, not overlapping), by bisection."""
    i = bisect.bisect_right(spans, (position, _NO_END)) - 1
    return i >= 0 and spans[i][0] <= position < spans[i][1]


def _sentence_ends(text: str, splitter: re.Pattern[str]) -> list[int]:
    """Where each sentence ends, unpunctuated stretches cut into pieces of about _PIECE characters."""
    ends: list[int] = []
    start = 0
    for end in [*(m.end() for m in splitter.finditer(text)), len(text)]:
        while end - start > _LONG_SENTENCE:
            cut = text.find(" ", start + _PIECE, end)
            if cut < 0 or end - cut < _PIECE // 2:
                break
            ends.append(cut + 1)
            start = cut + 1
        ends.append(end)
        start = end
    return ends


def _bullets_under(text: str, ends: list[int], index: int, warning_end: int) -> list[tuple[int, int]]:
    """The bulleted or numbered sentences (index, where the item's text starts) under a heading that
    ends in the warning ("What we will never do:" then "- Call you out of the blue ..."): the warning
    frames the list. Not when the heading goes on past it ("we will never ask for your PIN, only
    these three checks:"): the list is then what is asked."""
    if index >= len(ends):
        return []
    head_end = ends[index]
    rest = text[warning_end:head_end].strip()
    if len(rest) > _MAX_HEADING_TAIL or not _HEADING_TAIL.fullmatch(rest):
        return []
    found: list[tuple[int, int]] = []
    j = index + 1
    while j < min(len(ends), index + 1 + _MAX_BULLETS):
        bullet = _BULLET.match(text, ends[j - 1], ends[j])
        if bullet is None:
            break
        if bullet.end() >= ends[j] and j + 1 < len(ends):  # "1. " split off as a sentence of its own
            found.append((j + 1, ends[j]))
            j += 2
            continue
        found.append((j, bullet.end()))
        j += 1
    return found


class ContextAnalyzer:
    """Adjusts findings for warning framing, reported speech, user-started calls and speakers."""

    def __init__(self, data: dict[str, Any] | None = None) -> None:
        cfg = _load(data)
        try:
            warn, user, head = cfg["warning"], cfg["user_initiated"], cfg["headline"]
            self._sentence_factor = float(warn["sentence_factor"])
            self._document_factor = float(warn["document_factor"])
            self._document_share = float(warn["document_share"])
            self._min_sentences = int(warn["min_sentences"])
            self._min_signals = int(warn["min_signals"])
            self._user_min = int(user["min_matches"])
            self._user_factors: dict[str, float] = {k: float(v) for k, v in user["factors"].items()}
            self._conversation_only = frozenset(str(t) for t in user.get("conversation_only") or [])
            self._never_genuine = frozenset(str(r) for r in user.get("never_genuine") or [])
            self._never_together = [frozenset(str(t) for t in group) for group in user.get("never_together") or []]
            opening = user.get("opening_requests") or {}
            self._opening = compile_pattern(union(opening["patterns"])) if opening else None
            self._opening_chars = int(opening.get("chars", 300)) if opening else 0
            answering = opening.get("answering") or []
            self._answering = compile_pattern(union(answering)) if answering else None
            own_cfg = cfg["own_domain"]
            self._own_factors: dict[str, float] = {k: float(v) for k, v in own_cfg["factors"].items()}
            self._own_no_phone = {k: float(v) for k, v in (own_cfg.get("factors_without_phone") or {}).items()}
            self._own_signed = {k: float(v) for k, v in (own_cfg.get("factors_for_signed_vendors") or {}).items()}
            self._own_texts = {k: float(v) for k, v in (own_cfg.get("factors_for_texts") or {}).items()}
            self._head_window = int(head["window"])
            self._head_min = int(head["min_signals"])
            self._media = frozenset(str(s).lower() for s in cfg["media_speakers"])
            self._suspects = frozenset(str(s).lower() for s in cfg.get("suspect_speakers") or [])
            self._victims = frozenset(str(s).lower() for s in cfg.get("victim_speakers") or [])
            self._victim_factor = float(cfg.get("victim_factor", OTHER_SPEAKER_FACTOR))
            verdicts = list(warn.get("verdicts") or [])
            self._verdict = compile_pattern(union(verdicts)) if verdicts else None
            mentions = [*(warn.get("mentions") or []), *verdicts]
            self._mention = compile_pattern(union(mentions)) if mentions else None
            groups = [
                [*warn["patterns"], *mentions], cfg["narrative"]["patterns"], user["patterns"],
                cfg["callback_from_alert"]["patterns"], cfg["quotes"]["attribution"],
                user.get("customer_patterns") or ["$^"],
                (cfg.get("trusted_channel") or {}).get("patterns") or ["$^"],
            ]
            trusted = cfg.get("trusted_channel") or {}
            self._trusted_factors = {k: float(v) for k, v in (trusted.get("factors") or {}).items()}
            self._trusted_unless = compile_pattern(union(trusted["unless"])) if trusted.get("unless") else None
            self._regex = [compile_pattern(union(g)) for g in groups]
            self._headline = compile_pattern(union(head["patterns"]))
            turns = warn.get("clause_turns") or []
            self._clause_turn = compile_pattern(union(turns)) if turns else None
            exceptions = warn.get("exceptions") or []
            self._not_warning = compile_pattern(union(exceptions)) if exceptions else None
            self._any = PatternSet([union(g) for g in groups])  # which groups can match at all
        except (KeyError, TypeError, ValueError) as exc:
            raise RuleError(f"context.yaml: missing or invalid entry {exc}") from exc

    def apply(
        self, doc: Document, findings: list[Finding], scanner: Scanner | None = None, own_domain: str | None = None,
        phone: bool = True, headers: list[Finding] | None = None, signed_vendor: bool = False,
    ) -> tuple[list[Finding], ContextReport]:
        """The findings with context factors applied, and what was concluded.

        ``scanner``: the document's text already prepared (the engine shares one between stages).
        ``own_domain``: the email's own domain when its sender, name and links agree (detect/sender.py).
        ``phone``: whether the document holds a phone number (an own-domain email without one has no
        number to lure anyone to: ``factors_without_phone`` in context.yaml).
        ``headers``: an email's header findings; not adjusted, but what no genuine helpdesk does
        (``never_genuine``) counts there too. ``signed_vendor``: an own-domain email from a vendor
        that sends only its own words, passing DMARC (detect/sender.py): its phone number is for
        questions (``factors_for_signed_vendors``).
        """
        text = doc.text
        scanner = scanner if scanner is not None and scanner.text is text else Scanner(text)
        present = set(self._any.matching(scanner.data)) if findings else set()

        ends, warned, mentioned, advised, mention_at = self._warnings(doc, scanner, present)
        quote = _QUOTE_LINE if doc.turns else _QUOTE
        quotes = [m.span() for m in quote.finditer(text)] if _ATTRIBUTION in present else []

        def framed(f: Finding) -> bool:
            if _inside(quotes, f.start):
                return True
            positions = warned.get(bisect.bisect_right(ends, f.start), []) if warned else []
            return any(abs(p - f.start) <= _SCOPE and not self._turns_between(scanner, p, f.start, f.end)
                       for p in positions)

        in_frame = [framed(f) for f in findings]
        suspect = self._suspect(doc, findings, in_frame)
        # In a conversation, the suspect's own talk of "the fraudsters" is the bank-impersonation
        # script, not a warning: it frames none of the suspect's words, and only others' mentions
        # count towards the document being one.
        if suspect is not None and mention_at:
            for index, positions in warned.items():
                warned[index] = [p for p in positions if p not in mention_at or _speaker(doc, p) != suspect]
            in_frame = [framed(f) for f in findings]
        for index, start in mentioned.items():
            if suspect is None or _speaker(doc, start) != suspect:
                advised.add(index)
        is_warning = self._about_scams(doc, scanner, present, len(advised), findings, in_frame)
        suspect = None if is_warning else suspect
        # what no genuine helpdesk asks for counts when asked, not when warned about ("we'd never ask
        # you to pay by gift card"), nor when the other side retells another call ("someone rang me
        # and told me to buy Google Play gift cards")
        retold = [self._retold(doc, f, suspect) for f in findings]
        asked = [f for f, inside, told in zip(findings, in_frame, retold, strict=True) if not inside and not told]
        user_initiated = (self._user_started(doc, scanner, present, suspect)
                          and _CALLBACK not in present and not self._never_genuine_help([*asked, *(headers or [])]))

        adjusted: list[Finding] = []
        for finding, inside, told in zip(findings, in_frame, retold, strict=True):
            factor = 1.0
            if inside:
                factor *= self._sentence_factor
            speaker = _speaker(doc, finding.start)
            if speaker is not None and (speaker.lower() in self._victims or told):
                factor *= self._victim_factor  # mostly what they were told, asked back or reported
            elif suspect is not None and speaker is not None and speaker != suspect:
                factor *= OTHER_SPEAKER_FACTOR
            adjusted.append(finding.adjusted(factor, speaker))
        factors = dict(self._user_factors) if user_initiated else {}
        if user_initiated and not doc.turns and doc.kind not in ("call", "chat", "email"):
            factors = {t: f for t, f in factors.items() if t not in self._conversation_only}
        if _TRUSTED in present and not (self._trusted_unless and scanner.search(self._trusted_unless)):
            # it sends you to the number on your card to check it
            for tactic, factor in self._trusted_factors.items():
                factors[tactic] = min(factor, factors.get(tactic, 1.0))
        if own_domain is not None:
            if doc.kind == "email" and doc.headers:  # its sender checked too (detect/sender.py)
                own = {**self._own_factors, **({} if phone else self._own_no_phone),
                       **(self._own_signed if signed_vendor else {})}
            else:  # a text's links only
                own = {**self._own_texts, **({} if phone else self._own_no_phone)}
            for tactic, factor in own.items():
                factors[tactic] = min(factor, factors.get(tactic, 1.0))
        if is_warning:  # a document about scams: every tactic counts for little
            factors = {t: min(f, self._document_factor) for t, f in factors.items()}
            factors.update({f.tactic: self._document_factor for f in findings if f.tactic not in factors})
        report = ContextReport(is_warning, len(advised), user_initiated, suspect, factors, own_domain)
        return adjusted, report

    def _turns_between(self, scanner: Scanner, warning: int, start: int, end: int) -> bool:
        """Whether the warning's sentence turns into an instruction before the finding at ``start``
        ("..., so pay with gift cards"): what follows is asked for, not warned about."""
        if self._clause_turn is None or warning >= start:
            return False
        found = scanner.search(self._clause_turn, warning, min(len(scanner.text), end + 1))
        return found is not None and found[0][0] < start

    def _warnings(
        self, doc: Document, scanner: Scanner, present: set[int]
    ) -> tuple[list[int], dict[int, list[int]], dict[int, int], set[int], set[int]]:
        """Sentence ends; for each sentence with warning words, where they are; the sentences with
        only a mention of scams (``warning.mentions``) and where; the sentences that warn or advise;
        the positions of all mentions."""
        warned: dict[int, list[int]] = defaultdict(list)
        mentioned: dict[int, int] = {}
        advised: set[int] = set()
        mention_at: set[int] = set()
        if _WARNING not in present:
            return [], warned, mentioned, advised, mention_at
        text = doc.text
        ends = _sentence_ends(text, _LINE_END if doc.turns else _SENTENCE_END)
        excepted = [s[0] for s in scanner.finditer(self._not_warning)] if self._not_warning else []
        two_party = bool(doc.turns) and len(doc.speakers) < 3
        for spans in scanner.finditer(self._regex[_WARNING]):
            start, end = spans[0]
            if _inside(excepted, start):
                continue
            index = bisect.bisect_right(ends, start)
            warned[index].append(start)
            if _NEGATION.search(text, start, end):  # "What we will never do:" and its list (not
                for bullet in _bullets_under(text, ends, index, end):  # "they will ask you to:" and steps)
                    warned[bullet[0]].append(bullet[1])
            if start >= doc.own_end:
                continue  # an attachment's warnings frame its own words only: not the message's
            if self._mention is not None and self._mention.fullmatch(text[start:end]):
                mention_at.add(start)
                if not (two_party and self._verdict is not None and self._verdict.fullmatch(text[start:end])):
                    mentioned.setdefault(index, start)
            else:
                advised.add(index)
        return ends, warned, mentioned, advised, mention_at

    def _user_started(self, doc: Document, scanner: Scanner, present: set[int], suspect: str | None) -> bool:
        """Whether the words of the document show that the person contacted the company."""
        if doc.kind == "popup":  # nobody starts a pop-up ("You've reached the Windows Defender Security Center")
            return False
        hits = 0
        if _USER in present:  # a company's words ("thanks for calling"): not when the other side says them
            for spans in scanner.finditer(self._regex[_USER]):  # ("thank you for calling me")
                speaker = _speaker(doc, spans[0][0])
                hits += suspect is None or speaker is None or speaker == suspect
        if _CUSTOMER in present and doc.kind != "email":  # the customer's own words, not the suspect's
            # (an email's first person is its sender: "following up on ticket INC..." is not the reader's)
            for spans in scanner.finditer(self._regex[_CUSTOMER]):
                hits += suspect is None or _speaker(doc, spans[0][0]) != suspect
        return hits >= self._user_min or self._asked_first(doc, scanner, suspect)

    def _asked_first(self, doc: Document, scanner: Scanner, suspect: str | None) -> bool:
        """Whether the conversation opens with the other speaker asking the suspect for help
        ("The printer won't print again. Can you look at it?"): they started it."""
        if suspect is None or self._opening is None:
            return False
        # the first turn someone says (a chat export may open with a line from the app itself)
        spoken = [turn for turn in doc.turns[:_OPENING_TURNS] if turn.speaker]
        first = spoken[0] if spoken else None
        if first is not None and first.speaker == suspect and self._answering is not None:
            answered = scanner.search(self._answering, first.offset, first.offset + min(len(first.text), 200))
            first = next((t for t in spoken if t.speaker != suspect), None) if answered is not None else first
        if first is None or first.speaker == suspect:
            return False
        end = first.offset + min(len(first.text), self._opening_chars)
        return scanner.search(self._opening, first.offset, end) is not None

    def _retold(self, doc: Document, finding: Finding, suspect: str | None) -> bool:
        """Whether a finding is someone other than the suspect retelling what another caller told
        them to do ("They told me to install AnyDesk ... then buy Google Play gift cards")."""
        speaker = _speaker(doc, finding.start)
        if suspect is None or speaker is None or speaker == suspect:
            return False
        turn = doc.turn_at(finding.start)
        start = max(turn.offset if turn is not None else 0, finding.start - _RETOLD_REACH)
        return _RETOLD.search(doc.text, start, finding.start) is not None

    def _never_genuine_help(self, findings: list[Finding]) -> bool:
        """Whether the findings hold what no genuine helpdesk does, whoever started the call."""
        if any(f.rule_id in self._never_genuine for f in findings):
            return True
        tactics = {f.tactic for f in findings}
        return any(group <= tactics for group in self._never_together)

    def _about_scams(
        self, doc: Document, scanner: Scanner, present: set[int], sentences: int, findings: list[Finding],
        in_frame: list[bool],
    ) -> bool:
        """Whether the whole document is a warning, article or programme about scams (read in the
        message's own text: an attachment's warnings do not make the message one)."""
        own_end = doc.own_end  # not in attachments
        own = [inside for f, inside in zip(findings, in_frame, strict=True) if f.start < own_end]
        if not own:
            return False
        share = sum(own) / len(own)
        if sentences >= self._min_sentences and share >= self._document_share:
            return True
        narrative = (sum(1 for _ in scanner.finditer(self._regex[_NARRATIVE], 0, own_end))
                     if _NARRATIVE in present else 0)
        signals = sentences + narrative
        if signals >= self._min_signals:
            return True
        head_end = min(own_end, self._head_window)
        if signals >= self._head_min and scanner.search(self._headline, 0, head_end) is not None:
            return True
        return signals >= 1 and any(self._is_media(s) for s in doc.speakers)

    def _is_media(self, speaker: str) -> bool:
        """Whether a speaker is a programme's ("Host", "Presenter (Jo Brand)"); a chat's display name
        marked as from outside ("Host (External)", "Guest (Unverified)") is whatever its owner typed."""
        name, _, tag = speaker.lower().partition(" (")
        return name in self._media and not _OUTSIDE_TAG.match(tag)

    def _suspect(self, doc: Document, findings: list[Finding], in_frame: list[bool]) -> str | None:
        """The speaker the evidence points at: one the transcript names as the criminal, else the
        one with the most weight of findings (words framed as a warning count for little; the
        transcript's writer, "Me", is never the suspect)."""
        if len(doc.speakers) < 2:
            return None
        named = [s for s in doc.speakers if s.lower() in self._suspects]
        if len(named) == 1:
            return named[0]
        totals: dict[str, float] = defaultdict(float)
        for f, inside in zip(findings, in_frame, strict=True):
            turn = doc.turn_at(f.start)
            if turn is not None and turn.speaker and turn.speaker.lower() not in self._victims:
                totals[turn.speaker] += f.weight * (self._sentence_factor if inside else 1.0)
        if not totals:
            return None
        return max(totals, key=lambda s: totals[s])
