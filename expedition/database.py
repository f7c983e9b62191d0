"""A PostgreSQL that stops answering fails the request within seconds instead of holding the worker.

libpq's connect_timeout and the server's statement_timeout cover a server that refuses or is slow;
neither covers one that takes our bytes and never answers (a frozen host, a paused VM, a connection
half-open after a network cut): its kernel acknowledges what we send and a blocking read waits until
gunicorn kills the worker. psycopg2's wait callback lets us wait with select() and give up:
connecting within DATABASE_CONNECT_TIMEOUT seconds everywhere, and, while a request is handled, any
one answer within DATABASE_ANSWER_TIMEOUT seconds. Commands and the task worker may run long
queries; the server's statement_timeout bounds those. The error is an OperationalError, which
galleries.middleware answers with the 503 page.
"""

from __future__ import annotations

import os
import select
import socket
import threading
from typing import Any

import psycopg2
from django.conf import settings
from psycopg2 import extensions

_request = threading.local()


def answer_wait(conn: Any) -> None:
    """Wait for `conn` as psycopg2's blocking mode would, but no longer than the limit that applies."""
    connecting = conn.status == extensions.STATUS_SETUP
    limits = [getattr(_request, "timeout", None)]
    if connecting:  # libpq ignores connect_timeout when it does not block: it is applied here
        limits.append(float(conn.get_dsn_parameters().get("connect_timeout") or 0))
    limit = min((value for value in limits if value), default=None)
    while True:
        try:
            state = conn.poll()
            if state == extensions.POLL_OK:
                return
            if state == extensions.POLL_READ:
                ready = select.select([conn.fileno()], [], [], limit)[0]
            elif state == extensions.POLL_WRITE:
                ready = select.select([], [conn.fileno()], [], limit)[1]
            else:
                raise psycopg2.OperationalError(f"unexpected state from the connection: {state}")
        except KeyboardInterrupt:
            conn.cancel()  # as psycopg2.extras.wait_select does: stop the query, then stop
            continue
        if not ready:
            # Its state is unknown: never reuse it. conn.close() would wait for the server to answer
            # first; shutting the socket down makes every later read or write fail at once.
            with socket.socket(fileno=os.dup(conn.fileno())) as sock:
                sock.shutdown(socket.SHUT_RDWR)
            what = "connect" if connecting else "answer"
            raise psycopg2.OperationalError(f"PostgreSQL did not {what} within {limit} s.")


def request_started(**kwargs: Any) -> None:
    _request.timeout = settings.DATABASE_ANSWER_TIMEOUT


def request_finished(**kwargs: Any) -> None:
    _request.timeout = None


def install() -> None:
    """Use answer_wait for every psycopg2 connection of this process, and the request limit in requests."""
    from django.core import signals

    extensions.set_wait_callback(answer_wait)
    signals.request_started.connect(request_started, dispatch_uid="expedition_database_request_started")
    signals.request_finished.connect(request_finished, dispatch_uid="expedition_database_request_finished")
