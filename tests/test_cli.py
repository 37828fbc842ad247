"""The CLI as a user runs it: real processes, exit codes 0 / 1 / 2, clear errors, no tracebacks."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

HANGUP = str(Path(sys.executable).with_name("hangup"))


def run(*args: str, stdin: bytes | None = None) -> subprocess.CompletedProcess[str]:
    proc = subprocess.run(
        [HANGUP, *args], input=stdin, capture_output=True, timeout=120, check=False,
    )
    out = subprocess.CompletedProcess(proc.args, proc.returncode, proc.stdout.decode(), proc.stderr.decode())
    assert "Traceback" not in out.stderr, out.stderr
    return out


def test_check_scam_exits_1_and_explains(examples: Path) -> None:
    out = run("check", str(examples / "scam-call-microsoft.txt"), "--no-color")
    assert out.returncode == 1
    assert "SCAM" in out.stdout
    assert "Asks for remote access" in out.stdout
    assert "anydesk" in out.stdout.lower()
    assert "\x1b[" not in out.stdout  # no colour when not on a terminal


def test_check_warning_exits_0(examples: Path) -> None:
    out = run("check", str(examples / "police-warning.txt"))
    assert out.returncode == 0
    assert "NOT FLAGGED" in out.stdout


def test_check_json_from_stdin() -> None:
    out = run("check", "-", "--json", stdin=b"Microsoft here, your computer has a virus. Install AnyDesk now.")
    data = json.loads(out.stdout)
    assert data["verdict"] in ("scam", "suspicious")
    assert out.returncode == 1


def test_check_text_option_and_explain() -> None:
    out = run("check", "--text", "See you at the football on Saturday!", "--explain")
    assert out.returncode == 0
    assert "context:" in out.stdout


@pytest.mark.parametrize(
    ("content", "message"),
    [
        (b"", "empty"),
        (b"   \n\t ", "empty"),
        (b"\x00\x01\x02\x03binary\x00\xff\xfe" * 100, "binary"),
    ],
)
def test_bad_input_exits_2(tmp_path: Path, content: bytes, message: str) -> None:
    path = tmp_path / "input.txt"
    path.write_bytes(content)
    out = run("check", str(path))
    assert out.returncode == 2
    assert message in out.stderr.lower()


def test_missing_file_exits_2(tmp_path: Path) -> None:
    out = run("check", str(tmp_path / "nope.txt"))
    assert out.returncode == 2
    assert "nope.txt" in out.stderr


def test_too_large_input_exits_2(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    with path.open("wb") as fh:
        fh.write(b"hello world " * (51 * 1024 * 1024 // 12))
    out = run("check", str(path))
    assert out.returncode == 2
    assert "limit" in out.stderr.lower()


def test_size_limit_is_configurable(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[hangup]\nmax_input_bytes = 10\n", encoding="utf-8")
    out = run("check", "--config", str(cfg), "-", stdin=b"this is more than ten bytes")
    assert out.returncode == 2
    assert "limit" in out.stderr.lower()


def test_neither_path_nor_text_is_an_error() -> None:
    out = run("check")
    assert out.returncode == 2


def test_invalid_setting_exits_2(tmp_path: Path) -> None:
    cfg = tmp_path / "config.toml"
    cfg.write_text("[hangup]\njurisdiction = 'mars'\n", encoding="utf-8")
    out = run("check", "--config", str(cfg), "--text", "hello")
    assert out.returncode == 2
    assert "jurisdiction" in out.stderr


def test_scan_mixed_inputs(tmp_path: Path, examples: Path) -> None:
    jsonl = tmp_path / "msgs.jsonl"
    jsonl.write_text(
        json.dumps({"id": "a", "text": "Your PC has a virus. Install TeamViewer so I can fix it, buy gift cards."})
        + "\n" + json.dumps({"id": "b", "text": "Lunch at one?"}) + "\nnot json\n",
        encoding="utf-8",
    )
    csv_file = tmp_path / "msgs.csv"
    csv_file.write_text('id,text\nc,"Dinner is in the oven"\n', encoding="utf-8")
    out_file = tmp_path / "out.jsonl"
    out = run("scan", str(jsonl), str(csv_file), str(examples), "--out", str(out_file))
    lines = [json.loads(line) for line in out_file.read_text(encoding="utf-8").splitlines()]
    by_id = {line["id"]: line for line in lines}
    assert by_id["a"]["verdict"] in ("scam", "suspicious")
    assert by_id["b"]["verdict"] == "not_scam"
    assert by_id["c"]["verdict"] == "not_scam"
    assert any("error" in line for line in lines)  # the bad JSON line is reported, not fatal
    assert any(line["id"].endswith("scam-call-microsoft.txt") for line in lines)
    assert out.returncode == 2  # an input could not be read
    assert "scanned" in out.stderr


def test_scan_workers_give_the_same_results(tmp_path: Path) -> None:
    jsonl = tmp_path / "many.jsonl"
    texts = ["Install AnyDesk and read me the code, your PC has a virus", "See you later", "Call me back"]
    jsonl.write_text(
        "".join(json.dumps({"id": str(i), "text": texts[i % 3] + f" {i}"}) + "\n" for i in range(300)),
        encoding="utf-8",
    )
    one = run("scan", str(jsonl), "-w", "1", "-q")
    two = run("scan", str(jsonl), "-w", "2", "-q")
    assert one.returncode == two.returncode == 1
    strip = [(d["id"], d["verdict"], d["score"]) for d in map(json.loads, one.stdout.splitlines())]
    assert strip == [(d["id"], d["verdict"], d["score"]) for d in map(json.loads, two.stdout.splitlines())]
    assert len(strip) == 300


def test_rules_lint_passes_on_shipped_rules() -> None:
    out = run("rules", "lint")
    assert out.returncode == 0, out.stderr
    assert "0 problem" in out.stdout


def test_rules_lint_reports_bad_local_file(tmp_path: Path) -> None:
    (tmp_path / "bad.yaml").write_text("rules:\n  - id: BAD_ONE\n    tactic: NOPE\n", encoding="utf-8")
    out = run("rules", "lint", "--rules-dir", str(tmp_path))
    assert out.returncode == 2
    assert "bad.yaml" in out.stderr and "BAD_ONE" in out.stderr


def test_each_command_runs_alone_as_in_the_whole_app() -> None:
    """`hangup X` builds the app with command X only; it must parse and answer as the whole app does."""
    from hangup import __version__  # noqa: PLC0415
    from hangup.cli.commands import COMMANDS  # noqa: PLC0415

    assert run("version").stdout.strip() == __version__
    listed = run("--help").stdout
    for name in COMMANDS:
        assert name in listed
    for name in ("check", "rules", "guard", "users"):
        out = run(name, "--help")
        assert out.returncode == 0 and f"hangup {name}" in " ".join(out.stdout.split()), out.stdout
    assert run("no-such-command").returncode == 2
