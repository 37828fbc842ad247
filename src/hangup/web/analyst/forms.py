"""Reading the analyst forms and query strings: CSRF-checked forms, dates, yes/no, report filters."""

from __future__ import annotations

from datetime import UTC, date, datetime, timedelta

from starlette.datastructures import FormData, QueryParams
from starlette.requests import Request

from hangup.cases.schema import CHANNELS, STATUSES
from hangup.cases.search import ReportFilter
from hangup.web.analyst.state import AnalystState
from hangup.web.csrf import FIELD
from hangup.web.errors import FieldError, HttpError
from hangup.web.uploads import read_form, text_field

MAX_FORM_BYTES = 100_000
DEFAULT_STATS_DAYS = 90


async def checked_form(request: Request, state: AnalystState) -> FormData:
    """The posted form, after its anti-forgery token is checked (403 if it is wrong or missing)."""
    form = await read_form(request, max_files=0, max_part_size=MAX_FORM_BYTES)
    state.app.csrf.verify(request, form.get(FIELD))
    return form


def field(form: FormData, name: str) -> str:
    return text_field(form, name).strip()


def invalid(name: str, message: str) -> HttpError:
    return HttpError(422, "invalid_input", "Some of the information sent is not valid.", [FieldError(name, message)])


def parse_day(value: str | None, name: str) -> date | None:
    """A YYYY-MM-DD date, None when blank; 422 naming the field when it is not a date."""
    if not value or not value.strip():
        return None
    try:
        return date.fromisoformat(value.strip())
    except ValueError as exc:
        raise invalid(name, "must be a date like 2026-01-31") from exc


def parse_yes_no(value: str | None, name: str) -> bool | None:
    if not value:
        return None
    if value in ("yes", "no"):
        return value == "yes"
    raise invalid(name, "must be yes or no")


def _choice(value: str, allowed: tuple[str, ...], name: str) -> str:
    if value and value not in allowed:
        raise invalid(name, f"must be one of {', '.join(allowed)}")
    return value


def parse_page(value: str | None) -> int:
    try:
        return max(1, min(int(value or 1), 1_000_000))
    except ValueError as exc:
        raise invalid("page", "must be a whole number") from exc


def report_filter(params: QueryParams) -> ReportFilter:
    """The report list's filters from the query string."""
    get = params.get
    return ReportFilter(
        q=(get("q") or "")[:500],
        since=parse_day(get("since"), "since"),
        until=parse_day(get("until"), "until"),
        area=(get("area") or "")[:200],
        channel=_choice(get("channel") or "", CHANNELS, "channel"),
        brand=(get("brand") or "")[:200],
        tactic=(get("tactic") or "")[:64],
        money_lost=parse_yes_no(get("money_lost"), "money_lost"),
        remote_access=parse_yes_no(get("remote_access"), "remote_access"),
        status=_choice(get("status") or "", STATUSES, "status"),
        indicator_type=(get("indicator_type") or "")[:32],
        indicator=(get("indicator") or "")[:512],
        page=parse_page(get("page")),
    )


def stats_period(params: QueryParams) -> tuple[date, date | None, str]:
    """(since, until, area) for the statistics; since defaults to 90 days ago."""
    since = parse_day(params.get("since"), "since") or datetime.now(UTC).date() - timedelta(days=DEFAULT_STATS_DAYS)
    until = parse_day(params.get("until"), "until")
    if until is not None and until < since:
        raise invalid("until", "must not be before the start date")
    return since, until, (params.get("area") or "")[:200]
