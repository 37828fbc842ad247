"""HTML to readable text, keeping link targets visible: ``Click here (https://example.test/x)``.

Parsed by Lexbor (through selectolax), an HTML5 parser that builds the tree as a browser does, so
the text is what the reader of an email sees, however broken its markup.
"""

from __future__ import annotations

import logging
import re
from collections import Counter
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the parser is imported on first use: most input is not HTML
    from selectolax.lexbor import LexborHTMLParser, LexborNode

logger = logging.getLogger(__name__)

_DROP = ("script", "style", "head", "noscript", "template", "svg", "object", "embed", "iframe")
_BLOCKS = (
    "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "form", "hr", "title", "center",
)
_CRUDE_TAG = re.compile(r"<[^<>]{0,2000}>")
# Lexbor's time grows with the square of how deeply elements nest (200,000 nested <div>s: minutes).
# Markup with more than _MANY_TAGS tags is first measured; nested deeper than _MAX_DEPTH (no real
# email comes close), its tags are stripped crudely instead.
_MANY_TAGS = 5_000
_MAX_DEPTH = 1_000
# possessive quantifiers: a long run of name or attribute characters is read once, never retried
_TAG = re.compile(r"<(/?)([A-Za-z][\w:-]{0,30}+)[^<>]{0,2000}+>")
_HREF = re.compile(r"""<a\b[^<>]{0,2000}?\bhref\s*=\s*["']?([^"'\s<>]{1,2000}+)[^<>]{0,2000}+>""", re.IGNORECASE)
_VOID = frozenset({"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
                   "track", "wbr", "p", "li", "td", "th", "tr", "option"})  # and those closed implicitly


def _attr(node: LexborNode, name: str) -> str:
    value = node.attributes.get(name)
    return value.strip() if isinstance(value, str) else ""


def _link_text(text: str, href: str) -> str:
    if not href or href.startswith("#") or href.lower().startswith("javascript:"):
        return text
    if not text:
        return f" {href} "
    bare = href.removeprefix("mailto:").removeprefix("tel:")
    if text.rstrip("/") in {href.rstrip("/"), bare}:
        return text
    return f"{text} ({href})"


def links(markup: str) -> list[tuple[str, str]]:
    """``(text, href)`` of every link in ``markup``."""
    if too_deep(markup):
        return [("", m.group(1)) for m in _HREF.finditer(markup)]
    try:
        anchors = _parse(markup).css("a")
        return [(a.text(separator=" ", strip=True), _attr(a, "href")) for a in anchors if _attr(a, "href")]
    except (RecursionError, ValueError) as exc:
        logger.debug("could not list links: %s", exc)
        return []


def tidy(text: str) -> str:
    """Collapse runs of spaces in each line and of blank lines."""
    out: list[str] = []
    blank = False
    for line in text.split("\n"):
        squeezed = " ".join(line.split())
        if not squeezed:
            if out and not blank:
                out.append("")
            blank = True
            continue
        out.append(squeezed)
        blank = False
    return "\n".join(out).strip()


def _parse(markup: str) -> LexborHTMLParser:
    from selectolax.lexbor import LexborHTMLParser  # noqa: PLC0415 - see the note at the imports

    return LexborHTMLParser(markup)


def _render(tree: LexborHTMLParser) -> str:
    """Walk the tree without recursion (deep nesting must not overflow the stack)."""
    out: list[str] = []
    stack: list[LexborNode | str] = [tree.root] if tree.root is not None else []
    while stack:
        node = stack.pop()
        if isinstance(node, str):
            out.append(node)  # a marker pushed below
            continue
        name = node.tag or ""
        if name == "-text":
            out.append(node.text_content or "")
        elif name.startswith("-") or name in _DROP:  # comments, doctypes; scripts and styles
            continue
        elif name == "a":
            out.append(_link_text(node.text(separator=" ", strip=True), _attr(node, "href")))
        elif name == "img":
            alt = _attr(node, "alt")
            out.append(f" {alt} " if alt else " ")
        elif name == "br":
            out.append("\n")
        else:
            if name in _BLOCKS:
                out.append("\n")
                stack.append("\n")
            elif name in ("td", "th"):
                stack.append(" ")
            stack.extend(reversed(list(node.iter(include_text=True))))
    return "".join(out)


def too_deep(markup: str) -> bool:
    """Whether elements nest deeper than :data:`_MAX_DEPTH` (counted only in markup with many tags).

    As an HTML5 parser reads it: ``<div/>`` opens a div like ``<div>``, and a closing tag closes
    something only when an element of its name is open.
    """
    if markup.count("<") <= _MANY_TAGS:
        return False
    depth = 0
    opened: Counter[str] = Counter()
    for match in _TAG.finditer(markup):
        name = match.group(2).lower()
        if name in _VOID:
            continue
        if match.group(1):
            if opened[name] > 0:
                opened[name] -= 1
                depth -= 1
            continue
        opened[name] += 1
        depth += 1
        if depth > _MAX_DEPTH:
            return True
    return False


def _crude(markup: str) -> str:
    """Text of markup too deep to parse: link targets kept as ``(href)``, then tags dropped."""
    return tidy(_CRUDE_TAG.sub(" ", _HREF.sub(lambda m: f" ({m.group(1)}) ", markup)))


def html_to_text(markup: str) -> str:
    """Readable text of an HTML document: no scripts or styles, links as ``text (href)``."""
    if too_deep(markup):
        logger.debug("HTML nested too deeply; stripping tags crudely")
        return _crude(markup)
    try:
        return tidy(_render(_parse(markup)))
    except (RecursionError, ValueError) as exc:
        logger.debug("HTML parser failed (%s); stripping tags crudely", exc)
        return _crude(markup)
