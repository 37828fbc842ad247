"""Write the generated test calls as WAV files with their true transcripts (JSON), for listening or demos.

Usage: python scripts/make_test_calls.py OUT_DIR [--quality clean phone]

Each call is OUT_DIR/<dialogue>-<quality>.wav (16 kHz mono) and OUT_DIR/<dialogue>-<quality>.json
(label, the turn by which a scam call must warn, and every turn with speaker, text and times).
Try one with: hangup listen --file OUT_DIR/scam_microsoft_anydesk-phone.wav --realtime
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from hangup.calls.audio import wav_bytes
from hangup.calls.testcalls import QUALITIES, make_calls


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("out", type=Path)
    parser.add_argument("--quality", nargs="+", default=list(QUALITIES), choices=QUALITIES)
    args = parser.parse_args()
    args.out.mkdir(parents=True, exist_ok=True)
    for call in make_calls(tuple(args.quality)):
        (args.out / f"{call.name}.wav").write_bytes(wav_bytes(call.audio))
        truth = {
            "id": call.dialogue.id, "quality": call.quality, "label": call.dialogue.label,
            "alert_by": call.dialogue.alert_by, "duration": round(call.duration, 3),
            "turns": [{"speaker": t.speaker, "text": t.text, "start": round(t.start, 3), "end": round(t.end, 3)}
                      for t in call.turns],
        }
        (args.out / f"{call.name}.json").write_text(json.dumps(truth, indent=2) + "\n", encoding="utf-8")
        print(f"{call.name}.wav  {call.duration:5.1f} s  {call.dialogue.label}")


if __name__ == "__main__":
    main()
