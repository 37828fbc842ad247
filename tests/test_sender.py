"""An email from the company it names: From domain, display name and links agree (detect/sender.py)."""

from __future__ import annotations

import pytest

from hangup.detect.engine import Engine
from hangup.detect.recognizers.headers import HeaderRecognizer
from hangup.detect.sender import SenderCheck
from hangup.documents import read_bytes
from hangup.indicators import extract

SIGN_UP = """From: {sender}
To: sam@example.com
Subject: Confirm your email address
Date: Thu, 26 Nov 2026 10:00:00 +0000
{extra}Content-Type: text/plain; charset=utf-8

Hi Sam,

Thanks for signing up. Please confirm your email address by clicking the link below. This link
will expire in 24 hours.

Confirm email: {link}

If you did not create an account, you can ignore this email.
"""
OWN = '"Spotify" <no-reply@spotify.com>'
OWN_LINK = "https://www.spotify.com/uk/account/confirm/?t=8f2c1a"


def _email(sender: str = OWN, link: str = OWN_LINK, extra: str = "") -> bytes:
    return SIGN_UP.format(sender=sender, link=link, extra=extra).encode()


def _own_domain(raw: bytes) -> str | None:
    doc = read_bytes(raw)[0]
    return SenderCheck().own_domain(doc, extract(doc.text))


def test_sender_naming_its_own_domain_and_linking_only_there() -> None:
    assert _own_domain(_email()) == "spotify.com"
    assert _own_domain(_email(sender='"Spotify" <no-reply@mail.spotify.com>')) == "spotify.com"


@pytest.mark.parametrize(
    ("sender", "link", "extra"),
    [
        ('"Spotify" <no-reply@spotify-account-verify.com>', "https://spotify-account-verify.com/c", ""),  # look-alike
        ('"Account team" <no-reply@spotify.com>', OWN_LINK, ""),  # the name does not name the domain
        (OWN, "https://spotify.account-confirm.top/c", ""),  # a link elsewhere
        ('"Spotify" <spotify.account@gmail.com>', OWN_LINK, ""),  # free mail
        (OWN, OWN_LINK, "Authentication-Results: mx.example.com; dkim=fail header.d=spotify.com; dmarc=fail\n"),
    ],
)
def test_anything_that_disagrees_means_no_own_domain(sender: str, link: str, extra: str) -> None:
    assert _own_domain(_email(sender, link, extra)) is None


def test_company_with_listed_domains_must_send_and_link_within_them() -> None:
    # facebookmail.com sending, facebook.com linked: both listed as the company's own (brands.yaml)
    fb = '"Facebook" <security@facebookmail.com>'
    assert _own_domain(_email(fb, "https://www.facebook.com/hacked")) == "facebookmail.com"
    assert _own_domain(_email(fb, "https://www.facebook.top/hacked")) is None
    # the name plus a mail word is not enough when the company lists its domains
    assert _own_domain(_email('"PayPal" <service@paypalnotify.com>', "https://paypalnotify.com/login")) is None
    assert _own_domain(_email('"Amazon" <alerts@amazon.top>', "https://amazon.top/verify")) is None
    assert _own_domain(_email('"Amazon.de" <konto@amazon.de>', "https://www.amazon.de/konto")) == "amazon.de"
    # the company's name on a suffix anyone can register is not the company's
    natwest = '"NatWest" <alerts@natwest.com>'
    assert _own_domain(_email(natwest, "https://www.natwest.com/secure")) == "natwest.com"
    for link in ("https://natwest.me.uk/secure", "https://natwest.github.io/x", "https://natwest.cc/x"):
        assert _own_domain(_email(natwest, link)) is None, link


@pytest.mark.parametrize(
    ("sender", "flagged"),
    [
        ('"SharePoint Online" <no-reply@sharepointonline-docs.example.net>', "Microsoft"),
        ('"PayPal Billing" <service@paypal-resolution-centre.com>', "PayPal"),
        ('"Microsoft account team" <account-security-noreply@accountprotection.microsoft.com>', None),
        ('"Amazon.de" <versandbestaetigung@amazon.de>', None),  # its own name on a country suffix
        ('"Amazon" <orders@amazon.top>', "Amazon"),  # but not on any suffix
        ('"Spotify" <no-reply@spotify.com>', None),  # no list of domains for this brand: not checked
        ('"Quinn, Dell" <quinnd@school.example.ie>', None),  # a person's name
        ('"Jane Norton" <jane.norton@smithlaw.example.co.uk>', None),  # a surname
        ('"Lloyds Pharmacy" <orders@lloydspharmacy.example.com>', None),  # another business
        ('"Apple Valley Farm" <shop@applevalleyfarm.example.co.uk>', None),
        ('"Prime Video" <no-reply@primevideo.com>', None),
        ('"Micr\u043esoft Security Team" <alerts@m365-verify.example.com>', "Microsoft"),  # a Cyrillic о
        ('"NatWest Group" <news@natwestgroup.com>', None),
        ('"Symantec" <noreply@symantec.com>', None),
        ('"OneDrive" <photos@onedrive.com>', None),
        ('"Amazon #114-8837261" <orders@amzn-orders.example.net>', "Amazon"),
        ('"PayPal Payment Confirmation" <service@paypal-confirm.example.com>', "PayPal"),
        # a signing service's "person via service" format claims the service
        ('"Kelly Marsh via DocuSign" <dse_na4@harbourlettings-docs.example.net>', "DocuSign"),
        ('"Kelly Marsh via DocuSign" <dse_na4@docusign.net>', None),
        ('"İlkay Gündoğan via DocuSign" <dse@signing-docs.example.net>', "DocuSign"),  # İ lower-cases to 2
        ('"Sam Via" <sam.via@example.com>', None),
    ],
)
def test_company_name_on_a_domain_that_is_not_the_companys(sender: str, flagged: str | None) -> None:
    doc = read_bytes(_email(sender))[0]
    found = [f for f in HeaderRecognizer().find(doc) if f.rule_id == "HDR_BRAND_FROM_OTHER_DOMAIN"]
    if flagged is None:
        assert found == []
    else:
        assert len(found) == 1 and found[0].explanation.startswith(
            "The sender's name claims a company, but the address is not one of the company's domains: " + flagged
        )


@pytest.mark.parametrize(
    "sender",
    ['"Microsoft Support" <ms.support.team@hotmail.fr>', '"Google Security" <alerts@gmail.de>',
     '"Micr\u043esoft Support" <help.desk77@gmail.com>', '"PayPal Payment Confirmation" <paypal.refunds@gmail.com>',
     '"Norton 360 Auto-Renewal" <renewals.norton@gmail.com>', '"service@paypal.com" <attacker@gmail.com>'],
)
def test_company_name_on_free_mail_in_any_country(sender: str) -> None:
    doc = read_bytes(_email(sender))[0]
    assert [f.rule_id for f in HeaderRecognizer().find(doc)] == ["HDR_BRAND_FROM_FREEMAIL"]


@pytest.mark.parametrize(
    "sender",
    ['"Jane Norton" <jane.norton@gmail.com>', '"iCloud" <news@insideicloud.icloud.com>'],
)
def test_a_person_or_a_company_sub_domain_of_free_mail_is_not_flagged(sender: str) -> None:
    doc = read_bytes(_email(sender))[0]
    assert HeaderRecognizer().find(doc) == []


def test_email_addresses_in_the_text_are_not_links() -> None:
    raw = _email().replace(b"If you did not", b"Questions? Write to help@shop.example.co.uk. If you did not")
    assert _own_domain(raw) == "spotify.com"


def test_government_sender_needs_only_government_links() -> None:
    gov = '"HM Revenue and Customs" <noreply@tax.service.gov.uk>'
    assert _own_domain(_email(gov, "https://www.gov.uk/log-in-register-hmrc-online-services")) == "tax.service.gov.uk"
    assert _own_domain(_email(gov, "https://hmrc-refund-claim.com/x")) is None


def test_own_domain_leaves_a_genuine_confirmation_to_the_rules(engine: Engine) -> None:
    genuine = engine.analyse(read_bytes(_email())[0])
    assert genuine.context["sender_own_domain"] == "spotify.com"
    assert genuine.verdict == "not_scam"
    assert "links only to, spotify.com" in genuine.summary
    # the same words from a look-alike domain are a phishing email
    fake = engine.analyse(read_bytes(_email('"Spotify" <no-reply@spotify-verify.com>', "https://spotify-verify.com/c"))[0])
    assert fake.context["sender_own_domain"] is None
    assert fake.verdict != "not_scam"


def test_a_call_back_number_sent_through_a_genuine_platform_is_still_a_scam(engine: Engine) -> None:
    raw = b"""From: "service@paypal.com" <service@paypal.com>
To: alex@example.com
Subject: You've got a new invoice from Billing Department
Content-Type: text/plain; charset=utf-8

Billing Department sent you an invoice for $749.99 USD.
Note from seller: Your PayPal account has been used to purchase Bitcoin worth $749.99. If you did
not make this purchase, call PayPal Support immediately at +1 (808) 555-0164 to cancel the order
and get a refund.
"""
    verdict = engine.analyse(read_bytes(raw)[0])
    assert verdict.context["sender_own_domain"] == "paypal.com"
    assert verdict.verdict == "scam"


def test_own_domain_receipt_without_a_number_is_no_call_back_lure(engine: Engine) -> None:
    receipt = ('From: Adobe <message@adobe.com>\nTo: sam@example.com\nSubject: Your plan has been renewed\n'
               "Content-Type: text/plain; charset=utf-8\n\nYour plan has been renewed and 9.98 was charged to your "
               "PayPal account.\n\nQuestions? Contact Adobe customer care at https://helpx.adobe.com/contact.html.\n{}")
    genuine = engine.analyse(read_bytes(receipt.format("").encode())[0])
    assert genuine.context["sender_own_domain"] == "adobe.com" and genuine.verdict == "not_scam"
    # the same receipt with a number to ring about the charge: the lure keeps its weight
    lure = engine.analyse(read_bytes(receipt.format("Not you? Call our billing team on 1-888-555-0147.").encode())[0])
    assert lure.flagged


# --- text messages: no sender, but links to check ---------------------------------------------

ROYAL_MAIL = ("Royal Mail: A fee of £8.00 is due on your parcel from Germany (customs charges). Pay at "
              "{link} with reference RF123456789GB. We'll hold it for 3 weeks.")


def _text_own(text: str, kind: str = "sms") -> str | None:
    from hangup.documents import read_text  # noqa: PLC0415

    doc = read_text(text, kind=kind)
    return SenderCheck().own_domain(doc, extract(doc.text))


@pytest.mark.parametrize("kind", ["sms", "text", "chat"])
def test_a_text_linking_only_to_the_named_companys_domain_is_its_own(kind: str) -> None:
    assert _text_own(ROYAL_MAIL.format(link="royalmail.com/fees"), kind) == "royalmail.com"
    assert _text_own(ROYAL_MAIL.format(link="https://www.royalmail.com/receiving/fees"), kind) == "royalmail.com"


@pytest.mark.parametrize(
    "text",
    [
        ROYAL_MAIL.format(link="royalmail-fees.top/pay"),  # a look-alike
        ROYAL_MAIL.format(link="royalmail.com.fees-uk.info/pay"),  # the name as a sub-domain
        ROYAL_MAIL.format(link="bit.ly/3xYzAbc"),  # a shortener hides where it goes
        ROYAL_MAIL.format(link="royalmail.com/fees or royalmail-pay.top"),  # one of two links elsewhere
        ROYAL_MAIL.format(link="https://www.royalmail.com/r?url=https://pay-fees.top/x"),  # a redirect
        "Royal Mail: A fee of £8.00 is due on your parcel. Reply with your card number to pay.",  # no link
        # the message is from the first company it names; apple.com is not Lloyds'
        "Lloyds Bank: Did you attempt a payment of GBP 749.00 to APPLE.COM/BILL? If NOT, reply NO.",
        # anyone can publish a Google form
        "Google security: your account will be closed. Verify at https://docs.google.com/forms/d/e/1FAIpQ/viewform",
        "Your parcel is held. Pay at royalmail.com/fees",  # names no company
    ],
)
def test_a_text_with_other_links_or_no_company_has_no_own_domain(text: str) -> None:
    assert _text_own(text) is None


def test_a_public_body_text_linking_to_government_domains_is_its_own() -> None:
    # gov.uk is a public suffix: each host under it is its own registered domain
    assert _text_own("HMRC: your tax refund is ready. Check it at www.gov.uk/check-tax-refund") == "www.gov.uk"
    assert _text_own("HMRC: your tax refund is ready. Claim it at gov.uk-refunds.com/claim") is None


def test_the_genuine_customs_fee_text_is_not_flagged_and_its_copy_is(engine: Engine) -> None:
    from hangup.documents import read_text  # noqa: PLC0415

    genuine = engine.analyse(read_text(ROYAL_MAIL.format(link="royalmail.com/fees"), kind="sms"))
    scam = engine.analyse(read_text(ROYAL_MAIL.format(link="royalmail-fees.top/pay"), kind="sms"))
    assert genuine.verdict == "not_scam", genuine.score
    assert scam.verdict != "not_scam", scam.score


# --- attachments ---------------------------------------------------------------------------------

_WITH_ATTACHMENT = """From: Orders <orders@supplier.example>
To: ap@example.com
Subject: Purchase order
MIME-Version: 1.0
Content-Type: multipart/mixed; boundary="b"

--b
Content-Type: text/plain; charset=utf-8

Please find our purchase order attached.
--b
Content-Type: {ctype}; name="{name}"
Content-Disposition: attachment; filename="{name}"

<html><body>attached</body></html>
--b--
"""


@pytest.mark.parametrize(
    ("name", "ctype", "weight"),
    [
        ("PO-77812.xlsx.html", "text/html", 0.85),  # a document's name on a web page
        ("Remittance.HTM", "text/html", 0.5),  # a web page
        ("invoice.pdf.exe", "application/octet-stream", 0.85),  # a program
        ("scan.iso", "application/octet-stream", 0.85),
        ("invoice.pdf", "application/pdf", None),
        ("meeting.ics", "text/calendar", None),
    ],
)
def test_an_attached_web_page_or_program_is_a_sign(name: str, ctype: str, weight: float | None) -> None:
    doc = read_bytes(_WITH_ATTACHMENT.format(name=name, ctype=ctype).encode())[0]
    assert doc.attachments == [name]
    found = [f for f in HeaderRecognizer().find(doc) if f.rule_id == "HDR_RISKY_ATTACHMENT"]
    assert [f.weight for f in found] == ([] if weight is None else [weight])


def test_the_riskiest_attachment_counts_whatever_the_order() -> None:
    from hangup.documents import Document  # noqa: PLC0415

    doc = Document(kind="email", text="see attached", headers={"from": ["a@b.example"]},
                   attachments=["notes.htm", "setup.exe", "invoice.exe. "])
    found = [f for f in HeaderRecognizer().find(doc) if f.rule_id == "HDR_RISKY_ATTACHMENT"]
    assert [f.weight for f in found] == [0.85]


def _bec(sender: str, to: str, reply_to: str = "") -> bytes:
    reply = f"Reply-To: {reply_to}\n" if reply_to else ""
    return (f"From: {sender}\nTo: {to}\n{reply}Subject: Change of bank details\n\n"
            "I've moved my current account; please pay my salary into the new account.\n").encode()


@pytest.mark.parametrize(
    ("sender", "to", "reply_to", "expected"),
    [
        ("Tom <tom@exarnple.co.uk>", "Payroll <payroll@example.co.uk>", "", "exarnple.co.uk imitates example.co.uk"),
        ("Tom <tom@examp1e.co.uk>", "payroll@example.co.uk", "", "examp1e.co.uk imitates example.co.uk"),
        ("Dana <dana@summitridgeroofng.com>", "renee@summitridgeroofing.com", "", "imitates summitridgeroofing.com"),
        ("Dana <dana@summitridgeroofing.com>", "renee@client.example.net", "Dana <dana@summitridgeroofng.com>",
         "replies go to summitridgeroofng.com, which imitates the sender's summitridgeroofing.com"),
        ("Tom <tom@example.com>", "payroll@example.co.uk", "", None),  # the same company on another suffix
        ("Tom <tom@example.co.uk>", "payroll@example.co.uk", "", None),
        ("Ann <ann@partner.example.net>", "bob@example.com", "", None),
        ("Ann <ann@abc.com>", "bob@abd.com", "", None),  # names too short to compare
        ("Ann <ann@mail.com>", "bob@gmail.com", "", None),  # free-mail providers look alike by nature
        ("Ann <ann@ymail.com>", "bob@gmail.com", "", None),
        ("Ann <ann@gmail.com>", "bob@ymail.com", "Ann <ann@mail.com>", None),
        # a fake internal helpdesk: the recipient's name with an IT word added
        ("Service Desk <it@acme-widgets-support.com>", "jane@acme-widgets.com", "", "imitates acme-widgets.com"),
        ("HR <hr@helpdesk-acmewidgets.com>", "jane@acmewidgets.co.uk", "", None),  # another suffix
        ("HR <hr@helpdesk-acmewidgets.co.uk>", "jane@acmewidgets.co.uk", "", "imitates acmewidgets.co.uk"),
        ("Ann <ann@acme-widgets-london.com>", "jane@acme-widgets.com", "", None),  # not an IT or account word
        ("IT <it@acme-widgets-it-support.com>", "jane@acme-widgets.com", "", "imitates acme-widgets.com"),
    ],
)
def test_a_sender_domain_one_letter_from_the_recipients_is_a_lookalike(
    sender: str, to: str, reply_to: str, expected: str | None
) -> None:
    doc = read_bytes(_bec(sender, to, reply_to))[0]
    found = [f for f in HeaderRecognizer().find(doc) if f.rule_id == "HDR_LOOKALIKE_OF_RECIPIENT"]
    if expected is None:
        assert found == []
    else:
        assert len(found) == 1 and expected in found[0].explanation


@pytest.mark.parametrize("field", ["To", "From", "Reply-To"])
def test_an_address_header_of_nested_comments_is_skipped_not_a_crash(field: str, engine: Engine) -> None:
    nested = "(" * 600 + "x" + ")" * 600 + " <a@example.com>"
    headers = {"From": "Tom <tom@example.co.uk>", "To": "bob@example.com", "Reply-To": "tom@example.co.uk"}
    headers[field] = nested
    raw = "".join(f"{k}: {v}\n" for k, v in headers.items()) + "Subject: hi\n\nPlease call me.\n"
    doc = read_bytes(raw.encode())[0]
    assert isinstance(HeaderRecognizer().find(doc), list)
    assert engine.analyse(doc).verdict in ("scam", "suspicious", "not_scam")


def test_a_reply_from_a_lookalike_of_a_sender_quoted_in_the_thread_is_a_lookalike() -> None:
    raw = (
        b"From: Gareth Lloyd <gareth.lloyd@brightwell-packagimg.co.uk>\nTo: Sarah <accounts@example.co.uk>\n"
        b"Subject: RE: Invoice INV-2291\n\nHi Sarah, we have recently changed banks. Please update our details.\n\n"
        b"-----Original Message-----\nFrom: Sarah Whitcombe <accounts@example.co.uk>\nSubject: RE: Invoice INV-2291\n\n"
        b"Both invoices are approved.\n\n-----Original Message-----\n"
        b"From: Gareth Lloyd <gareth.lloyd@brightwell-packaging.co.uk>\nSubject: Invoice INV-2291\n\nJust chasing.\n"
    )
    found = [f for f in HeaderRecognizer().find(read_bytes(raw)[0]) if f.rule_id == "HDR_LOOKALIKE_OF_RECIPIENT"]
    assert len(found) == 1 and "imitates brightwell-packaging.co.uk" in found[0].explanation
    genuine = raw.replace(b"brightwell-packagimg.co.uk", b"brightwell-packaging.co.uk")
    assert not [f for f in HeaderRecognizer().find(read_bytes(genuine)[0]) if f.rule_id == "HDR_LOOKALIKE_OF_RECIPIENT"]


def test_a_platform_sending_another_companys_name_is_not_its_own_message() -> None:
    raw = (
        '"Norton Billing (via Google Docs)" <drive-shares-dm-noreply@google.com>\n'
    )
    share = ("From: " + raw + "To: craig@example.com\nSubject: Document shared with you\n\n"
             "Norton Billing shared a document: https://docs.google.com/document/d/1cep14KJ/edit\n").encode()
    assert _own_domain(share) is None
    own = share.replace(b"Norton Billing (via Google Docs)", b"Google Docs")
    assert _own_domain(own) == "google.com"


def _receipt(sender: str, auth: str) -> bytes:
    return (f"From: {sender}\nTo: g@example.com\nSubject: Your subscription has been renewed\n"
            f"Authentication-Results: mx.example.com; {auth}\n\n"
            "Total charged: CA$135.59. Manage it at https://www.mcafee.com/myaccount or call Customer Service "
            "on 1-866-555-0172.\n").encode()


@pytest.mark.parametrize(("sender", "auth", "signed"), [
    ("McAfee <noreply@mcafee.com>", "spf=pass; dkim=pass header.d=mcafee.com; dmarc=pass header.from=mcafee.com", True),
    ("McAfee <noreply@mcafee.com>", "spf=pass; dkim=none", False),  # no DMARC pass for the domain
    ("PayPal <service@paypal.com>", "dmarc=pass header.from=paypal.com", False),  # a platform carries anyone's note
])
def test_a_security_vendors_signed_receipt_is_its_own_words(sender: str, auth: str, signed: bool) -> None:
    check = SenderCheck()
    doc = read_bytes(_receipt(sender, auth))[0]
    own = check.own_domain(doc, extract(doc.text)) or sender.split("@")[1].rstrip(">")
    assert check.signed_vendor(doc, own) is signed
