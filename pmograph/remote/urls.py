"""Endpoint URLs: checking them, and showing them without credentials."""

from __future__ import annotations

import re
from urllib.parse import unquote, urlsplit, urlunsplit

from pmograph.errors import InputError

SECRET_PARAM = re.compile(
    r"pass|pw|token|key|secret|auth|sig|credential|session|sess|sid|jwt|bearer|cookie|private",
    re.IGNORECASE,
)
"""Query parameter names whose values are masked in every message."""


def redact(url: str) -> str:
    """The URL without user information and with secret-looking query values masked.

    A parameter is secret-looking when its name (percent-decoded) contains
    ``pass``, ``pw``, ``token``, ``key``, ``secret``, ``auth``, ``session``,
    ``sig``, ``credential``... (:data:`SECRET_PARAM`).  The fragment is dropped.

    Examples
    --------
    >>> redact("https://alice:s3cret@example.org/sparql?api_key=abc&graph=g")
    'https://example.org/sparql?api_key=***&graph=g'
    >>> redact("http://127.0.0.1:8890/sparql?p%77=x;sessionid=y")
    'http://127.0.0.1:8890/sparql?p%77=***;sessionid=***'
    """
    try:
        parts = urlsplit(url)
        host = parts.hostname or ""
        if ":" in host:
            host = f"[{host}]"
        netloc = host + (f":{parts.port}" if parts.port else "")
    except ValueError:
        return "<the endpoint URL>"
    query = re.sub(r"[^&;]+", lambda m: _mask(m.group(0)), parts.query) if parts.query else ""
    return urlunsplit((parts.scheme, netloc, parts.path, query, ""))


def _mask(piece: str) -> str:
    name, sep, _ = piece.partition("=")
    return f"{name}=***" if sep and SECRET_PARAM.search(unquote(name)) else piece


def check_url(url: str) -> str:
    """Return ``url`` if it is an http(s) URL with a host; otherwise raise :class:`InputError`."""
    try:
        parts = urlsplit(url.strip())
        parts.port  # noqa: B018 - raises ValueError for a bad port
    except ValueError:
        raise InputError(
            f"{redact(url)}: not a valid URL; give the endpoint as http(s)://host[:port]/path"
        ) from None
    if parts.scheme not in ("http", "https"):
        scheme = parts.scheme or "no scheme"
        raise InputError(
            f"{redact(url)}: {scheme} is not supported; a SPARQL endpoint URL starts with "
            "http:// or https://"
        )
    if not parts.hostname:
        raise InputError(f"{redact(url)}: no host in the URL; give http(s)://host[:port]/path")
    return url.strip()


def origin(url: str) -> tuple[str, str, int]:
    """``(scheme, host, port)`` of a URL, the port filled in from the scheme."""
    parts = urlsplit(url)
    port = parts.port or (443 if parts.scheme == "https" else 80)
    return parts.scheme, (parts.hostname or "").lower(), port


def without_userinfo(url: str) -> tuple[str, tuple[str, str] | None]:
    """The URL without its user information, and that user information (decoded)."""
    parts = urlsplit(url)
    if parts.username is None:
        return url, None
    host = parts.hostname or ""
    if ":" in host:
        host = f"[{host}]"
    netloc = host + (f":{parts.port}" if parts.port else "")
    bare = urlunsplit((parts.scheme, netloc, parts.path, parts.query, parts.fragment))
    return bare, (unquote(parts.username), unquote(parts.password or ""))
