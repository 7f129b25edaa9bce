"""The deadline: a query runs in a forked child that is killed when its time is up.

Neither engine can be interrupted and a thread cannot be stopped, so
:func:`with_deadline` forks; the child cuts itself off the network
(:mod:`pmograph.sparql.sandbox`), and sends its pickled answer (or
exception) back through a pipe.
"""

from __future__ import annotations

import math
import os
import pickle
import select
import signal
import threading
import time
from collections.abc import Callable
from typing import Any, TypeVar

from pmograph.errors import InputError, QueryError, QueryTimeout
from pmograph.sparql import sandbox

T = TypeVar("T")


MAX_TIMEOUT = 7 * 24 * 3600.0
"""The longest deadline a query may be given (a week), in seconds."""


def with_deadline(fn: Callable[[], T], timeout: float | None, *, confine: bool = True) -> T:
    """Call ``fn`` in a forked child and return its result, or stop it at the deadline.

    The child sends back its pickled result (or exception) through a pipe.
    With ``confine`` (the default) the child is cut off the network first
    (:func:`pmograph.sparql.sandbox.enter`).  ``timeout=None`` waits as long
    as it takes, still in a child.  SIGTERM, SIGHUP and SIGINT while waiting
    kill the child before this process ends, and the child dies with its
    parent whatever kills the parent.  Where ``os.fork`` does not exist
    (Windows) ``fn`` runs in this process: no deadline and no confinement.
    """
    if timeout is not None and not (math.isfinite(timeout) and 0 < timeout <= MAX_TIMEOUT):
        raise InputError(
            f"timeout must be a number of seconds above 0 and at most {MAX_TIMEOUT:,.0f}, "
            f"not {timeout}; use 0 (or None in Python) for no limit"
        )
    if not hasattr(os, "fork"):  # pragma: no cover - Windows
        return fn()
    read_fd, write_fd = os.pipe()
    parent = os.getpid()
    pid = os.fork()
    if pid == 0:  # pragma: no cover - the child; coverage does not follow forks
        _child(fn, read_fd, write_fd, parent=parent, confine=confine)
    os.close(write_fd)
    deadline = None if timeout is None else time.monotonic() + timeout
    chunks: list[bytes] = []
    finished = False
    previous = _stop_child_on_signals(pid)
    try:
        while True:
            left = None if deadline is None else deadline - time.monotonic()
            if left is not None and left <= 0:
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
            _kill(pid)
        _, status = os.waitpid(pid, 0)
        _restore(previous)
    if not chunks:
        raise QueryError(
            f"the query process ended without an answer ({_status(status)}); "
            "the query may need more memory than there is: narrow it"
        )
    ok, value = pickle.loads(b"".join(chunks))
    if not ok:
        raise value
    return value  # type: ignore[no-any-return]


_STOP_SIGNALS = tuple(
    getattr(signal, name) for name in ("SIGTERM", "SIGHUP") if hasattr(signal, name)
)


def _kill(pid: int) -> None:
    try:
        os.kill(pid, signal.SIGKILL)
    except ProcessLookupError:
        pass


def _stop_child_on_signals(pid: int) -> dict[int, Any]:
    """While waiting, SIGTERM and SIGHUP kill the child, then end this process as they would."""
    if threading.current_thread() is not threading.main_thread():
        return {}  # only the main thread may set handlers; the child still dies with us

    def stop(signum: int, frame: Any) -> None:
        _kill(pid)
        raise SystemExit(128 + signum)

    previous: dict[int, Any] = {}
    for sig in _STOP_SIGNALS:
        handler = signal.getsignal(sig)
        if handler in (signal.SIG_DFL, None):  # leave the caller's own handlers alone
            previous[sig] = signal.signal(sig, stop)
    return previous


def _restore(previous: dict[int, Any]) -> None:
    for sig, handler in previous.items():
        signal.signal(sig, handler)


def _status(status: int) -> str:
    if os.WIFSIGNALED(status):
        return f"killed by signal {os.WTERMSIG(status)}"
    return f"exit status {os.WEXITSTATUS(status) if os.WIFEXITED(status) else status}"


def _child(
    fn: Callable[[], Any], read_fd: int, write_fd: int, *, parent: int, confine: bool
) -> None:  # pragma: no cover - runs in the forked child
    code = 0
    try:
        os.close(read_fd)
        signal.signal(signal.SIGINT, signal.SIG_DFL)
        for sig in _STOP_SIGNALS:
            signal.signal(sig, signal.SIG_DFL)
        sandbox.die_with_parent(parent)
        if confine:
            sandbox.enter()
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
