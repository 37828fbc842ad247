"""Reports written as a file (JSON or YAML), for ``hangup report add`` and for scripted intake.

The file holds the fields of :class:`hangup.cases.schema.ReportIn` at the top level, plus two
optional keys: ``contact`` (the fields of :class:`~hangup.cases.schema.ContactIn`) and
``attachments`` (paths of evidence files, relative to the report file). See
``examples/report.yaml``::

    channel: call
    contacted_at: 2026-03-02T14:30:00Z
    claimed_organisation: Microsoft
    phone_numbers: ["0800 123 4567"]
    remote_access_given: true
    remote_access_tool: AnyDesk
    money_lost: true
    amount: 199.99
    currency: GBP
    payment_method: gift_card
    contact: {consent_to_contact: true, email: reporter@example.org}
    attachments: [call.txt]
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import yaml
from pydantic import ValidationError

from hangup.cases.schema import AttachmentIn, ContactIn, ReportIn, explain
from hangup.errors import AttachmentRejected, InputError
from hangup.yamldata import load_yaml

MAX_REPORT_FILE_BYTES = 1_000_000 + 200_000 * 4  # the longest message, UTF-8, with room for the rest


@dataclass(slots=True)
class ReportFile:
    """A report read from a file: the facts, the contact details, and the evidence files it names."""

    report: ReportIn
    contact: ContactIn | None
    attachment_paths: list[Path] = field(default_factory=list)


def _parse(path: Path, text: str) -> Any:
    try:
        if path.suffix.lower() == ".json":
            return json.loads(text)
        return load_yaml(text)
    except (json.JSONDecodeError, yaml.YAMLError) as exc:
        raise InputError(f"{path}: not valid {'JSON' if path.suffix.lower() == '.json' else 'YAML'}: {exc}") from exc


def read_report_file(path: Path) -> ReportFile:
    """Read and validate a report file; every problem is an :class:`InputError` naming the file."""
    try:
        if path.stat().st_size > MAX_REPORT_FILE_BYTES:
            raise InputError(f"{path}: the report file is larger than {MAX_REPORT_FILE_BYTES} bytes")
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise InputError(f"{path}: a report file must be UTF-8 text") from exc
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    data = _parse(path, text)
    if not isinstance(data, dict):
        raise InputError(f"{path}: a report file is a mapping of field names to values (see examples/report.yaml)")
    contact_data = data.pop("contact", None)
    paths = data.pop("attachments", None) or []
    if not isinstance(paths, list) or not all(isinstance(p, str) for p in paths):
        raise InputError(f"{path}: attachments must be a list of file paths")
    try:
        report = ReportIn.model_validate(data)
        contact = ContactIn.model_validate(contact_data) if contact_data is not None else None
    except ValidationError as exc:
        raise InputError(f"{path}: {explain(exc)}") from exc
    return ReportFile(report, contact, [path.parent / p for p in paths])


def read_attachment(path: Path, max_bytes: int) -> AttachmentIn:
    """An evidence file from disk, refused before reading when it is over ``max_bytes``."""
    try:
        with path.open("rb") as handle:
            data = handle.read(max_bytes + 1)
    except OSError as exc:
        raise InputError(f"cannot read {path}: {exc.strerror}") from exc
    if len(data) > max_bytes:
        raise AttachmentRejected(
            f"{path.name} is too large: the limit is {max_bytes} bytes (setting max_attachment_bytes)"
        )
    try:
        return AttachmentIn(filename=path.name, data=data)
    except ValidationError as exc:
        raise InputError(f"{path}: {explain(exc)}") from exc
