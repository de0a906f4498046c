"""Django's PostgreSQL backend, with a client-side limit on every wait for the server.

A frozen PostgreSQL (SIGSTOP, a stalled VM or disk) still has its kernel accept and acknowledge TCP,
so neither ``connect_timeout`` (the connection is already open), TCP keepalives nor
``tcp_user_timeout`` ever fire, and a server-side ``statement_timeout`` is never run: a query on a
kept connection — and CONN_HEALTH_CHECKS' own ``SELECT 1`` — waits for ever (until gunicorn kills
the worker, 30 s, with no answer for the visitor). psycopg waits for every reply in
``Connection.wait`` (queries, COMMIT, ROLLBACK, the health check); here that wait gives up after
``OPTIONS["query_timeout"]`` seconds, closes the connection (its state is unknown: a reply may still
come) and raises ``OperationalError``, which zhujing_center.outage turns into the Chinese 503 page.
"""

from __future__ import annotations

import types

import psycopg
from django.db.backends.postgresql import base


class TimedConnection(psycopg.Connection):
    query_timeout: float | None = None

    @classmethod
    def connect(cls, conninfo: str = "", *, query_timeout: float | None = None, **kwargs):
        connection = super().connect(conninfo, **kwargs)
        connection.query_timeout = query_timeout or None  # 0: no limit
        return connection

    def wait(self, gen, interval=psycopg.connection._WAIT_INTERVAL, timeout=None):
        try:
            return super().wait(gen, interval=interval, timeout=timeout or self.query_timeout)
        except psycopg.errors._WaitTimeout:
            self.close()  # never reused: the reply to the abandoned query may still arrive
            raise psycopg.OperationalError(
                f"no reply from the database server within {self.query_timeout} s: connection closed"
            ) from None


class _Psycopg(types.ModuleType):
    """psycopg as Django's backend sees it (``self.Database``), connecting with ``TimedConnection``."""

    def __getattr__(self, name):
        return getattr(psycopg, name)

    connect = staticmethod(TimedConnection.connect)


class DatabaseWrapper(base.DatabaseWrapper):
    Database = _Psycopg("psycopg")
