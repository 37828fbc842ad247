"""The analyst workspace's routers and who may use them.

``PUBLIC`` routes are the sign-in page, signing in and out and the stylesheet; every other router
carries a check on all its routes: ``require_analyst`` (analysts and admins) or ``require_admin``
(admins; all under ``/analyst/admin`` and ``/api/v1/analyst/admin``). The tests walk the app's
route table and try every route without a session and as a mere analyst, so a route added without
a check fails them.
"""

from __future__ import annotations

from fastapi import APIRouter

from hangup.web.analyst import (
    routes_admin,
    routes_api,
    routes_auth,
    routes_bulletins,
    routes_campaigns,
    routes_exports,
    routes_reports,
    routes_stats,
)

PUBLIC: tuple[APIRouter, ...] = (routes_auth.router,)
ANALYST: tuple[APIRouter, ...] = (
    routes_reports.router, routes_campaigns.router, routes_stats.router, routes_exports.router,
    routes_bulletins.router, routes_api.router,
)
ADMIN: tuple[APIRouter, ...] = (routes_admin.router, routes_api.admin_router)
ROUTERS: tuple[APIRouter, ...] = (*PUBLIC, *ANALYST, *ADMIN)
