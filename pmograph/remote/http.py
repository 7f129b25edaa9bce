"""HTTP for endpoints: credentials, a total deadline, size caps, redirects and clear errors.

Every request pmograph sends to a SPARQL server goes through :class:`HttpClient`:

- **Credentials** come from ``$PMOGRAPH_ENDPOINT_USER`` / ``$PMOGRAPH_ENDPOINT_PASSWORD``,
  else the URL's user information, else ``~/.netrc`` (``$NETRC``), and are sent with
  HTTP Basic or, when the engine profile says so or the server asks for it, HTTP Digest
  (requests' ``HTTPDigestAuth``).  They are sent to the endpoint's own origin only: a
  redirect to another scheme, host or port is refused, never followed with them.
- **A total deadline**: connect and read timeouts bound each wait, and the whole
  exchange (headers and body) must finish within the deadline, so a server that sends
  one byte a second cannot hold the caller.
- **A size cap** on every answer (``$PMOGRAPH_ENDPOINT_MAX_MB``, 100 MB by default).
- **Nothing secret in messages**: URLs are shown through :func:`~pmograph.remote.urls.redact`,
  and a server's text (status line, first line of its page) is shown only with every
  known credential removed; a 401 page is not shown at all.
"""

from __future__ import annotations

import base64
import math
import os
import re
import threading
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any
from urllib.parse import quote, urljoin

from pmograph.errors import EndpointError, InputError
from pmograph.remote.urls import check_url, origin, redact, without_userinfo

if TYPE_CHECKING:  # pragma: no cover
    import requests

DEFAULT_CONNECT_TIMEOUT = 10.0
"""Seconds to wait for a connection."""
DEFAULT_READ_TIMEOUT = 60.0
"""Seconds for the whole answer, unless a query gives its own timeout."""
DEFAULT_MAX_BYTES = 100 * 1024 * 1024
"""The largest answer accepted, unless ``$PMOGRAPH_ENDPOINT_MAX_MB`` says otherwise."""
MAX_REDIRECTS = 5
_CHUNK = 1 << 16


def max_bytes_from_env() -> int:
    """``$PMOGRAPH_ENDPOINT_MAX_MB`` in bytes, or :data:`DEFAULT_MAX_BYTES`.

    Raises
    ------
    InputError
        The value is not a finite positive number of megabytes up to 1,000,000.
    """
    value = os.environ.get("PMOGRAPH_ENDPOINT_MAX_MB")
    if not value:
        return DEFAULT_MAX_BYTES
    try:
        mb = float(value)
    except ValueError:
        mb = math.nan
    if not math.isfinite(mb) or mb <= 0 or mb > 1_000_000:
        raise InputError(
            f"PMOGRAPH_ENDPOINT_MAX_MB={value[:40]!r} is not a number of megabytes between 0 "
            "and 1000000; e.g. PMOGRAPH_ENDPOINT_MAX_MB=500"
        )
    return max(1, int(mb * 1024 * 1024))


@dataclass(frozen=True)
class Credentials:
    """A user name and password, and where they came from (never printed)."""

    user: str
    password: str
    source: str

    def __repr__(self) -> str:
        return f"<Credentials from {self.source}>"

    def secrets(self) -> list[str]:
        """The strings that must never appear in a message, in their usual encodings."""
        out = []
        for secret in (self.password, self.user):
            if len(secret) >= 3:
                out += [secret, quote(secret, safe=""), quote(secret)]
        pair = f"{self.user}:{self.password}".encode()
        out.append(base64.b64encode(pair).decode("ascii"))
        return sorted(set(out), key=len, reverse=True)


def find_credentials(url: str) -> Credentials | None:
    """Credentials for ``url``: the environment, else the URL's user information, else netrc."""
    user = os.environ.get("PMOGRAPH_ENDPOINT_USER")
    if user:
        return Credentials(
            user, os.environ.get("PMOGRAPH_ENDPOINT_PASSWORD", ""), "the environment"
        )
    _, userinfo = without_userinfo(url)
    if userinfo is not None:
        return Credentials(userinfo[0], userinfo[1], "the URL")
    from requests.utils import get_netrc_auth

    found = get_netrc_auth(url)
    if found:
        return Credentials(found[0], found[1], "netrc")
    return None


def scrub(text: str, credentials: Credentials | None) -> str:
    """``text`` with every form of the credentials replaced by ``***``."""
    if credentials is None:
        return text
    for secret in credentials.secrets():
        text = text.replace(secret, "***")
    return text


class HttpClient:
    """Requests to one endpoint origin, with credentials, a total deadline and a size cap.

    Parameters
    ----------
    url
        The endpoint URL (its user information, if any, is taken as credentials and
        removed from the URL requested).
    auth
        ``basic``, ``digest``, or ``auto`` (Basic, switching to Digest when the
        server's 401 asks for it).
    connect_timeout
        Seconds to wait for a connection.
    max_bytes
        The largest answer accepted (default from ``$PMOGRAPH_ENDPOINT_MAX_MB``).
    """

    def __init__(
        self,
        url: str,
        *,
        auth: str = "auto",
        connect_timeout: float = DEFAULT_CONNECT_TIMEOUT,
        max_bytes: int | None = None,
    ) -> None:
        self.url, _ = without_userinfo(check_url(url))
        self.origin = origin(self.url)
        self.auth = auth
        self.connect_timeout = connect_timeout
        self.max_bytes = max_bytes if max_bytes is not None else max_bytes_from_env()
        self.credentials = find_credentials(url)
        self.server = ""
        """The last answer's ``Server`` header (for engine detection)."""
        self._session: requests.Session | None = None

    def __repr__(self) -> str:
        return f"<HttpClient {redact(self.url)}>"

    def _get_session(self) -> requests.Session:
        if self._session is None:
            import requests

            from pmograph.version import __version__

            session = requests.Session()
            # netrc is read once, by find_credentials, for the endpoint's own URL: requests
            # must not add netrc credentials for the target of a redirect by itself.
            session.trust_env = False
            session.headers["User-Agent"] = f"pmograph/{__version__}"
            self._session = session
        return self._session

    def _auth_for(self, url: str, digest: bool) -> Any:
        if self.credentials is None or origin(url) != self.origin:
            return None
        from requests.auth import HTTPBasicAuth, HTTPDigestAuth

        cls = HTTPDigestAuth if digest else HTTPBasicAuth
        return cls(self.credentials.user, self.credentials.password)

    def request(
        self,
        method: str,
        url: str | None = None,
        *,
        data: bytes | None = None,
        headers: dict[str, str] | None = None,
        timeout: float | None = DEFAULT_READ_TIMEOUT,
        max_bytes: int | None = None,
    ) -> tuple[bytes, str]:
        """Send one request; return the body (capped) and its content type.

        ``timeout`` is the total deadline in seconds for the whole exchange
        (``None``: only the connect timeout and no limit on the rest).

        Raises
        ------
        EndpointError
            Refused connection, the deadline passed, an HTTP error status, an
            answer past the size cap, or a redirect to another origin.
        """
        target = url or self.url
        cap = max_bytes if max_bytes is not None else self.max_bytes
        if timeout is None:
            return self._exchange(method, target, data, headers, None, cap, None)
        cancel: dict[str, Any] = {}
        outcome: dict[str, Any] = {}

        def run() -> None:
            try:
                outcome["value"] = self._exchange(
                    method, target, data, headers, timeout, cap, cancel
                )
            except BaseException as exc:  # handed to the caller's thread
                outcome["error"] = exc

        worker = threading.Thread(target=run, name="pmograph-http", daemon=True)
        worker.start()
        worker.join(timeout)
        if worker.is_alive():
            cancel["stop"] = True
            _shutdown(cancel.get("response"))
            raise EndpointError(
                f"{redact(target)}: no complete answer within {timeout:g} s (total deadline); "
                "the server may be overloaded or the request too large: raise --timeout or "
                "narrow the query"
            )
        if "error" in outcome:
            raise outcome["error"]
        result: tuple[bytes, str] = outcome["value"]
        return result

    def _exchange(
        self,
        method: str,
        url: str,
        data: bytes | None,
        headers: dict[str, str] | None,
        timeout: float | None,
        cap: int,
        cancel: dict[str, Any] | None,
    ) -> tuple[bytes, str]:
        digest = self.auth == "digest"
        for _ in range(MAX_REDIRECTS + 1):
            try:
                response = self._send(method, url, data, headers, timeout, digest)
            except _StaleConnection:
                # a kept-alive connection the server had closed (Virtuoso closes idle ones
                # after 10 s): nothing was answered, so the request goes once more, afresh
                self._get_session().close()
                try:
                    response = self._send(method, url, data, headers, timeout, digest)
                except _StaleConnection as exc:
                    raise EndpointError(f"{redact(url)}: {exc}") from None
            if cancel is not None:
                cancel["response"] = response
            self.server = response.headers.get("Server", "")
            with response:
                if (
                    response.status_code == 401
                    and not digest
                    and self.auth == "auto"
                    and self.credentials is not None
                    and "digest" in response.headers.get("WWW-Authenticate", "").lower()
                ):
                    digest = True
                    continue
                if response.status_code in (301, 302, 303, 307, 308) and response.headers.get(
                    "Location"
                ):
                    nxt = urljoin(url, response.headers["Location"])
                    if origin(nxt) != self.origin:
                        raise EndpointError(
                            f"{redact(url)}: the server redirects to {redact(nxt)}, another "
                            "host or port; pmograph does not follow it (credentials are only "
                            "sent to the endpoint's own address): use that URL if you trust it"
                        )
                    url = nxt
                    continue
                body = self._read(response, cap, url, cancel)
                if response.status_code >= 400:
                    error = EndpointError(self._status_message(url, response, body))
                    error.status = response.status_code  # type: ignore[attr-defined]
                    raise error
                return body, response.headers.get("Content-Type", "")
        raise EndpointError(f"{redact(url)}: more than {MAX_REDIRECTS} redirects; check the URL")

    def _send(
        self,
        method: str,
        url: str,
        data: bytes | None,
        headers: dict[str, str] | None,
        timeout: float | None,
        digest: bool,
    ) -> requests.Response:
        import requests
        from requests.utils import get_environ_proxies

        where = redact(url)
        read = timeout if timeout is not None else None
        try:
            return self._get_session().request(
                method,
                url,
                data=data,
                headers=headers,
                auth=self._auth_for(url, digest),
                timeout=(min(self.connect_timeout, read or self.connect_timeout), read),
                proxies=get_environ_proxies(url),
                stream=True,
                allow_redirects=False,
            )
        except requests.exceptions.ConnectTimeout:
            raise EndpointError(
                f"{where}: no connection within {self.connect_timeout:g} s; check the URL and "
                "that the server is reachable"
            ) from None
        except requests.exceptions.ReadTimeout:
            raise EndpointError(
                f"{where}: no answer within {read or 0:g} s (read timeout); the server may "
                "be overloaded, or the query too broad: raise --timeout or narrow the query"
            ) from None
        except requests.exceptions.InvalidURL:
            raise InputError(f"{where}: not a valid URL; give http(s)://host[:port]/path") from None
        except requests.exceptions.ConnectionError as exc:
            problem = _connection_problem(exc)
            if problem == _CLOSED:
                raise _StaleConnection(problem) from None
            raise EndpointError(f"{where}: {problem}") from None
        except requests.exceptions.RequestException as exc:
            raise EndpointError(f"{where}: the request failed ({type(exc).__name__})") from None

    def _read(
        self, response: requests.Response, cap: int, url: str, cancel: dict[str, Any] | None
    ) -> bytes:
        import requests

        where = redact(url)
        failed = response.status_code >= 400
        declared = response.headers.get("Content-Length")
        if declared and declared.isdigit() and int(declared) > cap and not failed:
            raise EndpointError(too_large(where, cap))
        limit = 64 * 1024 if failed else cap
        chunks: list[bytes] = []
        size = 0
        try:
            for chunk in response.iter_content(_CHUNK):
                if cancel is not None and cancel.get("stop"):
                    break
                size += len(chunk)
                chunks.append(chunk)
                if size > limit:
                    if failed:
                        break
                    raise EndpointError(too_large(where, cap))
        except requests.exceptions.ConnectionError as exc:
            if "timed out" in str(exc).lower() or "timeout" in type(exc).__name__.lower():
                raise EndpointError(
                    f"{where}: no answer within the read timeout; raise --timeout or narrow "
                    "the query"
                ) from None
            raise EndpointError(f"{where}: the connection broke while reading the answer") from None
        except requests.exceptions.RequestException as exc:
            raise EndpointError(
                f"{where}: the answer could not be read ({type(exc).__name__})"
            ) from None
        return b"".join(chunks)

    def _status_message(self, url: str, response: requests.Response, body: bytes) -> str:
        where = redact(url)
        status = response.status_code
        reason = scrub(_one_line(response.reason or ""), self.credentials)
        message = f"{where}: HTTP {status} {reason}".rstrip()
        if status in (401, 407):
            # a 401 page may echo what was sent: it is never shown
            if self.credentials is None:
                return message + (
                    "; the server needs credentials: give them with PMOGRAPH_ENDPOINT_USER "
                    "and PMOGRAPH_ENDPOINT_PASSWORD or a ~/.netrc entry"
                )
            return message + (
                f"; the server refused the credentials from {self.credentials.source}: check "
                "PMOGRAPH_ENDPOINT_USER and PMOGRAPH_ENDPOINT_PASSWORD or the ~/.netrc entry"
            )
        first = scrub(first_line(body.decode("utf-8", errors="replace")), self.credentials)
        if first:
            message += f": {first}"
        if status == 403:
            message += "; the server refused: check the credentials and what this account may do"
        elif status == 404:
            message += "; is this the endpoint's URL (often .../query or .../sparql)?"
        elif status == 405:
            message += "; this URL does not take this kind of request: check the endpoint URL"
        return message


_CLOSED = "the server closed the connection without answering"


class _StaleConnection(Exception):
    """The server closed the connection before answering (tried again once)."""


def _shutdown(response: Any) -> None:
    """Close the socket under a response, waking a thread blocked reading it."""
    import socket

    conn = getattr(getattr(response, "raw", None), "_connection", None)
    sock = getattr(conn, "sock", None)
    if sock is not None:
        try:
            sock.shutdown(socket.SHUT_RDWR)
        except OSError:
            pass


def too_large(where: str, max_bytes: int) -> str:
    return (
        f"{where}: the answer is larger than {max_bytes / 1024 / 1024:g} MB; narrow the query "
        "(LIMIT, fewer variables) or raise the cap with PMOGRAPH_ENDPOINT_MAX_MB"
    )


def _connection_problem(exc: BaseException) -> str:
    """What went wrong with a connection, in words, without any URL from the exception."""
    text = ""
    seen: set[int] = set()
    current: BaseException | None = exc
    while current is not None and id(current) not in seen:
        seen.add(id(current))
        text += " " + str(current)
        for arg in getattr(current, "args", ()):
            if isinstance(arg, BaseException):
                text += " " + str(arg)
                reason = getattr(arg, "reason", None)
                if isinstance(reason, BaseException):
                    text += " " + str(reason)
        current = current.__cause__ or current.__context__
    lowered = text.lower()
    if "refused" in lowered:
        return "connection refused; is the SPARQL server running, on this host and port?"
    if any(
        s in lowered
        for s in ("name or service not known", "nodename nor servname", "getaddrinfo", "resolve")
    ):
        return "the host name cannot be resolved; check the URL"
    if "certificate" in lowered or "ssl" in lowered:
        return "the TLS connection failed (certificate or protocol); check the URL and the server's certificate"
    if any(s in lowered for s in ("reset", "aborted", "remotedisconnected", "closed")):
        return _CLOSED
    return "cannot connect; check the URL and that the server is running"


def _one_line(text: str) -> str:
    return " ".join(text.split())[:200]


def first_line(text: str) -> str:
    """The first non-empty line of a message, HTML tags removed, at most 200 characters."""
    text = re.sub(r"<[^>]+>", " ", text)
    for line in text.splitlines():
        line = " ".join(line.split())
        if line:
            return line if len(line) <= 200 else line[:197] + "..."
    return ""
