"""Seeded reports for the sharing tests: a campaign of three calls sharing a phone number and an AnyDesk
ID, an email scam, a payment to a bank account, and reports whose contact details and free text hold
the victims' own name, email address and phone number (which must never leave in an export)."""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from datetime import UTC, datetime
from decimal import Decimal

from sqlalchemy import update

from hangup.cases.models import Report
from hangup.cases.schema import ContactIn, ReportIn
from hangup.cases.store import CaseStore

# The victims' own details: none of these may appear in any export
VICTIM_NAME = "Margaret Thistlewood"
VICTIM_EMAIL = "margaret.thistlewood@example.org"
VICTIM_PHONE = "07911 123456"
OTHER_NAME = "Bartholomew Quince"
OTHER_EMAIL = "bart.quince@quincefamily.co.uk"
OTHER_PHONE = "07922 654321"
PERSONAL = (VICTIM_NAME, VICTIM_EMAIL, VICTIM_PHONE, OTHER_NAME, OTHER_EMAIL, OTHER_PHONE)

# The scammers' details: these should leave
SCAM_PHONE = "020 7946 0991"
SCAM_PHONE_E164 = "+442079460991"
SCAM_EMAIL_ADDRESS = "support@ms-helpdesk-secure.com"
SCAM_SITE = "https://fix-my-pc-now.com/login?user=margaret.thistlewood@example.org"
ANYDESK_ID = "anydesk:123456789"
CALLBACK_PHONE_E164 = "+18885550199"

CALL_TEXT = (
    "Caller: Hello, this is Microsoft technical support. Your computer has a virus and is sending errors.\n"
    "Caller: Please install AnyDesk and read me the nine digit code.\n"
    "Me: It says 123 456 789.\n"
    f"Me: My name is {VICTIM_NAME}, my email is {VICTIM_EMAIL} and my number is {VICTIM_PHONE}.\n"
    "Caller: To fix it you must pay £199.99 in Google Play gift cards. Do not tell your bank.\n"
)
QUINCE_TEXT = (
    "Caller: This is BT. Your internet has been hacked, we must fix it now or we cut you off.\n"
    f"Me: I am {OTHER_NAME}, write to me at {OTHER_EMAIL} or ring {OTHER_PHONE}.\n"
    "Caller: Open AnyDesk and tell me the code.\n"
)
EMAIL_TEXT = (
    "From: Norton Billing <billing@norton-renewals-support.com>\n"
    "Subject: Your Norton subscription renewed\n\n"
    "Your card was charged $399.99. If you did not authorise this, call our helpline on "
    "+1 (888) 555-0199 within 24 hours to get a refund.\n"
)


@dataclass
class Seeded:
    """Ids and references of the seeded reports."""

    campaign: list[int] = field(default_factory=list)
    email_scams: list[int] = field(default_factory=list)
    others: list[int] = field(default_factory=list)
    references: dict[int, str] = field(default_factory=dict)

    @property
    def all(self) -> list[int]:
        return sorted([*self.campaign, *self.email_scams, *self.others])


def _add(store: CaseStore, seeded: Seeded, report: ReportIn, contact: ContactIn | None, when: datetime) -> int:
    receipt = store.add_report(report, contact, via="cli")
    with store.session(write=True) as session:
        rid = session.execute(
            update(Report).where(Report.reference == receipt.reference).values(created_at=when)
            .returning(Report.id)
        ).scalar_one()
    seeded.references[rid] = receipt.reference
    return rid


def seed(store: CaseStore) -> Seeded:
    """Seven reports filed in May 2026 (Kent: ME14 and ME15, and one in London)."""
    s = Seeded()
    victim = ContactIn(consent_to_contact=True, name=VICTIM_NAME, email=VICTIM_EMAIL, phone=VICTIM_PHONE)
    s.campaign.append(_add(store, s, ReportIn(
        channel="call", contacted_at=datetime(2026, 5, 2, 10, tzinfo=UTC), claimed_organisation="Microsoft",
        phone_numbers=[SCAM_PHONE], websites=[SCAM_SITE], remote_access_given=True, remote_access_tool="AnyDesk",
        remote_access_id="123 456 789", money_lost=True, amount=Decimal("199.99"), currency="GBP",
        payment_method="gift_card", paid_to_gift_card_type="Google Play",
        suspicious_because=f"I am {VICTIM_NAME} ({VICTIM_PHONE}); they knew my email {VICTIM_EMAIL}.",
        message_text=CALL_TEXT, age_band="75_84", area="ME14",
    ), victim, datetime(2026, 5, 2, 12, tzinfo=UTC)))
    s.campaign.append(_add(store, s, ReportIn(
        channel="call", claimed_organisation="Microsoft Windows", phone_numbers=[SCAM_PHONE],
        remote_access_given=True, remote_access_tool="AnyDesk", remote_access_id="123456789", money_lost=True,
        amount=Decimal("450"), payment_method="bank_transfer", paid_to_sort_code="12-34-56",
        paid_to_account_number="12345678", paid_to_card_merchant=f"TECH FIX LTD for {OTHER_NAME}",
        emails=[SCAM_EMAIL_ADDRESS], message_text=QUINCE_TEXT, suspicious_because=f"Ring me on {OTHER_PHONE}",
        age_band="65_74", area="ME15 6AB",
    ), ContactIn(consent_to_contact=True, name=OTHER_NAME, email=OTHER_EMAIL, phone=OTHER_PHONE),
        datetime(2026, 5, 6, 9, tzinfo=UTC)))
    s.campaign.append(_add(store, s, ReportIn(
        channel="call", claimed_organisation="Microsoft", phone_numbers=[SCAM_PHONE], remote_access_tool="AnyDesk",
        remote_access_id="123-456-789", paid_to_iban="GB82 WEST 1234 5698 7654 32", area="me14",
        message_text=f"They said they were Microsoft. Call me back on {OTHER_PHONE}, {OTHER_NAME}.",
    ), None, datetime(2026, 5, 10, 15, tzinfo=UTC)))
    for day in (12, 20):
        s.email_scams.append(_add(store, s, ReportIn(
            channel="email", claimed_organisation="Norton", message_text=EMAIL_TEXT, area="ME14",
            suspicious_because=f"Sent to {VICTIM_EMAIL}", money_lost=day == 20, amount=Decimal("25") if day == 20
            else None,
        ), None, datetime(2026, 5, day, 8, tzinfo=UTC)))
    s.others.append(_add(store, s, ReportIn(
        channel="popup", message_text="WARNING! Your computer is infected. Call Microsoft Support now on "
        "0800 088 5521. Do not switch off your computer.", area="SW1A",
        paid_to_crypto_wallet="bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
    ), None, datetime(2026, 5, 14, 8, tzinfo=UTC)))
    s.others.append(_add(store, s, ReportIn(
        channel="call", message_text="An old call about my computer.", area="ME14",
    ), None, datetime(2026, 4, 1, 8, tzinfo=UTC)))
    return s


def leaks(text: str) -> list[str]:
    """The victims' personal details that appear in ``text`` (names, emails, phone digits, in any form)."""
    lower = text.lower()
    digits = re.sub(r"\D", "", text)
    found = []
    for value in PERSONAL:
        if "@" in value:
            if value.lower() in lower or value.split("@")[0].lower() in lower:
                found.append(value)
        elif any(ch.isdigit() for ch in value):
            tail = re.sub(r"\D", "", value)[-9:]
            if tail in digits:
                found.append(value)
        else:
            found += [part for part in value.lower().split() if part in lower]
    return found
