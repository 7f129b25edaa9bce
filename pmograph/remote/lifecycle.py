"""Starting and stopping a local server process: wait until it answers, stop it with a grace period.

The Oxigraph server (:mod:`pmograph.remote.server`) and the throw-away Virtuoso
(:mod:`pmograph.remote.virtuoso`) share this life: the child is started, pmograph
polls it until it answers (or it dies, or time runs out, each with the last line of
its log), and on leaving it is sent SIGTERM and, after a grace period, SIGKILL.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable

from pmograph.errors import EndpointError


def wait_until_ready(
    process: subprocess.Popen[bytes],
    answers: Callable[[], bool],
    *,
    name: str,
    where: str,
    timeout: float,
    log_tail: Callable[[], str],
    interval: float = 0.05,
) -> None:
    """Return once ``answers()`` is true; :class:`EndpointError` if the server dies or is too slow.

    Parameters
    ----------
    process
        The server's process.
    answers
        One probe (a connection, a request): true when the server is ready.  It must
        not raise for a server that is still starting.
    name
        What the server is called in messages ("the Oxigraph server", "Virtuoso").
    where
        Where it should answer (a URL), for the time-out message.
    timeout
        Seconds to wait in all.
    log_tail
        The last line of the server's log, for the messages.
    interval
        Seconds between probes.
    """
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise EndpointError(
                f"{name} stopped at once (exit status {process.returncode}): "
                f"{log_tail() or 'no message'}"
            )
        if answers():
            return
        time.sleep(interval)
    raise EndpointError(
        f"{name} did not answer on {where} within {timeout:g} s: {log_tail() or 'no message'}"
    )


def stop_process(process: subprocess.Popen[bytes] | None, grace: float) -> None:
    """Send SIGTERM to a running ``process``, then SIGKILL if it is still there after ``grace`` s."""
    if process is None or process.poll() is not None:
        return
    process.terminate()
    try:
        process.wait(timeout=grace)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


__all__ = ["stop_process", "wait_until_ready"]
