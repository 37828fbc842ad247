"""Alembic migrations of the case store, applied by :func:`hangup.cases.db.upgrade` (``hangup db upgrade``)."""
