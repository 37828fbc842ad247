"""Readers for plain text, SMS/chat, labelled transcripts, SRT, WebVTT and JSON transcripts."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from hangup.documents import read_bytes, read_path, read_text
from hangup.documents.labels import parse_label, parse_time
from hangup.documents.transcript import join_header_turns, looks_like_transcript
from hangup.errors import InputError

FIXTURES = Path(__file__).parent / "fixtures" / "documents"


def test_plain_text_is_kept_as_is() -> None:
    doc = read_text("  Your PC is infected.\r\nCall 0800 123 4567 now.  \n\n")
    assert doc.kind == "text"
    assert doc.text == "Your PC is infected.\nCall 0800 123 4567 now."
    assert doc.turns == []


def test_prose_with_a_note_line_is_not_a_transcript() -> None:
    text = "Hi Bob,\nNote: the meeting is at 3.\nSee you there.\nRegards, Alice"
    doc = read_text(text)
    assert doc.kind == "text"
    assert "Note: the meeting is at 3." in doc.text


def test_sms_one_turn_per_line_with_speakers() -> None:
    doc = read_text("Bank: Your card is blocked.\nCall 0800 000 111\nMe: Really?\nhello", kind="sms")
    assert doc.kind == "sms"
    assert [(t.speaker, t.text) for t in doc.turns] == [
        ("Bank", "Your card is blocked."),
        ("Bank", "Call 0800 000 111"),
        ("Me", "Really?"),
        ("Me", "hello"),
    ]
    assert doc.text == "Your card is blocked.\nCall 0800 000 111\nReally?\nhello"


def test_sms_without_labels_has_no_speakers() -> None:
    doc = read_text("URGENT: your account is locked\nvisit http://x.example", kind="sms")
    assert [t.speaker for t in doc.turns] == [None, None]
    assert doc.turns[0].text == "URGENT: your account is locked"


def test_chat_export_prefix_detected_and_stripped() -> None:
    text = "[12/03/2024, 10:32:11] Tom: hi mum\n[12/03/2024, 10:33:00] Mum: who is this?\n"
    doc = read_text(text)
    assert doc.kind == "chat"
    assert [(t.speaker, t.text) for t in doc.turns] == [("Tom", "hi mum"), ("Mum", "who is this?")]


def test_labelled_transcript_fixture() -> None:
    (doc,) = read_path(FIXTURES / "transcript.txt")
    assert doc.kind == "call"
    assert doc.speakers == ["Caller", "Mrs Jones"]
    assert [t.start for t in doc.turns] == [1.0, 4.0, 6.0, 62.0, 70.0]
    third = doc.turns[2]
    assert third.speaker == "Caller"
    assert third.text == (
        "I'm calling from Microsoft. Your computer is sending us error messages. "
        "Note: this happened yesterday too."
    )
    assert "Caller:" not in doc.text and "Mrs Jones:" not in doc.text
    assert doc.text[third.offset:third.offset + len(third.text)] == third.text
    assert doc.turn_at(doc.text.index("anydesk")) is doc.turns[4]


def test_dash_labels_and_bracketless_times() -> None:
    text = "Agent - Hello there.\nCustomer - Hi.\nAgent - Install this - it is safe.\n"
    doc = read_text(text)
    assert doc.kind == "call"
    assert [(t.speaker, t.text) for t in doc.turns] == [
        ("Agent", "Hello there."),
        ("Customer", "Hi."),
        ("Agent", "Install this - it is safe."),
    ]


def test_one_speaker_is_not_a_transcript() -> None:
    assert not looks_like_transcript("Caller: hi\nCaller: are you there?")
    assert looks_like_transcript("Caller: hi\nAgent: hello")


def test_call_kind_without_labels_still_reads() -> None:
    doc = read_text("hello\nthis is microsoft", kind="call")
    assert doc.kind == "call"
    assert doc.turns[0].speaker is None
    assert "no speaker labels were recognised" in doc.notes


@pytest.mark.parametrize(
    ("line", "speaker", "start", "text"),
    [
        ("Caller: hi", "Caller", None, "hi"),
        ("[00:01:02] Bob Smith: yes", "Bob Smith", 62.0, "yes"),
        ("00:01:02 Agent: ok", "Agent", 62.0, "ok"),
        ("(1:05) Speaker 1: well", "Speaker 1", 65.0, "well"),
        ("Agent (00:00:10): go on", "Agent", 10.0, "go on"),
        ("SPEAKER_00: hello", "SPEAKER_00", None, "hello"),
        ("[10:01] IT Help Desk (External): Hi Rachel", "IT Help Desk (External)", 601.0, "Hi Rachel"),
    ],
)
def test_parse_label(line: str, speaker: str, start: float | None, text: str) -> None:
    label = parse_label(line)
    assert label is not None
    assert (label.speaker, label.start, label.text) == (speaker, start, text)


@pytest.mark.parametrize(
    "line",
    ["Note: the meeting is at 3", "https://example.com", "at 3:30 we met", "one two three four five: x", "",
     "Note (important): the meeting is at 3"],
)
def test_not_a_speaker_label(line: str) -> None:
    label = parse_label(line)
    assert label is None or label.speaker is None


def test_parse_time() -> None:
    assert parse_time("01:02:03,500") == 3723.5
    assert parse_time("1:02") == 62.0
    assert parse_time("x:02") is None


def test_srt_fixture() -> None:
    (doc,) = read_path(FIXTURES / "call.srt")
    assert doc.kind == "call"
    assert [(t.speaker, t.start, t.end) for t in doc.turns] == [
        ("Agent", 1.0, 4.5),
        ("Caller", 5.0, 8.25),
        ("Agent", 62.0, 66.0),
    ]
    assert doc.turns[1].text == "Hi, I got a pop-up saying my computer is infected."
    assert doc.turns[2].text == "Please install AnyDesk so I can fix it."  # <i> tags stripped


def test_srt_detected_by_content_without_extension() -> None:
    data = (FIXTURES / "call.srt").read_bytes()
    (doc,) = read_bytes(data, name="upload")
    assert doc.kind == "call"
    assert len(doc.turns) == 3


def test_vtt_fixture_voice_tags() -> None:
    (doc,) = read_path(FIXTURES / "call.vtt")
    assert doc.speakers == ["Agent Smith", "Victim"]
    assert [(t.speaker, t.text, t.start, t.end) for t in doc.turns] == [
        ("Agent Smith", "This is the Windows security department.", 0.5, 3.0),
        ("Victim", "Oh no, what's wrong & what do I do?", 3.5, 7.0),
        ("Agent Smith", "Buy gift cards worth 500 dollars.", 70.0, 75.0),
        ("Victim", "Okay.", 70.0, 75.0),
    ]
    assert "NOTE" not in doc.text and "<" not in doc.text


def test_vtt_from_text_with_name_labels() -> None:
    text = "WEBVTT\n\n00:01.000 --> 00:02.000\nJohn: hi\n\n00:02.000 --> 00:03.000\nMary: hello\n"
    doc = read_text(text)
    assert [(t.speaker, t.text, t.start) for t in doc.turns] == [("John", "hi", 1.0), ("Mary", "hello", 2.0)]


def test_vtt_without_cues_is_an_error() -> None:
    with pytest.raises(InputError, match="no WebVTT cues"):
        read_text("WEBVTT\n\nNOTE nothing here\n")


def test_json_fixture_whisper_segments() -> None:
    (doc,) = read_path(FIXTURES / "call.json")
    assert doc.kind == "call"
    assert [(t.speaker, t.text, t.start, t.end) for t in doc.turns] == [
        ("SPEAKER_00", "Hello, I'm calling from BT.", 0.0, 2.5),
        ("SPEAKER_01", "Yes?", 2.5, 6.0),
        ("SPEAKER_00", "Your internet will be cut off today.", 6.5, 9.25),
    ]


@pytest.mark.parametrize("key", ["turns", "utterances"])
def test_json_other_container_keys(key: str) -> None:
    data = json.dumps({key: [{"speaker": "A", "text": "hi", "start": 1}, {"speaker": "B", "text": "yo"}]})
    doc = read_text(data)
    assert [(t.speaker, t.text, t.start) for t in doc.turns] == [("A", "hi", 1.0), ("B", "yo", None)]


def test_json_plain_list() -> None:
    doc = read_text('[{"speaker": "Caller", "text": "Refund!", "start": 3, "end": 4.5}]', kind="json")
    assert doc.turns[0].speaker == "Caller"
    assert (doc.turns[0].start, doc.turns[0].end) == (3.0, 4.5)


def test_invalid_json_is_a_clear_input_error() -> None:
    with pytest.raises(InputError, match=r"not valid JSON: .* line 1"):
        read_bytes(b'[{"speaker": "A", "text": }]', name="call.json")


def test_json_that_is_not_a_transcript() -> None:
    with pytest.raises(InputError, match="not a transcript"):
        read_text('{"hello": 1}', kind="json")


def test_html_file_becomes_text() -> None:
    (doc,) = read_bytes(b"<html><body><p>Call <a href='tel:+18885550199'>us</a></p></body></html>",
                        name="page.html")
    assert doc.kind == "text"
    assert doc.text == "Call us (tel:+18885550199)"


def test_kind_popup_on_text() -> None:
    doc = read_text("VIRUS DETECTED call 0800", kind="popup")
    assert doc.kind == "popup"
    assert doc.text == "VIRUS DETECTED call 0800"


@pytest.mark.parametrize(
    "text",
    [
        "Step 1: open the browser\nStep 2: go to the site\nStep 3: call us",
        "Error code: 0x8024\nLicence: expired\nSupport line: +1 888 555 0199\nCase ID: 4411",
        "Tel: 0800 123\nEmail: help@x.example\nHours: 24/7",
    ],
)
def test_form_like_text_is_not_a_transcript(text: str) -> None:
    assert read_text(text).kind == "text"


@pytest.mark.parametrize(
    "line",
    [
        "Caller: hello", "[00:01:02] Agent: Hi there", "00:01 - Caller - yes", "Agent - ok", "Note: not a speaker",
        "plain prose without a label", "  [1:02:03.5] words after a stamp", "Mr. Smith (00:12): hello",
        "\u0663:\u0664\u0665 Arabic-Indic digits - x", "Caller \u2013 dash label", "",
    ],
)
def test_parse_label_is_stable_when_cached(line: str) -> None:
    """Labels are cached by line head; a second read and the other dash mode give fresh, right answers."""
    from hangup.documents.labels import label_head  # noqa: PLC0415

    for allow_dash in (True, False, True):
        first = parse_label(line, allow_dash=allow_dash)
        assert parse_label("  " + line, allow_dash=allow_dash) == first
        head = label_head(line, allow_dash=allow_dash)
        assert (head is None) == (first is None)
        if first is not None and head is not None:
            assert head[0] == first.speaker and head[1] == first.start and head[3] == first.dash


# --- conversations pasted in other shapes -----------------------------------------------------


def test_conversation_pasted_on_one_line_is_read_as_turns() -> None:
    text = (
        "Scammer: Hello, this is Windows support. Me: Yes? Scammer: Your computer is sending errors. "
        "Me: Which errors? Scammer: Install AnyDesk and read me the code."
    )
    doc = read_text(text)
    assert doc.kind == "call"
    assert [(t.speaker, t.text) for t in doc.turns] == [
        ("Scammer", "Hello, this is Windows support."),
        ("Me", "Yes?"),
        ("Scammer", "Your computer is sending errors."),
        ("Me", "Which errors?"),
        ("Scammer", "Install AnyDesk and read me the code."),
    ]


def test_speech_to_text_labels_without_punctuation_are_read_as_turns() -> None:
    doc = read_text("caller: hello sir victim: hello caller: your computer is hacked victim: oh no")
    assert [t.speaker for t in doc.turns] == ["caller", "victim", "caller", "victim"]
    assert doc.turns[2].text == "your computer is hacked"


@pytest.mark.parametrize(
    "text",
    [
        "Note: the office is shut. Time: 10:30. Note: bring a pen. Time: 11:00.",  # not speakers
        "Dear Sam, the plan: we meet at 10. Reason: the train. Also: bring lunch.",  # each name once
        "Alice: hi.\nBob: hello.\nAlice: bye.\nBob: ok.",  # one a line: the ordinary reader's case
    ],
)
def test_prose_with_colons_is_not_split_into_turns(text: str) -> None:
    from hangup.documents.transcript import split_inline_labels  # noqa: PLC0415

    assert split_inline_labels(text) is None


def test_hard_wrapped_transcript_keeps_its_speakers() -> None:
    text = (
        "Host: Today we are talking about the calls that claim to come from\n"
        "Microsoft or your broadband company, who is behind them, and\n"
        "what they want from you.\n"
        "Guest: They ask you to install remote access software like AnyDesk and\n"
        "then they say they have sent you a refund by mistake and ask you to\n"
        "log in to your bank.\n"
        "Host: And what should people do?\n"
        "Guest: Hang up.\n"
    )
    assert looks_like_transcript(text)
    doc = read_text(text)
    assert doc.speakers == ["Host", "Guest"]
    assert doc.turns[0].text.endswith("what they want from you.")


def test_prose_paragraphs_after_one_label_are_not_a_transcript() -> None:
    text = "Re: your order\nThanks for writing.\nIt ships today.\nWe will email you.\n\nBest: Sam\nThanks"
    assert not looks_like_transcript(text)


def test_a_forwarded_message_is_read_without_its_quote_marks() -> None:
    text = (
        "---------- Forwarded message ---------\n"
        "> Scammer: Your Windows licence has expired.\n"
        "> Me: What do I do?\n"
        ">> Scammer: Go to anydesk dot com.\n"
        ">\n"
        "> Me: OK."
    )
    doc = read_text(text)
    assert doc.kind == "call"
    assert [t.speaker for t in doc.turns if t.speaker] == ["Scammer", "Me", "Scammer", "Me"]
    assert ">" not in doc.text


def test_a_few_quoted_lines_in_a_message_are_kept() -> None:
    text = "I got this today:\n> Your parcel is held\nand also this, is it real?\nThanks\nBob"
    assert ">" in read_text(text).text


def test_a_video_sites_transcript_is_read_without_its_times() -> None:
    text = (
        "[Music]\n00:00:00\nwelcome back i'm Kate\n00:00:02\nand this week the refund\n00:00:05\nscam so how does it\n"
        "00:00:07\nstart [Applause]\n"
    )
    doc = read_text(text)
    assert doc.text == "welcome back i'm Kate and this week the refund scam so how does it start"
    inline = "0:01 hello and welcome\n0:04 today we talk about\n0:06 remote access tools\n"
    assert read_text(inline).text == "hello and welcome today we talk about remote access tools"


def test_timed_and_labelled_turns_keep_their_times() -> None:
    doc = read_text("[00:00:03] Caller: Hello.\n[00:00:05] Me: Hi.\n[00:00:07] Caller: Install AnyDesk.")
    assert doc.kind == "call"
    assert [(t.speaker, t.start) for t in doc.turns] == [("Caller", 3.0), ("Me", 5.0), ("Caller", 7.0)]


def test_webvtt_captions_keep_their_times() -> None:
    vtt = "WEBVTT\n\n00:00:01.000 --> 00:00:04.000\nHello, this is Windows support.\n\n" \
          "00:00:05.000 --> 00:00:08.000\nInstall AnyDesk now.\n"
    for kind in ("auto", "call"):
        doc = read_text(vtt, kind=kind)
        assert [t.start for t in doc.turns] == [1.0, 5.0]


def test_two_labels_in_a_wrapped_pop_up_are_not_a_conversation() -> None:
    popup = (
        "Windows Defender: Access to this PC has been blocked for security reasons.\n"
        "Your computer has alerted us that it has been infected with a Trojan Spyware.\n"
        "The following data has been compromised: passwords, browser history.\n"
        "Technician: call Microsoft support: +1-888-555-0142 to unlock it.\n"
    )
    assert not looks_like_transcript(popup)
    assert read_text(popup).kind == "text"


OTTER = """Call with (555) 010-3382 - exported

Speaker 1  0:02
Hi, good evening, is this Marcus?

Speaker 2  0:05
Yeah, this is him.

Speaker 1  0:07
This is Melissa with the fraud team.
I'm calling about your account.

Speaker 2  0:18
Okay.
"""


def test_turns_under_a_name_and_time_line_are_read_as_a_call() -> None:
    doc = read_text(OTTER)
    assert doc.kind == "call"
    turns = [t for t in doc.turns if t.speaker is not None]  # the title line stays, unlabelled
    assert [(t.speaker, t.start) for t in turns] == [
        ("Speaker 1", 2.0), ("Speaker 2", 5.0), ("Speaker 1", 7.0), ("Speaker 2", 18.0)
    ]
    assert turns[2].text == "This is Melissa with the fraud team. I'm calling about your account."


def test_prose_with_a_time_or_two_is_not_a_header_transcript() -> None:
    text = "Meeting moved\nStarts 10:30\nRoom 4 at 11:00\nBring the slides."
    doc = read_text(text)
    assert doc.kind != "call" and not doc.turns


def test_a_long_turn_under_a_header_keeps_every_line() -> None:
    heads = "\n".join(f"Speaker {i % 2 + 1}  0:{i % 60:02d}\nhi {i}" for i in range(2_000))
    lines = "\n".join(f"line {i}" for i in range(2_000))
    doc = read_text(f"{heads}\nSpeaker 1  9:59\n{lines}\n")
    turns = [t for t in doc.turns if t.speaker is not None]
    assert len(turns) == 2_001
    assert turns[-1].text.split() == " ".join(f"line {i}" for i in range(2_000)).split()


def test_only_short_lines_are_turn_headers() -> None:
    turns = "\n".join(f"Speaker {i % 2 + 1}  0:{i:02d}\nhello {i}" for i in range(4))
    assert join_header_turns(turns) is not None
    padded = "\n".join(f"Speaker {i % 2 + 1}{' ' * 100}0:{i:02d}\nhello {i}" for i in range(4))
    assert join_header_turns(padded) is None  # a line of 100 spaces is not tried (nor backtracked over)
