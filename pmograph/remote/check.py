"""The local syntax check before a query goes to an endpoint, bounded in time and offline.

pyoxigraph has no parse-only call: ``Store.query`` parses, then evaluates (eagerly for
ORDER BY, aggregates, ASK), so checking a cross join on an empty store in-process could
run forever before anything is sent.  :func:`syntax_error` runs the check in a forked
child that has no network (a fresh network namespace, where Linux allows one without
privileges) and waits at most a moment: a syntax error is reported as soon as the query
is parsed, so a child still busy after :data:`GRACE` seconds has parsed the query and is
evaluating it; it is killed and the query is sent, and the server judges it.
"""

from __future__ import annotations

import os
import signal
import time

GRACE = 2.0
"""Seconds the check may take; parsing even a 100 KB query takes milliseconds."""
_CLONE_NEWUSER = 0x10000000
_CLONE_NEWNET = 0x40000000


def cut_off_network() -> bool:
    """Move this process into network and user namespaces of its own (no interfaces up).

    Returns whether it worked (Linux, unprivileged user namespaces allowed).
    """
    try:
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        return int(libc.unshare(_CLONE_NEWUSER | _CLONE_NEWNET)) == 0
    except (OSError, AttributeError):
        return False


def syntax_error(
    sparql: str, base_iri: str, prefixes: dict[str, str], timeout: float | None = None
) -> SyntaxError | None:
    """pyoxigraph's syntax error for ``sparql``, or ``None`` if it parses (or parsing outlasts the grace).

    ``timeout`` shortens the wait further when the command's deadline is nearer.
    """
    if not hasattr(os, "fork"):  # pragma: no cover - not on Linux
        return None
    limit = GRACE if timeout is None else max(0.05, min(GRACE, timeout))
    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the child: parse (and maybe start evaluating) on an empty store, offline
        os.close(read_fd)
        code = 0
        try:
            if not cut_off_network():
                os._exit(0)  # no way to keep a SERVICE from calling out: leave it to the server
            import pyoxigraph as ox

            try:
                ox.Store().query(sparql, base_iri=base_iri, prefixes=prefixes)
            except SyntaxError as exc:
                os.write(write_fd, str(exc.msg if exc.msg else exc).encode("utf-8", "replace"))
                code = 1
            except BaseException:
                code = 0  # not a syntax problem: leave it to the server
        finally:
            os._exit(code)
    os.close(write_fd)
    done, status = 0, 0
    try:
        deadline = time.monotonic() + limit
        while True:
            done, status = os.waitpid(pid, os.WNOHANG)
            if done:
                break
            if time.monotonic() > deadline:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
                return None
            time.sleep(0.005)
        message = b""
        while chunk := os.read(read_fd, 65536):
            message += chunk
    finally:
        os.close(read_fd)
        if not done:
            try:
                os.kill(pid, signal.SIGKILL)
                os.waitpid(pid, 0)
            except (ProcessLookupError, ChildProcessError):
                pass
    if os.WIFEXITED(status) and os.WEXITSTATUS(status) == 1 and message:
        return SyntaxError(message.decode("utf-8", "replace"))
    return None
