"""SPARQL servers beyond this process: query an endpoint, push a dataset, serve one locally.

Exports: :class:`EndpointStore` (client), :func:`push` and :class:`PushResult`,
:class:`LocalServer` and :func:`run_server` (Oxigraph), :class:`VirtuosoServer`,
:func:`get_profile` and :data:`PROFILES` (engine profiles), :func:`redact`, :func:`check_url`.
"""

from pmograph.remote.client import EndpointStore, parse_results, prepare
from pmograph.remote.http import max_bytes_from_env
from pmograph.remote.profiles import PROFILES, EngineProfile, get_profile
from pmograph.remote.push import PushResult, push
from pmograph.remote.server import LocalServer, oxigraph_executable, run_server
from pmograph.remote.urls import check_url, redact
from pmograph.remote.virtuoso import VirtuosoServer

__all__ = [
    "PROFILES",
    "EndpointStore",
    "EngineProfile",
    "LocalServer",
    "PushResult",
    "VirtuosoServer",
    "check_url",
    "get_profile",
    "max_bytes_from_env",
    "oxigraph_executable",
    "parse_results",
    "prepare",
    "push",
    "redact",
    "run_server",
]
