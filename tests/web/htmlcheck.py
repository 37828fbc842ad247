"""Static accessibility checks on a page's HTML: the parts a parser can prove (axe-core does the rest in Chromium)."""

from __future__ import annotations

from dataclasses import dataclass, field
from html.parser import HTMLParser

_UNLABELLED_TYPES = {"hidden", "submit", "button", "reset", "image"}


@dataclass
class PageFacts:
    lang: str | None = None
    title: str = ""
    ids: list[str] = field(default_factory=list)
    label_for: set[str] = field(default_factory=set)
    controls: list[tuple[str, str]] = field(default_factory=list)  # (tag/type, id)
    headings: list[int] = field(default_factory=list)
    links: list[str] = field(default_factory=list)
    scripts: list[str] = field(default_factory=list)
    inline_scripts: int = 0
    styles: list[str] = field(default_factory=list)
    style_attributes: int = 0
    forms: list[dict[str, str]] = field(default_factory=list)
    hidden_fields: dict[str, str] = field(default_factory=dict)


class _Parser(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.facts = PageFacts()
        self._in_title = False
        self._in_script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        a = {k: v or "" for k, v in attrs}
        facts = self.facts
        if "id" in a:
            facts.ids.append(a["id"])
        if "style" in a:
            facts.style_attributes += 1
        if tag == "html":
            facts.lang = a.get("lang")
        elif tag == "title":
            self._in_title = True
        elif tag == "label" and "for" in a:
            facts.label_for.add(a["for"])
        elif tag in ("input", "select", "textarea"):
            kind = a.get("type", "text") if tag == "input" else tag
            if kind == "hidden":
                facts.hidden_fields[a.get("name", "")] = a.get("value", "")
            if kind not in _UNLABELLED_TYPES:
                facts.controls.append((kind, a.get("id", "")))
        elif tag in ("h1", "h2", "h3", "h4", "h5", "h6"):
            facts.headings.append(int(tag[1]))
        elif tag == "a" and "href" in a:
            facts.links.append(a["href"])
        elif tag == "script":
            if a.get("src"):
                facts.scripts.append(a["src"])
            else:
                self._in_script = True
                facts.inline_scripts += 1
        elif tag == "link" and a.get("rel") == "stylesheet":
            facts.styles.append(a.get("href", ""))
        elif tag == "form":
            facts.forms.append(a)

    def handle_endtag(self, tag: str) -> None:
        if tag == "title":
            self._in_title = False
        if tag == "script":
            self._in_script = False

    def handle_data(self, data: str) -> None:
        if self._in_title:
            self.facts.title += data


def page_facts(html: str) -> PageFacts:
    parser = _Parser()
    parser.feed(html)
    return parser.facts


def accessibility_problems(html: str) -> list[str]:
    """What a parser can tell is wrong: language, title, labels, unique ids, heading order, skip link, CSP-safe."""
    facts = page_facts(html)
    problems = []
    if not facts.lang:
        problems.append("no lang attribute on <html>")
    if not facts.title.strip():
        problems.append("no <title>")
    for kind, ident in facts.controls:
        if not ident or ident not in facts.label_for:
            problems.append(f"{kind} control {ident or '(no id)'} has no <label for>")
    dupes = {i for i in facts.ids if facts.ids.count(i) > 1}
    if dupes:
        problems.append(f"duplicate ids: {sorted(dupes)}")
    if facts.headings[:1] != [1]:
        problems.append(f"the first heading is not an h1: {facts.headings[:3]}")
    for before, after in zip(facts.headings, facts.headings[1:], strict=False):
        if after > before + 1:
            problems.append(f"heading level jumps from h{before} to h{after}")
    if not facts.links or facts.links[0] != "#main" or "main" not in facts.ids:
        problems.append("the first link is not a skip link to #main")
    if facts.inline_scripts or facts.style_attributes:
        problems.append("inline script or style attribute (blocked by the CSP)")
    for src in [*facts.scripts, *facts.styles]:
        if not src.startswith("/"):
            problems.append(f"asset not served locally: {src}")
    return problems
