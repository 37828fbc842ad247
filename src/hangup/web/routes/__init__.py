"""The app's routes: one module per page or API area. Later faces add their router to :data:`ROUTERS`."""

from __future__ import annotations

from fastapi import APIRouter

from hangup.web.routes import api_check, api_health, api_reports, docs, pages_check, pages_info, pages_report

ROUTERS: tuple[APIRouter, ...] = (
    pages_check.router,
    pages_report.router,
    pages_info.router,
    api_health.router,
    api_check.router,
    api_reports.router,
    docs.router,
)
