"""A bulletin's text as plain text, HTML or Markdown, from the Jinja2 templates in ``data/bulletins``.

HTML is autoescaped (an analyst's ``<script>`` shows as text) and accessible: a language, one
``h1``, sections labelled by their ``h2``, lists as lists, the date in a ``time`` element. Markdown
escapes every character that would become markup. Plain text is wrapped at 76 columns.
"""

from __future__ import annotations

import re
import textwrap
from functools import lru_cache
from importlib import resources
from typing import Any, Literal, get_args

from hangup.cases.bulletincontent import BulletinContent
from hangup.cases.bulletinwords import day
from hangup.errors import BulletinError, ConfigError

BulletinFormat = Literal["text", "html", "md"]
BULLETIN_FORMATS: tuple[str, ...] = get_args(BulletinFormat)
WIDTH = 76
_TEMPLATES = {"text": "bulletin.txt.j2", "html": "bulletin.html.j2", "md": "bulletin.md.j2"}
_DATE_FORMATS = {"en-US": "{month} {day}, {year}"}
_MD_SPECIAL = re.compile(r"([\\`*_\[\]<>|~&])")
_MD_LINE_START = re.compile(r"^(\s*)([-+=>#]|\d+(?=[.)]))")


def md_escape(text: str) -> str:
    """``text`` with every character that Markdown would read as markup escaped."""
    escaped = _MD_SPECIAL.sub(r"\\\1", text)
    escaped = _MD_LINE_START.sub(lambda m: m.group(1) + ("\\" + m.group(2) if not m.group(2).isdigit()
                                                         else m.group(2) + "\\"), escaped)
    return escaped


def _wrap(text: str) -> str:
    return textwrap.fill(text, WIDTH, break_long_words=False, break_on_hyphens=False)


def _bullet(text: str) -> str:
    return textwrap.fill(text, WIDTH, initial_indent="- ", subsequent_indent="  ", break_long_words=False,
                         break_on_hyphens=False)


@lru_cache(maxsize=1)
def _environment() -> Any:
    try:
        import jinja2  # noqa: PLC0415  # only when a bulletin is rendered
    except ImportError as exc:
        raise ConfigError("bulletins need Jinja2: pip install 'hangup[sharing]'") from exc
    folder = resources.files("hangup.cases") / "data" / "bulletins"
    env = jinja2.Environment(
        loader=jinja2.FunctionLoader(lambda name: (folder / name).read_text(encoding="utf-8")),
        autoescape=jinja2.select_autoescape(enabled_extensions=("html.j2",), default_for_string=False),
        undefined=jinja2.StrictUndefined, trim_blocks=True, lstrip_blocks=True, keep_trailing_newline=True,
    )
    env.filters.update(md=md_escape, wrap=_wrap, bullet=_bullet)
    return env


def render(content: BulletinContent, fmt: str = "text", *, full_document: bool = True) -> str:
    """``content`` in ``fmt`` (text, html or md). ``full_document=False`` gives an HTML ``<article>`` to embed."""
    if fmt not in BULLETIN_FORMATS:
        raise BulletinError(f"unknown bulletin format {fmt!r}: use one of {', '.join(BULLETIN_FORMATS)}")
    values = content.model_dump()
    values["issued_on"] = content.issued_on.isoformat()
    values["date_text"] = day(content.issued_on, _DATE_FORMATS.get(content.language, "{day} {month} {year}"))
    values["full_document"] = full_document
    text: str = _environment().get_template(_TEMPLATES[fmt]).render(**values)
    return re.sub(r"\n{3,}", "\n\n", text).strip() + "\n"
