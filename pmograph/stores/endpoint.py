"""Where the endpoint client used to live: it is now the :mod:`pmograph.remote` package.

Kept so that ``from pmograph.stores.endpoint import EndpointStore`` (and ``push``,
``LocalServer``, ``run_server``, ``redact``...) keeps working.
"""

from pmograph.remote.client import STORE_DEFAULT, EndpointStore, parse_results, prepare
from pmograph.remote.http import (
    DEFAULT_CONNECT_TIMEOUT,
    DEFAULT_MAX_BYTES,
    DEFAULT_READ_TIMEOUT,
    max_bytes_from_env,
)
from pmograph.remote.push import PushResult, push
from pmograph.remote.server import LocalServer, oxigraph_executable, run_server
from pmograph.remote.urls import check_url, redact

__all__ = [
    "DEFAULT_CONNECT_TIMEOUT",
    "DEFAULT_MAX_BYTES",
    "DEFAULT_READ_TIMEOUT",
    "STORE_DEFAULT",
    "EndpointStore",
    "LocalServer",
    "PushResult",
    "check_url",
    "max_bytes_from_env",
    "oxigraph_executable",
    "parse_results",
    "prepare",
    "push",
    "redact",
    "run_server",
]
