"""The text of a bulletin as analysts edit it: a headline, paragraphs and lists, never markup.

Every output (plain text, HTML, Markdown) is rendered from this one structure by
:mod:`hangup.cases.bulletinrender`, which escapes it for each format, so an analyst's edit cannot
break the HTML or inject a link. A web form can give one text box per field (one paragraph or item
per line).
"""

from __future__ import annotations

import re
from datetime import date
from typing import Annotated

from pydantic import AfterValidator, BaseModel, ConfigDict, Field, StringConstraints

_CONTROL = re.compile(r"[\x00-\x1f\x7f]")


def _one_line(value: str) -> str:
    value = " ".join(value.split())
    if _CONTROL.search(value):
        raise ValueError("must not contain control characters")
    return value


Line = Annotated[str, StringConstraints(min_length=1, max_length=300), AfterValidator(_one_line)]
Paragraph = Annotated[str, StringConstraints(min_length=1, max_length=3000), AfterValidator(_one_line)]


class BulletinContent(BaseModel):
    """A public warning bulletin's text. Lists hold one paragraph or one bullet point per item."""

    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)

    language: Annotated[str, StringConstraints(pattern=r"^[a-z]{2,3}(-[A-Z]{2})?$")] = Field(
        "en-GB", description="Language tag of the text (for the HTML lang attribute)."
    )
    issuer: Line = Field(description="Who issues the warning, e.g. Kent Police.")
    issued_on: date = Field(description="The date the warning is dated.")
    headline: Line = Field(description="The headline.")
    summary: list[Paragraph] = Field(min_length=1, max_length=12, description="The opening paragraphs.")
    tactics_heading: Line = Field(description="Heading of the list of what the scammers did.")
    tactics: list[Paragraph] = Field(default_factory=list, max_length=20, description="What the scammers did.")
    advice_heading: Line = Field(description="Heading of the advice.")
    advice: list[Paragraph] = Field(min_length=1, max_length=20, description="The advice, one point per item.")
    report_heading: Line = Field(description="Heading of where to report.")
    report: list[Paragraph] = Field(min_length=1, max_length=20, description="Where to report, one per item.")
    closing: list[Paragraph] = Field(default_factory=list, max_length=10, description="Closing paragraphs.")
