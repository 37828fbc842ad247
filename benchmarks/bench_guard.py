"""Remote-access guard benchmark: detection latency, and the guard's CPU and memory over time.

Usage: python benchmarks/bench_guard.py [--seconds 120] [--interval 0.5] [--every 2]

Runs the real ``hangup guard run`` (full catalogue, default settings, state in a temporary
folder, no desktop pop-ups or voice) in its own process, so the figures are the guard's alone:

* idle phase (the first third): nothing happens; CPU and memory of watching all day.
* active phase: every ``--every`` seconds a copy of ``sleep`` named like a remote-access tool
  starts (anydesk, AnyDesk.exe, rustdesk, teamviewerd in turn), and every other time a listener
  opens on a catalogue port; each is timed from its start to the event in the guard's log.

Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import os
import random
import shutil
import socket
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import psutil

HANGUP = str(Path(sys.executable).with_name("hangup"))
NAMES = ["anydesk", "AnyDesk.exe", "rustdesk", "teamviewerd"]
PORTS = [5938, 7070, 21115, 21116, 5900, 5901, 6568]


def wait_event(db: Path, where: str, args: tuple[object, ...], timeout: float = 5.0) -> float | None:
    """The time the guard logged the first event matching ``where`` (None after ``timeout``)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            with sqlite3.connect(db, timeout=5) as conn:
                row = conn.execute(f"SELECT at FROM events WHERE {where} ORDER BY at LIMIT 1", args).fetchone()
        except sqlite3.Error:
            row = None
        if row:
            return float(row[0])
        time.sleep(0.01)
    return None


def cpu_seconds(proc: psutil.Process) -> float:
    times = proc.cpu_times()
    return times.user + times.system


def peak_rss(proc: psutil.Process) -> int | None:
    try:
        for line in Path(f"/proc/{proc.pid}/status").read_text().splitlines():
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) * 1024
    except OSError:
        return None
    return None


def summary(name: str, values: list[float]) -> str:
    if not values:
        return f"{name}: no samples"
    ms = sorted(v * 1000 for v in values)
    p90 = ms[min(len(ms) - 1, int(0.9 * len(ms)))]
    return (f"{name}: n={len(ms)}  median {statistics.median(ms):.0f} ms  p90 {p90:.0f} ms  max {ms[-1]:.0f} ms")


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--seconds", type=float, default=120.0, help="total duration (default 120)")
    parser.add_argument("--interval", type=float, default=0.5, help="guard_interval (default 0.5, the setting's)")
    parser.add_argument("--every", type=float, default=2.0, help="seconds between two tool starts (default 2)")
    parser.add_argument("--seed", type=int, default=7, help="random seed for the timing jitter")
    args = parser.parse_args()
    random.seed(args.seed)
    sleep = shutil.which("sleep")
    if sleep is None:
        print("no sleep program", file=sys.stderr)
        return 2
    work = Path(tempfile.mkdtemp(prefix="bench-guard-"))
    env = {**os.environ, "HANGUP_STATE_DIR": str(work / "state"), "HANGUP_GUARD_DESKTOP": "false",
           "HANGUP_GUARD_SPEAK": "never", "HANGUP_GUARD_CONTACT": "never",
           "HANGUP_GUARD_INTERVAL": str(args.interval)}
    db = work / "state" / "guard.sqlite3"
    started = time.time()
    guard = subprocess.Popen([HANGUP, "guard", "run", "--no-ask"], env=env, stdin=subprocess.DEVNULL,
                             stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    gproc = psutil.Process(guard.pid)
    tools: list[subprocess.Popen[bytes]] = []
    try:
        if wait_event(db, "detail = ?", ("guard started",), timeout=60) is None:
            print("the guard did not start:", guard.stderr.read().decode() if guard.stderr else "", file=sys.stderr)
            return 2
        time.sleep(3.0)  # the first look at every process is done
        print(f"guard start-up to first look: {time.time() - started:.1f} s (includes 3 s settling)")
        idle = args.seconds / 3
        cpu0, t0 = cpu_seconds(gproc), time.monotonic()
        time.sleep(idle)
        cpu1, t1 = cpu_seconds(gproc), time.monotonic()
        rss_idle = gproc.memory_info().rss
        starts: list[float] = []
        listens: list[float] = []
        missed = 0
        end = t1 + args.seconds - idle
        n = 0
        while time.monotonic() < end:
            folder = work / f"bin{n}"
            folder.mkdir()
            program = folder / NAMES[n % len(NAMES)]
            shutil.copy2(sleep, program)
            spawned = time.time()
            proc = subprocess.Popen([str(program), "60"])
            tools.append(proc)
            at = wait_event(db, "pid = ? AND kind = 'started'", (proc.pid,))
            if at is None:
                missed += 1
            else:
                starts.append(at - spawned)
            proc.kill()
            proc.wait()
            if n % 2 == 0:
                port = PORTS[(n // 2) % len(PORTS)]
                time.sleep(random.uniform(0, args.interval))  # not in step with the guard's looks
                with socket.socket() as listener:
                    try:
                        listener.bind(("127.0.0.1", port))
                    except OSError:
                        pass
                    else:
                        opened = time.time()
                        listener.listen()
                        at = wait_event(db, "kind = 'listening' AND data LIKE ? AND at >= ?",
                                        (f'%"port": {port}%', opened - 0.001))
                        if at is None:
                            missed += 1
                        else:
                            listens.append(at - opened)
            n += 1
            time.sleep(max(0.0, args.every - 0.1) + random.uniform(0, args.interval))
        cpu2, t2 = cpu_seconds(gproc), time.monotonic()
        rss_end = gproc.memory_info().rss
        peak = peak_rss(gproc)
    finally:
        for proc in tools:
            if proc.poll() is None:
                proc.kill()
                proc.wait()
        guard.terminate()
        try:
            guard.wait(10)
        except subprocess.TimeoutExpired:
            guard.kill()
            guard.wait()
        shutil.rmtree(work, ignore_errors=True)
    print(f"duration {args.seconds:.0f} s, guard_interval {args.interval} s, a tool every {args.every} s, "
          f"{psutil.cpu_count()} CPUs, load {os.getloadavg()[0]:.1f}")
    print(summary("tool started -> event", starts))
    print(summary("port listening -> event", listens))
    print(f"missed (no event within 5 s): {missed}")
    print(f"guard CPU idle:   {100 * (cpu1 - cpu0) / (t1 - t0):.2f} % of one core ({t1 - t0:.0f} s)")
    print(f"guard CPU active: {100 * (cpu2 - cpu1) / (t2 - t1):.2f} % of one core ({t2 - t1:.0f} s)")
    print(f"guard memory: RSS {rss_idle / 2**20:.1f} MB idle, {rss_end / 2**20:.1f} MB at the end"
          + (f", peak {peak / 2**20:.1f} MB" if peak else ""))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
