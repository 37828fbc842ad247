"""Context: warnings about scams, conversations the person started, and who is speaking."""

from __future__ import annotations

import pytest

from hangup.detect.context import ContextAnalyzer
from hangup.detect.engine import Engine
from hangup.detect.recognizers.headers import HeaderRecognizer
from hangup.documents import Document, Turn, read_bytes, read_text

CONTEXT = ContextAnalyzer()


def _factors(engine: Engine, doc: Document) -> list[float]:
    findings, _, _ = engine.findings(doc)
    return [f.factor for f in findings if f.start >= 0]


def test_finding_inside_a_warning_sentence_is_discounted(engine: Engine) -> None:
    warning = read_text("Scammers may ask you to install AnyDesk so they can take control of your computer.")
    direct = read_text("Please install AnyDesk so I can take control of your computer.")
    assert _factors(engine, direct) and all(f == 1.0 for f in _factors(engine, direct))
    assert _factors(engine, warning) and all(f < 0.5 for f in _factors(engine, warning))


def test_a_card_alert_that_sends_you_to_the_number_on_your_card_is_not_a_scam(engine: Engine) -> None:
    genuine = "Chase: a new payee was added. If this wasn't you, call us on the number on the back of your card."
    scam = "Chase: a new payee was added. If this wasn't you, call us now on 0800 123 4567 to cancel it."
    assert _factors(engine, read_text(genuine, kind="sms")) and all(
        f < 0.5 for f in _factors(engine, read_text(genuine, kind="sms"))
    )
    assert engine.analyse(read_text(genuine, kind="sms")).verdict == "not_scam"
    assert _factors(engine, read_text(scam, kind="sms")) and all(
        f == 1.0 for f in _factors(engine, read_text(scam, kind="sms"))
    )


def test_warning_framing_is_local_to_its_sentence(engine: Engine) -> None:
    text = (
        "Good morning, I am calling from Microsoft because your computer has a virus. "
        "There are many scammers out there, so I will help you. "
        "Now press the Windows key and R and type anydesk.com, then read me the nine digit code."
    )
    findings, _, ctx = engine.findings(read_text(text))
    assert not ctx.warning
    remote = [f for f in findings if f.tactic == "REMOTE_ACCESS"]
    assert remote and max(f.factor for f in remote) == 1.0
    assert engine.analyse(read_text(text)).verdict == "scam"


def test_user_initiated_call_softens_remote_access_but_not_gift_cards(engine: Engine) -> None:
    started = (
        "Agent: Thank you for calling the service desk, how can I help?\n"
        "Customer: I'm calling because my laptop will not print.\n"
        "Agent: Please open Quick Assist and read me the code so I can connect.\n"
    )
    _, _, ctx = engine.findings(read_text(started))
    assert ctx.user_initiated
    assert ctx.tactic_factors["REMOTE_ACCESS"] < 1.0
    assert "PAYMENT_DEMAND" not in ctx.tactic_factors
    gift = started + "Agent: The fix costs 300 dollars, please pay with Google Play gift cards.\n"
    assert engine.analyse(read_text(gift)).flagged
    # and a helpdesk that asks for gift cards is not one: nothing it said is softened
    _, _, gift_ctx = engine.findings(read_text(gift))
    assert not gift_ctx.user_initiated
    assert engine.analyse(read_text(gift)).verdict == "scam"


def test_never_genuine_names_existing_rules(engine: Engine) -> None:
    never = CONTEXT._never_genuine
    assert never
    assert never <= {r.id for r in engine.catalogue.rules} | HeaderRecognizer.RULE_IDS
    together = CONTEXT._never_together
    assert together and all(group <= set(engine.catalogue.tactics) for group in together)


def test_helpdesk_that_finds_hackers_and_sells_the_fix_is_not_a_genuine_one(engine: Engine) -> None:
    # the search-advert fake helpdesk: the person rang about a printer, the "agent" finds intruders
    started = (
        "Me: Hi, is this printer support? I'm calling because my printer says it is offline.\n"
        "Agent: You have reached printer support. Please open Quick Assist and read me the code.\n"
    )
    fee = "Agent: The repair is a one-time charge of 299 dollars for a lifetime support plan.\n"
    hackers = "Agent: I can see there are hackers on your network, your computer has been compromised.\n"
    for genuine in (started, started + fee, started + hackers):
        _, _, ctx = engine.findings(read_text(genuine))
        assert ctx.user_initiated, genuine
    _, _, ctx = engine.findings(read_text(started + hackers + fee))
    assert not ctx.user_initiated
    assert engine.analyse(read_text(started + hackers + fee)).verdict == "scam"


def test_calling_the_number_on_a_popup_is_not_user_initiated(engine: Engine) -> None:
    text = (
        "Agent: Thank you for calling Microsoft support.\n"
        "Me: Hello, a warning on my screen said to call this number, it says I have a virus.\n"
        "Agent: Please install AnyDesk and read me the code.\n"
    )
    _, _, ctx = engine.findings(read_text(text))
    assert not ctx.user_initiated
    froze = text.replace("a warning on my screen said to call this number",
                         "my computer froze and there was a loud alarm and a number to call")
    _, _, froze_ctx = engine.findings(read_text(froze))
    assert not froze_ctx.user_initiated


def test_suspect_is_the_speaker_making_the_requests(engine: Engine) -> None:
    doc = Document.from_turns(
        "call",
        [
            Turn("A", "Hello?"),
            Turn("B", "This is Microsoft, your computer is infected with a virus."),
            Turn("A", "Really? My computer has a virus?"),
            Turn("B", "Yes. Install TeamViewer and give me the ID so I can fix it."),
        ],
    )
    findings, _, ctx = engine.findings(doc)
    assert ctx.suspect == "B"
    assert all(f.factor < 1.0 for f in findings if f.speaker == "A")


def test_a_conversation_opened_by_a_request_for_help_was_started_by_that_person(engine: Engine) -> None:
    help_asked = (
        "Dad: The printer won't print again. Can you look at it when you're free?\n"
        "Son: Sure. Open AnyDesk and send me the number it shows, then click Accept.\n"
    )
    _, _, ctx = engine.findings(read_text(help_asked))
    assert ctx.suspect == "Son" and ctx.user_initiated
    assert engine.analyse(read_text(help_asked)).verdict == "not_scam"
    # the same request later in the call is the victim talking, not who started it
    cold = (
        "Caller: This is the Windows support team, your computer is sending us errors.\n"
        "Dad: Oh no. Can you look at it for me?\n"
        "Caller: Yes. Open AnyDesk and send me the number it shows, then click Accept.\n"
    )
    _, _, cold_ctx = engine.findings(read_text(cold))
    assert not cold_ctx.user_initiated
    assert engine.analyse(read_text(cold)).flagged


def test_opening_request_with_curly_apostrophes_after_an_app_line(engine: Engine) -> None:
    chat = (
        "Messages and calls are end-to-end encrypted.\n"
        "Dad: The printer won\u2019t print again. Can you look at it?\n"
        "Son: Sure. Open AnyDesk and send me the number it shows, then click Accept.\n"
    )
    _, _, ctx = engine.findings(read_text(chat))
    assert ctx.user_initiated


def test_a_talk_about_scams_without_punctuation_is_a_warning(engine: Engine) -> None:
    # speech-to-text of a radio item: no sentence ends, so pieces of the text count as sentences
    talk = (
        "today we are talking about tech support scams my guest worked for ten years in a fraud team "
        "the classic one starts with a pop-up saying your computer is infected and a number to call "
        "when you call they ask you to install remote access software like anydesk then they claim "
        "they sent you a refund by mistake and ask you to log in to your bank so what should people do "
        "hang up microsoft will never call you never let a stranger onto your computer and if you have "
        "paid call your bank straight away on the number on the back of your card fraudsters are good at "
        "what they do so beware and if you are ever unsure report it to action fraud"
    )
    assert "." not in talk
    verdict = engine.analyse(read_text(talk))
    assert verdict.context["warning_about_scams"]
    assert verdict.verdict == "not_scam"


def test_a_robocalls_do_not_call_list_is_not_a_warning(engine: Engine) -> None:
    call = (
        "Hi, this is an exclusive announcement from Marriott Hotels. Your telephone number has been "
        "pre-selected to receive a complimentary stay. For further details press 1 now. "
        "To be placed on the Do Not Call list, press 2 now."
    )
    for text in (call, call.replace(".", "").replace(",", "").lower()):
        findings, _, ctx = engine.findings(read_text(text))
        assert ctx.warning_sentences == 0
        assert findings and all(f.factor == 1.0 for f in findings)
        assert engine.analyse(read_text(text)).verdict == "scam"
    # the same words as advice still frame what is around them
    advice = "Do not call the number in the pop-up. Scammers may ask you to install AnyDesk."
    assert engine.findings(read_text(advice))[2].warning_sentences == 2


def test_the_speaker_a_transcript_names_as_the_scammer_is_the_suspect(engine: Engine) -> None:
    text = (
        "Scammer: open the browser and type what I spell: s, u, p, p, o, r, t, then dot m e.\n"
        "Victim: It says support dot me, there is a download button.\n"
        "Scammer: Click it and read me the nine digit number on your screen."
    )
    findings, _, ctx = engine.findings(read_text(text))
    assert ctx.suspect == "Scammer"
    scammer = [f for f in findings if f.speaker == "Scammer"]
    assert scammer and all(f.factor == 1.0 for f in scammer)


def test_a_callers_talk_of_the_fraudsters_is_not_a_warning(engine: Engine) -> None:
    call = (
        "Rep: I'm calling from the fraud team. The fraudsters have got into your online banking.\n"
        "Customer: Oh no.\n"
        "Rep: The fraudster has added a payee, so we need to act before the fraudsters move your money. "
        "Open Quick Assist so I can see your screen and remove the fraudster's payee.\n"
        "Customer: OK.\n"
        "Rep: Now log in to your online banking while I watch, the fraudsters could be in there now.\n"
        "Customer: Done.\n"
        "Rep: Read me the six digit code from the text so I can block the fraudsters."
    )
    verdict = engine.analyse(read_text(call))
    assert not verdict.context["warning_about_scams"]
    assert verdict.verdict == "scam", verdict.score


@pytest.mark.parametrize(
    "text",
    [
        "If you do not contact us immediately the local police will come to your address.",  # a threat
        "Do not contact your bank, the staff there may be involved.",  # what a scammer orders
        "This is to inform you that a criminal case has been filed under your name.",  # criminal, adjective
        "If you hang up now you will never see your files again.",  # "you will never": a threat
        "Don't give the code to anyone but me.",  # "anyone but me": a request
    ],
)
def test_threats_and_orders_are_not_warnings(engine: Engine, text: str) -> None:
    findings, _, ctx = engine.findings(read_text(f"{text} Install AnyDesk and read me the code."))
    assert findings and ctx.warning_sentences == 0


@pytest.mark.parametrize(
    "text",
    [
        "We'd never ask you to pay with gift cards.",
        "Microsoft will never call you about a virus.",
        "I won't ever ask you to tell me your password.",
        "Nobody in IT will ever ask for your password.",
        "Even if they say your account has been hacked, hang up.",
        "We don't make unsolicited calls asking you to install software.",
        "Best Buy will never call or email you asking for remote access.",
        "We won't ask you to pay a renewal by phone.",
        "Don't read that code to me or anyone else.",
    ],
)
def test_ways_of_saying_we_never_ask_are_warnings(engine: Engine, text: str) -> None:
    # context is read only where something was found: a request for remote access follows
    assert engine.findings(read_text(f"{text} Install AnyDesk and read me the code."))[2].warning_sentences == 1


def test_the_transcripts_writer_is_never_the_suspect(engine: Engine) -> None:
    text = (
        "Bank: Hello Mr Dean, this is the fraud team. We stopped a card payment of £649 last night.\n"
        "Me: My mum got a call last year telling her to move her savings into a safe account.\n"
        "Bank: We will never ask you to move money. Your new card is on its way."
    )
    findings, _, ctx = engine.findings(read_text(text))
    assert ctx.suspect != "Me"
    mine = [f for f in findings if f.speaker == "Me"]
    assert mine and all(f.factor <= 0.3 for f in mine)
    assert engine.analyse(read_text(text)).verdict == "not_scam"


def test_the_suspects_own_ticket_talk_is_not_the_customer_starting_the_call(engine: Engine) -> None:
    text = (
        "Help Desk: Hi Priya, we can see your mailbox is being flooded with spam. I need to check your "
        "laptop, we have ticket INC0048812 open for it. Open Quick Assist and enter this code.\n"
        "Priya: ok it's open\n"
        "Help Desk: Select Allow full control, then enter your network username and password."
    )
    _, _, ctx = engine.findings(read_text(text))
    assert ctx.suspect == "Help Desk"
    assert not ctx.user_initiated


def test_a_victim_calling_it_a_scam_does_not_make_the_call_a_warning(engine: Engine) -> None:
    call = (
        "This is the Social Security Administration. Your social security number has been suspended "
        "because of fraudulent activity. To avoid arrest you must pay the fine today with gift cards. "
        "I think this is a scam. I'm not falling for it. If you hang up, the police will come to your house. "
        "This is a scam and I'm going to report it. Stay on the line and buy the gift cards now."
    )
    verdict = engine.analyse(read_text(call))
    assert not verdict.context["warning_about_scams"]
    assert verdict.verdict == "scam", verdict.score


def test_a_recorded_fraud_check_that_sends_you_to_your_card_is_softened(engine: Engine) -> None:
    check = (
        "This is an automated call from the fraud prevention team at Kestrel Bank. Please press 1 now. "
        "If you made these transactions, press 1. If you'd like to check this call was genuine, "
        "hang up and call the number on the back of your card."
    )
    scam = check.replace(
        "If you'd like to check this call was genuine, hang up and call the number on the back of your card.",
        "Press 9 to speak to an agent now.",
    )
    _, _, ctx = engine.findings(read_text(check))
    assert ctx.tactic_factors.get("AUTOMATED_CALL", 1.0) < 1.0
    assert "AUTOMATED_CALL" not in engine.findings(read_text(scam))[2].tactic_factors


def test_a_helpdesk_warning_about_gift_cards_does_not_undo_the_call_the_person_started(engine: Engine) -> None:
    call = (
        "Agent: Thanks for contacting us, this is Priya. How can I help?\n"
        "Me: I was charged for Prime and I meant to cancel.\n"
        "Agent: I can refund that to your card. We'd never ask you for payment by gift card, by the way.\n"
        "Me: Thanks."
    )
    scam = call.replace("We'd never ask you for payment by gift card, by the way.",
                        "First I need a payment by gift card to release it.")
    assert engine.findings(read_text(call))[2].user_initiated
    assert not engine.findings(read_text(scam))[2].user_initiated


def test_thanking_the_caller_for_calling_is_not_starting_the_call(engine: Engine) -> None:
    call = (
        "Suspect: Hello, this is John from Microsoft. Your computer has been infected with a virus.\n"
        "Innocent: Oh no, thank you for calling me. What do I do?\n"
        "Suspect: I need to remote access your computer to fix it. Allow me to access your computer."
    )
    helpdesk = call.replace("Hello, this is John", "Thank you for calling, this is John")
    assert not engine.findings(read_text(call))[2].user_initiated
    assert engine.findings(read_text(helpdesk))[2].user_initiated


def test_a_warning_sentence_that_turns_into_an_instruction_frames_only_the_warning(engine: Engine) -> None:
    call = (
        "Agent: Thank you for calling Microsoft support, this is Ryan.\n"
        "Me: My email won't open.\n"
        "Agent: I need to connect to your computer, please open Quick Assist and read me the code.\n"
        "Agent: Microsoft will never charge your card over the phone, {rest}\n"
    )
    turned = call.format(rest="so pay with five $100 Google Play gift cards instead.")
    warned = call.format(rest="and we never ask anyone to pay with Google Play gift cards.")
    assert not engine.findings(read_text(turned))[2].user_initiated
    assert engine.analyse(read_text(turned)).verdict == "scam"
    assert engine.findings(read_text(warned))[2].user_initiated


def test_what_the_customer_retells_is_not_what_the_helpdesk_asks(engine: Engine) -> None:
    call = (
        "Agent: Thank you for calling TalkTalk technical support, you're speaking with Priya.\n"
        "Customer: Someone rang me this morning and told me to install AnyDesk and buy Google Play gift cards.\n"
        "Agent: You did the right thing hanging up. I'll need to connect to your computer to check nothing "
        "was installed. Please open Quick Assist and read me the six digit code.\n"
    )
    asked = call + "Agent: That will be two $100 Google Play gift cards for the check.\n"
    assert engine.findings(read_text(call))[2].user_initiated
    assert not engine.findings(read_text(asked))[2].user_initiated


def test_reassurance_that_leads_into_a_code_request_is_not_a_warning(engine: Engine) -> None:
    text = ("HSBC: We've blocked a payment of £748.00 to a new payee. If you ever want to check this is genuine, "
            "reply with the 6-digit code we just sent you and we'll cancel it.")
    advice = ("HSBC: If you ever want to check a message is really from us, call the number on the back of "
              "your card. We'll never ask you for a code.")
    verdict = engine.analyse(read_text(text, kind="sms"))
    assert verdict.flagged and not verdict.context["warning_about_scams"]
    assert not engine.analyse(read_text(advice, kind="sms")).flagged


@pytest.mark.parametrize(("label", "media"), [("Host", True), ("Host (Jo Brand)", True), ("Host (External)", False),
                                              ("Presenter (Guest)", False)])
def test_a_chat_name_marked_external_is_not_a_programmes_host(label: str, media: bool) -> None:
    assert CONTEXT._is_media(label) is media


def test_a_pasted_popup_that_opens_youve_reached_is_still_a_fake_alert(engine: Engine) -> None:
    popup = (
        "You've reached the Windows Defender Security Center.\n"
        "** ACCESS TO THIS PC HAS BEEN BLOCKED FOR SECURITY REASONS **\n"
        "Your computer has been infected with Trojan Spyware. Error code: 0x80072ee7\n"
        "Closing this window will put your personal information at risk.\n"
        "Call Windows Support: +1-844-555-0193 (Toll Free)\n"
    )
    for kind in ("text", "popup"):
        doc = read_text(popup, kind=kind)
        assert not engine.findings(doc)[2].user_initiated
        assert engine.analyse(doc).verdict == "scam"


def test_an_attached_page_of_warnings_does_not_make_the_message_a_warning(engine: Engine) -> None:

    warnings = ("<p>Scammers may ask you to install AnyDesk. Banks will never ask you to move money. "
                "Never give remote access to a caller. Beware of calls claiming to be from Microsoft. "
                "Report it to Action Fraud.</p>")
    raw = (
        "From: PayPal Billing <billing@pp-invoices.example.net>\nTo: ann@example.com\nSubject: Invoice INV-5521\n"
        "MIME-Version: 1.0\nContent-Type: multipart/mixed; boundary=b\n\n--b\nContent-Type: text/plain\n\n"
        "Your PayPal account was charged $499.99 for Norton 360. If you did not authorise this, call "
        "+1 (888) 555-0147 within 24 hours to cancel and get a refund.\n"
        "--b\nContent-Type: text/html\nContent-Disposition: attachment; filename=\"Terms.txt\"\n\n"
        f"{warnings}\n--b--\n"
    ).encode()
    doc = read_bytes(raw)[0]
    assert doc.attached_at is not None and doc.text[doc.attached_at:].startswith("Attached Terms.txt")
    verdict = engine.analyse(doc)
    assert verdict.verdict == "scam" and not verdict.context["warning_about_scams"]


def test_a_family_chat_that_calls_a_forwarded_text_a_scam_is_about_scams(engine: Engine) -> None:
    chat = (
        "[03/02/2025, 18:22] Ray: Got this today, anyone know if its legit?\n"
        "[03/02/2025, 18:22] Ray: HMRC: You are due a tax refund of £326.18. Submit your claim before 05/02/2025: "
        "https://hmrc-refund-gov.example-claims.com\n"
        "[03/02/2025, 18:25] Kate: Don't click it Ray!! That's a scam. HMRC never texts about refunds\n"
        "[03/02/2025, 18:26] Kate: Look at the web address, it's not gov.uk\n"
        "[03/02/2025, 18:27] Dan: Yep fake. If you're owed money it shows in your HMRC online account\n"
        "[03/02/2025, 18:29] Mum: Forward it to 7726, it's free\n"
        "[03/02/2025, 18:31] Kate: and if you ever did click on one just ring your bank\n"
    )
    assert engine.analyse(read_text(chat)).verdict == "not_scam"
    # the same text on its own is the scam it forwards
    alone = "HMRC: You are due a tax refund of £326.18. Submit your claim before 05/02/2025: https://hmrc-refund-gov.example-claims.com"
    assert engine.analyse(read_text(alone, kind="sms")).flagged


def test_a_warning_heading_frames_the_list_under_it_but_a_list_of_steps_is_not_framed() -> None:
    notice = (
        "How IT will contact you: only about a ticket you raised.\n\n"
        "We will NEVER:\n- call you on Teams from an external account\n"
        "- ask you to open Quick Assist or install AnyDesk\n"
    )
    steps = notice.replace("We will NEVER:", "During the call they will ask you to:")
    doc, other = read_text(notice), read_text(steps)
    engine = Engine()
    framed = [f for f in engine.findings(doc)[0] if f.rule_id == "RA_INSTALL_TOOL"]
    unframed = [f for f in engine.findings(other)[0] if f.rule_id == "RA_INSTALL_TOOL"]
    assert framed and all(f.factor < 0.5 for f in framed)
    assert unframed and all(f.factor == 1.0 for f in unframed)


def test_a_cold_caller_who_answers_like_a_desk_has_not_been_rung(engine: Engine) -> None:
    cold = (
        "Caller: Good morning, Windows technical support department, Steve speaking. Am I speaking with Mrs Collins?\n"
        "Me: Yes, who is this?\n"
        "Caller: Your computer is sending us error messages. Go to anydesk dot com and read me the nine digit number.\n"
    )
    rung = (
        "Agent: Morning, Westfield Council ICT service desk, Jo speaking.\n"
        "Caller: Hi Jo, it's Mark in Planning. Outlook keeps freezing on my PC.\n"
        "Agent: No problem Mark, I'll need to connect to your computer. I've sent you the remote control request, "
        "please click allow.\n"
    )
    assert not engine.findings(read_text(cold))[2].user_initiated
    assert engine.findings(read_text(rung))[2].user_initiated


def test_a_negated_heading_that_turns_to_its_own_checks_does_not_frame_them(engine: Engine) -> None:
    turned = (
        "Lloyds Fraud Team: we will never ask for your PIN, only these three checks:\n"
        "- Read me the 6-digit code we text you\n"
        "- Move your savings to the safe account we set up in your name\n"
    )
    numbered = ("Here is what Nationwide will never do:\n1. Ask you to move your savings to a safe account.\n"
                "2. Ask you to read out a one-time code.\n")
    assert engine.analyse(read_text(turned)).verdict == "scam"
    assert engine.analyse(read_text(numbered)).verdict == "not_scam"


def test_a_scam_that_heads_off_the_thought_is_not_a_warning(engine: Engine) -> None:
    text = ("HMRC: You might think this is a scam. It isn't! You are owed a tax refund of £326.18. "
            "Claim it before Friday: https://hmrc-refund-gov.example-claims.com")
    verdict = engine.analyse(read_text(text, kind="sms"))
    assert verdict.flagged and not verdict.context["warning_about_scams"]


def test_an_inch_mark_in_a_chat_opens_no_quote(engine: Engine) -> None:
    chat = (
        '[14:02] Mike: hi is the iPad Pro 12.9" still for sale?\n'
        "[14:05] Mike: I'm at sea, can you buy 2 Apple gift cards of £100 each and send me pictures of the codes?\n"
        '[14:09] Me: ok I did the things you said, the PayPal email says "pending"\n'
    )
    found = [f for f in engine.findings(read_text(chat))[0] if f.rule_id == "PAY_BUY_GIFT_CARDS"]
    assert found and all(f.factor == 1.0 for f in found)
