"""HTML to readable text, keeping link targets visible: ``Click here (https://example.test/x)``."""

from __future__ import annotations

import logging
import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # bs4 is imported on first use: it is slow to import and most input is not HTML
    from bs4 import BeautifulSoup
    from bs4.element import Tag

logger = logging.getLogger(__name__)

_DROP = ("script", "style", "head", "noscript", "template", "svg", "object", "embed", "iframe")
_BLOCKS = (
    "p", "div", "tr", "li", "ul", "ol", "table", "h1", "h2", "h3", "h4", "h5", "h6",
    "blockquote", "pre", "section", "article", "header", "footer", "form", "hr", "title", "center",
)
_CRUDE_TAG = re.compile(r"<[^<>]{0,2000}>")


def _attr(tag: Tag, name: str) -> str:
    value = tag.get(name)
    if isinstance(value, str):
        return value.strip()
    if isinstance(value, list):
        return " ".join(str(v) for v in value).strip()
    return ""


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
    try:
        soup = _soup(markup)
        anchors = soup.find_all("a")
        return [(a.get_text(" ", strip=True), _attr(a, "href")) for a in anchors if _attr(a, "href")]
    except (RecursionError, AssertionError, ValueError) as exc:
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


def _soup(markup: str) -> BeautifulSoup:
    from bs4 import BeautifulSoup  # noqa: PLC0415 - see the note at the imports

    return BeautifulSoup(markup, "html.parser")


def _render(root: Tag) -> str:
    """Walk the tree without recursion or mutation (both are slow or unsafe on huge documents)."""
    from bs4.element import NavigableString, PageElement, PreformattedString, Tag  # noqa: PLC0415

    out: list[str] = []
    stack: list[PageElement | str] = list(reversed(root.contents))
    while stack:
        node = stack.pop()
        if isinstance(node, str) and not isinstance(node, PageElement):
            out.append(node)  # a marker pushed below
        elif isinstance(node, NavigableString):
            if not isinstance(node, PreformattedString):  # comments, doctypes, CDATA
                out.append(str(node))
        elif isinstance(node, Tag):
            name = (node.name or "").lower()
            if name in _DROP:
                continue
            if name == "a":
                out.append(_link_text(node.get_text(" ", strip=True), _attr(node, "href")))
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
                stack.extend(reversed(node.contents))
    return "".join(out)


def html_to_text(markup: str) -> str:
    """Readable text of an HTML document: no scripts or styles, links as ``text (href)``."""
    try:
        return tidy(_render(_soup(markup)))
    except (RecursionError, AssertionError, ValueError) as exc:
        logger.debug("HTML parser failed (%s); stripping tags crudely", exc)
        return tidy(_CRUDE_TAG.sub(" ", markup))
