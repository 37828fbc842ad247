"""Warnings that reach a person: spoken aloud, and sent to a trusted contact.

The whole interface is two functions; both are safe to call from anywhere. They never raise: a
failure (no espeak-ng, no SMTP server, a webhook that is down, a bad setting) is logged as a
warning and the function returns False.

``speak(text, settings, *, wait=False, to_file=None) -> bool``
    Say ``text`` aloud with espeak-ng (settings ``speech_command``, ``speech_voice``,
    ``speech_rate``). Without ``wait`` it returns at once and utterances are spoken one after
    another; ``to_file`` writes a WAV file instead of playing.

``notify_trusted_contact(subject, body, settings, *, data=None) -> bool``
    Tell the trusted contact: an email through the SMTP server in the settings
    (``trusted_contact_email``, ``smtp_*``) and/or a JSON POST to ``trusted_contact_webhook``
    (``{"subject", "body", "sent_at", "source": "hangup", "data"}``). True when at least one
    channel delivered. It blocks for up to ``notify_timeout`` seconds per channel, so call it
    from a worker thread when the caller must not wait.
"""

from hangup.notify.contact import contact_configured, notify_trusted_contact
from hangup.notify.speech import speak

__all__ = ["contact_configured", "notify_trusted_contact", "speak"]
