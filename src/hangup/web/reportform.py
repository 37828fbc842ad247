"""The report form: its choices in plain words, and its fields to :class:`ReportIn` / :class:`ContactIn`.

Inputs are named after the schema's fields (contact details with a ``contact_`` prefix), so errors
from the schema point straight at the input to fix. Lists (phone numbers, emails, websites) are one
per line.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from pydantic import ValidationError
from starlette.datastructures import FormData

from hangup.cases.schema import ContactIn, ReportIn
from hangup.web.errors import FieldError

CHANNELS: dict[str, str] = {
    "call": "A phone call",
    "email": "An email",
    "text": "A text message",
    "popup": "A pop-up or warning on a computer screen",
    "other": "Another way, such as a chat or social media",
}
PAYMENT_METHODS: dict[str, str] = {
    "card": "Debit or credit card",
    "bank_transfer": "Bank transfer",
    "gift_card": "Gift cards or vouchers",
    "crypto": "Cryptocurrency, such as Bitcoin",
    "wire": "A money transfer service, such as Western Union",
    "other": "Another way",
}
AGE_BANDS: dict[str, str] = {
    "under_18": "Under 18", "18_24": "18 to 24", "25_34": "25 to 34", "35_44": "35 to 44", "45_54": "45 to 54",
    "55_64": "55 to 64", "65_74": "65 to 74", "75_84": "75 to 84", "85_plus": "85 or older",
    "prefer_not_to_say": "Prefer not to say",
}
YES_NO: dict[str, str] = {"yes": "Yes", "no": "No"}
REMOTE_TOOLS = ("AnyDesk", "TeamViewer", "Quick Assist", "UltraViewer", "LogMeIn", "ScreenConnect", "Zoho Assist",
                "Supremo", "RustDesk", "Chrome Remote Desktop")
CURRENCIES = {"uk": "GBP", "us": "USD"}

LIST_FIELDS = ("phone_numbers", "emails", "websites")
BOOL_FIELDS = ("remote_access_given", "money_lost")
TEXT_FIELDS = (
    "channel", "claimed_organisation", "remote_access_tool", "remote_access_id", "amount", "currency",
    "payment_method", "paid_to_account_number", "paid_to_sort_code", "paid_to_iban", "paid_to_card_merchant",
    "paid_to_gift_card_type", "paid_to_crypto_wallet", "suspicious_because", "message_text", "age_band", "area",
)
DATE_FIELDS = ("contacted_date", "contacted_time")
CONTACT_FIELDS = ("contact_name", "contact_email", "contact_phone")
#: Every input of the form that carries a value back when the form is shown again.
FORM_FIELDS = (*TEXT_FIELDS, *LIST_FIELDS, *BOOL_FIELDS, *DATE_FIELDS, *CONTACT_FIELDS, "consent_to_contact")
_SPLIT = re.compile(r"[\n,;]+")
_MODEL_ERROR_FIELD = {"report": "money_lost", "contact": "consent_to_contact"}
# Plain words for values of the wrong shape (the schema's own messages are kept for everything else).
_SHAPE_MESSAGES = {
    "amount": "Enter the amount as a number, for example 199.99.",
    "contacted_date": "Enter a real date and time, not in the future.",
}


@dataclass(slots=True)
class ParsedReport:
    """The form's values as typed, and the models built from them (None where they are invalid)."""

    values: dict[str, str]
    report: ReportIn | None = None
    contact: ContactIn | None = None
    errors: list[FieldError] = field(default_factory=list)


def form_values(form: FormData | dict[str, str]) -> dict[str, str]:
    """The form's known text fields, as typed (files and unknown fields left out)."""
    return {name: value for name in FORM_FIELDS if isinstance(value := form.get(name), str) and value}


def _items(value: str) -> list[str]:
    return [item.strip() for item in _SPLIT.split(value) if item.strip()]


def _contacted_at(values: dict[str, str]) -> str | None:
    day, time = values.get("contacted_date", "").strip(), values.get("contacted_time", "").strip()
    if not day:
        return None
    return f"{day}T{time}" if time else day


def _errors(exc: ValidationError, part: str, rename: dict[str, str]) -> list[FieldError]:
    out = []
    for err in exc.errors():
        loc = [str(p) for p in err["loc"]]
        name = rename.get(loc[0], loc[0]) if loc else _MODEL_ERROR_FIELD[part]
        message = str(err["msg"]).removeprefix("Value error, ")
        if err["type"] != "value_error" and name in _SHAPE_MESSAGES:
            message = _SHAPE_MESSAGES[name]
        out.append(FieldError(name, message[:1].upper() + message[1:]))
    return out


def first_message(exc: ValidationError) -> str:
    """The first validation message, without pydantic's "Value error, " prefix."""
    errors = exc.errors()
    return str(errors[0]["msg"]).removeprefix("Value error, ") if errors else "not valid"


def parse_report_form(form: FormData | dict[str, str]) -> ParsedReport:
    """Build the report and contact models from the form; field errors name the inputs to fix."""
    values = form_values(form)
    parsed = ParsedReport(values)
    raw: dict[str, Any] = {name: values.get(name) for name in TEXT_FIELDS}
    raw.update({name: _items(values.get(name, "")) for name in LIST_FIELDS})
    raw.update({name: values.get(name) == "yes" for name in BOOL_FIELDS})
    raw["contacted_at"] = _contacted_at(values)
    if not raw["channel"]:
        parsed.errors.append(FieldError("channel", "Choose how they contacted you."))
    else:
        try:
            parsed.report = ReportIn.model_validate(raw)
        except ValidationError as exc:
            parsed.errors.extend(_errors(exc, "report", {"contacted_at": "contacted_date"}))
    contact = {
        "consent_to_contact": values.get("consent_to_contact") == "yes",
        "name": values.get("contact_name"),
        "email": values.get("contact_email"),
        "phone": values.get("contact_phone"),
    }
    try:
        parsed.contact = ContactIn.model_validate(contact)
    except ValidationError as exc:
        parsed.errors.extend(_errors(exc, "contact", {"name": "contact_name", "email": "contact_email",
                                                      "phone": "contact_phone"}))
    return parsed
