"""``pmograph serve``: an Oxigraph server on this machine, loaded with the graph, for as long as asked.

Safe by default: the server is read-only unless ``writable``, and it cannot fetch URLs
for its clients (SPARQL ``SERVICE``) unless ``allow_remote``: its process runs under a
seccomp filter (libseccomp, Debian's ``libseccomp2``) that refuses every outgoing
``connect``, so a ``SERVICE`` query fails instead of calling out.  The server stops, and
its temporary database is removed, on Ctrl-C, SIGTERM or SIGHUP; if pmograph itself is
killed, the kernel stops the server too (``PR_SET_PDEATHSIG``) and the next ``serve``
removes the database left behind.
"""

from __future__ import annotations

import os
import signal
from collections.abc import Callable, Iterable, Iterator, Sequence
from contextlib import contextmanager
from pathlib import Path
from typing import IO, TYPE_CHECKING, Any

from pmograph.errors import EndpointError, InputError
from pmograph.remote.http import first_line as _first_line
from pmograph.remote.lifecycle import stop_process, wait_until_ready

if TYPE_CHECKING:  # pragma: no cover
    import pyoxigraph as ox

_TMP_PREFIX = "pmograph-serve-"


def _libseccomp() -> Any:
    import ctypes

    try:
        return ctypes.CDLL("libseccomp.so.2", use_errno=True)
    except OSError:
        return None


def can_refuse_connections() -> bool:
    """Whether this machine can run a server that cannot open outgoing connections."""
    return _libseccomp() is not None


def _child_setup(refuse_connections: bool) -> Callable[[], None]:
    """What the server's process does before it starts: die with pmograph, maybe lose ``connect``."""
    lib = _libseccomp() if refuse_connections else None

    def setup() -> None:
        import ctypes
        import errno

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(1, signal.SIGTERM, 0, 0, 0)  # PR_SET_PDEATHSIG: stop when pmograph dies
        if lib is None:
            return
        lib.seccomp_init.restype = ctypes.c_void_p
        ctx = lib.seccomp_init(ctypes.c_uint32(0x7FFF0000))  # SCMP_ACT_ALLOW
        deny = ctypes.c_uint32(0x00050000 | errno.EACCES)  # SCMP_ACT_ERRNO(EACCES)
        for name in (b"connect",):
            number = lib.seccomp_syscall_resolve_name(name)
            if lib.seccomp_rule_add(
                ctypes.c_void_p(ctx), deny, ctypes.c_int(number), ctypes.c_uint(0)
            ):
                raise OSError("seccomp_rule_add failed")
        if lib.seccomp_load(ctypes.c_void_p(ctx)):
            raise OSError("seccomp_load failed")

    return setup


@contextmanager
def stop_on_signals() -> Iterator[None]:
    """Make SIGTERM and SIGHUP stop the ``with`` block as Ctrl-C does (KeyboardInterrupt)."""

    def interrupt(signum: int, frame: object) -> None:
        raise KeyboardInterrupt(signal.Signals(signum).name)

    previous = {}
    for sig in (signal.SIGTERM, signal.SIGHUP):
        try:
            previous[sig] = signal.signal(sig, interrupt)
        except ValueError:  # not the main thread
            pass
    try:
        yield
    finally:
        for sig, handler in previous.items():
            signal.signal(sig, handler)


def _remove_stale(tmp_root: Path) -> None:
    """Remove databases that an earlier, killed ``serve`` left behind."""
    import shutil

    for folder in tmp_root.glob(_TMP_PREFIX + "*"):
        try:
            pid = int((folder / "owner.pid").read_text().strip())
            if folder.stat().st_uid != os.getuid():
                continue
        except (OSError, ValueError):
            continue
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            shutil.rmtree(folder, ignore_errors=True)
        except PermissionError:
            pass


def oxigraph_executable() -> str:
    """The ``oxigraph`` server program: beside this Python's executable, else on ``PATH``.

    Raises
    ------
    InputError
        It is not installed.
    """
    import shutil
    import sys

    beside = Path(sys.executable).parent / ("oxigraph.exe" if os.name == "nt" else "oxigraph")
    if beside.is_file() and os.access(beside, os.X_OK):
        return str(beside)
    found = shutil.which("oxigraph")
    if found:
        return found
    raise InputError(
        "the Oxigraph server is not installed; install it with pip install 'pmograph[server]' "
        "(PyPI's oxigraph package)"
    )


class LocalServer:
    """An Oxigraph server on this machine, loaded with some quads, for as long as it is open.

    Use as a context manager: the data is loaded into a temporary database
    with ``oxigraph load``, then ``oxigraph serve-read-only`` (or ``serve``
    when ``writable``) listens on ``host:port`` with the default graph as the
    union of the named graphs.  Leaving the context stops the server and
    removes the database.

    Raises
    ------
    InputError
        The port is in use, or the server program is missing.
    EndpointError
        The server could not load the data or did not start.
    """

    def __init__(
        self,
        quads: Iterable[ox.Quad],
        *,
        host: str = "127.0.0.1",
        port: int = 7878,
        writable: bool = False,
        allow_remote: bool = False,
        startup_timeout: float = 60.0,
    ) -> None:
        self.host = host
        self.allow_remote = allow_remote
        self.port = port
        self.writable = writable
        self.startup_timeout = startup_timeout
        self._quads = quads
        self._tmp: Path | None = None
        self._log: IO[bytes] | None = None
        self.process: Any = None
        self.quads = 0

    @property
    def base_url(self) -> str:
        host = f"[{self.host}]" if ":" in self.host else self.host
        return f"http://{host}:{self.port}"

    @property
    def query_url(self) -> str:
        """The SPARQL query endpoint."""
        return self.base_url + "/query"

    @property
    def update_url(self) -> str:
        """The SPARQL update endpoint (``writable`` only)."""
        return self.base_url + "/update"

    @property
    def store_url(self) -> str:
        """The Graph Store endpoint (uploads need ``writable``)."""
        return self.base_url + "/store"

    def __enter__(self) -> LocalServer:
        self.start()
        return self

    def __exit__(self, *exc: object) -> None:
        self.stop()

    def start(self) -> None:
        import subprocess
        import tempfile

        import pyoxigraph as ox

        exe = oxigraph_executable()
        if not self.allow_remote and not can_refuse_connections():
            raise InputError(
                "cannot stop the Oxigraph server from fetching URLs for its clients (SERVICE) "
                "on this machine: libseccomp is missing (Debian: apt-get install libseccomp2); "
                "install it, or pass --allow-remote to serve anyway"
            )
        _check_port_free(self.host, self.port)
        _remove_stale(Path(tempfile.gettempdir()))
        self._tmp = Path(tempfile.mkdtemp(prefix=_TMP_PREFIX))
        (self._tmp / "owner.pid").write_text(str(os.getpid()))
        try:
            quads = list(self._quads)
            self.quads = len(quads)
            source = self._tmp / "data.nq"
            ox.serialize(quads, str(source), format=ox.RdfFormat.N_QUADS)
            database = self._tmp / "db"
            loaded = subprocess.run(
                [exe, "load", "--location", str(database), "--file", str(source)],
                capture_output=True,
                text=True,
                check=False,
            )
            if loaded.returncode != 0:
                raise EndpointError(
                    "oxigraph load failed: "
                    + (_first_line(loaded.stderr) or f"exit status {loaded.returncode}")
                )
            source.unlink()
            self._log = open(self._tmp / "server.log", "w+b")  # noqa: SIM115 - closed in stop()
            mode = "serve" if self.writable else "serve-read-only"
            bind = f"[{self.host}]:{self.port}" if ":" in self.host else f"{self.host}:{self.port}"
            self.process = subprocess.Popen(
                [exe, mode, "--location", str(database), "--bind", bind, "--union-default-graph"],
                stdin=subprocess.DEVNULL,
                stdout=self._log,
                stderr=self._log,
                preexec_fn=_child_setup(not self.allow_remote),  # noqa: PLW1509 - no threads here
            )
            self._wait_ready()
        except BaseException:
            self.stop()
            raise

    def _wait_ready(self) -> None:
        import socket

        def answers() -> bool:
            try:
                with socket.create_connection((self.host, self.port), timeout=0.5):
                    return True
            except OSError:
                return False

        wait_until_ready(
            self.process,
            answers,
            name="the Oxigraph server",
            where=self.base_url,
            timeout=self.startup_timeout,
            log_tail=self._log_tail,
        )

    def _log_tail(self) -> str:
        log = self._log
        if log is None:
            return ""
        log.flush()
        log.seek(0)
        lines = [x for x in log.read().decode("utf-8", "replace").splitlines() if x.strip()]
        return lines[-1].strip() if lines else ""

    def wait(self) -> int:
        """Block until the server stops; its exit status."""
        return int(self.process.wait())

    def stop(self) -> None:
        """Stop the server (SIGTERM, then SIGKILL after 10 s) and remove the database."""
        import shutil

        stop_process(self.process, grace=10)
        if self._log is not None:
            self._log.close()
            self._log = None
        if self._tmp is not None:
            shutil.rmtree(self._tmp, ignore_errors=True)
            self._tmp = None


def _check_port_free(host: str, port: int) -> None:
    import socket

    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as probe:
        # as servers do: connections closed a moment ago (TIME_WAIT) do not block the port
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind((host, port))
        except OSError as exc:
            raise InputError(
                f"cannot listen on {host}:{port} ({exc.strerror or exc}); choose another "
                "--port, or stop what is using it"
            ) from None


def run_server(
    extra: Sequence[str | os.PathLike[str]],
    *,
    packaged: bool = True,
    host: str = "127.0.0.1",
    port: int = 7878,
    writable: bool = False,
    allow_remote: bool = False,
    announce: Callable[[str], None] = print,
) -> None:
    """Serve the packaged graph and ``extra`` files with Oxigraph server until interrupted.

    ``announce`` receives the lines to show the user (the endpoint URLs).
    Returns when the user presses Ctrl-C or the process gets SIGTERM or SIGHUP
    (the server is then stopped and its temporary database removed).
    ``allow_remote`` lets the server run SPARQL ``SERVICE`` calls.

    Raises
    ------
    DataFileError
        A file is missing or does not parse.
    InputError, EndpointError
        As :class:`LocalServer`; also when the server stops by itself.
    """
    from pmograph.loader import read_files

    data = read_files(extra, packaged=packaged)
    server = LocalServer(
        data.quads, host=host, port=port, writable=writable, allow_remote=allow_remote
    )
    with stop_on_signals():
        _serve(server, data, writable, allow_remote, announce)


def _serve(
    server: LocalServer,
    data: Any,
    writable: bool,
    allow_remote: bool,
    announce: Callable[[str], None],
) -> None:
    try:
        server.start()
        mode = ("read-write" if writable else "read-only") + (
            ", SERVICE allowed" if allow_remote else ", SERVICE off"
        )
        announce(f"SPARQL endpoint: {server.query_url}")
        if writable:
            announce(f"SPARQL update:   {server.update_url}")
        announce(f"Graph Store:     {server.store_url}")
        announce(
            f"Oxigraph server ({mode}) holds {server.quads:,} quads in "
            f"{len(data.graph_files):,} named graphs; press Ctrl-C to stop."
        )
        status = server.wait()
        raise EndpointError(
            f"the Oxigraph server stopped by itself (exit status {status}): "
            f"{server._log_tail() or 'no message'}"
        )
    except KeyboardInterrupt:
        announce("stopped the Oxigraph server")
    finally:
        server.stop()
