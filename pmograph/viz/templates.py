"""Filling pmograph's page template: Jinja2 with autoescape on, vis-network from pyvis, scripts pinned by hash.

pmograph's own template (``templates/viz.html``) replaces pyvis's, so that no
CDN reference reaches the page; it is rendered by Jinja2 directly (pyvis's
``Network`` class adds nothing to it, and importing it pulls in IPython), with
the vis-network script and stylesheet that pyvis ships inlined as they are.
Data from the graph enters only through :func:`script_json` (JSON in
``<script type="application/json">`` blocks with ``<``, ``>``, ``&``, U+2028
and U+2029 escaped) and the page's script shows it with ``textContent``.
:func:`generate` then writes the SHA-256 of every executable script into the
page's Content-Security-Policy.
"""

from __future__ import annotations

import base64
import hashlib
import importlib.util
import json
from collections.abc import Iterator
from pathlib import Path
from typing import Any

__all__ = ["generate", "script_json", "VIS_NETWORK"]

_TEMPLATE = "viz.html"
_HASH_PLACEHOLDER = "__PMOGRAPH_SCRIPT_HASHES__"
_OPEN, _CLOSE = "<script>", "</script>"
"""An executable script of the page (its hash goes into the Content-Security-Policy)."""
VIS_NETWORK = "lib/vis-9.1.2"
"""Where vis-network's script and stylesheet sit in pyvis's ``templates`` folder."""

# JSON that cannot end a <script> element nor start an HTML comment or entity.
_JSON_ESCAPES = (
    ("<", "\\u003c"),
    (">", "\\u003e"),
    ("&", "\\u0026"),
    ("\u2028", "\\u2028"),
    ("\u2029", "\\u2029"),
)


def generate(
    nodes: list[dict[str, Any]],
    edges: list[dict[str, Any]],
    options: dict[str, Any],
    heading: str,
    blocks: dict[str, Any],
) -> str:
    """Render the page from pmograph's template, then pin its scripts.

    ``nodes``, ``edges`` and ``options`` are the network view's;
    ``blocks`` are more JSON blocks for the page's script (``map``,
    ``cards``, ``sources``, ``gaps``), by name.
    """
    env = _environment()
    vis_js, vis_css = _vis_network()
    page: str = env.get_template(_TEMPLATE).render(
        nodes=nodes,
        edges=edges,
        options=options,
        heading=heading,
        blocks=blocks,
        vis_js=vis_js,
        vis_css=vis_css,
    )
    return _pin_scripts(page)


def _pin_scripts(page: str) -> str:
    """Put the SHA-256 of each of the page's scripts into its Content-Security-Policy."""
    hashes = []
    for script in _scripts(page):
        digest = hashlib.sha256(script.encode("utf-8")).digest()
        hashes.append(f"'sha256-{base64.b64encode(digest).decode('ascii')}'")
    return page.replace(_HASH_PLACEHOLDER, " ".join(hashes), 1)


def _scripts(page: str) -> Iterator[str]:
    """The text of each ``<script>...</script>`` element (no attributes), in order: what
    ``re.finditer(r"<script>(.*?)</script>", page, re.DOTALL)`` matches, found with
    ``str.find`` (that lazy regex stepped through the megabyte of page a character at a time)."""
    start = 0
    while True:
        opened = page.find(_OPEN, start)
        if opened < 0:
            return
        closed = page.find(_CLOSE, opened + len(_OPEN))
        if closed < 0:
            return
        yield page[opened + len(_OPEN) : closed]
        start = closed + len(_CLOSE)


def script_json(value: Any) -> Any:
    """JSON for a ``<script type="application/json">`` block, as template-safe markup.

    ``value`` is any JSON-able value, or a ``str`` that already holds JSON.
    ``<``, ``>``, ``&``, U+2028 and U+2029 become ``\\uXXXX`` escapes (they can
    only occur inside JSON strings, where the escapes mean the same), so the
    text can neither close the script element nor open a comment.

    >>> str(script_json({"label": "</script><b>"}))
    '{"label":"\\\\u003c/script\\\\u003e\\\\u003cb\\\\u003e"}'
    """
    from markupsafe import Markup

    text = (
        value
        if isinstance(value, str)
        else json.dumps(value, ensure_ascii=False, separators=(",", ":"))
    )
    for char, escape in _JSON_ESCAPES:
        if char in text:
            text = text.replace(char, escape)
    return Markup(text)


_ENV: Any = None
_VIS: tuple[Any, Any] | None = None


def _pyvis_templates() -> Path:
    """pyvis's ``templates`` folder, found without importing pyvis (whose import pulls in IPython)."""
    spec = importlib.util.find_spec("pyvis")
    if spec is None or not spec.submodule_search_locations:
        raise ImportError("pyvis is not installed; pmograph needs it for vis-network")
    return Path(next(iter(spec.submodule_search_locations))) / "templates"


def _vis_network() -> tuple[Any, Any]:
    """vis-network's script and stylesheet, as pyvis ships them (read once), as markup."""
    global _VIS
    if _VIS is None:
        from markupsafe import Markup

        folder = _pyvis_templates() / VIS_NETWORK
        _VIS = (
            Markup((folder / "vis-network.min.js").read_text(encoding="utf-8")),
            Markup((folder / "vis-network.css").read_text(encoding="utf-8")),
        )
    return _VIS


def _environment() -> Any:
    """pmograph's template environment: autoescape on."""
    global _ENV
    if _ENV is None:
        from jinja2 import Environment, FileSystemLoader

        env = Environment(
            loader=FileSystemLoader(str(Path(__file__).resolve().parent.parent / "templates")),
            autoescape=True,
            keep_trailing_newline=True,
        )
        env.filters["script_json"] = script_json
        env.globals["script_hashes"] = _HASH_PLACEHOLDER
        _ENV = env
    return _ENV
