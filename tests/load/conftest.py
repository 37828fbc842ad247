"""Load and crash test fixtures: the throwaway PostgreSQL server of tests/pg.py."""

from pg import pg_url, postgres  # noqa: F401  (fixtures)
