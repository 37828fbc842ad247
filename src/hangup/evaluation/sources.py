"""Readers for the labelled development data (the layout described in the data folder's README).

Each source yields :class:`Sample` objects. Speaker tags of the synthetic dialogues are put one a
line so the transcript reader strips them: a model must not learn who is labelled "Suspect".
"""

from __future__ import annotations

import csv
import json
import tarfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

import re2

csv.field_size_limit(100_000_000)
_INLINE_SPEAKER = re2.compile(r"\s+(Suspect|Innocent|User|System|USER|SYSTEM):\s")


@dataclass(frozen=True, slots=True)
class Sample:
    source: str
    id: str
    kind: str
    label: str  # "scam" | "legit"
    scam_type: str  # "tech_support" | "other" | ""
    synthetic: bool
    text: str | None = None
    raw: bytes | None = None  # for emails: the RFC 822 bytes


def _split_speakers(dialogue: str) -> str:
    return _INLINE_SPEAKER.sub(lambda m: f"\n{m.group(1)}: ", dialogue).strip()


def _csv_rows(path: Path) -> Iterator[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as fh:
        yield from csv.DictReader(fh)


def bothbosu(data: Path, variant: str) -> Iterator[Sample]:
    name = f"bothbosu_{variant}"
    for row in _csv_rows(data / "dialogues" / f"{name}.csv"):
        yield Sample(name, row["id"], "call", row["label"], row["scam_type"], True, _split_speakers(row["dialogue"]))


def sgd(data: Path) -> Iterator[Sample]:
    with (data / "dialogues" / "sgd_banks_payment.jsonl").open(encoding="utf-8") as fh:
        for line in fh:
            row = json.loads(line)
            text = "\n".join(f"{'User' if s == 'USER' else 'Assistant'}: {u}" for s, u in row["turns"])
            yield Sample("sgd_banks_payment", row["id"], "chat", row["label"], row["scam_type"], False, text)


def ftc_robocalls(data: Path) -> Iterator[Sample]:
    for row in _csv_rows(data / "calls" / "ftc_robocalls_dev.csv"):
        yield Sample("ftc_robocalls", row["id"], "call", row["label"], row["scam_type"], False, row["transcript"])


def sms(data: Path, name: str) -> Iterator[Sample]:
    for row in _csv_rows(data / "sms" / f"{name}.csv"):
        yield Sample(name, row["id"], "sms", row["label"], row["scam_type"], False, row["text"])


def spamassassin(data: Path) -> Iterator[Sample]:
    manifest = {row["path"]: row for row in _csv_rows(data / "email" / "spamassassin_manifest.csv")}
    with tarfile.open(data / "email" / "spamassassin_easy_ham_1_spam_1.tar.gz") as tar:
        for member in tar:
            row = manifest.get(member.name)
            fh = tar.extractfile(member) if member.isfile() else None
            if row is None or fh is None:
                continue
            yield Sample("spamassassin", member.name, "email", row["label"], row["scam_type"], False, raw=fh.read())


#: Sources the shipped model is never trained on unless asked, and why. hangup is released under
#: Apache-2.0, and a model fitted on a data set is derived from it, so only data whose licence
#: allows that may go in. These sources may still be used for EVALUATION (nothing of them ships).
TRAIN_EXCLUDED: dict[str, str] = {
    "sgd_banks_payment": "CC BY-SA 4.0: share-alike would apply to a model derived from it",
    "smishtank": "licence unknown (SMISH_DT states none), so redistribution is not known to be allowed",
}

#: Sources written by a language model, not by people (figures on them are no evidence about real
#: calls; see the data README's caveats).
SYNTHETIC_SOURCES = frozenset({"bothbosu_single_agent", "bothbosu_multi_agent"})

#: The licence of each source as the data README states it (shown in the model card).
SOURCE_LICENCES: dict[str, str] = {
    "bothbosu_single_agent": "MIT (Llama 3 output: Meta's licence terms may also apply)",
    "bothbosu_multi_agent": "MIT (Llama 3 output: Meta's licence terms may also apply)",
    "sgd_banks_payment": "CC BY-SA 4.0",
    "ftc_robocalls": "public domain (US government records)",
    "uci_sms_spam_collection": "CC BY 4.0",
    "mendeley_sms_phishing": "CC BY 4.0 (as reported for the Mendeley Data record)",
    "smishtank": "unknown",
    "spamassassin": "PDDL-1.0 / CC0",
}

#: The files each source reads, relative to the data folder (hashed into the model card).
SOURCE_FILES: dict[str, tuple[str, ...]] = {
    "bothbosu_single_agent": ("dialogues/bothbosu_single_agent.csv",),
    "bothbosu_multi_agent": ("dialogues/bothbosu_multi_agent.csv",),
    "sgd_banks_payment": ("dialogues/sgd_banks_payment.jsonl",),
    "ftc_robocalls": ("calls/ftc_robocalls_dev.csv",),
    "uci_sms_spam_collection": ("sms/uci_sms_spam_collection.csv",),
    "mendeley_sms_phishing": ("sms/mendeley_sms_phishing.csv",),
    "smishtank": ("sms/smishtank.csv",),
    "spamassassin": ("email/spamassassin_manifest.csv", "email/spamassassin_easy_ham_1_spam_1.tar.gz"),
}

SOURCES: dict[str, Callable[[Path], Iterator[Sample]]] = {
    "bothbosu_single_agent": lambda d: bothbosu(d, "single_agent"),
    "bothbosu_multi_agent": lambda d: bothbosu(d, "multi_agent"),
    "sgd_banks_payment": sgd,
    "ftc_robocalls": ftc_robocalls,
    "uci_sms_spam_collection": lambda d: sms(d, "uci_sms_spam_collection"),
    "mendeley_sms_phishing": lambda d: sms(d, "mendeley_sms_phishing"),
    "smishtank": lambda d: sms(d, "smishtank"),
    "spamassassin": spamassassin,
}
