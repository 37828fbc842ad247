"""Messages written to get a scam past the context stage: the softening must not reach them.

Each came from a review of the context rules: a scammer's own words that look like a warning, a
headline word, a decoy link to the real company, a negated "hang up". The genuine counterparts are
in tests/test_context.py and tests/fixtures/cases.
"""

from __future__ import annotations

import pytest

from hangup.detect.engine import Engine
from hangup.documents import read_text


@pytest.mark.parametrize(
    ("text", "kind"),
    [
        # coaching lines that look like advice
        ("Caller: Keep this strictly between us. Nobody needs to know about the gift cards, just buy them "
         "and read me the codes.\nMe: OK.\nCaller: Go to the shop now.", "auto"),
        ("Caller: Don't call the number on the back of your card, that line is compromised. Stay on the line "
         "and move your money to the safe account I give you.\nMe: OK.\nCaller: Open your banking app.", "auto"),
        # the suspect's own talk of criminals
        ("Caller: Criminals have got into your online banking, so you need to move all your money to a safe "
         "account today.\nMe: Really?\nCaller: Fraudsters are watching your account right now, so read me the "
         "code we just sent you.", "auto"),
        # a headline word and two stock safety lines
        ("Your Tesco Clubcard rewards programme: 12,450 points expire today. To keep them, verify your account "
         "and card details within 24 hours at https://clubcard-rewards-verify.com/login. We will never ask for "
         "your password by phone. Never share your one-time code with anyone.", "auto"),
        # quoted requests in a text that also gives advice
        ('Amazon: Your account is locked. To unlock it, "reply with the code we just sent you" and "confirm your '
         'card details". Never share this code with anyone.', "sms"),
        # a decoy link to the real company
        ("Amazon: We have locked your account after a suspicious sign-in. To unlock it, reply to this message "
         "with the 6-digit verification code we sent you. Help: amazon.com/help", "sms"),
        # a negated "hang up and call the number on your card"
        ("This is an automated call from Amazon. An order of 1,499 dollars was placed on your account. Do not "
         "hang up and call the number on the back of your card, press 1 now to speak to our fraud department.",
         "auto"),
        # "I'm writing because" is a customer's words only when the customer says them
        ("Hi Mum, it's me on a new number. I'm writing because my phone broke. Could you transfer £950 for my "
         "rent today? I'll pay you back tomorrow, it's urgent.", "sms"),
    ],
)
def test_a_scam_that_borrows_warning_words_is_still_flagged(engine: Engine, text: str, kind: str) -> None:
    verdict = engine.analyse(read_text(text, kind=kind))
    assert verdict.verdict != "not_scam", (verdict.score, verdict.context, [t.id for t in verdict.tactics])


def test_even_if_it_says_is_not_advice(engine: Engine) -> None:
    text = "Even if it says the name doesn't match, just press continue and send the payment."
    findings = [f for f in engine.findings(read_text(text))[0] if f.rule_id == "PAY_IGNORE_PAYEE_WARNING"]
    assert findings and all(f.factor == 1.0 for f in findings)


@pytest.mark.parametrize(
    "link",
    [
        "https://www.google.com/amp/s/google-verify-account.example/login",  # a redirect in the path
        "https://www.google.com/url?q=//google-verify-account.example",
        "https://express.adobe.com/page/x1y2z3/",  # a page anyone can publish
        "https://microsoft.com/devicelogin",  # a code to sign a device in, asked for by a stranger
    ],
)
def test_links_that_leave_the_company_or_anyone_can_publish_are_not_its_own(link: str) -> None:
    from hangup.detect.sender import SenderCheck  # noqa: PLC0415
    from hangup.indicators import extract  # noqa: PLC0415

    company = "Adobe" if "adobe" in link else "Microsoft" if "microsoft" in link else "Google"
    doc = read_text(f"{company}: verify your identity within 24 hours at {link}", kind="sms")
    assert SenderCheck().own_domain(doc, extract(doc.text)) is None
