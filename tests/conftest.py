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
