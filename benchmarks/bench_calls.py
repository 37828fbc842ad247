"""Call protection benchmark: how soon the warning comes, real-time factor and word error rate.

Usage: python benchmarks/bench_calls.py [--model bundled] [--quality clean phone] [--realtime] [--threads 1]

Every generated test call (espeak-ng dialogues, clean and at telephone quality, see
hangup.calls.testcalls) is streamed through a CallSession in 100 ms chunks. Run it pinned to one
core (``taskset -c 0 python benchmarks/bench_calls.py``) for the one-core figures.

* warning delay: time from the end of the decisive utterance (the one during or after which the
  first warning was raised) to the warning. Without ``--realtime`` this is simulated exactly for
  one processor working through a real-time stream: a chunk can be processed no earlier than it
  arrives, and no earlier than the previous one was done. Negative: the warning came before the
  speaker finished the utterance (from a partial reading). With ``--realtime`` the audio is fed
  at its own pace and the wall clock is read.
* real-time factor: processing time / audio duration (below 1: keeps up with a live call).
* word error rate of the final transcripts against what was said.

Targets (issue 6): delay under 3 s on one core with tiny.en. Prints figures; asserts nothing.
"""

from __future__ import annotations

import argparse
import statistics
import time

from hangup.calls.audio import SAMPLE_RATE, float_to_pcm16
from hangup.calls.events import AlertEvent, EndEvent, Event
from hangup.calls.session import CallSession
from hangup.calls.testcalls import QUALITIES, GeneratedCall, make_calls
from hangup.calls.wer import edit_distance, words
from hangup.config import Settings
from hangup.detect.engine import Engine

CHUNK_SECONDS = 0.1


def stream(call: GeneratedCall, session: CallSession, realtime: bool) -> tuple[list[tuple[float, Event]], float]:
    """Events with the time (seconds of call) each was ready; and the processing time."""
    pcm = float_to_pcm16(call.audio)
    step = int(SAMPLE_RATE * CHUNK_SECONDS) * 2
    clock = 0.0  # when the processor is free, in call time
    busy = 0.0
    timed: list[tuple[float, Event]] = []
    started = time.monotonic()
    chunks = [pcm[i:i + step] for i in range(0, len(pcm), step)]
    for n, chunk in enumerate([*chunks, b""]):
        arrives = min((n + 1) * CHUNK_SECONDS, call.duration)
        if realtime:
            time.sleep(max(0.0, started + arrives - time.monotonic()))
        t0 = time.perf_counter()
        events = session.feed(chunk) if chunk else session.finish()
        spent = time.perf_counter() - t0
        busy += spent
        clock = max(clock, arrives) + spent
        ready_at = time.monotonic() - started if realtime else clock
        timed += [(ready_at, event) for event in events]
    return timed, busy


def decisive_end(call: GeneratedCall, analysed_up_to: float) -> float:
    """End of the utterance whose words raised the warning (the last one begun by then)."""
    begun = [turn for turn in call.turns if turn.start <= analysed_up_to]
    return (begun[-1] if begun else call.turns[0]).end


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--model", default="bundled", help="stt_model (default: bundled tiny.en)")
    parser.add_argument("--quality", nargs="+", default=list(QUALITIES), choices=QUALITIES)
    parser.add_argument("--threads", type=int, default=1, help="speech-to-text threads (default 1)")
    parser.add_argument("--realtime", action="store_true", help="feed audio at its own pace (slow)")
    args = parser.parse_args()
    settings = Settings(stt_model=args.model, stt_threads=args.threads, stt_download=False, call_speak=False)
    engine = Engine(settings)
    made = time.perf_counter()
    calls = [c for c in make_calls(tuple(args.quality))]
    print(f"{len(calls)} test calls made with espeak-ng in {time.perf_counter() - made:.1f} s")
    CallSession.start(settings, engine)  # load the model before timing
    print(f"{'call':38} {'audio':>6} {'RTF':>5} {'WER':>5} {'warned':>7} {'decisive end':>12} {'delay':>6}")
    delays: dict[str, list[float]] = {q: [] for q in args.quality}
    busy: dict[str, float] = dict.fromkeys(args.quality, 0.0)
    audio: dict[str, float] = dict.fromkeys(args.quality, 0.0)
    errors: dict[str, list[int]] = {q: [0, 0] for q in args.quality}
    missed, false_alarms = [], []
    for call in calls:
        timed, spent = stream(call, CallSession.start(settings, engine), args.realtime)
        busy[call.quality] += spent
        audio[call.quality] += call.duration
        end = timed[-1][1]
        assert isinstance(end, EndEvent)
        heard = " ".join(t["text"] for t in end.transcript)
        wrong = edit_distance(words(call.reference), words(heard))
        errors[call.quality][0] += wrong
        errors[call.quality][1] += len(words(call.reference))
        alerts = [(at, e) for at, e in timed if isinstance(e, AlertEvent)]
        row = f"{call.name:38} {call.duration:5.1f}s {spent / call.duration:5.2f} " \
              f"{wrong / max(1, len(words(call.reference))):5.2f}"
        if not alerts:
            print(f"{row} {'-':>7}")
            if call.dialogue.label == "scam":
                missed.append(call.name)
            continue
        at, first = alerts[0]
        end_of_decisive = decisive_end(call, first.time)
        delay = at - end_of_decisive
        print(f"{row} {at:6.1f}s {end_of_decisive:11.1f}s {delay:+5.1f}s")
        if call.dialogue.label == "scam":
            delays[call.quality].append(delay)
        else:
            false_alarms.append(call.name)
    print()
    for quality in args.quality:
        d = delays[quality]
        wer = errors[quality][0] / max(1, errors[quality][1])
        summary = f"median {statistics.median(d):+.2f} s, max {max(d):+.2f} s" if d else "no warnings"
        print(f"{quality:6} warning delay after the decisive utterance: {summary} ({len(d)} scam calls warned); "
              f"real-time factor {busy[quality] / audio[quality]:.2f}; word error rate {wer:.3f}")
    print(f"scam calls without a warning: {missed or 'none'}; genuine calls with one: {false_alarms or 'none'}")
    mode = "wall clock, real-time feed" if args.realtime else "simulated one-processor real-time feed"
    print(f"model {CallSession.start(settings, engine).listener.backend.name}, {args.threads} thread(s); {mode}")


if __name__ == "__main__":
    main()
