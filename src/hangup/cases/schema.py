"""What a report is made of, as it comes in and as the reporter sees it back.

These pydantic models are the contract between the faces (web form, JSON API, ``hangup report add``)
and the case store (:mod:`hangup.cases.store`). Field names are stable: a web form can name its
inputs after them and build the models straight from the submitted values.

- :class:`ReportIn`: the facts of one scam attempt, as reporting services ask for them (how and when
  the person was contacted, who the caller claimed to be, numbers/emails/websites used, remote access,
  money lost and where it went, what made them suspicious, the message itself, age band and area).
- :class:`ContactIn`: the reporter's consent to be contacted and their contact details. Kept apart
  from the facts: it is stored in its own table and can be deleted on its own.
- :class:`AttachmentIn`: one evidence file (.eml, .txt, .srt/.vtt, screenshot, recording). Size, count
  and type limits are configurable and checked by :class:`hangup.cases.attachments.AttachmentPolicy`.
- :class:`InformationIn`: more information the reporter adds later with their secret.
- :class:`ReportReceipt`: the reference number and the secret handed back once, on submission.
- :class:`ReportView`: what the reporter may see back with the reference and secret.

Validation errors are pydantic ``ValidationError`` with plain-English messages; faces turn them into
a 422 or an exit code 2.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta
from decimal import Decimal
from typing import Annotated, Literal, get_args

from pydantic import BaseModel, ConfigDict, Field, StringConstraints, field_validator, model_validator

from hangup.cases import fields
from hangup.cases.fields import (
    IDEMPOTENCY_KEY,
    MAX_FREE_TEXT_CHARS,
    MAX_LIST_ITEMS,
    MAX_MESSAGE_CHARS,
    Email,
    FreeText,
    Phone,
    ShortText,
    Website,
    explain,
    field_errors,
    iban_is_valid,
)

Channel = Literal["call", "email", "text", "popup", "other"]
CHANNELS: tuple[str, ...] = get_args(Channel)

PaymentMethod = Literal["card", "bank_transfer", "gift_card", "crypto", "wire", "other"]
PAYMENT_METHODS: tuple[str, ...] = get_args(PaymentMethod)

AgeBand = Literal[
    "under_18", "18_24", "25_34", "35_44", "45_54", "55_64", "65_74", "75_84", "85_plus", "prefer_not_to_say"
]
AGE_BANDS: tuple[str, ...] = get_args(AgeBand)

Status = Literal["new", "reviewed", "linked", "closed"]
STATUSES: tuple[str, ...] = get_args(Status)

Via = Literal["web", "api", "cli"]

__all__ = [
    "AGE_BANDS", "CHANNELS", "IDEMPOTENCY_KEY", "MAX_FREE_TEXT_CHARS", "MAX_LIST_ITEMS", "MAX_MESSAGE_CHARS",
    "PAYMENT_METHODS", "STATUSES", "AdditionView", "AgeBand", "AttachmentIn", "AttachmentInfo", "Channel",
    "ContactIn", "InformationIn", "PaymentMethod", "ReportIn", "ReportReceipt", "ReportView", "Status",
    "TacticSeen", "VerdictSummary", "Via", "explain", "field_errors", "iban_is_valid",
]

EARLIEST = datetime(1990, 1, 1, tzinfo=UTC)
CLOCK_SKEW = timedelta(days=1)  # "when" may be a little ahead: time zones, a wrong clock


class _Model(BaseModel):
    model_config = ConfigDict(extra="forbid", str_strip_whitespace=True)


class ReportIn(_Model):
    """The facts of one scam attempt. Only ``channel`` is required; everything else helps.

    ``payment_method`` and the ``paid_to_*`` fields may be filled even when no money was lost: where
    the scammer asked for money to be sent is evidence too. An ``amount`` needs ``money_lost``.
    """

    channel: Channel = Field(description="How the person was contacted: call, email, text, popup or other.")
    contacted_at: datetime | None = Field(
        None, description="When it happened (date, or date and time; UTC if no time zone is given)."
    )
    claimed_organisation: ShortText | None = Field(
        None, description="Who they claimed to be, e.g. Microsoft, BT, Norton, your bank."
    )
    phone_numbers: list[Phone] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="Phone numbers they called from or gave."
    )
    emails: list[Email] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="Email addresses they used."
    )
    websites: list[Website] = Field(
        default_factory=list, max_length=MAX_LIST_ITEMS, description="Websites or links they used."
    )
    remote_access_given: bool = Field(False, description="Whether they were given remote access to a computer.")
    remote_access_tool: ShortText | None = Field(
        None, description="The remote-access program used or asked for (AnyDesk, TeamViewer, Quick Assist...)."
    )
    remote_access_id: ShortText | None = Field(None, description="The remote-access ID or code they gave or asked for.")
    money_lost: bool = Field(False, description="Whether money was lost.")
    amount: Decimal | None = Field(
        None, ge=0, max_digits=14, decimal_places=2, description="How much was lost, e.g. 199.99."
    )
    currency: str | None = Field(None, description="Currency of the amount (ISO 4217, e.g. GBP, USD, EUR).")
    payment_method: PaymentMethod | None = Field(
        None, description="How it was paid: card, bank_transfer, gift_card, crypto, wire or other."
    )
    paid_to_account_number: str | None = Field(None, description="Bank account number paid to.")
    paid_to_sort_code: str | None = Field(None, description="UK sort code of that account, e.g. 12-34-56.")
    paid_to_iban: str | None = Field(None, description="IBAN paid to.")
    paid_to_card_merchant: ShortText | None = Field(None, description="Merchant name on the card statement.")
    paid_to_gift_card_type: ShortText | None = Field(None, description="Gift card brand, e.g. Google Play, Apple.")
    paid_to_crypto_wallet: str | None = Field(None, description="Crypto wallet address paid to.")
    suspicious_because: FreeText | None = Field(None, description="What made them suspicious, in their own words.")
    message_text: Annotated[str, StringConstraints(max_length=MAX_MESSAGE_CHARS)] | None = Field(
        None, description="The message, email text or call transcript, if they have it."
    )
    age_band: AgeBand | None = Field(None, description="Age band of the person affected.")
    area: ShortText | None = Field(
        None, description="Where the person affected lives: postcode district (e.g. SW1A) or county."
    )

    @field_validator(
        "contacted_at", "claimed_organisation", "remote_access_tool", "remote_access_id", "amount", "currency",
        "payment_method", "paid_to_account_number", "paid_to_sort_code", "paid_to_iban", "paid_to_card_merchant",
        "paid_to_gift_card_type", "paid_to_crypto_wallet", "suspicious_because", "message_text", "age_band", "area",
        mode="before",
    )
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return fields.blank_to_none(value)

    @field_validator("phone_numbers", "emails", "websites", mode="before")
    @classmethod
    def _drop_blank_items(cls, value: object) -> object:
        if isinstance(value, str):  # one value from a single form input
            value = [value]
        if isinstance(value, list):
            return [item for item in value if not (isinstance(item, str) and not item.strip())]
        return value

    @field_validator("age_band", mode="before")
    @classmethod
    def _yaml_age_band(cls, value: object) -> object:
        # YAML 1.1 reads an unquoted 75_84 as the integer 7584
        if isinstance(value, int) and not isinstance(value, bool) and 1000 <= value <= 9999:
            return f"{str(value)[:2]}_{str(value)[2:]}"
        return value

    @field_validator("contacted_at")
    @classmethod
    def _when(cls, value: datetime | None) -> datetime | None:
        if value is None:
            return None
        if value.tzinfo is None:
            value = value.replace(tzinfo=UTC)
        value = value.astimezone(UTC)
        if value < EARLIEST:
            raise ValueError("the date is too far in the past")
        if value > datetime.now(UTC) + CLOCK_SKEW:
            raise ValueError("the date is in the future")
        return value

    @field_validator("contacted_at", mode="before")
    @classmethod
    def _date_only(cls, value: object) -> object:
        if isinstance(value, date) and not isinstance(value, datetime):
            return datetime(value.year, value.month, value.day, tzinfo=UTC)
        return value

    @field_validator("currency")
    @classmethod
    def _currency(cls, value: str | None) -> str | None:
        return None if value is None else fields.currency_code(value)

    @field_validator("paid_to_sort_code")
    @classmethod
    def _sort_code(cls, value: str | None) -> str | None:
        return None if value is None else fields.sort_code(value)

    @field_validator("paid_to_account_number")
    @classmethod
    def _account(cls, value: str | None) -> str | None:
        return None if value is None else fields.account_number(value)

    @field_validator("paid_to_iban")
    @classmethod
    def _iban(cls, value: str | None) -> str | None:
        return None if value is None else fields.iban(value)

    @field_validator("paid_to_crypto_wallet")
    @classmethod
    def _wallet(cls, value: str | None) -> str | None:
        return None if value is None else fields.crypto_wallet(value)

    @field_validator("suspicious_because", "message_text")
    @classmethod
    def _no_nul(cls, value: str | None) -> str | None:
        if value is not None and "\x00" in value:
            raise ValueError("must not contain NUL characters")
        return value

    @model_validator(mode="after")
    def _consistent(self) -> ReportIn:
        if self.amount is not None and self.amount > 0 and not self.money_lost:
            raise ValueError("an amount was given but money_lost is not set: tick 'money lost' or clear the amount")
        return self


class ContactIn(_Model):
    """The reporter's consent and contact details: personal data, stored apart from the case facts.

    Details are only kept with consent, and consent needs an email address or a phone number.
    """

    consent_to_contact: bool = Field(False, description="The reporter agrees to be contacted about this report.")
    name: ShortText | None = Field(None, description="The reporter's name.")
    email: Email | None = Field(None, description="The reporter's email address.")
    phone: Phone | None = Field(None, description="The reporter's phone number.")

    @field_validator("name", "email", "phone", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return fields.blank_to_none(value)

    @model_validator(mode="after")
    def _consent(self) -> ContactIn:
        has_details = any(v is not None for v in (self.name, self.email, self.phone))
        if has_details and not self.consent_to_contact:
            raise ValueError("contact details were given without consent to be contacted: tick consent or clear them")
        if self.consent_to_contact and self.email is None and self.phone is None:
            raise ValueError("to be contacted, give an email address or a phone number")
        return self


class AttachmentIn(_Model):
    """One evidence file as uploaded. Type and size are checked against the configured policy."""

    filename: str = Field(min_length=1, max_length=255, description="The file's name as uploaded.")
    content_type: str = Field("application/octet-stream", max_length=200, description="The declared media type.")
    data: bytes = Field(repr=False, description="The file's bytes.")

    @field_validator("filename")
    @classmethod
    def _plain_name(cls, value: str) -> str:
        name = value.replace("\\", "/").rsplit("/", 1)[-1].strip()
        if not name or name in {".", ".."} or fields.CONTROL.search(name) or "\x00" in name:
            raise ValueError("the file name is empty or not printable")
        return name

    @field_validator("content_type", mode="before")
    @classmethod
    def _default_type(cls, value: object) -> object:
        return fields.blank_to_none(value) or "application/octet-stream"

    @field_validator("data")
    @classmethod
    def _not_empty(cls, value: bytes) -> bytes:
        if not value:
            raise ValueError("the file is empty")
        return value


class InformationIn(_Model):
    """More information added later by the reporter (needs the reference and the secret)."""

    text: FreeText | None = Field(None, description="What the reporter wants to add.")

    @field_validator("text", mode="before")
    @classmethod
    def _empty_is_none(cls, value: object) -> object:
        return fields.blank_to_none(value)


class ReportReceipt(_Model):
    """Handed back once, on submission. The secret is never shown again: only its hash is kept."""

    reference: str = Field(description="The report's reference number, e.g. HU-2026-7K3M-Q9TX.")
    secret: str = Field(description="Lets the reporter see the report and add information later.")
    replayed: bool = Field(
        False,
        description="True when this answers a retried submission (same idempotency key): the report was "
        "stored once, and this fresh secret replaces the one given before.",
    )


class AttachmentInfo(_Model):
    """An attachment as listed back: never its bytes."""

    filename: str
    content_type: str
    size: int
    sha256: str
    added_at: datetime


class AdditionView(_Model):
    """One piece of information added after submission."""

    text: str | None
    added_at: datetime
    attachments: list[AttachmentInfo] = Field(default_factory=list)


class TacticSeen(_Model):
    """A tactic the engine found, as shown to the reporter."""

    id: str
    name: str
    score: float


class VerdictSummary(_Model):
    """The engine's opinion of the report's message and readable attachments (the strongest one)."""

    verdict: str
    score: float
    category: str | None
    tactics: list[TacticSeen] = Field(default_factory=list)
    engine_version: str


class ReportView(_Model):
    """What the reporter may see back: their report, its status, the engine's verdict, files and additions.

    The reporter's own contact details are not shown back (only whether some are held), so a leaked
    secret does not leak them.
    """

    reference: str
    status: Status
    submitted_at: datetime
    updated_at: datetime
    report: ReportIn
    verdict: VerdictSummary | None
    attachments: list[AttachmentInfo]
    additions: list[AdditionView]
    contact_on_file: bool

