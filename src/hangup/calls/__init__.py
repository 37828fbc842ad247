"""Call protection: speech to text during a call, rolling analysis, and a warning at the first decisive cue.

- :class:`hangup.calls.session.CallSession` - feed it 16 kHz mono PCM16 audio, get events
  (transcript, state, alerts, end); transport-agnostic (microphone, WebSocket, file).
- :mod:`hangup.calls.stt` - the speech-to-text interface and backends (faster-whisper).
- :mod:`hangup.calls.ws` - a FastAPI router with the ``/ws/call`` WebSocket (docs/call-protocol.md).
- :mod:`hangup.calls.warn` - what happens on a warning: spoken, trusted contact, shared state.

Importing this package loads no speech model; the optional audio extra is needed only when audio
is read (``pip install 'hangup[audio]'``).
"""
