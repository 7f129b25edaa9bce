"""The deadline: a query runs in a forked child that is killed when its time is up.

Neither engine can be interrupted and a thread cannot be stopped, so
:func:`with_deadline` forks; the child sends its pickled answer (or
exception) back through a pipe.
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pmograph.errors import InputError, QueryError, QueryTimeout

T = TypeVar("T")


MAX_TIMEOUT = 7 * 24 * 3600.0
"""The longest deadline a query may be given (a week), in seconds."""


def with_deadline(fn: Callable[[], T], timeout: float | None) -> T:
    """Call ``fn`` in a forked child and return its result, or stop it at the deadline.

    The child sends back its pickled result (or exception) through a pipe.
    With ``timeout=None``, or where ``os.fork`` does not exist, ``fn`` runs
    in this process.
    """
    if timeout is not None and not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise InputError(
            f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:,.0f}, "
            f"not {timeout}; use 0 (or None in Python) for no limit"
        )
    if timeout is None or not hasattr(os, "fork"):
        return fn()
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
        _child(fn, read_fd, write_fd)
    os.close(write_fd)
    deadline = time.monotonic() + timeout
    chunks: list[bytes] = []
    finished = False
    try:
        while True:
            left = deadline - time.monotonic()
            if left <= 0:
                raise QueryTimeout(
                    f"the query ran past its {timeout:g} s limit and was stopped; "
                    "raise --timeout (timeout=) or narrow the query (add a LIMIT, fewer "
                    "unbound triple patterns)"
                )
            ready, _, _ = select.select([read_fd], [], [], left)
            if not ready:
                continue
            chunk = os.read(read_fd, 1 << 20)
            if not chunk:
                finished = True
                break
            chunks.append(chunk)
    finally:
        os.close(read_fd)
        if not finished:
            try:
                os.kill(pid, signal.SIGKILL)
            except ProcessLookupError:
                pass
        _, status = os.waitpid(pid, 0)
    if not chunks:
        raise QueryError(
            f"the query process ended without an answer ({_status(status)}); "
            "the query may need more memory than there is: narrow it"
        )
    ok, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}"


def _child(fn: Callable[[], Any], read_fd: int, write_fd: int) -> None:  # pragma: no cover
    code = 0
    try:
        os.close(read_fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        try:
            data = pickle.dumps((True, fn()), protocol=pickle.HIGHEST_PROTOCOL)
        except Exception as exc:
            try:
                data = pickle.dumps((False, exc), protocol=pickle.HIGHEST_PROTOCOL)
            except Exception:
                data = pickle.dumps((False, QueryError(f"the query failed: {exc}")))
        view = memoryview(data)
        while view:
            written = os.write(write_fd, view)
            view = view[written:]
    except BaseException:
        code = 1
    finally:
        os._exit(code)


# ---------------------------------------------------------------------------
