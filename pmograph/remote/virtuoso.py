"""A throw-away Virtuoso 7 server on this machine (Debian's ``virtuoso-opensource``).

:class:`VirtuosoServer` copies the packaged ``virtuoso.ini``, points every database,
log and lock file at a temporary folder, listens on free 127.0.0.1 ports (SQL and HTTP),
raises ``ResultSetMaxRows`` (10,000 by default: Virtuoso cuts longer answers silently)
and runs ``virtuoso-t -f -c FILE``.  A fresh database has the account ``dba``/``dba``.
SPARQL is at ``/sparql``; the Graph Store Protocol, with HTTP Digest authentication, at
``/sparql-graph-crud-auth``.  Leaving the context stops the server and removes the folder.
Used by the tests and ``benchmarks/engines.py``; ``docs/scale.md`` has the recipe.
"""

from __future__ import annotations

import re
import shutil
import signal
import socket
import subprocess
import tempfile
from pathlib import Path
from typing import Any

from pmograph.errors import InputError
from pmograph.remote.lifecycle import stop_process, wait_until_ready

PACKAGED_INI = Path("/etc/virtuoso-opensource-7/virtuoso.ini")
USER = PASSWORD = "dba"
"""The account of a fresh Virtuoso database."""


def virtuoso_executable() -> str:
    """``virtuoso-t``, or :class:`InputError` saying how to install it."""
    found = shutil.which("virtuoso-t")
    if not found:
        raise InputError(
            "Virtuoso is not installed; on Debian: apt-get install virtuoso-opensource"
        )
    return found


def free_port(host: str = "127.0.0.1") -> int:
    """A TCP port nothing listens on right now."""
    with socket.socket() as s:
        s.bind((host, 0))
        return int(s.getsockname()[1])


def write_config(source: Path, folder: Path, sql_port: int, http_port: int, host: str) -> Path:
    """``source`` with its files in ``folder`` and its ports changed; the new file's path."""
    files = {
        ("Database", "DatabaseFile"): "virtuoso.db",
        ("Database", "ErrorLogFile"): "virtuoso.log",
        ("Database", "LockFile"): "virtuoso.lck",
        ("Database", "TransactionFile"): "virtuoso.trx",
        ("Database", "xa_persistent_file"): "virtuoso.pxa",
        ("TempDatabase", "DatabaseFile"): "virtuoso-temp.db",
        ("TempDatabase", "TransactionFile"): "virtuoso-temp.trx",
    }
    values = {key: str(folder / name) for key, name in files.items()}
    values[("Parameters", "ServerPort")] = f"{host}:{sql_port}"
    values[("HTTPServer", "ServerPort")] = f"{host}:{http_port}"
    values[("SPARQL", "ResultSetMaxRows")] = "1000000"
    values[("Parameters", "DirsAllowed")] = f"., {folder}, /usr/share/virtuoso-opensource-7/vad"
    out: list[str] = []
    section = ""
    for line in source.read_text("utf-8", errors="replace").splitlines():
        header = re.match(r"\s*\[([^\]]+)\]", line)
        if header:
            section = header.group(1).strip()
        setting = re.match(r"\s*([A-Za-z_0-9]+)\s*=", line)
        if setting and (section, setting.group(1)) in values:
            line = f"{setting.group(1)} = {values[(section, setting.group(1))]}"
        out.append(line)
    target = folder / "virtuoso.ini"
    target.write_text("\n".join(out) + "\n", "utf-8")
    return target


class VirtuosoServer:
    """Virtuoso on free 127.0.0.1 ports with a database of its own, for as long as it is open.

    Raises
    ------
    InputError
        Virtuoso is not installed.
    EndpointError
        It did not start within ``startup_timeout`` seconds.
    """

    def __init__(self, *, host: str = "127.0.0.1", startup_timeout: float = 120.0) -> None:
        self.host = host
        self.startup_timeout = startup_timeout
        self.http_port = 0
        self.sql_port = 0
        self.folder: Path | None = None
        self.process: Any = None

    @property
    def base_url(self) -> str:
        return f"http://{self.host}:{self.http_port}"

    @property
    def sparql_url(self) -> str:
        """The SPARQL query endpoint (no authentication)."""
        return self.base_url + "/sparql"

    @property
    def store_url(self) -> str:
        """The Graph Store endpoint (HTTP Digest, dba/dba)."""
        return self.base_url + "/sparql-graph-crud-auth"

    def __enter__(self) -> VirtuosoServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        from pmograph.remote.server import _child_setup

        exe = virtuoso_executable()
        if not PACKAGED_INI.is_file():
            raise InputError(f"{PACKAGED_INI} is missing; reinstall virtuoso-opensource")
        self.folder = Path(tempfile.mkdtemp(prefix="pmograph-virtuoso-"))
        try:
            self.sql_port, self.http_port = free_port(self.host), free_port(self.host)
            while self.http_port == self.sql_port:
                self.http_port = free_port(self.host)
            ini = write_config(PACKAGED_INI, self.folder, self.sql_port, self.http_port, self.host)
            log = open(self.folder / "stdout.log", "wb")  # noqa: SIM115 - handed to the child
            self.process = subprocess.Popen(
                [exe, "-f", "-c", str(ini)],
                cwd=self.folder,
                stdin=subprocess.DEVNULL,
                stdout=log,
                stderr=subprocess.STDOUT,
                preexec_fn=_child_setup(False),  # noqa: PLW1509 - dies with its parent
            )
            log.close()
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        import requests

        def answers() -> bool:
            try:
                answer = requests.get(
                    self.sparql_url,
                    params={"query": "ASK {}"},
                    headers={"Accept": "application/sparql-results+json"},
                    timeout=2,
                )
            except requests.RequestException:
                return False
            return answer.status_code == 200

        wait_until_ready(
            self.process,
            answers,
            name="Virtuoso",
            where=self.sparql_url,
            timeout=self.startup_timeout,
            log_tail=self.log_tail,
            interval=0.25,
        )

    def log_tail(self) -> str:
        if self.folder is None:
            return ""
        try:
            lines = (self.folder / "stdout.log").read_text("utf-8", "replace").splitlines()
        except OSError:
            return ""
        return lines[-1].strip() if lines else "no message"

    def kill(self) -> None:
        """Stop the server at once (SIGKILL), keeping its folder: as a crash would."""
        if self.process is not None and self.process.poll() is None:
            self.process.send_signal(signal.SIGKILL)
            self.process.wait()

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 30 s) and remove its folder."""
        stop_process(self.process, grace=30)
        if self.folder is not None:
            shutil.rmtree(self.folder, ignore_errors=True)
            self.folder = None


__all__ = ["PASSWORD", "USER", "VirtuosoServer", "free_port", "virtuoso_executable", "write_config"]
