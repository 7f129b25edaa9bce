"""Shared fixtures.

Browser: ``chromium`` is one headless Debian Chromium per test session, driven by
Playwright's Python package (browsers cannot be downloaded here, so Playwright
launches ``/usr/bin/chromium``).  Without it the browser tests are skipped with
the reason, except on CI (``CI`` set), where a missing browser is a failure.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

CHROMIUM = "/usr/bin/chromium"
CHROMIUM_ARGS = [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--no-first-run",
]


@pytest.fixture(scope="session", autouse=True)
def private_cache() -> Iterator[Path]:
    """pmograph's caches (parsed stores, taxonomy profiles, push journals) in a folder of the
    session's own, for the tests and every process they start: never ``~/.cache``, and
    removed at the end, so a run leaves nothing behind and no earlier run's cache answers."""
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="pmograph-test-cache-"))
    saved = os.environ.get("PMOGRAPH_CACHE_DIR")
    os.environ["PMOGRAPH_CACHE_DIR"] = str(folder)
    try:
        yield folder
    finally:
        if saved is None:
            os.environ.pop("PMOGRAPH_CACHE_DIR", None)
        else:
            os.environ["PMOGRAPH_CACHE_DIR"] = saved
        shutil.rmtree(folder, ignore_errors=True)


@pytest.fixture(scope="session")
def chromium() -> Iterator[Any]:
    """A headless Chromium browser (Playwright ``Browser``) for the whole session."""
    if not Path(CHROMIUM).exists():
        reason = f"headless Chromium is missing ({CHROMIUM}); install Debian's chromium package"
        if os.environ.get("CI"):
            pytest.fail(f"CI: {reason} (make test installs it)")
        pytest.skip(reason)
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        try:
            yield browser
        finally:
            browser.close()


# -- SPARQL servers, one of each per test session ------------------------------------------


def _missing(reason: str) -> None:
    if os.environ.get("CI"):
        pytest.fail(f"CI: {reason} (make test installs it)")
    pytest.skip(reason)


@pytest.fixture(scope="session")
def virtuoso() -> Iterator[Any]:
    """A throw-away Virtuoso 7 server (``VirtuosoServer``) on free 127.0.0.1 ports."""
    import shutil

    from pmograph.remote.virtuoso import VirtuosoServer

    if not shutil.which("virtuoso-t"):
        _missing("Virtuoso is missing; install Debian's virtuoso-opensource (make virtuoso)")
    with VirtuosoServer() as server:
        yield server


@pytest.fixture(scope="session")
def oxigraph_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[Any]:
    """A writable Oxigraph server with a union default graph; yields its base URL."""
    from pmograph.errors import InputError
    from pmograph.remote.server import LocalServer

    try:
        server = LocalServer([], port=_free_port(), writable=True)
        server.start()
    except InputError as exc:
        _missing(str(exc))
    try:
        yield server
    finally:
        server.stop()


def _free_port() -> int:
    import socket

    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])
