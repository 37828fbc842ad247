"""Indicator extraction: one block of positive and negative cases per indicator type."""

from __future__ import annotations

import random

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from hangup.indicators import INDICATOR_TYPES, Indicator, IndicatorExtractor, extract, phones
from hangup.indicators.finance import iban_valid
from hangup.indicators.money import spelled_value


def found(text: str, kind: str, region: str = "GB") -> list[tuple[str, str]]:
    """(value, normalized) of every indicator of ``kind`` in ``text``."""
    return [(i.value, i.normalized) for i in extract(text, region=region) if i.type == kind]


def normalized(text: str, kind: str, region: str = "GB") -> list[str]:
    return [n for _, n in found(text, kind, region)]


# --- API and general properties ---------------------------------------------------------------


def test_api_shape() -> None:
    text = "Call 0800 123 4567 and install AnyDesk"
    result = extract(text)
    assert all(isinstance(i, Indicator) for i in result)
    assert [i.type for i in result] == ["phone", "remote_access_tool"]
    assert result[0] == Indicator("phone", "0800 123 4567", "+448001234567", 5, 18)
    assert all(i.type in INDICATOR_TYPES for i in result)


def test_extractor_is_reusable_and_ordered() -> None:
    extractor = IndicatorExtractor()
    text = "Pay $199.99 by Western Union to Microsoft, then go to www.fix-pc-now.xyz"
    first = extractor.extract(text)
    assert first == extractor.extract(text)
    assert [i.start for i in first] == sorted(i.start for i in first)
    keys = [(i.type, i.normalized, i.start) for i in first]
    assert len(keys) == len(set(keys))


def test_empty_text() -> None:
    assert extract("") == []
    assert extract("hello there") == []


# --- phone ------------------------------------------------------------------------------------


def test_phone_uk_and_international() -> None:
    text = "Ring +44 20 7946 0000 or 020 7946 0001, mobile 07911 123456"
    assert normalized(text, "phone") == ["+442079460000", "+442079460001", "+447911123456"]


def test_phone_us_toll_free_in_any_region() -> None:
    assert normalized("Call 1-888-555-0199 now", "phone", "GB") == ["+18885550199"]
    assert normalized("Call (888) 555-0199 now", "phone", "US") == ["+18885550199"]


def test_phone_uk_freephone_in_us_region() -> None:
    assert normalized("call 0800 123 4567.", "phone", "US") == ["+448001234567"]


def test_phone_next_to_other_digits() -> None:
    assert normalized("Call 0800 123 4567 24 hours a day", "phone") == ["+448001234567"]


def test_phone_read_out_in_words() -> None:
    # speech-to-text writes a number read out digit by digit as words; the value quotes the words
    text = "please call our technicians at one eight eight eight five five five zero one four two again"
    found = [i for i in extract(text, region="GB") if i.type == "phone"]
    assert [(i.value, i.normalized) for i in found] == [
        ("one eight eight eight five five five zero one four two", "+18885550142")
    ]
    assert text[found[0].start : found[0].end] == found[0].value
    assert normalized("ring oh eight hundred, one two three, four five six seven", "phone") == ["+448001234567"]
    assert normalized("call zero two zero, seven nine four six, double oh oh one", "phone") == ["+442079460001"]


@pytest.mark.parametrize(
    "words, digits",
    [
        ("one eight hundred", "1800"),
        ("double five triple oh", "55000"),
        ("oh two oh", "020"),
        ("double", None),  # nothing to double
        ("double triple one", None),
        ("hundred one", None),  # no digit before "hundred"
        ("one two ix", None),  # not a number word (what "ſix" leaves when lower-cased)
    ],
)
def test_spoken_digits(words: str, digits: str | None) -> None:
    assert phones.spoken_digits(words.split()) == digits


@pytest.mark.parametrize(
    "text",
    [
        "one two three four five six",  # six words: too short for a number
        "I said one or two, maybe three, no more than four",
        "press one one one one one one one",  # seven digits that are no valid number
        "call us on one two three four five \u017fix seven eight nine now",  # long s, folded by RE2
    ],
)
def test_no_phone_in_words(text: str) -> None:
    assert normalized(text, "phone") == []


@pytest.mark.parametrize(
    "text",
    [
        "Windows version 10.0.19045",
        "on 12/05/2024 at 10:30",
        "order 12345678",
        "update KB5034441",
        "$1,299.99",
    ],
)
def test_no_phone(text: str) -> None:
    assert normalized(text, "phone") == []


# --- url and domain ---------------------------------------------------------------------------


def test_url_with_scheme() -> None:
    text = "Go to https://AnyDesk.com/Download?x=1."
    assert found(text, "url") == [("https://AnyDesk.com/Download?x=1", "https://anydesk.com/Download")]
    assert found(text, "domain") == [("AnyDesk.com", "anydesk.com")]


def test_www_and_bare_domains() -> None:
    text = "visit www.support-microsoft-help.xyz/fix, or anydesk.com or help.example.co.uk"
    assert normalized(text, "url") == ["http://www.support-microsoft-help.xyz/fix"]
    assert normalized(text, "domain") == ["support-microsoft-help.xyz", "anydesk.com", "example.co.uk"]


def test_internationalised_domains_in_punycode() -> None:
    text = "see https://mail.xn--80ak6aa92e.xn--p1ai/login, http://a.b.xn--fiqs8s/x"
    assert normalized(text, "domain") == ["xn--80ak6aa92e.xn--p1ai", "b.xn--fiqs8s"]
    assert normalized("open http://shop.xn--zzzz-invalid/x now", "domain") == []


def test_url_keeps_balanced_brackets() -> None:
    assert normalized("(see http://x.com/a_(b))", "url") == ["http://x.com/a_(b)"]


@pytest.mark.parametrize(
    "text",
    [
        "e.g. this",
        "i.e. that",
        "Mr.Smith said ok.Now",
        "run setup.exe and open invoice.zip",
        "Windows version 10.0.19045 and 3.5",
        "edit setup.py",
        "the U.S. office",
        "I am just reaching home.love u a lot",
        "Just now saw your message.it was fine",
        "Howz pain.it will come down today.do as i said",
    ],
)
def test_no_domain(text: str) -> None:
    assert normalized(text, "domain") == []
    assert normalized(text, "url") == []


# --- email ------------------------------------------------------------------------------------


def test_email() -> None:
    text = "Write to Support@Micros0ft-Help.com or john.smith@gmail.com."
    assert normalized(text, "email") == ["support@micros0ft-help.com", "john.smith@gmail.com"]
    assert normalized(text, "domain") == ["micros0ft-help.com", "gmail.com"]


def test_bare_domain_with_word_tld_needs_path() -> None:
    assert normalized("see evil.love/login", "domain") == ["evil.love"]
    assert normalized("go to techshield.support now", "domain") == ["techshield.support"]


def test_no_email_without_real_suffix() -> None:
    assert normalized("user@localhost and a@b.notatld", "email") == []


# --- remote_access_tool -----------------------------------------------------------------------


def test_tools_and_spellings() -> None:
    text = "Download any desk or Team Viewer, run AnyDesk.exe, or use ultra viewer and Quick Assist."
    assert normalized(text, "remote_access_tool") == [
        "AnyDesk",
        "TeamViewer",
        "AnyDesk",
        "UltraViewer",
        "Quick Assist",
    ]


def test_tool_from_catalogue_and_merged_duplicates() -> None:
    assert normalized("install ConnectWise Control", "remote_access_tool") == ["ScreenConnect"]
    assert normalized("install RustDesk or Splashtop", "remote_access_tool") == ["RustDesk", "Splashtop"]
    assert normalized("open LogMeIn Rescue", "remote_access_tool") == ["LogMeIn Rescue"]


def test_tool_from_host() -> None:
    assert normalized("open remotedesktop.google.com", "remote_access_tool") == ["Chrome Remote Desktop"]


def test_ambiguous_tool_names_need_context() -> None:
    assert normalized("they came to the rescue, level with me", "remote_access_tool") == []
    assert normalized("we used putty to fix the window", "remote_access_tool") == []
    assert normalized("our top-level technicians use a tool", "remote_access_tool") == []
    assert normalized("download the Rescue app", "remote_access_tool") == ["LogMeIn Rescue"]


def test_excluded_tool_names() -> None:
    assert normalized("do you need any support? I'm in touch remotely", "remote_access_tool") == []


# --- remote_access_id -------------------------------------------------------------------------


def test_anydesk_address() -> None:
    text = "Read me your AnyDesk address: 123 456 789."
    assert found(text, "remote_access_id") == [("123 456 789", "anydesk:123456789")]


def test_teamviewer_id() -> None:
    assert normalized("TeamViewer ID: 1 234 567 890", "remote_access_id") == ["teamviewer:1234567890"]


def test_generic_session_code() -> None:
    assert normalized("your session code is 123456", "remote_access_id") == ["123456"]


def test_anydesk_alias() -> None:
    assert normalized("connect to john@ad now", "remote_access_id") == ["anydesk:john@ad"]


@pytest.mark.parametrize(
    "text",
    [
        "Your order number 123456789 has shipped. Thanks for shopping.",
        "Order ID 12345678",
        "sort code 12-34-56",
        "Open AnyDesk and call 0800 123 4567",
        "the total was 123456 items",
        "The reference number is SD123456.",
        "The error code is 1073741819.",
        "Your ID? My social security number is 542-12-8765.",
        "This email was sent to your email address. Copyright © 1999-2025 PayPal.",
    ],
)
def test_no_remote_id(text: str) -> None:
    assert normalized(text, "remote_access_id") == []


def test_remote_id_far_from_context() -> None:
    text = "AnyDesk is popular. " + "Lorem ipsum dolor sit amet. " * 5 + "Your parcel 123456789 is late."
    assert normalized(text, "remote_access_id") == []


# --- money ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("pay $299.99 now", "USD 299.99"),
        ("a £ 1,200 fee", "GBP 1200.00"),
        ("USD 500 only", "USD 500.00"),
        ("it is 499.99 USD", "USD 499.99"),
        ("500 dollars", "USD 500.00"),
        ("€50", "EUR 50.00"),
        ("two hundred dollars", "USD 200.00"),
        ("one thousand two hundred and fifty pounds", "GBP 1250.00"),
        ("299 dollars and 99 cents", "USD 299.99"),
        ("just 99p", "GBP 0.99"),
        ("$1.2k", "USD 1200.00"),
    ],
)
def test_money(text: str, expected: str) -> None:
    assert normalized(text, "money") == [expected]


def test_no_money() -> None:
    assert normalized("version 10.0, 3 apples, five hundred people", "money") == []


def test_spelled_value() -> None:
    assert spelled_value("nine hundred and ninety-nine") == 999
    assert spelled_value("a thousand") == 1000
    assert spelled_value("banana") is None


# --- payment_method ---------------------------------------------------------------------------


def test_payment_methods() -> None:
    text = (
        "Buy Google Play cards or a Vanilla Visa, or pay by credit card, bank transfer, bitcoin at a "
        "bitcoin ATM, Western Union, Zelle or an iTunes gift card."
    )
    assert normalized(text, "payment_method") == [
        "gift_card:google_play",
        "gift_card:vanilla",
        "card",
        "bank_transfer",
        "crypto:bitcoin",
        "crypto:atm",
        "wire:western_union",
        "wire:zelle",
        "gift_card:itunes",
    ]


def test_payment_needs_context_or_case() -> None:
    assert normalized("I applied for a visa to travel", "payment_method") == []
    assert normalized("we played on google play", "payment_method") == []
    assert normalized("my friend Ria called", "payment_method") == []
    assert normalized("send it through Ria, the money transfer", "payment_method") == ["wire:ria"]


# --- brand ------------------------------------------------------------------------------------


def test_brands() -> None:
    text = "This is Microsoft. Your Windows licence and iCloud; BT, Sky and HMRC, Geek Squad, Wells Fargo."
    assert normalized(text, "brand") == [
        "Microsoft",
        "Windows",
        "iCloud",
        "BT",
        "Sky",
        "HMRC",
        "Geek Squad",
        "Wells Fargo",
    ]


@pytest.mark.parametrize(
    "text",
    [
        "open the windows, it's hot",
        "I ate an apple under a blue sky",
        "the dog likes to chase the cat",
        "aim at the target",
    ],
)
def test_no_brand(text: str) -> None:
    assert normalized(text, "brand") == []


def test_windows_with_tech_word_in_lower_case() -> None:
    assert normalized("your windows computer is infected", "brand") == ["Windows"]


# --- crypto_wallet and bank_account -----------------------------------------------------------


def test_crypto_wallets() -> None:
    text = (
        "send to bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq or 1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa "
        "or 0x742d35Cc6634C0532925a3b844Bc454e4438f44e or TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t"
    )
    assert normalized(text, "crypto_wallet") == [
        "bitcoin:bc1qar0srrr7xfkvy5l643lydnw9re59gtzzwf5mdq",
        "bitcoin:1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNa",
        "ethereum:0x742d35cc6634c0532925a3b844bc454e4438f44e",
        "tron:TR7NHqjeKQxGTCi8q8ZY4pL8otSzgjLj6t",
    ]


def test_bad_checksum_wallet() -> None:
    assert normalized("1A1zP1eP5QGefi2DMPTfTL5SLmv7DivfNb", "crypto_wallet") == []


def test_iban() -> None:
    text = "IBAN GB82 WEST 1234 5698 7654 32 is mine"
    assert found(text, "bank_account") == [("GB82 WEST 1234 5698 7654 32", "iban:GB82WEST12345698765432")]
    assert iban_valid("DE89370400440532013000")
    assert not iban_valid("GB82WEST12345698765433")


def test_uk_and_us_accounts() -> None:
    text = "sort code 12-34-56, account number 12345678; routing number 021000021, routing 123456789"
    assert normalized(text, "bank_account") == [
        "sort_code:123456",
        "account_number:12345678",
        "routing:021000021",
    ]


# --- robustness -------------------------------------------------------------------------------


SCAM_WORDS = [
    "AnyDesk", "id", "123", "456", "789", "0800", "4567", "$", "£", "299.99", "@", ".", "com",
    "www", "http://", "Microsoft", "windows", "gift", "card", "bc1", "GB82", "sort", "code", "-",
    " ", "\n", "é", "€", "ü", "\u00a0", "team viewer", "dollars", "two", "hundred", "/",
]


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.one_of(st.text(max_size=400), st.lists(st.sampled_from(SCAM_WORDS), max_size=80).map("".join)))
def test_offsets_always_valid(text: str) -> None:
    for item in extract(text):
        assert text[item.start : item.end] == item.value
        assert item.type in INDICATOR_TYPES
        assert item.end > item.start


def test_pathological_input_completes() -> None:
    rng = random.Random(7)
    junk = "".join(rng.choice("0123456789.@") for _ in range(200_000))
    for text in (junk, "1." * 100_000, "9" * 200_000, "a@" * 100_000, "0800 123 4567 " * 15_000):
        for item in extract(text):
            assert text[item.start : item.end] == item.value


def test_remote_id_read_out_in_the_next_turn() -> None:
    text = "Now please read me the nine digit number on your screen.\nIt says 482 913 776."
    ids = [i for i in extract(text) if i.type == "remote_access_id"]
    assert [i.normalized for i in ids] == ["482913776"]
    assert all(i.type != "remote_access_id" for i in extract("Your order number is 482 913 776."))
