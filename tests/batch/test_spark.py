"""The Spark adapter on a real local Spark session: the same verdicts as the local engine, every input
and output format, and clear errors for bad input or a missing Spark/Java."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest

from hangup.batch.inputs import Item, iter_items
from hangup.batch.local import scan_item, scan_lines
from hangup.cli import main
from hangup.config import load_settings
from hangup.detect.engine import Engine
from hangup.errors import InputError

for _module in ("pyspark", "pandas", "pyarrow"):
    pytest.importorskip(_module, reason="the spark extra is not installed: pip install '.[spark]'")

import pandas as pd  # noqa: E402
import pyarrow as pa  # noqa: E402
import pyarrow.parquet as pq  # noqa: E402
from pyspark.errors import PySparkException  # noqa: E402

from hangup.batch import spark_worker  # noqa: E402
from hangup.batch.spark import scan_dataframe, settings_dict  # noqa: E402
from hangup.batch.spark_job import error_message  # noqa: E402

ROOT = Path(__file__).resolve().parents[2]
CASES = ROOT / "tests" / "fixtures" / "cases"
DOCUMENTS = ROOT / "tests" / "fixtures" / "documents"
HANGUP = str(Path(sys.executable).with_name("hangup"))


def run_cli(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str]:
    """`hangup ARGS` in this process, so it reuses the test session instead of starting a JVM."""
    argv = sys.argv
    sys.argv = ["hangup", *args]
    try:
        main()
        code = 0
    except SystemExit as exc:
        code = int(exc.code or 0)
    finally:
        sys.argv = argv
    err = capsys.readouterr().err
    assert "Traceback" not in err, err
    return code, err


def comparable(result: dict[str, Any]) -> tuple[Any, ...]:
    """What must agree between engines (the JSON verdict has more, e.g. advice, that Spark leaves out)."""
    if result.get("error"):
        return ("error",)
    return (
        result["verdict"], result["score"], result["category"], result["kind"],
        [(t["id"], t["score"], t["explanation"], [(e["text"], e["start"], e["end"], e["rule"]) for e in t["evidence"]])
         for t in result["tactics"]],
        [(i["type"], i["value"], i["normalized"]) for i in result["indicators"]],
    )


def local_results(inputs: list[str]) -> dict[str, tuple[Any, ...]]:
    lines = (json.loads(line) for line, _ in scan_lines(iter_items(inputs), load_settings()))
    return {r["id"]: comparable(r) for r in lines}


def spark_results(out: Path, fmt: str = "parquet") -> dict[str, tuple[Any, ...]]:
    if fmt == "parquet":
        rows = pq.read_table(out).to_pylist()
    else:
        rows = [json.loads(line) for part in sorted(out.glob("part-*.json")) for line in part.read_text().splitlines()]
    ids = [r["id"] for r in rows]
    assert len(ids) == len(set(ids)), "an id was written twice"
    return {r["id"]: comparable(r) for r in rows}


@pytest.fixture(scope="module")
def corpus(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Every kind of input the local scan reads: case files, emails, a mailbox, captions, JSONL and CSV."""
    root = tmp_path_factory.mktemp("corpus")
    shutil.copytree(CASES, root / "cases", ignore=shutil.ignore_patterns("*.py", "*.md"))
    for name in ("three.mbox", "multipart.eml", "call.srt", "call.json", "transcript.txt"):
        shutil.copy(DOCUMENTS / name, root / name)
    (root / "empty.txt").write_bytes(b"")
    texts = [p.read_text(encoding="utf-8") for p in sorted((CASES / "scam" / "tech_support").glob("*.txt"))[:6]]
    lines = [
        json.dumps({"id": "j-scam", "text": texts[0]}),
        json.dumps({"text": texts[1]}),  # no id: <file>:<line>
        "",
        "not json",
        json.dumps({"id": "j-sms", "kind": "sms", "text": "Parcel held. Pay the fee at royalmail-redelivery.example"}),
        json.dumps({"kind": "text"}),  # no text
        json.dumps({"id": "j-bad-kind", "kind": "fax", "text": "hello"}),
        *(json.dumps({"id": f"j{n}", "text": t}) for n, t in enumerate(texts[2:])),
    ]
    (root / "msgs.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (root / "msgs.csv").write_text(
        'id,kind,text\nc1,,"Dinner is\nin the oven, see you at 7"\n,call,"' + texts[2].replace('"', '""') + '"\n'
        "c3,sms,Your Microsoft account is locked. Call 0800 555 0199 now\n",
        encoding="utf-8",
    )
    return root


def test_every_input_format_gives_the_local_engines_verdicts(
    spark: Any, corpus: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    parquet_dir = tmp_path / "pq"
    parquet_dir.mkdir()
    texts = [p.read_text(encoding="utf-8") for p in sorted((CASES / "not_scam").glob("*.txt"))[:3]]
    texts.append((CASES / "scam" / "tech_support").glob("*.txt").__next__().read_text(encoding="utf-8"))
    table = pa.table({"id": ["p0", None, "p2", "p3"], "kind": [None, "chat", None, None], "text": texts})
    pq.write_table(table, parquet_dir / "docs.parquet")
    out = tmp_path / "out"

    code, err = run_cli(capsys, "scan", "--engine", "spark", str(corpus), str(parquet_dir), "--out", str(out))

    got = spark_results(out)
    want = local_results([str(corpus)])
    engine = Engine(load_settings())
    for n, row in enumerate(table.to_pylist(), 1):
        ident = row["id"] or f"{parquet_dir / 'docs.parquet'}:{n}"
        item = Item(id=ident, kind=row["kind"] or "auto", text=row["text"])
        want[ident] = comparable(scan_item(engine, item)[0])
    assert got == want
    assert code == 2  # empty.txt, the bad JSON line, the line without text and the unknown kind
    assert "errors 4" in err
    assert sum(1 for v in got.values() if v[0] == "scam") > 30  # the case files were really scanned
    assert {f"{corpus / 'three.mbox'}#{n}" for n in (1, 2, 3)} <= set(got)  # a mailbox: one row a message
    assert f"{corpus / 'msgs.jsonl'}:2" in got and f"{corpus / 'msgs.csv'}:2" in got


def test_jsonl_output_and_typed_schema(spark: Any, corpus: Path, tmp_path: Path,
                                       capsys: pytest.CaptureFixture[str]) -> None:
    out = tmp_path / "out"
    jsonl = str(corpus / "msgs.jsonl")
    code, err = run_cli(capsys, "scan", "--engine", "spark", jsonl, "--out", str(out), "--format", "jsonl", "-q")
    assert code == 2 and err == ""
    got = spark_results(out, "jsonl")
    assert got == local_results([jsonl])
    first = json.loads(next(iter(sorted(out.glob("part-*.json")))).read_text().splitlines()[0])
    assert set(first) == {"id", "verdict", "score", "category", "tactics", "indicators", "kind", "engine_version",
                          "error"}  # nulls are written, so every line has the same keys

    code, err = run_cli(capsys, "scan", "--engine", "spark", jsonl, "--out", str(out), "--format", "jsonl")
    assert code == 2 and "already exists" in err and "--overwrite" in err
    code, _ = run_cli(capsys, "scan", "--engine", "spark", jsonl, "--out", str(out), "--overwrite", "-q")
    assert code == 2
    schema = pq.read_schema(next(out.glob("part-*.parquet")))
    assert str(schema.field("score").type) == "double"
    assert "list<element: struct<id: string, name: string, score: double, evidence: list<element: struct<text: " \
        "string, start: int32, end: int32" in str(schema.field("tactics").type)
    assert str(schema.field("indicators").type) == \
        "list<element: struct<type: string, value: string, normalized: string>>"


def test_scan_dataframe_keeps_columns_and_reports_bad_rows(spark: Any) -> None:
    df = spark.createDataFrame(
        [(1, "Install AnyDesk now, your computer has a virus, Microsoft here", 7.5),
         (2, None, 1.0), (3, "See you at the match on Saturday", 2.0)],
        "id long, text string, weight double",
    )
    rows = {r["id"]: r for r in scan_dataframe(df).collect()}
    assert rows["1"]["weight"] == 7.5 and rows["1"]["text"].startswith("Install")  # input columns kept
    assert rows["1"]["verdict"] == "scam" and rows["1"]["category"] == "tech_support"
    assert "REMOTE_ACCESS" in [t["id"] for t in rows["1"]["tactics"]]
    assert {"type": "remote_access_tool", "value": "AnyDesk", "normalized": "AnyDesk"} in [
        i.asDict() for i in rows["1"]["indicators"]]
    assert rows["2"]["verdict"] is None and rows["2"]["score"] is None and "no text" in rows["2"]["error"]
    assert rows["3"]["verdict"] == "not_scam" and rows["3"]["error"] is None
    assert "text" not in scan_dataframe(df, drop_text=True).columns

    with pytest.raises(PySparkException) as failed:  # another hangup on a worker fails the job, not the verdicts
        scan_dataframe(df, expect_version="0.0.0+rules.other").collect()
    assert "install the same hangup" in error_message(failed.value)
    with pytest.raises(InputError, match="no 'body' column"):
        scan_dataframe(df, text_col="body")
    with pytest.raises(InputError, match="must be text or binary"):
        scan_dataframe(df, text_col="weight")
    with pytest.raises(InputError, match="already has result column"):
        scan_dataframe(df.withColumnRenamed("weight", "score"))


def test_engine_is_built_once_per_worker_process(spark: Any) -> None:
    settings = settings_dict(load_settings())

    def probe(batches: Any) -> Any:
        for pdf in batches:
            engine = spark_worker.engine_for(settings)
            yield pd.DataFrame({"pid": [os.getpid()] * len(pdf), "engine": [id(engine)] * len(pdf),
                                "cached": [len(spark_worker._ENGINES)] * len(pdf)})

    df = spark.range(0, 64, numPartitions=16)
    rows = df.mapInPandas(probe, "pid long, engine long, cached long").collect()
    engines: dict[int, set[int]] = {}
    for row in rows:
        engines.setdefault(row["pid"], set()).add(row["engine"])
    assert len(rows) == 64
    assert all(len(ids) == 1 for ids in engines.values()), engines  # 16 tasks, one engine per process
    assert {row["cached"] for row in rows} == {1}


def test_bad_inputs_give_clear_errors(spark: Any, tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    out = str(tmp_path / "out")
    no_text = tmp_path / "no_text.csv"
    no_text.write_text("id,body\n1,hello\n", encoding="utf-8")
    code, err = run_cli(capsys, "scan", "--engine", "spark", str(no_text), "--out", out)
    assert code == 2 and "hangup: error:" in err and "needs a 'text' column" in err

    pq.write_table(pa.table({"body": ["hello"]}), tmp_path / "no_text.parquet")
    code, err = run_cli(capsys, "scan", "--engine", "spark", str(tmp_path / "no_text.parquet"), "--out", out)
    assert code == 2 and "needs a 'text' column" in err

    broken = tmp_path / "broken" / "docs.parquet"
    broken.parent.mkdir()
    broken.write_bytes(b"PAR1 this is not a parquet file")
    code, err = run_cli(capsys, "scan", "--engine", "spark", str(broken.parent), "--out", out)
    assert code == 2 and "hangup: error:" in err and "JVM stacktrace" not in err

    code, err = run_cli(capsys, "scan", "--engine", "spark", str(tmp_path / "missing.jsonl"), "--out", out)
    assert code == 2 and "no such file or folder" in err
    code, err = run_cli(capsys, "scan", "--engine", "spark", str(no_text))
    assert code == 2 and "--out DIR" in err
    code, err = run_cli(capsys, "scan", "--engine", "spark", "-", "--out", out)
    assert code == 2 and "standard input" in err


def _run(env: dict[str, str], *args: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*args], capture_output=True, text=True, timeout=60, env=env, check=False)


def test_missing_java_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello", encoding="utf-8")
    env = {**os.environ, "JAVA_HOME": str(tmp_path / "no-jdk")}
    proc = _run(env, HANGUP, "scan", "--engine", "spark", str(tmp_path / "a.txt"), "--out", str(tmp_path / "o"))
    assert proc.returncode == 2
    assert "hangup: error:" in proc.stderr and "Java" in proc.stderr and "default-jre-headless" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_missing_pyspark_is_a_clear_error(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("hello", encoding="utf-8")
    code = ("import sys; sys.modules['pyspark'] = None; from hangup.cli import main; "
            f"sys.argv = ['hangup', 'scan', '--engine', 'spark', {str(tmp_path / 'a.txt')!r}, '--out', "
            f"{str(tmp_path / 'o')!r}]; main()")
    proc = _run(dict(os.environ), sys.executable, "-c", code)
    assert proc.returncode == 2
    assert "pip install 'hangup[spark]'" in proc.stderr and "Traceback" not in proc.stderr


def test_the_local_engine_refuses_spark_options(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    (tmp_path / "a.txt").write_text("hello", encoding="utf-8")
    code, err = run_cli(capsys, "scan", str(tmp_path / "a.txt"), "--master", "local[2]", "--format", "parquet")
    assert code == 2 and "--format, --master: only with --engine spark" in err
