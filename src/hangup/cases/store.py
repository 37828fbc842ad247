"""The case store: reports in, reporters' access back, personal data out on request.

>>> store = CaseStore.open(settings)                       # migrates the database if needed
>>> receipt = store.add_report(ReportIn(channel="call", message_text="..."), contact, attachments,
...                            idempotency_key=form_token, via="web")
>>> store.get_for_reporter(receipt.reference, receipt.secret)  # ReportView, or None

Every report is written in one transaction: the facts, the contact row, the evidence bytes, the
engine's verdicts, tactics and indicators commit together or not at all, so a report that got a
reference is always whole. The engine runs before the transaction, so writers hold the database
only for the inserts. A submission retried with the same idempotency key is stored once: the retry
gets the same reference and a fresh secret (the first secret is then void, as the client never saw it
or has replaced it).

A :class:`CaseStore` is safe to share between threads; each call uses its own session.
"""

from __future__ import annotations

import hashlib
import json
import logging
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from typing import TYPE_CHECKING

from sqlalchemy import Engine, delete, select
from sqlalchemy.exc import DBAPIError, IntegrityError, SQLAlchemyError
from sqlalchemy.orm import Session, joinedload, selectinload

from hangup.cases import db
from hangup.cases.analysis import Analyser, SourceVerdict
from hangup.cases.attachments import AttachmentPolicy, CheckedAttachment
from hangup.cases.models import Addition, IndicatorRow, Report, utcnow
from hangup.cases.normalize import contact_values, merge, normal_phone, reporter_indicators
from hangup.cases.records import (
    DEFAULT_CURRENCY,
    add_verdicts,
    attachment_rows,
    contact_row,
    indicator_rows,
    report_row,
    to_view,
)
from hangup.cases.references import hash_secret, new_reference, new_secret, normalize_reference, secret_matches
from hangup.cases.schema import (
    IDEMPOTENCY_KEY,
    AttachmentIn,
    ContactIn,
    InformationIn,
    ReportIn,
    ReportReceipt,
    ReportView,
    Via,
)
from hangup.config import Settings
from hangup.errors import IdempotencyConflict, InputError, ReportNotFound, StoreError

if TYPE_CHECKING:
    from hangup.detect.engine import Engine as ScamEngine

logger = logging.getLogger(__name__)

MAX_ADDITIONS = 50  # per report: the secret holder cannot grow a report without bound
_REFERENCE_TRIES = 5


def _request_hash(report: ReportIn, contact: ContactIn | None, checked: list[CheckedAttachment]) -> str:
    payload = {
        "report": report.model_dump(mode="json"),
        "contact": contact.model_dump(mode="json") if contact else None,
        "attachments": [[a.filename, a.sha256] for a in checked],
    }
    return hashlib.sha256(json.dumps(payload, sort_keys=True).encode("utf-8")).hexdigest()


class CaseStore:
    """Reports, their evidence, verdicts and indicators, in SQLite or PostgreSQL."""

    def __init__(self, url: str, *, settings: Settings | None = None, engine: ScamEngine | None = None) -> None:
        """A store at ``url`` (an SQLAlchemy URL). Does not migrate: call :meth:`migrate` or use :meth:`open`."""
        self.settings = settings or Settings()
        self.url = url
        self.policy = AttachmentPolicy.from_settings(self.settings)
        self.db: Engine = db.create_db_engine(url)
        self._writer = self.db.execution_options(**db.WRITE)
        self._scam_engine = engine
        self._lock = threading.Lock()

    @classmethod
    def open(cls, settings: Settings, *, engine: ScamEngine | None = None, migrate: bool = True) -> CaseStore:
        """The store the settings name (``database_url``, else SQLite in ``data_dir``), migrated to the latest."""
        store = cls(db.database_url(settings), settings=settings, engine=engine)
        if migrate:
            store.migrate()
        return store

    def migrate(self) -> None:
        """Bring the database to the newest schema shipped with hangup (safe to call every time)."""
        db.upgrade(self.db)

    def close(self) -> None:
        """Release the database connections."""
        self.db.dispose()

    def __enter__(self) -> CaseStore:
        return self

    def __exit__(self, *exc: object) -> None:
        self.close()

    def healthy(self) -> bool:
        """True when the database answers and is at the newest migration."""
        try:
            return db.current_revision(self.db) == db.head_revision()
        except StoreError:
            return False

    @property
    def engine(self) -> ScamEngine:
        """The scam engine reports are analysed with (built on first use)."""
        with self._lock:
            if self._scam_engine is None:
                from hangup.detect.engine import Engine  # noqa: PLC0415  # slow to import; not needed to read

                self._scam_engine = Engine(self.settings)
            return self._scam_engine

    @contextmanager
    def session(self, *, write: bool = False) -> Iterator[Session]:
        """A session for other parts of hangup (analyst views); committed on success when ``write``."""
        with Session(self._writer if write else self.db, expire_on_commit=False) as session:
            try:
                if write:
                    with session.begin():
                        yield session
                else:
                    yield session
            except DBAPIError as exc:
                raise StoreError(f"the case store failed: {db.describe(exc)}") from exc

    # -- intake ---------------------------------------------------------------------------------------

    def add_report(
        self,
        report: ReportIn,
        contact: ContactIn | None = None,
        attachments: list[AttachmentIn] | None = None,
        *,
        idempotency_key: str | None = None,
        via: Via = "api",
    ) -> ReportReceipt:
        """Store a report with its contact details and evidence; the receipt holds the reference and secret.

        Raises :class:`AttachmentRejected` for evidence over the limits, :class:`IdempotencyConflict`
        when ``idempotency_key`` was used for a different report, :class:`StoreError` if the database fails.
        """
        if idempotency_key is not None and not IDEMPOTENCY_KEY.match(idempotency_key):
            raise InputError("the idempotency key must be 8 to 100 letters, digits, '-' or '_'")
        checked = self.policy.check(list(attachments or []))
        request_hash = _request_hash(report, contact, checked)
        if idempotency_key is not None:
            replay = self._replay(idempotency_key, request_hash)
            if replay is not None:
                return replay
        verdicts = self._analyse(report.message_text, report.channel, checked, "message")
        region = self.settings.phone_region
        indicators = merge(
            [reporter_indicators(report, region), *(v.indicators for v in verdicts)],
            contact_values(contact, region), set(),
        )
        for _ in range(_REFERENCE_TRIES):
            secret = new_secret()
            row = report_row(
                report, currency=DEFAULT_CURRENCY[self.settings.jurisdiction], reference=new_reference(),
                secret_hash=hash_secret(secret), idempotency_key=idempotency_key, request_hash=request_hash, via=via,
            )
            row.contact = contact_row(contact)
            rows = attachment_rows(checked)
            row.attachments.extend(rows)
            add_verdicts(row, verdicts, rows)
            row.indicators.extend(indicator_rows(indicators))
            try:
                self._commit(row)
            except IntegrityError as exc:
                if idempotency_key is not None:
                    replay = self._replay(idempotency_key, request_hash)
                    if replay is not None:  # a concurrent retry won the race
                        return replay
                if not self._reference_taken(row.reference):
                    raise StoreError(f"the case store could not save the report: {db.describe(exc)}") from exc
                logger.warning("reference %s already taken; drawing another", row.reference)
                continue
            logger.info("report %s stored (%d attachments, %d indicators)", row.reference, len(rows), len(indicators))
            return ReportReceipt(reference=row.reference, secret=secret)
        raise StoreError("could not draw an unused reference number; try again")

    def _commit(self, row: Report) -> None:
        try:
            with Session(self._writer, expire_on_commit=False) as session, session.begin():
                session.add(row)
        except IntegrityError:
            raise
        except SQLAlchemyError as exc:
            raise StoreError(f"the case store could not save the report: {db.describe(exc)}") from exc

    def _reference_taken(self, reference: str) -> bool:
        with self.session() as session:
            return session.scalar(select(Report.id).where(Report.reference == reference)) is not None

    def _replay(self, key: str, request_hash: str) -> ReportReceipt | None:
        """The answer to a retried submission, with a fresh secret; None if the key is new."""
        secret = new_secret()
        with self.session(write=True) as session:
            row = session.scalars(select(Report).where(Report.idempotency_key == key)).one_or_none()
            if row is None:
                return None
            if row.request_hash != request_hash:
                raise IdempotencyConflict("this idempotency key was already used for a different report")
            row.secret_hash = hash_secret(secret)
            reference = row.reference
        logger.info("report %s: retried submission answered with a fresh secret", reference)
        return ReportReceipt(reference=reference, secret=secret, replayed=True)

    def _analyse(
        self, text: str | None, channel: str, checked: list[CheckedAttachment], source: str
    ) -> list[SourceVerdict]:
        """Verdicts on the text and the readable attachments; a file the readers cannot read is only logged."""
        analyser = Analyser(self.engine, self.settings)
        verdicts = analyser.text(text, channel, source)
        for index, attachment in enumerate(checked):
            found, note = analyser.attachment(attachment, index, "attachment" if source == "message" else source)
            verdicts.extend(found)
            if note:
                logger.info("%s", note)
        return verdicts

    # -- the reporter's access ------------------------------------------------------------------------

    def _load(self, session: Session, reference: str, *, lock: bool = False) -> Report | None:
        canonical = normalize_reference(reference)
        if canonical is None:
            return None
        query = select(Report).where(Report.reference == canonical).options(
            joinedload(Report.contact), selectinload(Report.attachments),
            selectinload(Report.additions).selectinload(Addition.attachments),
        )
        if lock:
            query = query.with_for_update(of=Report)
        return session.scalars(query).one_or_none()

    def get_for_reporter(self, reference: str, secret: str) -> ReportView | None:
        """The report as its reporter may see it; None when the reference or the secret is wrong."""
        with self.session() as session:
            row = self._load(session, reference)
            if not secret_matches(secret, row.secret_hash if row is not None else None) or row is None:
                return None
            return to_view(row)

    def add_information(
        self,
        reference: str,
        secret: str,
        information: InformationIn | str | None = None,
        attachments: list[AttachmentIn] | None = None,
    ) -> ReportView:
        """Add text and/or evidence to a report; raises :class:`ReportNotFound` on a wrong reference or secret."""
        info = information if isinstance(information, InformationIn) else InformationIn(text=information)
        checked = self.policy.check(list(attachments or []))
        if not info.text and not checked:
            raise InputError("nothing to add: give some text or a file")
        before = self.get_for_reporter(reference, secret)
        if before is None:
            raise ReportNotFound("no report matches this reference and secret")
        if len(before.additions) >= MAX_ADDITIONS:
            raise InputError(f"this report already has {MAX_ADDITIONS} additions; contact the police directly")
        verdicts = self._analyse(info.text, before.report.channel, checked, "addition")  # before locking
        with self.session(write=True) as session:
            row = self._load(session, reference, lock=True)
            if row is None or not secret_matches(secret, row.secret_hash):
                raise ReportNotFound("no report matches this reference and secret")
            addition = Addition(text=info.text)
            row.additions.append(addition)
            rows = attachment_rows(checked, addition)
            row.attachments.extend(rows)
            add_verdicts(row, verdicts, rows, addition)
            self._add_indicators(session, row, verdicts)
            row.updated_at = utcnow()
            session.flush()
            session.refresh(row)
            return to_view(row)

    def _add_indicators(self, session: Session, row: Report, verdicts: list[SourceVerdict]) -> None:
        stored = session.execute(
            select(IndicatorRow.type, IndicatorRow.normalized).where(IndicatorRow.report_id == row.id)
        ).all()
        region = self.settings.phone_region
        exclude = {v for v in (row.contact.email, row.contact.phone) if v} if row.contact else set()
        exclude |= {normal_phone(row.contact.phone, region)} if row.contact and row.contact.phone else set()
        new = merge([v.indicators for v in verdicts], exclude, {(t, n) for t, n in stored})
        row.indicators.extend(indicator_rows(new))

    # -- personal data --------------------------------------------------------------------------------

    def delete_personal_data(self, reference: str) -> bool:
        """Delete the reporter's contact details (and any indicator equal to them); the case facts stay.

        Returns True if there was personal data to delete, False if none was held. Raises
        :class:`ReportNotFound` for an unknown reference.
        """
        with self.session(write=True) as session:
            row = self._load(session, reference, lock=True)
            if row is None:
                raise ReportNotFound(f"no report has the reference {reference!r}")
            contact = row.contact
            if contact is None:
                return False
            values = [v for v in (contact.email and contact.email.lower(), contact.phone) if v]
            if contact.phone:
                values.append(normal_phone(contact.phone, self.settings.phone_region))
            session.execute(
                delete(IndicatorRow).where(IndicatorRow.report_id == row.id, IndicatorRow.normalized.in_(values))
            )
            row.contact = None
            row.personal_data_deleted_at = utcnow()
            logger.info("report %s: personal data deleted", row.reference)
            return True

