"""Statistics for analysts: figures since a chosen date, each breakdown as a chart and a table, and
a CSV download of each table."""

from __future__ import annotations

from fastapi import APIRouter, Depends
from starlette.concurrency import run_in_threadpool
from starlette.requests import Request
from starlette.responses import HTMLResponse, Response

from hangup.cases import audit
from hangup.cases.accounts import Account
from hangup.cases.stats import TABLE_IDS, Stats, StatsQuery, compute
from hangup.web.analyst.auth import AnalystDep, client_of, require_analyst
from hangup.web.analyst.charts import bar_chart, column_chart
from hangup.web.analyst.csvout import table_csv
from hangup.web.analyst.evidence import download_name
from hangup.web.analyst.forms import stats_period
from hangup.web.analyst.state import AnalystState, AnalystStateDep
from hangup.web.errors import HttpError

router = APIRouter(include_in_schema=False, dependencies=[Depends(require_analyst)])


def figures(state: AnalystState, query: StatsQuery, account: Account, client: str | None, *, action: str = "view_stats",
            table: str | None = None) -> Stats:
    """The statistics for ``query``, logged (as a view, or as the export of one table)."""
    with state.store.session() as session:
        result = compute(session, query, state.currency)
    detail = {"since": query.since.isoformat(), "until": query.until.isoformat() if query.until else None,
              "area": query.area or None}
    if table:
        detail |= {"format": "csv", "table": table}
    with state.store.session(write=True) as session:
        audit.record(session, account.username, action, table and f"stats:{table}", detail, client=client)
    return result


@router.get("/analyst/stats", response_class=HTMLResponse)
async def stats_page(request: Request, state: AnalystStateDep, account: AnalystDep) -> HTMLResponse:
    """Counts since a date with money lost, total and median loss; every breakdown drawn and tabled."""
    since, until, area = stats_period(request.query_params)
    query = StatsQuery(since, until, area)
    result = await run_in_threadpool(figures, state, query, account, client_of(request))
    charts = {t.id: (column_chart if t.id == "week" else bar_chart)(f"chart-{t.id}", t.title, t.rows)
              for t in result.tables}
    query_string = request.url.query
    return state.pages.page(request, "stats.html", title="Statistics", nav="stats", account=account, stats=result,
                            charts=charts, query_string=query_string)


@router.get("/analyst/stats/{table_id}.csv")
async def stats_csv(request: Request, table_id: str, state: AnalystStateDep, account: AnalystDep) -> Response:
    """One statistics table as CSV (same period and area as the page)."""
    if table_id not in TABLE_IDS:
        raise HttpError(404, "not_found", "There is no such table.")
    since, until, area = stats_period(request.query_params)
    result = await run_in_threadpool(figures, state, StatsQuery(since, until, area), account, client_of(request),
                                     action="export", table=table_id)
    table = result.table(table_id)
    if table is None:
        raise HttpError(404, "not_found", "There is no such table.")
    name = f"hangup-{table_id}-{since.isoformat()}{'-' + until.isoformat() if until else ''}.csv"
    return Response(table_csv(table, result.currency), media_type="text/csv; charset=utf-8",
                    headers={"Content-Disposition": download_name(name)})
