"""Evaluation metrics, and `hangup train` / `hangup eval` on a tiny data folder with the layout of
../shared/data."""

from __future__ import annotations

import csv
import io
import itertools
import json
import math
import tarfile
from pathlib import Path

import numpy as np
import pytest
import typer
from typer.testing import CliRunner

from hangup.cli.evaluate import evaluate
from hangup.cli.train import train
from hangup.evaluation.metrics import SourceMetrics, bootstrap_ci, roc_auc, wilson
from hangup.evaluation.sources import SOURCES, TRAIN_EXCLUDED
from hangup.model import ScamModel

# -- metrics ------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("k", "n", "lo", "hi"),
    [  # published Wilson score intervals (z = 1.96), e.g. Newcombe (1998), Table I
        (8, 10, 0.4902, 0.9433),
        (0, 10, 0.0, 0.2775),
        (50, 100, 0.4038, 0.5962),
        (1, 29, 0.0061, 0.1718),
        (81, 263, 0.2553, 0.3662),
    ],
)
def test_wilson_matches_known_values(k: int, n: int, lo: float, hi: float) -> None:
    got = wilson(k, n)
    assert got == pytest.approx((lo, hi), abs=6e-5)


def test_wilson_without_data_is_nan() -> None:
    assert all(math.isnan(x) for x in wilson(0, 0))


def _pairwise_auc(y: list[int], s: list[float]) -> float:
    pos = [b for a, b in zip(y, s, strict=True) if a == 1]
    neg = [b for a, b in zip(y, s, strict=True) if a == 0]
    wins = sum(1.0 if p > q else 0.5 if p == q else 0.0 for p, q in itertools.product(pos, neg))
    return wins / (len(pos) * len(neg))


def test_roc_auc_known_values_and_ties() -> None:
    assert roc_auc([0, 0, 1, 1], [0.1, 0.4, 0.35, 0.8]) == pytest.approx(0.75)
    assert roc_auc([0, 1], [0.5, 0.5]) == pytest.approx(0.5)
    assert roc_auc([1, 0], [0.9, 0.1]) == 1.0
    assert math.isnan(roc_auc([1, 1], [0.2, 0.3]))
    rng = np.random.default_rng(3)
    y = rng.integers(0, 2, 200).tolist()
    s = np.round(rng.random(200), 1).tolist()  # many ties
    assert roc_auc(y, s) == pytest.approx(_pairwise_auc(y, s))


def test_bootstrap_is_deterministic_with_a_seed() -> None:
    rng = np.random.default_rng(0)
    y = rng.integers(0, 2, 300)
    s = y + rng.normal(0, 1.0, 300)
    flagged = s > 0.5
    a = bootstrap_ci(y, s, flagged, reps=200, seed=7)
    b = bootstrap_ci(y, s, flagged, reps=200, seed=7)
    c = bootstrap_ci(y, s, flagged, reps=200, seed=8)
    assert a == b
    assert a != c
    auc = roc_auc(y, s)
    assert a["auc"][0] < auc < a["auc"][1]
    assert 0.0 < a["auc"][1] - a["auc"][0] < 0.2
    assert all(math.isnan(x) for x in bootstrap_ci([1, 1, 1], [0.1, 0.2, 0.3], [True] * 3)["auc"])


def test_source_metrics_counts_and_intervals() -> None:
    y = [1, 1, 1, 1, 0, 0, 0, 0, 0, 0]
    flagged = [True, True, True, False, True, False, False, False, False, False]
    m = SourceMetrics.compute(y, [0.9, 0.8, 0.7, 0.2, 0.6, 0.1, 0.1, 0.3, 0.2, 0.1], flagged, reps=50)
    assert (m.n, m.scam, m.legit, m.tp, m.fp) == (10, 4, 6, 3, 1)
    assert m.recall == 0.75 and m.recall_ci == wilson(3, 4)
    assert m.precision == 0.75 and m.precision_ci == wilson(3, 4)
    assert m.fpr == pytest.approx(1 / 6) and m.fpr_ci == wilson(1, 6)
    assert m.f1 == pytest.approx(0.75)
    assert m.auc == pytest.approx(_pairwise_auc(y, [0.9, 0.8, 0.7, 0.2, 0.6, 0.1, 0.1, 0.3, 0.2, 0.1]))


# -- a tiny data folder ---------------------------------------------------------------------------

TECH = [
    "Hello this is Microsoft support, your computer has a virus, please install AnyDesk now",
    "Windows technical department here, your licence expired, give me the code on the screen",
    "Your computer is sending errors, open TeamViewer so our technician can fix it for a fee",
]
OTHER = [
    "Congratulations you won a cash prize, send the processing fee by gift card today",
    "This is the tax office, a warrant is issued for your arrest, pay now to avoid it",
    "Your parcel is held, pay the customs fee at the link to release it",
]
LEGIT = [
    "Hi, are we still meeting for lunch on Friday at the cafe near the station",
    "The plumber will come on Tuesday morning to fix the boiler in the kitchen",
    "Thanks for the photos from the trip, the kids loved the beach",
    "Reminder the school play starts at six, bring a cushion for the hall chairs",
]


def _write_csv(path: Path, header: list[str], rows: list[list[str]]) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(header)
        w.writerows(rows)


def _dialogue(text: str, i: int) -> str:
    return f"Suspect: {text} (case {i}). Innocent: I see, tell me more."


def make_data(root: Path) -> Path:
    """Every source of ../shared/data, a few rows each, same file names and columns."""
    for variant, salt in (("single_agent", "one"), ("multi_agent", "two")):
        rows = []
        for i, text in enumerate(TECH + OTHER + LEGIT):
            label = "legit" if text in LEGIT else "scam"
            scam_type = "tech_support" if text in TECH else "other" if text in OTHER else ""
            rows.append([f"{variant}-{i}", "train", "support", label, scam_type, "1", _dialogue(f"{text} {salt}", i)])
        _write_csv(root / "dialogues" / f"bothbosu_{variant}.csv",
                   ["id", "orig_split", "type", "label", "scam_type", "is_synthetic", "dialogue"], rows)
    with (root / "dialogues" / "sgd_banks_payment.jsonl").open("w", encoding="utf-8") as fh:
        for i, text in enumerate(LEGIT):
            turns = [["USER", f"I want to check my balance {i}"], ["SYSTEM", text]]
            fh.write(json.dumps({"id": f"sgd-{i}", "label": "legit", "scam_type": "", "turns": turns}) + "\n")
    _write_csv(root / "calls" / "ftc_robocalls_dev.csv", ["id", "sha1", "label", "scam_type", "transcript"],
               [[f"ftc-{i}", "x", "scam", "tech_support" if t in TECH else "other", f"{t} press one {i}"]
                for i, t in enumerate(TECH + OTHER)])
    for name in ("uci_sms_spam_collection", "mendeley_sms_phishing", "smishtank"):
        rows = [[f"{name}-s{i}", "scam", "other", f"{t} {name} {i}"] for i, t in enumerate(OTHER + TECH[:1])]
        if name != "smishtank":
            rows += [[f"{name}-l{i}", "legit", "", f"{t} {name}"] for i, t in enumerate(LEGIT)]
        _write_csv(root / "sms" / f"{name}.csv", ["id", "label", "scam_type", "text"], rows)
    manifest = []
    (root / "email").mkdir(parents=True, exist_ok=True)
    with tarfile.open(root / "email" / "spamassassin_easy_ham_1_spam_1.tar.gz", "w:gz") as tar:
        for i, (text, label) in enumerate([(t, "scam") for t in OTHER] + [(t, "legit") for t in LEGIT]):
            member = f"{'spam-1' if label == 'scam' else 'easy-ham-1'}/{i:04d}.txt"
            raw = (f"From: someone{i}@example.com\nTo: me@example.net\nSubject: note {i}\n\n{text}\n").encode()
            info = tarfile.TarInfo(member)
            info.size = len(raw)
            info.mtime = 0
            tar.addfile(info, io.BytesIO(raw))
            manifest.append([member, label, "" if label == "legit" else "other"])
    _write_csv(root / "email" / "spamassassin_manifest.csv", ["path", "label", "scam_type"], manifest)
    return root


def make_cases(root: Path) -> Path:
    for folder, text in (("scam/tech_support", TECH[0]), ("scam/other", OTHER[0]), ("not_scam", LEGIT[0])):
        (root / folder).mkdir(parents=True)
        (root / folder / "case.txt").write_text(text + "\n", encoding="utf-8")
    return root


@pytest.fixture(scope="module")
def cli() -> typer.Typer:
    app = typer.Typer()
    app.command("train")(train)
    app.command("eval")(evaluate)
    return app


@pytest.fixture(scope="module")
def trained(tmp_path_factory: pytest.TempPathFactory, cli: typer.Typer) -> tuple[Path, Path]:
    root = tmp_path_factory.mktemp("tiny")
    data = make_data(root / "data")
    out = root / "model.npz"
    result = CliRunner().invoke(cli, ["train", "--data", str(data), "--out", str(out), "--seed", "3", "--n-bits", "12",
                                      "--folds", "2", "--workers", "1", "--quiet"])
    assert result.exit_code == 0, result.output
    return data, out


def test_tiny_data_has_every_source(tmp_path: Path) -> None:
    from hangup.model.pipeline import available_sources  # noqa: PLC0415

    assert available_sources(make_data(tmp_path)) == list(SOURCES)


def test_train_writes_artifact_and_card(trained: tuple[Path, Path]) -> None:
    _, out = trained
    model = ScamModel.load(out)
    meta = model.metadata_
    assert meta["train_config"]["seed"] == 3
    assert set(meta["train_config"]["exclude"]) == set(TRAIN_EXCLUDED)
    trained_on = meta["data"]["trained_on"]
    assert "sgd_banks_payment" not in trained_on and "smishtank" not in trained_on
    assert {"bothbosu_single_agent", "spamassassin", "project_written"} <= set(trained_on)
    assert model.config_.context_flags == ()  # context is handled by the combination, not learnt
    assert model.threshold_ <= model.threshold_alone_ <= 1.0
    card = out.with_suffix(".md").read_text(encoding="utf-8")
    assert "sms/smishtank.csv" in card and "email/spamassassin_manifest.csv" in card
    digest = meta["data"]["files_sha256"]["calls/ftc_robocalls_dev.csv"]
    assert digest in card and len(digest) == 64
    for needle in ("seed 3", "## Hyper-parameters", "## Out-of-fold metrics per source", "## Known limits",
                   "| ftc_robocalls |", "no: licence unknown"):
        assert needle in card
    assert "x-spam" not in json.dumps(meta).lower()


def test_train_is_byte_identical_with_the_same_seed(trained: tuple[Path, Path], cli: typer.Typer,
                                                    tmp_path: Path) -> None:
    data, first = trained
    again = tmp_path / "again.npz"
    args = ["train", "--data", str(data), "--seed", "3", "--n-bits", "12", "--folds", "0", "--workers", "1", "-q"]
    assert CliRunner().invoke(cli, [*args, "--out", str(again)]).exit_code == 0
    assert again.read_bytes() == first.read_bytes()
    other = tmp_path / "other.npz"
    args[4] = "4"
    assert CliRunner().invoke(cli, [*args, "--out", str(other)]).exit_code == 0
    assert other.read_bytes() != first.read_bytes()


def test_train_exclude_replaces_the_default_and_rejects_unknown(trained: tuple[Path, Path], cli: typer.Typer,
                                                                tmp_path: Path) -> None:
    data, _ = trained
    out = tmp_path / "all.npz"
    base = ["train", "--data", str(data), "--n-bits", "10", "--folds", "0", "--workers", "1", "-q", "--out", str(out)]
    assert CliRunner().invoke(cli, [*base, "--exclude", "none"]).exit_code == 0
    assert "smishtank" in ScamModel.load(out).metadata_["data"]["trained_on"]
    assert CliRunner().invoke(cli, [*base, "--exclude", "spamassassin"]).exit_code == 0
    trained_on = ScamModel.load(out).metadata_["data"]["trained_on"]
    assert "spamassassin" not in trained_on and "smishtank" in trained_on
    result = CliRunner().invoke(cli, [*base, "--exclude", "no_such_source"])
    assert result.exit_code != 0


def test_eval_writes_the_per_source_table(trained: tuple[Path, Path], cli: typer.Typer, tmp_path: Path) -> None:
    data, model = trained
    out = tmp_path / "eval.md"
    cases = make_cases(tmp_path / "cases")
    result = CliRunner().invoke(cli, ["eval", "--data", str(data), "--model", str(model), "--out", str(out),
                                      "--cases", str(cases), "--examples", str(tmp_path / "none"), "--folds", "2",
                                      "--workers", "1", "-q"])
    assert result.exit_code == 0, result.output
    table = out.read_text(encoding="utf-8")
    assert table.strip() in result.output
    sections = table.split("\n### ")
    titles = [s.splitlines()[0] for s in sections[1:]]
    assert any(t.startswith("Engine: rules + model combined") and "2-fold stratified CV" in t for t in titles)
    assert any(t.startswith("Model alone") and "2-fold stratified CV" in t for t in titles)
    assert any(t.startswith("Leave-one-source-out, engine") for t in titles)
    assert any(t.startswith("Leave-one-source-out, model alone") for t in titles)
    assert any(t.startswith("Confusion of categories") for t in titles)
    assert any(t.startswith("Synthetic generator A → B") for t in titles)
    assert any(t.startswith("Hand-written cases") for t in titles)
    for start in ("Engine: rules + model", "Model alone"):
        cv = next(s for s in sections if s.startswith(start))
        for source in SOURCES:
            assert f"| {source} |" in cv
        assert "| bothbosu_single_agent | **SYNTHETIC** | yes |" in cv
        assert "| sgd_banks_payment | real | no (licence) |" in cv
    for start in ("Leave-one-source-out, engine", "Leave-one-source-out, model alone"):
        loso = next(s for s in sections if s.startswith(start))
        assert sum(line.startswith("| ") for line in loso.splitlines()) == len(SOURCES) + 2  # + project's, header
    cv = next(s for s in sections if s.startswith("Engine: rules + model"))
    ab = next(s for s in sections if s.startswith("Synthetic generator"))
    assert "| bothbosu_single_agent → bothbosu_multi_agent |" in ab
    assert "| all synthetic → ftc_robocalls |" in ab
    assert "| scam/tech_support | 1 |" in table
    # every per-source row has CIs on its proportions
    row = next(line for line in cv.splitlines() if line.startswith("| uci_sms_spam_collection |"))
    assert row.count("–") >= 3
